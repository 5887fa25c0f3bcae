//! `X = BoltAPI(prefix="/api")` assignments: which APIs are built, and their prefixes.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::ApiSelection;
use super::known;
use super::literal;
use super::project::{Binding, Module, Project};
use super::resolve::Symbol;
use super::routers::PrefixOf;
use super::session::{Reported, Session};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{Api, ErrorBody, ErrorFormatter, OpenApiInfo, TrailingSlash};

/// Where `[tool.bolt] apis = [...]` is configured.
const CONFIG_FILE: &str = "pyproject.toml";
const PREFIX_KEYWORD: &str = "prefix";
const NAMESPACE_KEYWORD: &str = "namespace";
const VALIDATE_RESPONSE_KEYWORD: &str = "validate_response";
const TRAILING_SLASH_KEYWORD: &str = "trailing_slash";
const ERROR_FORMATTER_KEYWORD: &str = "error_formatter";
const INCLUDE_IN_SCHEMA_KEYWORD: &str = "include_in_schema";
const ENABLE_LOGGING_KEYWORD: &str = "enable_logging";
const COMPRESSION_KEYWORD: &str = "compression";
/// The formatter `django_bolt.error_handlers` provides.
const PROBLEM_DETAILS: (&str, &str) = ("django_bolt.error_handlers", "problem_details");
const OPENAPI_CONFIG_KEYWORD: &str = "openapi_config";

/// One API to build, with the module its routes are read from.
#[derive(Debug, Clone)]
pub(crate) struct ApiDecl<'p> {
    pub(crate) module: &'p Module,
    pub(crate) api: Api,
    /// The `BoltAPI(...)` call: the API's identity for route decorators and includes.
    pub(crate) definition: ruff_text_size::TextRange,
    /// `include_in_schema=`: its routes' default (applied to their `operation.hidden`).
    pub(crate) include_in_schema: Option<bool>,
}

