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
//!
//! Every code is a [`DiagnosticCode`] and is documented, with an example and a fix, in
//! `docs/diagnostics.md`.

use std::fmt;

use crate::manifest::Span;

/// Width of the gutter that replaces one tab of a source line, as rustc does.
const TAB_WIDTH: usize = 4;

/// Every diagnostic Bolt reports, grouped by range: `B01xx` APIs, routes and paths, `B02xx`
/// handler parameters, `B03xx` types and Structs, `B04xx` modules, imports and syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticCode {
    /// `B0101`: the route path is not a string literal.
    PathNotLiteral,
    /// `B0102`: the route path does not start with `/`.
    PathNotAbsolute,
    /// `B0103`: a `{placeholder}` of the path is malformed.
    BadPlaceholder,
    /// `B0104`: a path placeholder has no parameter of the same name.
    PlaceholderWithoutParam,
    /// `B0105`: two routes have the same method and path.
    DuplicateRoute,
    /// `B0106`: a route decorator keyword that Bolt does not support (yet) or does not know.
    UnsupportedRouteKeyword,
    /// `B0107`: a route decorator keyword with an invalid value.
    InvalidRouteKeyword,
    /// `B0108`: a decorator Bolt cannot compile (other methods, extra decorators).
    UnsupportedDecorator,
    /// `B0109`: an API, router or include prefix is not a valid literal prefix.
    InvalidPrefix,
    /// `B0110`: a `BoltAPI(...)` argument Bolt does not support yet.
    UnsupportedApiArgument,
    /// `B0111`: an API named in the configuration does not exist.
    ApiNotFound,
    /// `B0112`: a handler Bolt cannot call (generators).
    UnsupportedHandler,
    /// `B0113`: an `include_router(...)` the build cannot follow.
    InvalidInclude,
    /// `B0114`: a `Router(...)` argument Bolt does not compile yet.
    UnsupportedRouterArgument,
    /// `B0115`: a call on an API or router Bolt does not compile yet (`api.mount(...)`).
    UnsupportedApiCall,
    /// `B0201`: `*args` or `**kwargs` in a handler signature.
    VariadicParameter,
    /// `B0202`: more than one parameter is the request body.
    MultipleBodies,
    /// `B0203`: a parameter marker Bolt does not support yet (`Form`, `File`).
    UnsupportedMarker,
    /// `B0204`: an invalid argument of a parameter marker or of `msgspec.Meta`.
    InvalidMarkerArgument,
    /// `B0205`: a `pattern=` that is not a valid regular expression.
    InvalidPattern,
    /// `B0206`: a parameter with two markers.
    ConflictingMarkers,
    /// `B0207`: a parameter type its source cannot carry.
    ParamTypeNotAllowed,
    /// `B0208`: a `Path()` parameter that is not a placeholder of the route path.
    PathParamNotInPath,
    /// `B0209`: a `Depends(...)` the build cannot follow (not a project function or class,
    /// a cycle, a generator, a non-literal `use_cache=`).
    InvalidDependency,
    /// `B0301`: a type annotation that cannot be resolved to a known type.
    UnresolvedType,
    /// `B0302`: a type Bolt does not support yet.
    UnsupportedType,
    /// `B0303`: an expression that is not a valid type.
    InvalidType,
    /// `B0304`: unknown metadata in `Annotated[...]`.
    UnknownMetadata,
    /// `B0305`: a constraint that does not apply to the type it is attached to.
    ConstraintMismatch,
    /// `B0306`: a `msgspec.Struct` option Bolt does not support yet.
    UnsupportedStructOption,
    /// `B0307`: a union msgspec refuses (two str-like types, untagged Structs, ...).
    InvalidUnion,
    /// `B0308`: a `msgspec.Struct` option with a value msgspec refuses or Bolt cannot read.
    InvalidStructOption,
    /// `B0309`: an `enum.Enum` whose member values cannot be proved to be ints or strs.
    InvalidEnum,
    /// `B0310`: a `Literal[...]` value msgspec does not support.
    InvalidLiteral,
    /// `B0311`: a generic Struct used with the wrong type arguments or type variables.
    InvalidGeneric,
    /// `B0312`: a `dict` key type that JSON object keys cannot be decoded to.
    InvalidDictKey,
    /// `B0313`: constraints that conflict (set twice, or `gt` with `ge`, `lt` with `le`).
    ConflictingConstraints,
    /// `B0401`: a Python syntax error.
    SyntaxError,
    /// `B0402`: an import of a project module that does not exist.
    UnresolvedImport,
    /// `B0403`: a module to scan is not part of the project.
    ModuleNotFound,
    /// `B0404`: a name whose definition loops through imports or aliases.
    ImportCycle,
    /// `B0405`: an import of a `django_bolt` module or name the package does not provide.
    MissingBoltName,
}

