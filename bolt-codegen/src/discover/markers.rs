//! Parameter markers (`Query(...)`, `Path(...)`, `Header(...)`, `Cookie(...)`, `Body(...)`)
//! and `msgspec.Meta(...)`: their arguments become a source, an alias, a default and
//! [`Constraints`].

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};
use serde_json::Value;

use super::known::MarkerName;
use super::literal;
use super::project::Module;
use super::session::{Reported, Session};
use crate::diagnostics::DiagnosticCode;
use crate::manifest::{Constraints, ParamSource};

/// Keywords that only document a parameter (accepted, ignored by the build).
const MARKER_DOC_KEYWORDS: &[&str] = &["description", "example", "deprecated"];
/// The keywords of `Query()` and `Path()`: django-bolt 0.13's signatures, plus
/// `multiple_of`, which Bolt's `django_bolt.params` adds (as in django-bolt's `Param`).
const QUERY_PATH_KEYWORDS: &[&str] = &[
    "default",
    "alias",
    "gt",
    "ge",
    "lt",
    "le",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
    "description",
    "example",
    "deprecated",
];
/// The constraint keywords (also `msgspec.Meta`'s).
const CONSTRAINT_KEYWORDS: &[&str] = &[
    "gt",
    "ge",
    "lt",
    "le",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
];
/// The keywords of `Header()` and `Cookie()` (django-bolt 0.13: no constraints).
const HEADER_COOKIE_KEYWORDS: &[&str] =
    &["default", "alias", "description", "example", "deprecated"];
/// The keywords of `Body()` (django-bolt 0.13).
const BODY_KEYWORDS: &[&str] = &["default", "alias", "embed", "description", "example"];
/// Keywords of `msgspec.Meta` that only document a type.
const META_DOC_KEYWORDS: &[&str] = &[
    "title",
    "description",
    "examples",
    "extra_json_schema",
    "extra",
];
/// `Body(embed=...)`: only the default (`False`) is supported.
const EMBED_KEYWORD: &str = "embed";
const DEFAULT_KEYWORD: &str = "default";
const ALIAS_KEYWORD: &str = "alias";

/// A parsed parameter marker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Marker {
    pub(crate) source: ParamSource,
    pub(crate) name: &'static str,
    pub(crate) alias: Option<String>,
    /// `Some(json)` when the marker gives a default (`json` is its value if literal).
    pub(crate) default: Option<Option<Value>>,
    pub(crate) constraints: Constraints,
    /// Where the marker call is (for diagnostics).
    pub(crate) range: TextRange,
}

