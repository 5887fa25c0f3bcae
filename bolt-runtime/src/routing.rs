//! Method + path → route (pure).
//!
//! Exact paths are looked up in the generated perfect-hash map first; only then is the
//! generated matcher for templates with placeholders tried (so static always beats dynamic).
//! `HEAD` is answered by a `GET` route. A known path with no route for the method is a
//! 405 whose `Allow` lists the path's methods (plus `HEAD` when it has `GET`), sorted.

use smallvec::SmallVec;

use crate::app::{Method, PathEntry, RouteId, Router};

/// The method `HEAD`, answered by `GET` routes with the body left out.
const HEAD: &str = "HEAD";

/// Separator of the methods in an `Allow` header value.
const ALLOW_SEPARATOR: &str = ", ";

/// The outcome of routing one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'p> {
    /// `head` is true when a `HEAD` request is answered by the `GET` route (send no body).
    Found {
        route: RouteId,
        captures: SmallVec<[&'p str; 4]>,
        head: bool,
    },
    /// The path exists with other methods; `allow` is the `Allow` header value.
    MethodNotAllowed {
        allow: String,
    },
    NotFound,
}

/// Routes `method` (as on the wire, e.g. `"GET"`) and the raw request `path` (no query).
pub fn lookup<'p>(router: &Router, method: &str, path: &'p str) -> Lookup<'p> {
    let (entry, captures) = match router.static_paths.get(path) {
        Some(entry) => (entry, SmallVec::new()),
        None => match (router.match_dynamic)(path) {
            Some(found) => (found.entry, found.captures),
            None => return Lookup::NotFound,
        },
    };
    match route_for_method(entry, method) {
        Some((route, head)) => Lookup::Found {
            route,
            captures,
            head,
        },
        None => Lookup::MethodNotAllowed {
            allow: allow_header(entry),
        },
    }
}

/// The route of `entry` answering `method`, and whether it is the `GET` route answering a
/// `HEAD` request (a `HEAD` route of its own wins).
fn route_for_method(entry: &PathEntry, method: &str) -> Option<(RouteId, bool)> {
    let wanted = parse_method(method)?;
    let declared = |wanted: Method| {
        entry
            .methods
            .iter()
            .find(|(declared, _)| *declared == wanted)
            .map(|&(_, route)| route)
    };
    match declared(wanted) {
        Some(route) => Some((route, false)),
        None if wanted == Method::Head => declared(Method::Get).map(|route| (route, true)),
        None => None,
    }
}

/// A method routes can be declared with; methods are case-sensitive on the wire.
fn parse_method(method: &str) -> Option<Method> {
    [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ]
    .into_iter()
    .find(|candidate| candidate.as_str() == method)
}

/// The `Allow` value for `entry`: its methods plus `HEAD` when it has `GET`, sorted.
fn allow_header(entry: &PathEntry) -> String {
    let mut names: SmallVec<[&str; 6]> = entry
        .methods
        .iter()
        .map(|(method, _)| method.as_str())
        .collect();
    if entry
        .methods
        .iter()
        .any(|(method, _)| *method == Method::Get)
    {
        names.push(HEAD);
    }
    names.sort_unstable();
    names.dedup();
    names.join(ALLOW_SEPARATOR)
}

#[cfg(test)]
mod tests {
    //! The router below is what `bolt build` generates for:
    //! `GET /`, `GET|POST /items`, `GET|DELETE /items/{id}`, `GET /files/{rest:path}`,
    //! `PUT /items/{id}/tags/{tag}`, `POST /items/special` (static beats `{id}`),
    //! `GET|HEAD|OPTIONS /probe`.

    use smallvec::smallvec;

    use super::*;
    use crate::app::DynamicMatch;