impl DiagnosticCode {
    /// Every code, in numeric order.
    pub const ALL: &'static [Self] = &[
        Self::PathNotLiteral,
        Self::PathNotAbsolute,
        Self::BadPlaceholder,
        Self::PlaceholderWithoutParam,
        Self::DuplicateRoute,
        Self::UnsupportedRouteKeyword,
        Self::InvalidRouteKeyword,
        Self::UnsupportedDecorator,
        Self::InvalidPrefix,
        Self::UnsupportedApiArgument,
        Self::ApiNotFound,
        Self::UnsupportedHandler,
        Self::InvalidInclude,
        Self::UnsupportedRouterArgument,
        Self::UnsupportedApiCall,
        Self::VariadicParameter,
        Self::MultipleBodies,
        Self::UnsupportedMarker,
        Self::InvalidMarkerArgument,
        Self::InvalidPattern,
        Self::ConflictingMarkers,
        Self::ParamTypeNotAllowed,
        Self::PathParamNotInPath,
        Self::InvalidDependency,
        Self::UnresolvedType,
        Self::UnsupportedType,
        Self::InvalidType,
        Self::UnknownMetadata,
        Self::ConstraintMismatch,
        Self::UnsupportedStructOption,
        Self::InvalidUnion,
        Self::InvalidStructOption,
        Self::InvalidEnum,
        Self::InvalidLiteral,
        Self::InvalidGeneric,
        Self::InvalidDictKey,
        Self::ConflictingConstraints,
        Self::SyntaxError,
        Self::UnresolvedImport,
        Self::ModuleNotFound,
        Self::ImportCycle,
        Self::MissingBoltName,
    ];

    /// The stable code, e.g. `"B0101"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PathNotLiteral => "B0101",
            Self::PathNotAbsolute => "B0102",
            Self::BadPlaceholder => "B0103",
            Self::PlaceholderWithoutParam => "B0104",
            Self::DuplicateRoute => "B0105",
            Self::UnsupportedRouteKeyword => "B0106",
            Self::InvalidRouteKeyword => "B0107",
            Self::UnsupportedDecorator => "B0108",
            Self::InvalidPrefix => "B0109",
            Self::UnsupportedApiArgument => "B0110",
            Self::ApiNotFound => "B0111",
            Self::UnsupportedHandler => "B0112",
            Self::InvalidInclude => "B0113",
            Self::UnsupportedRouterArgument => "B0114",
            Self::UnsupportedApiCall => "B0115",
            Self::VariadicParameter => "B0201",
            Self::MultipleBodies => "B0202",
            Self::UnsupportedMarker => "B0203",
            Self::InvalidMarkerArgument => "B0204",
            Self::InvalidPattern => "B0205",
            Self::ConflictingMarkers => "B0206",
            Self::ParamTypeNotAllowed => "B0207",
            Self::PathParamNotInPath => "B0208",
            Self::InvalidDependency => "B0209",
            Self::UnresolvedType => "B0301",
            Self::UnsupportedType => "B0302",
            Self::InvalidType => "B0303",
            Self::UnknownMetadata => "B0304",
            Self::ConstraintMismatch => "B0305",
            Self::UnsupportedStructOption => "B0306",
            Self::InvalidUnion => "B0307",
            Self::InvalidStructOption => "B0308",
            Self::InvalidEnum => "B0309",
            Self::InvalidLiteral => "B0310",
            Self::InvalidGeneric => "B0311",
            Self::InvalidDictKey => "B0312",
            Self::ConflictingConstraints => "B0313",
            Self::SyntaxError => "B0401",
            Self::UnresolvedImport => "B0402",
            Self::ModuleNotFound => "B0403",
            Self::ImportCycle => "B0404",
            Self::MissingBoltName => "B0405",
        }
    }

    /// One line saying what the code is about.
    pub fn summary(self) -> &'static str {
        match self {
            Self::PathNotLiteral => "route path is not a string literal",
            Self::PathNotAbsolute => "route path does not start with `/`",
            Self::BadPlaceholder => "malformed path placeholder",
            Self::PlaceholderWithoutParam => "path placeholder without a handler parameter",
            Self::DuplicateRoute => "duplicate route",
            Self::UnsupportedRouteKeyword => "unsupported route decorator keyword",
            Self::InvalidRouteKeyword => "invalid route decorator keyword value",
            Self::UnsupportedDecorator => "unsupported decorator",
            Self::InvalidPrefix => "invalid API prefix",
            Self::UnsupportedApiArgument => "unsupported `BoltAPI(...)` argument",
            Self::ApiNotFound => "configured API not found",
            Self::UnsupportedHandler => "unsupported kind of handler",
            Self::InvalidInclude => "`include_router` the build cannot follow",
            Self::UnsupportedRouterArgument => "unsupported `Router(...)` argument",
            Self::UnsupportedApiCall => "call on an API or router Bolt does not compile yet",
            Self::VariadicParameter => "`*args` / `**kwargs` in a handler",
            Self::MultipleBodies => "more than one body parameter",
            Self::UnsupportedMarker => "unsupported parameter marker",
            Self::InvalidMarkerArgument => "invalid marker or `Meta` argument",
            Self::InvalidPattern => "invalid regular expression",
            Self::ConflictingMarkers => "parameter with two markers",
            Self::ParamTypeNotAllowed => "parameter type not allowed for its source",
            Self::PathParamNotInPath => "`Path()` parameter missing from the route path",
            Self::InvalidDependency => "dependency the build cannot follow",
            Self::UnresolvedType => "unresolved type",
            Self::UnsupportedType => "type not supported yet",
            Self::InvalidType => "invalid type expression",
            Self::UnknownMetadata => "unknown `Annotated` metadata",
            Self::ConstraintMismatch => "constraint does not apply to the type",
            Self::UnsupportedStructOption => "unsupported `msgspec.Struct` option",
            Self::InvalidUnion => "union msgspec cannot decode",
            Self::InvalidStructOption => "invalid `msgspec.Struct` option value",
            Self::InvalidEnum => "enum values Bolt cannot prove",
            Self::InvalidLiteral => "invalid `Literal` value",
            Self::InvalidGeneric => "invalid generic Struct use",
            Self::InvalidDictKey => "`dict` key type not decodable from JSON",
            Self::ConflictingConstraints => "conflicting constraints",
            Self::SyntaxError => "Python syntax error",
            Self::UnresolvedImport => "unresolved import",
            Self::ModuleNotFound => "module not found",
            Self::ImportCycle => "import or alias cycle",
            Self::MissingBoltName => "`django_bolt` module or name Bolt does not provide",
        }
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One error. Carries the source line so rendering needs no file access.
///
/// A diagnostic whose `span.line` is 0 has no source position (e.g. an API named in
/// `pyproject.toml` whose module does not exist): only its file is shown.
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

