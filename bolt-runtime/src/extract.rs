//! Coercion of path/query/header/cookie values into typed values (pure).

use crate::app::Param;
use crate::errors::ValidationError;

/// A coerced parameter value, converted to a Python object by the bridge.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Not present and not required: the bridge passes the Python default.
    Missing,
    None,
    Bool(bool),
    Int(i64),
    /// An integer outside `i64`, as its decimal text.
    BigInt(String),
    Float(f64),
    Str(String),
    List(Vec<Value>),
}

/// Read access to request headers; names are given lowercase.
pub trait HeaderLookup {
    /// Every value of the header `name`, in order.
    fn values(&self, name: &str) -> Vec<&[u8]>;
}

/// What parameter extraction reads from a request.
pub struct RequestParts<'a> {
    /// Raw (percent-encoded) path captures, in placeholder order.
    pub captures: &'a [&'a str],
    /// Raw query string (without `?`).
    pub query: &'a str,
    pub headers: &'a dyn HeaderLookup,
}

impl std::fmt::Debug for RequestParts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestParts")
            .field("captures", &self.captures)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

/// Coerces every path/query/header/cookie parameter of a route. Body and request params
/// yield [`Value::Missing`] placeholders (the bridge fills them). All errors are returned.
pub fn extract_params(
    params: &[Param],
    parts: &RequestParts<'_>,
) -> Result<Vec<Value>, Vec<ValidationError>> {
    let _ = (params, parts);
    unimplemented!("H2")
}
