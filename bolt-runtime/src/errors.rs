//! Validation errors as data, and the JSON bodies of error responses (pure).
//!
//! The 422 body is `{"detail": [{"type", "loc", "msg", "input"?, "ctx"?}, ...]}` listing every
//! error (docs/internals.md §6).

/// One element of an error location: a key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocItem {
    Key(String),
    Index(usize),
}

/// One validation error.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// The error `type`, e.g. `"int_parsing"` (docs/internals.md §6 lists them).
    pub kind: &'static str,
    /// Starts with `"path" | "query" | "header" | "cookie" | "body"`.
    pub loc: Vec<LocItem>,
    pub msg: String,
    pub input: Option<serde_json::Value>,
    pub ctx: Option<serde_json::Value>,
}

/// The 422 response body for `errors`.
pub fn render_validation_errors(errors: &[ValidationError]) -> Vec<u8> {
    let _ = errors;
    unimplemented!("H2")
}

/// `{"detail": "<detail>"}`.
pub fn render_detail(detail: &str) -> Vec<u8> {
    let _ = detail;
    unimplemented!("H2")
}