impl<'p> Session<'p> {
    /// If `expr` is a call to a django-bolt marker, parses it (reporting bad arguments and
    /// markers that are not supported yet); `None` when it is not a marker call at all.
    pub(crate) fn marker_call(
        &mut self,
        module: &'p Module,
        expr: &Expr,
    ) -> Result<Option<Marker>, Reported> {
        let Expr::Call(call) = expr else {
            return Ok(None);
        };
        let Some(kind) = self.marker_name(module, &call.func) else {
            return Ok(None);
        };
        let (source, name) = match kind {
            MarkerName::Query => (ParamSource::Query, "Query"),
            MarkerName::Path => (ParamSource::Path, "Path"),
            MarkerName::Header => (ParamSource::Header, "Header"),
            MarkerName::Cookie => (ParamSource::Cookie, "Cookie"),
            MarkerName::Body => (ParamSource::Body, "Body"),
            MarkerName::Depends => {
                // A parameter's own `Depends` is read before its type (`param`): this one
                // is nested in a type.
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidDependency,
                            "`Depends()` is only read as a parameter's default or in its own `Annotated[...]`",
                            call.range(),
                            "nested in a type",
                        )
                        .with_help("write `user: Annotated[User, Depends(get_user)]` or `user=Depends(get_user)`"),
                ));
            }
            MarkerName::NotYetSupported(name) => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedMarker,
                            format!("`{name}()` parameters are not supported by Bolt yet"),
                            call.range(),
                            "not supported yet",
                        )
                        .with_help(format!(
                            "a later version of Bolt adds `{name}`; meanwhile read the value from `request` in the handler"
                        )),
                ));
            }
        };
        self.parse_marker(module, call, source, name).map(Some)
    }

    fn marker_name(&self, module: &'p Module, func: &Expr) -> Option<MarkerName> {
        match self.resolver.resolve(module, func).ok()? {
            super::resolve::Symbol::External(path) => MarkerName::of(&path),
            _ => None,
        }
    }

    fn parse_marker(
        &mut self,
        module: &'p Module,
        call: &ast::ExprCall,
        source: ParamSource,
        name: &'static str,
    ) -> Result<Marker, Reported> {
        let mut marker = Marker {
            source,
            name,
            alias: None,
            default: None,
            constraints: Constraints::default(),
            range: call.range(),
        };
        let mut failed = self
            .marker_positionals(module, call, name, &mut marker)
            .is_err();
        for keyword in &call.arguments.keywords {
            failed |= self.marker_keyword(module, keyword, &mut marker).is_err();
        }
        if source == ParamSource::Path && marker.default.is_some() {
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidMarkerArgument,
                        "path parameters cannot have a default",
                        call.range(),
                        "default given here",
                    )
                    .with_help("remove the default: a path placeholder is always present"),
            );
            failed = true;
        }
        if failed { Err(Reported) } else { Ok(marker) }
    }

    fn marker_positionals(
        &mut self,
        module: &'p Module,
        call: &ast::ExprCall,
        name: &str,
        marker: &mut Marker,
    ) -> Result<(), Reported> {
        match &*call.arguments.args {
            [] => Ok(()),
            [default] => {
                marker.default = marker_default(default);
                Ok(())
            }
            [_, extra, ..] => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidMarkerArgument,
                        format!("`{name}()` takes at most one positional argument (the default)"),
                        extra.range(),
                        "unexpected argument",
                    )
                    .with_help("pass the other arguments by keyword"),
            )),
        }
    }

    fn marker_keyword(
        &mut self,
        module: &'p Module,
        keyword: &ast::Keyword,
        marker: &mut Marker,
    ) -> Result<(), Reported> {
        let Some(arg) = &keyword.arg else {
            return Err(self.report(module.diagnostic(
                DiagnosticCode::InvalidMarkerArgument,
                format!(
                    "`**` arguments of `{}()` cannot be read statically",
                    marker.name
                ),
                keyword.range(),
                "not a literal keyword",
            )));
        };
        let accepted = marker_keywords(marker.source);
        if !accepted.contains(&arg.as_str()) {
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidMarkerArgument,
                        format!(
                            "`{}()` has no keyword argument `{arg}`: the module would fail to import (TypeError)",
                            marker.name
                        ),
                        arg.range(),
                        "unknown keyword",
                    )
                    .with_help(marker_keywords_help(marker.name, accepted, arg.as_str())),
            ));
        }
        match arg.as_str() {
            DEFAULT_KEYWORD => {
                marker.default = marker_default(&keyword.value);
                Ok(())
            }
            ALIAS_KEYWORD => {
                marker.alias = Some(self.string_argument(module, keyword)?.to_owned());
                Ok(())
            }
            EMBED_KEYWORD if marker.source == ParamSource::Body => {
                if literal::boolean(&keyword.value) == Some(false) {
                    return Ok(());
                }
                Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidMarkerArgument,
                            "`Body(embed=True)` is not supported by Bolt yet",
                            keyword.range(),
                            "not supported yet",
                        )
                        .with_help("use a msgspec.Struct with one field as the body instead"),
                ))
            }
            doc if MARKER_DOC_KEYWORDS.contains(&doc) => Ok(()),
            _ => self.constraint_keyword(module, keyword, &mut marker.constraints, marker.name),
        }
    }

    /// `msgspec.Meta(...)` → constraints.
    pub(crate) fn meta_constraints(
        &mut self,
        module: &'p Module,
        call: &ast::ExprCall,
    ) -> Result<Constraints, Reported> {
        let mut constraints = Constraints::default();
        let mut failed = false;
        if let Some(first) = call.arguments.args.first() {
            failed = true;
            self.report(module.diagnostic(
                DiagnosticCode::InvalidMarkerArgument,
                "`msgspec.Meta()` takes keyword arguments only",
                first.range(),
                "positional argument",
            ));
        }
        for keyword in &call.arguments.keywords {
            let is_doc = keyword
                .arg
                .as_ref()
                .is_some_and(|arg| META_DOC_KEYWORDS.contains(&arg.as_str()));
            if !is_doc {
                failed |= self
                    .constraint_keyword(module, keyword, &mut constraints, "Meta")
                    .is_err();
            }
        }
        if failed {
            Err(Reported)
        } else {
            Ok(constraints)
        }
    }

    /// One of `gt, ge, lt, le, multiple_of, min_length, max_length, pattern`.
    fn constraint_keyword(
        &mut self,
        module: &'p Module,
        keyword: &ast::Keyword,
        constraints: &mut Constraints,
        owner: &str,
    ) -> Result<(), Reported> {
        let Some(arg) = &keyword.arg else {
            return Err(self.report(module.diagnostic(
                DiagnosticCode::InvalidMarkerArgument,
                format!("`**` arguments of `{owner}()` cannot be read statically"),
                keyword.range(),
                "not a literal keyword",
            )));
        };
        let name = arg.as_str();
        match name {
            "gt" => constraints.gt = Some(self.number_argument(module, keyword)?),
            "ge" => constraints.ge = Some(self.number_argument(module, keyword)?),
            "lt" => constraints.lt = Some(self.number_argument(module, keyword)?),
            "le" => constraints.le = Some(self.number_argument(module, keyword)?),
            "multiple_of" => constraints.multiple_of = Some(self.number_argument(module, keyword)?),
            "min_length" => constraints.min_length = Some(self.length_argument(module, keyword)?),
            "max_length" => constraints.max_length = Some(self.length_argument(module, keyword)?),
            "pattern" => constraints.pattern = Some(self.pattern_argument(module, keyword)?),
            "tz" if owner == "Meta" => match &keyword.value {
                Expr::NoneLiteral(_) => {}
                value => {
                    constraints.tz = Some(literal::boolean(value).ok_or_else(|| {
                        self.report(invalid_literal(
                            module,
                            keyword,
                            "`True`, `False` or `None`",
                        ))
                    })?);
                }
            },
            _ => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidMarkerArgument,
                            format!("`{name}` is not an argument Bolt supports in `{owner}()`"),
                            arg.range(),
                            "unknown argument",
                        )
                        .with_help(
                            "`msgspec.Meta()` takes gt, ge, lt, le, multiple_of, pattern, min_length, max_length, tz, title, description, examples, extra_json_schema, extra",
                        ),
                ));
            }
        }
        Ok(())
    }

    fn string_argument<'k>(
        &mut self,
        module: &'p Module,
        keyword: &'k ast::Keyword,
    ) -> Result<&'k str, Reported> {
        literal::string(&keyword.value)
            .ok_or_else(|| self.report(invalid_literal(module, keyword, "a string literal")))
    }

    fn number_argument(
        &mut self,
        module: &'p Module,
        keyword: &ast::Keyword,
    ) -> Result<serde_json::Number, Reported> {
        literal::number(&keyword.value)
            .ok_or_else(|| self.report(invalid_literal(module, keyword, "an int or float literal")))
    }

    fn length_argument(
        &mut self,
        module: &'p Module,
        keyword: &ast::Keyword,
    ) -> Result<u64, Reported> {
        literal::integer(&keyword.value)
            .and_then(|length| u64::try_from(length).ok())
            .ok_or_else(|| {
                self.report(invalid_literal(
                    module,
                    keyword,
                    "a non-negative int literal",
                ))
            })
    }

    fn pattern_argument(
        &mut self,
        module: &'p Module,
        keyword: &ast::Keyword,
    ) -> Result<String, Reported> {
        let pattern = self.string_argument(module, keyword)?;
        match regex::Regex::new(pattern) {
            Ok(_) => Ok(pattern.to_owned()),
            Err(error) => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidPattern,
                        format!("`pattern` is not a regular expression Bolt can compile: {}", first_line(&error.to_string())),
                        keyword.value.range(),
                        "invalid pattern",
                    )
                    .with_help(
                        "Bolt validates patterns natively (Rust `regex` syntax): look-around and back-references are not available",
                    ),
            )),
        }
    }
}