impl Diagnostic {
    /// A diagnostic at a source position, without help or notes.
    pub fn new(
        code: DiagnosticCode,
        message: impl Into<String>,
        span: Span,
        width: u32,
        source_line: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self {
            code: code.as_str(),
            message: message.into(),
            span,
            width: width.max(1),
            source_line: source_line.into(),
            label: label.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A diagnostic about a whole file, with no source position.
    pub fn in_file(code: DiagnosticCode, message: impl Into<String>, file: &str) -> Self {
        let span = Span {
            file: file.to_owned(),
            line: 0,
            column: 0,
        };
        Self::new(code, message, span, 1, "", "")
    }

    /// The same diagnostic with a `= help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with one more `= note:` line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// This diagnostic rendered like rustc (no trailing blank line).
    pub fn render(&self) -> String {
        let gutter = " ".repeat(digit_count(self.span.line) + 1);
        let mut lines = vec![format!("error[{}]: {}", self.code, self.message)];
        if self.span.line == 0 {
            lines.push(format!("{}--> {}", &gutter[1..], self.span.file));
        } else {
            lines.push(format!(
                "{}--> {}:{}:{}",
                &gutter[1..],
                self.span.file,
                self.span.line,
                self.span.column
            ));
            lines.push(format!("{gutter}|"));
            lines.push(format!(
                "{} | {}",
                self.span.line,
                expand_tabs(&self.source_line)
            ));
            lines.push(format!("{gutter}| {}", self.caret_line()));
        }
        let extras: Vec<String> = self
            .help
            .iter()
            .map(|help| format!("{gutter}= help: {help}"))
            .chain(
                self.notes
                    .iter()
                    .map(|note| format!("{gutter}= note: {note}")),
            )
            .collect();
        if !extras.is_empty() {
            lines.push(format!("{gutter}|"));
            lines.extend(extras);
        }
        lines.join("\n")
    }

    /// Spaces up to the highlighted column, carets over it, then the label.
    fn caret_line(&self) -> String {
        let before: String = self
            .source_line
            .chars()
            .take(self.span.column.saturating_sub(1) as usize)
            .collect();
        let indent = expand_tabs(&before).chars().count();
        let carets = "^".repeat(self.width.max(1) as usize);
        let line = format!("{}{carets} {}", " ".repeat(indent), self.label);
        line.trim_end().to_owned()
    }
}

/// Every error of one build, in file/line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// All diagnostics rendered like rustc, separated by blank lines, plus a summary line.
    pub fn render(&self) -> String {
        let mut blocks: Vec<String> = self.0.iter().map(Diagnostic::render).collect();
        blocks.push(summary_line(self.0.len()));
        let mut text = blocks.join("\n\n");
        text.push('\n');
        text
    }

    /// True when there is no diagnostic.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}

/// `error: could not build the API: 2 errors`.
fn summary_line(count: usize) -> String {
    let noun = if count == 1 { "error" } else { "errors" };
    format!("error: could not build the API: {count} {noun}")
}

fn digit_count(line: u32) -> usize {
    line.to_string().len()
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', &" ".repeat(TAB_WIDTH))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::new(
            DiagnosticCode::PathNotLiteral,
            "route path must be a string literal",
            Span {
                file: "shop/api.py".into(),
                line: 12,
                column: 10,
            },
            4,
            "@api.get(PATH)",
            "not a literal",
        )
        .with_help("write the path inline: `@api.get(\"/items/{id}\")`")
    }

