//! Imports of `django_bolt`: a module or name the package does not provide would fail at
//! import time in `runbolt` (`ImportError`) — most often a django-bolt feature Bolt does not
//! have yet (`django_bolt.auth`, `django_bolt.views`, ...). The build refuses it first, at the
//! import, naming what is missing (B0405).

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};

use super::project::{Module, Project};
use super::session::Session;
use crate::diagnostics::DiagnosticCode;

const PACKAGE: &str = "django_bolt";
const STAR: &str = "*";

/// The modules of the `django_bolt` package Bolt provides, each with the names it exports
/// (its `__all__`), sorted. `python/tests/provided_names.json` is the same table: a test here
/// and one in `python/tests/test_provided_names.py` keep the three equal.
pub const PROVIDED_MODULES: &[(&str, &[&str])] = &[
    (
        "django_bolt",
        &[
            "BadGateway",
            "BadRequest",
            "Body",
            "BoltAPI",
            "ClientException",
            "Conflict",
            "Cookie",
            "Depends",
            "File",
            "Forbidden",
            "Form",
            "GatewayTimeout",
            "Gone",
            "HTML",
            "HTTPException",
            "Header",
            "InternalServerError",
            "JSON",
            "MethodNotAllowed",
            "NotAcceptable",
            "NotFound",
            "NotImplemented",
            "OpenAPIConfig",
            "Param",
            "Path",
            "PlainText",
            "Query",
            "Redirect",
            "Request",
            "RequestValidationError",
            "Response",
            "ResponseValidationError",
            "Router",
            "ServerException",
            "ServiceUnavailable",
            "StaleBuildError",
            "TooManyRequests",
            "Unauthorized",
            "UnprocessableEntity",
            "ValidationException",
            "__version__",
        ],
    ),
    (
        "django_bolt.api",
        &[
            "BoltAPI",
            "METHODS",
            "RouteDecorators",
            "RouteOptions",
            "RouteSpec",
            "UNSET",
            "UnsupportedFeatureError",
            "checked_route_options",
        ],
    ),
    (
        "django_bolt.error_handlers",
        &[
            "BoltError",
            "ErrorFormatter",
            "ProblemDetails",
            "ProblemFieldError",
            "bolt_error_from_exception",
            "error_schema",
            "format_core_error",
            "format_exception",
            "problem_details",
        ],
    ),
    (
        "django_bolt.exceptions",
        &[
            "BadGateway",
            "BadRequest",
            "BoltException",
            "ClientException",
            "Conflict",
            "Forbidden",
            "GatewayTimeout",
            "Gone",
            "HTTPException",
            "InternalServerError",
            "MethodNotAllowed",
            "NotAcceptable",
            "NotFound",
            "NotImplemented",
            "RequestValidationError",
            "ResponseValidationError",
            "SerializationError",
            "ServerException",
            "ServiceUnavailable",
            "StaleBuildError",
            "TooManyRequests",
            "Unauthorized",
            "UnprocessableEntity",
            "ValidationException",
        ],
    ),
    ("django_bolt.openapi", &["OpenAPIConfig"]),
    (
        "django_bolt.param_functions",
        &[
            "Body", "Cookie", "Depends", "File", "Form", "Header", "Path", "Query",
        ],
    ),
    (
        "django_bolt.params",
        &[
            "Body", "Cookie", "Depends", "File", "Form", "Header", "Param", "Path", "Query",
            "SOURCES",
        ],
    ),
    ("django_bolt.request", &["REQUEST_PARAM_NAMES", "Request"]),
    (
        "django_bolt.responses",
        &[
            "CookieMixin",
            "HTML",
            "JSON",
            "PlainText",
            "RESPONSE_CLASSES",
            "Redirect",
            "Response",
        ],
    ),
    ("django_bolt.router", &["DeclaredRoute", "Router"]),
    ("django_bolt.testing", &["AsyncTestClient", "TestClient"]),
    ("django_bolt.urls", &["django_route", "named_patterns"]),
];

/// The names `module` provides, when Bolt provides the module.
fn provided(module: &str) -> Option<&'static [&'static str]> {
    PROVIDED_MODULES
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, names)| *names)
}

fn is_bolt_module(module: &str) -> bool {
    module == PACKAGE
        || module
            .strip_prefix(PACKAGE)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl Session<'_> {
    /// Reports every top-level import of a `django_bolt` module or name that the package does
    /// not provide, in every loaded module.
    pub(crate) fn check_bolt_imports(&mut self, project: &Project) {
        for module in project.modules().filter(|module| module.is_valid()) {
            for stmt in module.suite() {
                match stmt {
                    Stmt::ImportFrom(import) if import.level == 0 => {
                        let Some(from) = import.module.as_ref().map(|m| m.as_str()) else {
                            continue;
                        };
                        if !is_bolt_module(from) {
                            continue;
                        }
                        let Some(names) = provided(from) else {
                            self.report_missing_module(module, from, import.range());
                            continue;
                        };
                        for alias in &import.names {
                            let name = alias.name.as_str();
                            let submodule = format!("{from}.{name}");
                            if name != STAR
                                && !names.contains(&name)
                                && provided(&submodule).is_none()
                            {
                                self.report_missing_name(module, from, name, alias.range());
                            }
                        }
                    }
                    Stmt::Import(import) => {
                        for alias in &import.names {
                            let name = alias.name.as_str();
                            if is_bolt_module(name) && provided(name).is_none() {
                                self.report_missing_module(module, name, alias.range());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn report_missing_module(&mut self, module: &Module, missing: &str, range: TextRange) {
        self.report(
            module
                .diagnostic(
                    DiagnosticCode::MissingBoltName,
                    format!("Bolt does not provide the module `{missing}` yet"),
                    range,
                    "not in Bolt's `django_bolt`",
                )
                .with_help(format!(
                    "Bolt provides {}; the features of `{missing}` come in later versions, and this project cannot be built with Bolt until then",
                    provided_list()
                )),
        );
    }

    fn report_missing_name(&mut self, module: &Module, from: &str, name: &str, range: TextRange) {
        self.report(
            module
                .diagnostic(
                    DiagnosticCode::MissingBoltName,
                    format!("Bolt does not provide `{name}` in `{from}` yet"),
                    range,
                    "not in Bolt's `django_bolt`",
                )
                .with_help(format!(
                    "`{from}` provides: {}",
                    provided(from).unwrap_or_default().join(", ")
                )),
        );
    }
}

/// The provided modules, for messages.
fn provided_list() -> String {
    PROVIDED_MODULES
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table as JSON (module → names), the form `python/tests/provided_names.json` holds.
pub fn provided_names_json() -> String {
    let table: std::collections::BTreeMap<&str, &[&str]> =
        PROVIDED_MODULES.iter().copied().collect();
    let mut json = serde_json::to_string_pretty(&table).unwrap_or_default();
    json.push('\n');
    json
}