    static STATIC_PATHS: phf::Map<&'static str, PathEntry> = phf::phf_map! {
        "/" => PathEntry { template: "/", methods: &[(Method::Get, 0)] },
        "/items" => PathEntry { template: "/items", methods: &[(Method::Get, 1), (Method::Post, 2)] },
        "/items/special" => PathEntry { template: "/items/special", methods: &[(Method::Post, 6)] },
        "/probe" => PathEntry { template: "/probe", methods: &[(Method::Get, 8), (Method::Head, 9), (Method::Options, 10)] },
    };
    static DYN_ITEM: PathEntry = PathEntry {
        template: "/items/{id}",
        methods: &[(Method::Get, 3), (Method::Delete, 4)],
    };
    static DYN_FILES: PathEntry = PathEntry {
        template: "/files/{rest:path}",
        methods: &[(Method::Get, 5)],
    };
    static DYN_TAG: PathEntry = PathEntry {
        template: "/items/{id}/tags/{tag}",
        methods: &[(Method::Put, 7)],
    };

    /// Segment-wise matcher, as emitted (docs/internals.md §4).
    fn match_dynamic(path: &str) -> Option<DynamicMatch<'_>> {
        let rest = path.strip_prefix('/')?;
        let mut segments = rest.split('/');
        match (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) {
            (Some("items"), Some(id), None, _, _) if !id.is_empty() => Some(DynamicMatch {
                entry: &DYN_ITEM,
                captures: smallvec![id],
            }),
            (Some("items"), Some(id), Some("tags"), Some(tag), None)
                if !id.is_empty() && !tag.is_empty() =>
            {
                Some(DynamicMatch {
                    entry: &DYN_TAG,
                    captures: smallvec![id, tag],
                })
            }
            (Some("files"), Some(_), _, _, _) => {
                let remainder = rest.strip_prefix("files/").filter(|r| !r.is_empty())?;
                Some(DynamicMatch {
                    entry: &DYN_FILES,
                    captures: smallvec![remainder],
                })
            }
            _ => None,
        }
    }

    static ROUTER: Router = Router {
        static_paths: &STATIC_PATHS,
        match_dynamic,
    };

    fn found(route: RouteId, captures: &[&'static str], head: bool) -> Lookup<'static> {
        Lookup::Found {
            route,
            captures: captures.iter().copied().collect(),
            head,
        }
    }

    fn not_allowed(allow: &str) -> Lookup<'static> {
        Lookup::MethodNotAllowed {
            allow: allow.to_owned(),
        }
    }

    #[test]
    fn lookup_static_path_finds_route_without_captures() {
        assert_eq!(lookup(&ROUTER, "GET", "/"), found(0, &[], false));
        assert_eq!(lookup(&ROUTER, "POST", "/items"), found(2, &[], false));
    }

    #[test]
    fn lookup_dynamic_path_returns_raw_captures() {
        assert_eq!(
            lookup(&ROUTER, "GET", "/items/4%202"),
            found(3, &["4%202"], false)
        );
        assert_eq!(
            lookup(&ROUTER, "DELETE", "/items/9"),
            found(4, &["9"], false)
        );
        assert_eq!(
            lookup(&ROUTER, "PUT", "/items/1/tags/red"),
            found(7, &["1", "red"], false)
        );
    }

    #[test]
    fn lookup_path_capture_spans_segments() {
        assert_eq!(
            lookup(&ROUTER, "GET", "/files/a/b/c.txt"),
            found(5, &["a/b/c.txt"], false)
        );
    }

    #[test]
    fn explicit_head_and_options_routes_win() {
        assert_eq!(lookup(&ROUTER, "HEAD", "/probe"), found(9, &[], false));
        assert_eq!(lookup(&ROUTER, "OPTIONS", "/probe"), found(10, &[], false));
        assert_eq!(lookup(&ROUTER, "GET", "/probe"), found(8, &[], false));
        assert_eq!(lookup(&ROUTER, "HEAD", "/items"), found(1, &[], true));
        assert_eq!(
            lookup(&ROUTER, "POST", "/probe"),
            not_allowed("GET, HEAD, OPTIONS")
        );
    }

    #[test]
    fn lookup_static_beats_dynamic() {
        assert_eq!(
            lookup(&ROUTER, "POST", "/items/special"),
            found(6, &[], false)
        );
        // Static path exists but lacks GET: still 405, never falls through to `{id}`.
        assert_eq!(
            lookup(&ROUTER, "GET", "/items/special"),
            not_allowed("POST")
        );
    }

    #[test]
    fn lookup_head_is_answered_by_get() {
        assert_eq!(lookup(&ROUTER, "HEAD", "/"), found(0, &[], true));
        assert_eq!(lookup(&ROUTER, "HEAD", "/items/5"), found(3, &["5"], true));
    }

    #[test]
    fn lookup_head_without_get_is_method_not_allowed() {
        assert_eq!(
            lookup(&ROUTER, "HEAD", "/items/1/tags/x"),
            not_allowed("PUT")
        );
    }

    #[test]
    fn lookup_wrong_method_lists_allowed_methods_sorted_with_head() {
        assert_eq!(
            lookup(&ROUTER, "PUT", "/items"),
            not_allowed("GET, HEAD, POST")
        );
        assert_eq!(
            lookup(&ROUTER, "POST", "/items/3"),
            not_allowed("DELETE, GET, HEAD")
        );
        assert_eq!(lookup(&ROUTER, "OPTIONS", "/"), not_allowed("GET, HEAD"));
    }

    #[test]
    fn lookup_methods_are_case_sensitive() {
        assert_eq!(lookup(&ROUTER, "get", "/"), not_allowed("GET, HEAD"));
    }

    #[test]
    fn lookup_unknown_path_is_not_found() {
        assert_eq!(lookup(&ROUTER, "GET", "/nope"), Lookup::NotFound);
        assert_eq!(lookup(&ROUTER, "GET", "/items/"), Lookup::NotFound);
        assert_eq!(lookup(&ROUTER, "GET", "/files/"), Lookup::NotFound);
        assert_eq!(lookup(&ROUTER, "GET", ""), Lookup::NotFound);
        assert_eq!(
            lookup(&ROUTER, "GET", "/items/1/tags/x/y"),
            Lookup::NotFound
        );
    }
}
