//! Method + path → route (pure).

use smallvec::SmallVec;

use crate::app::{RouteId, Router};

/// The outcome of routing one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'p> {
    /// `head` is true when a `HEAD` request is answered by the `GET` route (send no body).
    Found { route: RouteId, captures: SmallVec<[&'p str; 4]>, head: bool },
    /// The path exists with other methods; `allow` is the `Allow` header value.
    MethodNotAllowed { allow: String },
    NotFound,
}

/// Routes `method` (as on the wire, e.g. `"GET"`) and the raw request `path` (no query).
pub fn lookup<'p>(router: &Router, method: &str, path: &'p str) -> Lookup<'p> {
    let _ = (router, method, path);
    unimplemented!("H2")
}
