//! The router of the generated crate: a phf map of static paths, one `PathEntry` static
//! per dynamic template, and a generated segment-wise `match_dynamic`.
//!
//! `match_dynamic` walks a trie of the dynamic templates, one path segment at a time,
//! without allocating. At each segment it tries, in this order, the literal segments
//! (an exact `match` on the raw segment), then a `{name}` placeholder (any non-empty
//! segment), then a `{name:path}` placeholder (the non-empty rest of the path, as one
//! substring of the original path), and backtracks when a branch fails. The first
//! template found is therefore the one whose literal segments come earliest.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::manifest::{HttpMethod, Manifest};

/// Separator of path segments.
const SEGMENT_SEPARATOR: char = '/';
/// Converter of a placeholder that takes the rest of the path: `{name:path}`.
const PATH_CONVERTER: &str = "path";

/// One segment of a route's path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment<'t> {
    /// Compared exactly with the raw request segment.
    Literal(&'t str),
    /// `{name}`: one non-empty segment.
    Param(&'t str),
    /// `{name:path}` as the last segment: the non-empty rest of the path.
    CatchAll(&'t str),
}

/// A route's path template, split into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Template<'t> {
    pub(super) segments: Vec<Segment<'t>>,
}

impl<'t> Template<'t> {
    /// Splits `path` (`/items/{id}`) into segments. A `{name:path}` that is not the last
    /// segment is treated as `{name}` (`discover` refuses it).
    pub(super) fn parse(path: &'t str) -> Self {
        let relative = path.strip_prefix(SEGMENT_SEPARATOR).unwrap_or(path);
        let raw: Vec<&str> = relative.split(SEGMENT_SEPARATOR).collect();
        let last = raw.len().saturating_sub(1);
        let segments = raw
            .iter()
            .enumerate()
            .map(|(index, segment)| match placeholder(segment) {
                None => Segment::Literal(segment),
                Some((name, Some(PATH_CONVERTER))) if index == last => Segment::CatchAll(name),
                Some((name, _)) => Segment::Param(name),
            })
            .collect();
        Self { segments }
    }

    /// True when the template has at least one placeholder.
    pub(super) fn is_dynamic(&self) -> bool {
        self.segments
            .iter()
            .any(|segment| !matches!(segment, Segment::Literal(_)))
    }

    /// Index of the placeholder `name` among the template's placeholders (its capture).
    pub(super) fn capture_index(&self, name: &str) -> Option<usize> {
        self.segments
            .iter()
            .filter_map(|segment| match segment {
                Segment::Literal(_) => None,
                Segment::Param(placeholder) | Segment::CatchAll(placeholder) => Some(*placeholder),
            })
            .position(|placeholder| placeholder == name)
    }
}

/// `{name}` → `(name, None)`, `{name:conv}` → `(name, Some(conv))`, else `None`.
fn placeholder(segment: &str) -> Option<(&str, Option<&str>)> {
    let inner = segment.strip_prefix('{')?.strip_suffix('}')?;
    Some(match inner.split_once(':') {
        Some((name, converter)) => (name, Some(converter)),
        None => (inner, None),
    })
}

/// The generated router items.
#[derive(Debug)]
pub(super) struct RouterItems {
    /// `const STATIC_n: PathEntry = ..;` for each static path, then
    /// `static STATIC_PATHS: phf::Map<..> = phf::phf_map! { "/path" => STATIC_n, .. };`
    pub(super) static_paths: TokenStream,
    /// `static DYN_n: PathEntry = ..;` for each dynamic template.
    pub(super) dynamic_entries: Vec<TokenStream>,
    /// `fn match_dynamic(..)` and its helper.
    pub(super) match_dynamic: TokenStream,
}

/// Builds the router items for the manifest's routes.
pub(super) fn router_items(manifest: &Manifest) -> RouterItems {
    let mut static_paths: BTreeMap<&str, Vec<(HttpMethod, usize)>> = BTreeMap::new();
    let mut dynamic_paths: BTreeMap<&str, Vec<(HttpMethod, usize)>> = BTreeMap::new();
    for (id, route) in manifest.routes.iter().enumerate() {
        let target = if Template::parse(&route.path).is_dynamic() {
            &mut dynamic_paths
        } else {
            &mut static_paths
        };
        target
            .entry(route.path.as_str())
            .or_default()
            .push((route.method, id));
    }

    // Entries are named consts so that they are formatted (the macro body is not).
    let mut static_consts = Vec::with_capacity(static_paths.len());
    let mut static_keys = Vec::with_capacity(static_paths.len());
    for (index, (path, methods)) in static_paths.iter().enumerate() {
        let name = format_ident!("STATIC_{}", index);
        let entry = path_entry(path, methods);
        static_consts.push(quote!(const #name: PathEntry = #entry;));
        static_keys.push(quote!(#path => #name));
    }
    let static_paths_item = quote! {
        #(#static_consts)*

        static STATIC_PATHS: phf::Map<&'static str, PathEntry> = phf::phf_map! {
            #(#static_keys),*
        };
    };

    let mut trie = Node::default();
    let mut dynamic_entries = Vec::with_capacity(dynamic_paths.len());
    for (index, (path, methods)) in dynamic_paths.iter().enumerate() {
        trie.insert(&Template::parse(path).segments, index);
        let name = dynamic_entry_name(index);
        let entry = path_entry(path, methods);
        dynamic_entries.push(quote!(static #name: PathEntry = #entry;));
    }

    RouterItems {
        static_paths: static_paths_item,
        dynamic_entries,
        match_dynamic: match_dynamic_fn(&trie),
    }
}

/// `PathEntry { template, methods: &[(Method::Get, 0), ..] }` with methods sorted.
fn path_entry(template: &str, methods: &[(HttpMethod, usize)]) -> TokenStream {
    let mut sorted = methods.to_vec();
    sorted.sort();
    let methods = sorted.iter().map(|(method, id)| {
        let method = method_variant(*method);
        let id = Literal::usize_unsuffixed(*id);
        quote!((#method, #id))
    });
    quote!(PathEntry { template: #template, methods: &[#(#methods),*] })
}

/// `Method::Get`, ...
pub(super) fn method_variant(method: HttpMethod) -> TokenStream {
    match method {
        HttpMethod::Get => quote!(Method::Get),
        HttpMethod::Post => quote!(Method::Post),
        HttpMethod::Put => quote!(Method::Put),
        HttpMethod::Patch => quote!(Method::Patch),
        HttpMethod::Delete => quote!(Method::Delete),
        HttpMethod::Head => quote!(Method::Head),
        HttpMethod::Options => quote!(Method::Options),
    }
}

fn dynamic_entry_name(index: usize) -> Ident {
    format_ident!("DYN_{}", index)
}

/// A trie of dynamic templates; an edge is one segment.
#[derive(Debug, Default)]
struct Node {
    /// Index of the template that ends at this node.
    terminal: Option<usize>,
    literals: BTreeMap<String, Node>,
    param: Option<Box<Node>>,
    /// Index of the template whose `{name:path}` starts at this node.
    catch_all: Option<usize>,
}

impl Node {
    /// Adds a template below this node; an earlier template with the same shape wins.
    fn insert(&mut self, segments: &[Segment<'_>], index: usize) {
        let Some((first, rest)) = segments.split_first() else {
            self.terminal.get_or_insert(index);
            return;
        };
        match first {
            Segment::Literal(text) => {
                self.literals
                    .entry((*text).to_owned())
                    .or_default()
                    .insert(rest, index);
            }
            Segment::Param(_) => self
                .param
                .get_or_insert_with(Box::default)
                .insert(rest, index),
            Segment::CatchAll(_) => {
                self.catch_all.get_or_insert(index);
            }
        }
    }

    fn has_edges(&self) -> bool {
        !self.literals.is_empty() || self.param.is_some() || self.catch_all.is_some()
    }
}

/// `fn match_dynamic(path: &str) -> Option<DynamicMatch<'_>>` and its `segment` helper.
fn match_dynamic_fn(trie: &Node) -> TokenStream {
    if !trie.has_edges() {
        return quote! {
            fn match_dynamic(_path: &str) -> Option<DynamicMatch<'_>> {
                None
            }
        };
    }
    let rest = rest_ident(0);
    let body = node_code(trie, 0, &rest, &[]);
    quote! {
        /// Splits the first segment off `rest`: the segment, and what follows its `/`.
        #[inline]
        fn segment(rest: &str) -> (&str, Option<&str>) {
            match rest.split_once('/') {
                Some((segment, next)) => (segment, Some(next)),
                None => (rest, None),
            }
        }

        fn match_dynamic(path: &str) -> Option<DynamicMatch<'_>> {
            let #rest = path.strip_prefix('/')?;
            #body
            None
        }
    }
}

/// Code that matches the remainder `rest` (starting at segment `depth`) against `node`'s
/// edges, returning from `match_dynamic` on success and falling through otherwise.
fn node_code(node: &Node, depth: usize, rest: &Ident, captures: &[Ident]) -> TokenStream {
    let mut code = TokenStream::new();
    if !node.literals.is_empty() || node.param.is_some() {
        let segment = format_ident!("s{}", depth);
        let next = format_ident!("n{}", depth);
        code.extend(quote!(let (#segment, #next) = segment(#rest);));
        if !node.literals.is_empty() {
            let arms = node.literals.iter().map(|(literal, child)| {
                let body = edge_code(child, depth + 1, &next, captures);
                quote!(#literal => { #body })
            });
            code.extend(quote! {
                match #segment {
                    #(#arms)*
                    _ => {}
                }
            });
        }
        if let Some(child) = &node.param {
            let mut with_segment = captures.to_vec();
            with_segment.push(segment.clone());
            let body = edge_code(child, depth + 1, &next, &with_segment);
            code.extend(quote! {
                if !#segment.is_empty() {
                    #body
                }
            });
        }
    }
    if let Some(index) = node.catch_all {
        let mut with_rest = captures.to_vec();
        with_rest.push(rest.clone());
        let found = found(index, &with_rest);
        code.extend(quote! {
            if !#rest.is_empty() {
                return #found;
            }
        });
    }
    code
}

/// Code run after a segment matched an edge into `child`; `next` is the remainder after
/// that segment (`None` when it was the last one).
fn edge_code(child: &Node, depth: usize, next: &Ident, captures: &[Ident]) -> TokenStream {
    let terminal = child.terminal.map(|index| found(index, captures));
    if !child.has_edges() {
        return match terminal {
            Some(found) => quote! {
                if #next.is_none() {
                    return #found;
                }
            },
            None => TokenStream::new(),
        };
    }
    let rest = rest_ident(depth);
    let inner = node_code(child, depth, &rest, captures);
    match terminal {
        Some(found) => quote! {
            match #next {
                None => return #found,
                Some(#rest) => { #inner }
            }
        },
        None => quote! {
            if let Some(#rest) = #next {
                #inner
            }
        },
    }
}

/// `Some(DynamicMatch { entry: &DYN_n, captures: [..].into_iter().collect() })`.
fn found(index: usize, captures: &[Ident]) -> TokenStream {
    let entry = dynamic_entry_name(index);
    quote! {
        Some(DynamicMatch { entry: &#entry, captures: [#(#captures),*].into_iter().collect() })
    }
}

fn rest_ident(depth: usize) -> Ident {
    Ident::new(&format!("r{depth}"), Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_template_parse_classifies_segments() {
        let template = Template::parse("/files/{id}/{rest:path}");
        assert_eq!(
            template.segments,
            vec![
                Segment::Literal("files"),
                Segment::Param("id"),
                Segment::CatchAll("rest")
            ]
        );
        assert!(template.is_dynamic());
        assert_eq!(template.capture_index("rest"), Some(1));
        assert_eq!(template.capture_index("nope"), None);
    }

    #[test]
    fn test_template_parse_inner_path_converter_is_a_param() {
        let template = Template::parse("/{a:path}/x");
        assert_eq!(
            template.segments,
            vec![Segment::Param("a"), Segment::Literal("x")]
        );
    }

    #[test]
    fn test_template_parse_root_and_trailing_slash_are_literal() {
        assert_eq!(Template::parse("/").segments, vec![Segment::Literal("")]);
        assert!(!Template::parse("/a/").is_dynamic());
    }
}