/// The keyword arguments the marker of `source` takes (the signatures of `django_bolt.params`).
fn marker_keywords(source: ParamSource) -> &'static [&'static str] {
    match source {
        ParamSource::Query | ParamSource::Path => QUERY_PATH_KEYWORDS,
        ParamSource::Header | ParamSource::Cookie => HEADER_COOKIE_KEYWORDS,
        ParamSource::Body | ParamSource::Request | ParamSource::Depends => BODY_KEYWORDS,
    }
}

fn marker_keywords_help(name: &str, accepted: &[&str], keyword: &str) -> String {
    let takes = format!("`{name}()` takes {}", accepted.join(", "));
    if CONSTRAINT_KEYWORDS.contains(&keyword) {
        // A constraint the marker lacks: msgspec.Meta carries it on the type.
        format!(
            "{takes}; put the constraint on the type instead: `Annotated[T, msgspec.Meta({keyword}=...), {name}()]`"
        )
    } else {
        takes
    }
}

/// `Query(...)`/`Query(default=...)`: `...` means "required".
fn marker_default(expr: &Expr) -> Option<Option<Value>> {
    if literal::is_ellipsis(expr) {
        None
    } else {
        Some(literal::json(expr))
    }
}

fn invalid_literal(
    module: &Module,
    keyword: &ast::Keyword,
    expected: &str,
) -> crate::diagnostics::Diagnostic {
    let name = keyword.arg.as_ref().map_or("", |arg| arg.as_str());
    module
        .diagnostic(
            DiagnosticCode::InvalidMarkerArgument,
            format!("`{name}` must be {expected}"),
            keyword.value.range(),
            format!("expected {expected}"),
        )
        .with_help("Bolt reads constraints at build time, so they must be written as literals")
}

/// The regex crate's messages span several lines; the headline says what is wrong.
fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|line| line.starts_with("error:"))
        .map_or_else(
            || message.lines().next().unwrap_or_default().to_owned(),
            |line| line.trim_start_matches("error:").trim().to_owned(),
        )
}