impl<'p> Session<'p> {
    /// The selected APIs, sorted by `(module, name)`.
    pub(crate) fn find_apis(
        &mut self,
        project: &'p Project,
        selection: &ApiSelection,
    ) -> Vec<ApiDecl<'p>> {
        let mut apis = match selection {
            ApiSelection::Scan(modules) => modules
                .iter()
                .flat_map(|name| self.scan_module(project, name))
                .collect(),
            ApiSelection::Explicit(entries) => entries
                .iter()
                .filter_map(|(module, name)| self.explicit_api(project, module, name))
                .collect::<Vec<_>>(),
        };
        apis.sort_by(|a, b| (&a.api.module, &a.api.name).cmp(&(&b.api.module, &b.api.name)));
        apis.dedup_by(|a, b| a.api.module == b.api.module && a.api.name == b.api.name);
        apis
    }

    fn scan_module(&mut self, project: &'p Project, name: &str) -> Vec<ApiDecl<'p>> {
        let Some(module) = project.module(name) else {
            self.report(
                Diagnostic::in_file(
                    DiagnosticCode::ModuleNotFound,
                    format!("module `{name}` is not part of the project"),
                    &module_file_guess(name),
                )
                .with_help("check the module name; it must be importable from the project root"),
            );
            return Vec::new();
        };
        let mut names: Vec<&str> = module
            .bindings()
            .into_iter()
            .map(|(bound, _)| bound)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .filter_map(|bound| {
                let call = self.bolt_api_call(module, bound)?;
                Some(self.api_decl(module, bound, call))
            })
            .collect()
    }

    fn explicit_api(
        &mut self,
        project: &'p Project,
        module_name: &str,
        name: &str,
    ) -> Option<ApiDecl<'p>> {
        let Some(module) = project.module(module_name) else {
            self.report(
                Diagnostic::in_file(
                    DiagnosticCode::ApiNotFound,
                    format!("API `{module_name}:{name}` not found: module `{module_name}` is not part of the project"),
                    CONFIG_FILE,
                )
                .with_help("fix `[tool.bolt] apis` in pyproject.toml: entries are `\"package.module:variable\"`"),
            );
            return None;
        };
        if !module.is_valid() {
            return None;
        }
        match self.bolt_api_call(module, name) {
            Some(call) => Some(self.api_decl(module, name, call)),
            None => {
                self.report(
                    Diagnostic::in_file(
                        DiagnosticCode::ApiNotFound,
                        format!("API `{module_name}:{name}` not found: `{name}` is not assigned `BoltAPI(...)` at the top level of `{module_name}`"),
                        module.path(),
                    )
                    .with_help(format!("add `{name} = BoltAPI()` to the module, or fix `[tool.bolt] apis` in pyproject.toml")),
                );
                None
            }
        }
    }

    /// The `BoltAPI(...)` call `name` is bound to in `module`, if it is one.
    fn bolt_api_call(&self, module: &'p Module, name: &str) -> Option<&'p ast::ExprCall> {
        let Some(Binding::Value(Expr::Call(call))) = module.binding(name) else {
            return None;
        };
        match self.resolver.resolve(module, &call.func) {
            Ok(Symbol::External(path)) if known::is_bolt_api(&path) => Some(call),
            _ => None,
        }
    }

    /// The API even when its arguments are wrong (they are reported), so its routes are
    /// still checked.
    fn api_decl(&mut self, module: &'p Module, name: &str, call: &'p ast::ExprCall) -> ApiDecl<'p> {
        if let Some(first) = call.arguments.args.first() {
            self.report(unsupported_argument(
                module,
                first.range(),
                "positional arguments",
            ));
        }
        let mut prefix = String::new();
        let mut namespace = None;
        let mut validate_response = true;
        let mut openapi = None;
        let mut trailing_slash = TrailingSlash::Strip;
        let mut error_formatter = None;
        let mut include_in_schema = None;
        for keyword in &call.arguments.keywords {
            match keyword.arg.as_ref().map(|arg| arg.as_str()) {
                Some(TRAILING_SLASH_KEYWORD) => {
                    let mode = literal::string(&keyword.value).and_then(|text| {
                        TrailingSlash::ALL
                            .iter()
                            .find(|(name, _)| *name == text)
                            .map(|(_, mode)| *mode)
                    });
                    match mode {
                        Some(mode) => trailing_slash = mode,
                        None => {
                            self.report(
                                module
                                    .diagnostic(
                                        DiagnosticCode::UnsupportedApiArgument,
                                        "`trailing_slash=` must be \"strip\", \"append\" or \"keep\"",
                                        keyword.value.range(),
                                        "not one of the modes",
                                    )
                                    .with_help("write the mode literally: `BoltAPI(trailing_slash=\"append\")`"),
                            );
                        }
                    }
                }
                Some(PREFIX_KEYWORD) => {
                    prefix = self
                        .literal_prefix(module, &keyword.value, PrefixOf::Api)
                        .unwrap_or_default();
                }
                Some(VALIDATE_RESPONSE_KEYWORD) => match literal::boolean(&keyword.value) {
                    Some(value) => validate_response = value,
                    None => {
                        self.report(
                            module
                                .diagnostic(
                                    DiagnosticCode::UnsupportedApiArgument,
                                    "`validate_response=` must be `True` or `False`",
                                    keyword.value.range(),
                                    "not a literal",
                                )
                                .with_help("write the literal: `BoltAPI(validate_response=False)`"),
                        );
                    }
                },
                Some(INCLUDE_IN_SCHEMA_KEYWORD) => match literal::boolean(&keyword.value) {
                    Some(flag) => include_in_schema = Some(flag),
                    None => {
                        self.report_not_literal_bool(module, keyword, INCLUDE_IN_SCHEMA_KEYWORD)
                    }
                },
                // Access logging comes with the middleware layers; either value builds (the
                // flag is honoured once there is a log to switch).
                Some(ENABLE_LOGGING_KEYWORD) => {
                    if literal::boolean(&keyword.value).is_none() {
                        self.report_not_literal_bool(module, keyword, ENABLE_LOGGING_KEYWORD);
                    }
                }
                // No compression is what Bolt does today; a compression config is not compiled yet.
                Some(COMPRESSION_KEYWORD)
                    if matches!(&keyword.value, Expr::NoneLiteral(_))
                        || literal::boolean(&keyword.value) == Some(false) => {}
                Some(ERROR_FORMATTER_KEYWORD) => {
                    error_formatter = self.error_formatter(module, &keyword.value);
                }
                Some(OPENAPI_CONFIG_KEYWORD) => {
                    openapi = self.openapi_config(module, &keyword.value).ok();
                }
                Some(NAMESPACE_KEYWORD) => match literal::string(&keyword.value) {
                    Some(text) => namespace = Some(text.to_owned()),
                    None => {
                        self.report(
                            module
                                .diagnostic(
                                    DiagnosticCode::UnsupportedApiArgument,
                                    "`namespace=` must be a string literal",
                                    keyword.value.range(),
                                    "not a literal",
                                )
                                .with_help(
                                    "write the namespace inline: `BoltAPI(namespace=\"shop\")`",
                                ),
                        );
                    }
                },
                Some(other) => {
                    self.report(unsupported_argument(
                        module,
                        keyword.range(),
                        &format!("`{other}=`"),
                    ));
                }
                None => {
                    self.report(unsupported_argument(
                        module,
                        keyword.range(),
                        "`**` arguments",
                    ));
                }
            }
        }
        let api = Api {
            module: module.name().to_owned(),
            name: name.to_owned(),
            prefix,
            namespace,
            validate_response,
            trailing_slash,
            error_formatter,
            openapi,
            span: module.span(call.range().start()),
        };
        ApiDecl {
            module,
            api,
            definition: call.range(),
            include_in_schema,
        }
    }
}