    #[test]
    fn test_render_single_diagnostic_matches_rustc_layout() {
        let expected = "error[B0101]: route path must be a string literal
  --> shop/api.py:12:10
   |
12 | @api.get(PATH)
   |          ^^^^ not a literal
   |
   = help: write the path inline: `@api.get(\"/items/{id}\")`

error: could not build the API: 1 error
";
        assert_eq!(Diagnostics(vec![sample()]).render(), expected);
    }

    #[test]
    fn test_render_two_diagnostics_counts_plural() {
        let text = Diagnostics(vec![sample(), sample()]).render();
        assert!(text.ends_with("error: could not build the API: 2 errors\n"));
        assert!(text.contains("`\n\nerror[B0101]"));
    }

    #[test]
    fn test_render_without_help_has_no_trailing_gutter() {
        let mut diagnostic = sample();
        diagnostic.help = None;
        assert!(diagnostic.render().ends_with("^^^^ not a literal"));
    }

    #[test]
    fn test_render_file_level_diagnostic_has_no_source() {
        let diagnostic =
            Diagnostic::in_file(DiagnosticCode::ApiNotFound, "no module", "pyproject.toml");
        assert_eq!(
            diagnostic.render(),
            "error[B0111]: no module\n --> pyproject.toml"
        );
    }

    #[test]
    fn test_codes_are_unique_and_sorted() {
        let codes: Vec<&str> = DiagnosticCode::ALL
            .iter()
            .map(|code| code.as_str())
            .collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }
}
