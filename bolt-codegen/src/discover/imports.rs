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
            "APIView",
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
            "status",
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
    (
        "django_bolt.status_codes",
        &[
            "HTTP_100_CONTINUE",
            "HTTP_101_SWITCHING_PROTOCOLS",
            "HTTP_102_PROCESSING",
            "HTTP_103_EARLY_HINTS",
            "HTTP_200_OK",
            "HTTP_201_CREATED",
            "HTTP_202_ACCEPTED",
            "HTTP_203_NON_AUTHORITATIVE_INFORMATION",
            "HTTP_204_NO_CONTENT",
            "HTTP_205_RESET_CONTENT",
            "HTTP_206_PARTIAL_CONTENT",
            "HTTP_207_MULTI_STATUS",
            "HTTP_208_ALREADY_REPORTED",
            "HTTP_226_IM_USED",
            "HTTP_300_MULTIPLE_CHOICES",
            "HTTP_301_MOVED_PERMANENTLY",
            "HTTP_302_FOUND",
            "HTTP_303_SEE_OTHER",
            "HTTP_304_NOT_MODIFIED",
            "HTTP_305_USE_PROXY",
            "HTTP_306_RESERVED",
            "HTTP_307_TEMPORARY_REDIRECT",
            "HTTP_308_PERMANENT_REDIRECT",
            "HTTP_400_BAD_REQUEST",
            "HTTP_401_UNAUTHORIZED",
            "HTTP_402_PAYMENT_REQUIRED",
            "HTTP_403_FORBIDDEN",
            "HTTP_404_NOT_FOUND",
            "HTTP_405_METHOD_NOT_ALLOWED",
            "HTTP_406_NOT_ACCEPTABLE",
            "HTTP_407_PROXY_AUTHENTICATION_REQUIRED",
            "HTTP_408_REQUEST_TIMEOUT",
            "HTTP_409_CONFLICT",
            "HTTP_410_GONE",
            "HTTP_411_LENGTH_REQUIRED",
            "HTTP_412_PRECONDITION_FAILED",
            "HTTP_413_REQUEST_ENTITY_TOO_LARGE",
            "HTTP_414_REQUEST_URI_TOO_LONG",
            "HTTP_415_UNSUPPORTED_MEDIA_TYPE",
            "HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE",
            "HTTP_417_EXPECTATION_FAILED",
            "HTTP_418_IM_A_TEAPOT",
            "HTTP_421_MISDIRECTED_REQUEST",
            "HTTP_422_UNPROCESSABLE_ENTITY",
            "HTTP_423_LOCKED",
            "HTTP_424_FAILED_DEPENDENCY",
            "HTTP_425_TOO_EARLY",
            "HTTP_426_UPGRADE_REQUIRED",
            "HTTP_428_PRECONDITION_REQUIRED",
            "HTTP_429_TOO_MANY_REQUESTS",
            "HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE",
            "HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS",
            "HTTP_500_INTERNAL_SERVER_ERROR",
            "HTTP_501_NOT_IMPLEMENTED",
            "HTTP_502_BAD_GATEWAY",
            "HTTP_503_SERVICE_UNAVAILABLE",
            "HTTP_504_GATEWAY_TIMEOUT",
            "HTTP_505_HTTP_VERSION_NOT_SUPPORTED",
            "HTTP_506_VARIANT_ALSO_NEGOTIATES",
            "HTTP_507_INSUFFICIENT_STORAGE",
            "HTTP_508_LOOP_DETECTED",
            "HTTP_510_NOT_EXTENDED",
            "HTTP_511_NETWORK_AUTHENTICATION_REQUIRED",
            "is_client_error",
            "is_error",
            "is_informational",
            "is_redirect",
            "is_server_error",
            "is_success",
        ],
    ),
    ("django_bolt.testing", &["AsyncTestClient", "TestClient"]),
    ("django_bolt.urls", &["django_route", "named_patterns"]),
    ("django_bolt.views", &["APIView"]),
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
