//! Compiler-style diagnostics for `bolt build` / `bolt check`.
//!
//! ```text
//! error[B0101]: route path must be a string literal
//!   --> shop/api.py:12:10
//!    |
//! 12 | @api.get(PATH)
//!    |          ^^^^ not a literal
//!    |
//!    = help: write the path inline: `@api.get("/items/{id}")`
//! ```

use crate::manifest::Span;

/// One error. Carries the source line so rendering needs no file access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `"B0101"`; every code is documented in `docs/diagnostics.md`.
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    /// Length of the highlighted range in characters (at least 1).
    pub width: u32,
    /// The text of the source line `span.line`.
    pub source_line: String,
    /// Short text shown next to the caret.
    pub label: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

/// Every error of one build, in file/line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// All diagnostics rendered like rustc, separated by blank lines, plus a summary line.
    pub fn render(&self) -> String {
        unimplemented!("H1")
    }
}