impl<'p> Session<'p> {
    /// `OpenAPIConfig(title="...", version="...", description=..., summary=...,
    /// terms_of_service=...)` with literal strings; anything else is reported.
    fn openapi_config(
        &mut self,
        module: &'p Module,
        value: &Expr,
    ) -> Result<OpenApiInfo, Reported> {
        let not_compiled = |session: &mut Self, range, what: &str| {
            session.report(
                module
                    .diagnostic(
                        DiagnosticCode::UnsupportedApiArgument,
                        format!("Bolt does not compile {what} in `OpenAPIConfig(...)` yet"),
                        range,
                        "not compiled yet",
                    )
                    .with_help("Bolt compiles `OpenAPIConfig(title=\"...\", version=\"...\", description=\"...\", summary=\"...\", terms_of_service=\"...\")` with literal strings; the docs UI and path are the `BOLT_DOCS`/`BOLT_DOCS_PATH` settings"),
            )
        };
        let call = match value {
            Expr::Call(call)
                if matches!(
                    self.resolver.resolve(module, &call.func),
                    Ok(Symbol::External(path)) if known::is_openapi_config(&path)
                ) =>
            {
                call
            }
            _ => {
                return Err(not_compiled(
                    self,
                    value.range(),
                    "anything but an inline call",
                ));
            }
        };
        let mut fields: [(&str, Option<String>); 5] = [
            ("title", None),
            ("version", None),
            ("summary", None),
            ("description", None),
            ("terms_of_service", None),
        ];
        let mut failed = false;
        for arg in &call.arguments.args {
            failed = true;
            not_compiled(self, arg.range(), "positional arguments");
        }
        for keyword in &call.arguments.keywords {
            let name = keyword.arg.as_deref().unwrap_or("**");
            let slot = fields.iter_mut().find(|(field, _)| *field == name);
            match (slot, literal::string(&keyword.value)) {
                (Some((_, slot)), Some(text)) => *slot = Some(text.to_owned()),
                (Some(_), None) => {
                    failed = true;
                    not_compiled(
                        self,
                        keyword.value.range(),
                        &format!("a non-literal `{name}=`"),
                    );
                }
                (None, _) => {
                    failed = true;
                    not_compiled(self, keyword.range(), &format!("`{name}=`"));
                }
            }
        }
        if failed {
            return Err(Reported);
        }
        let [
            (_, title),
            (_, version),
            (_, summary),
            (_, description),
            (_, terms_of_service),
        ] = fields;
        let (Some(title), Some(version)) = (title, version) else {
            return Err(not_compiled(
                self,
                call.range(),
                "a config without `title=` and `version=`",
            ));
        };
        Ok(OpenApiInfo {
            title,
            version,
            summary,
            description,
            terms_of_service,
        })
    }
}

impl<'p> Session<'p> {
    fn report_not_literal_bool(&mut self, module: &'p Module, keyword: &ast::Keyword, name: &str) {
        self.report(
            module
                .diagnostic(
                    DiagnosticCode::UnsupportedApiArgument,
                    format!("`{name}=` must be `True` or `False`"),
                    keyword.value.range(),
                    "not a literal",
                )
                .with_help(format!("write the literal: `BoltAPI({name}=False)`")),
        );
    }

    /// `error_formatter=`: a top-level function of the project, or
    /// `django_bolt.error_handlers.problem_details`; `None` is no formatter.
    fn error_formatter(&mut self, module: &'p Module, value: &'p Expr) -> Option<ErrorFormatter> {
        if matches!(value, Expr::NoneLiteral(_)) {
            return None;
        }
        match self.resolver.resolve(module, value) {
            Ok(Symbol::Function(owner, function)) => Some(ErrorFormatter {
                module: owner.name().to_owned(),
                qualname: function.name.to_string(),
                body: ErrorBody::Undocumented,
            }),
            Ok(Symbol::External(path))
                if path == format!("{}.{}", PROBLEM_DETAILS.0, PROBLEM_DETAILS.1) =>
            {
                Some(ErrorFormatter {
                    module: PROBLEM_DETAILS.0.to_owned(),
                    qualname: PROBLEM_DETAILS.1.to_owned(),
                    body: ErrorBody::ProblemDetails,
                })
            }
            _ => {
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedApiArgument,
                            "`error_formatter=` must name a function: one defined at the top level of a project module, or `problem_details` from `django_bolt.error_handlers`",
                            value.range(),
                            "not a function the build can follow",
                        )
                        .with_help("define `def format_error(error, request): ...` in a module of the project and pass its name"),
                );
                None
            }
        }
    }
}

fn unsupported_argument(
    module: &Module,
    range: ruff_text_size::TextRange,
    what: &str,
) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::UnsupportedApiArgument,
            format!("Bolt does not support {what} in `BoltAPI(...)` yet"),
            range,
            "not supported yet",
        )
        .with_help("Bolt compiles `BoltAPI(prefix=\"/...\", trailing_slash=..., namespace=\"...\", validate_response=..., openapi_config=...)`; other options come in later versions")
}

/// `shop.api` → `shop/api.py`, for a diagnostic about a module that could not be read.
fn module_file_guess(name: &str) -> String {
    format!("{}.py", name.replace('.', "/"))
}
