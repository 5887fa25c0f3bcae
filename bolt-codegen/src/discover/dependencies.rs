//! `Depends(fn, use_cache=True)`: the dependency graph of a route, resolved at build time.
//!
//! A dependency is a top-level function (sync or async) or class of the project; its own
//! parameters are discovered like a handler's, for the route at hand (a name that is one of
//! the route's path placeholders is a path parameter), so they are coerced natively too.
//! The route's [`Dependency`] list holds the calls callees first; a cached dependency
//! (`use_cache=True`, the default) has one entry per route however often it is depended on,
//! which is the per-request cache of django-bolt, decided here instead of per request.

use std::collections::BTreeMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::handler_kind::{BodyFacts, handler_kind};
use super::known::{MarkerName, TypeName};
use super::literal;
use super::path_template::Placeholder;
use super::project::{Binding, Module};
use super::resolve::Symbol;
use super::session::{Reported, Session};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{Dependency, Handler, HandlerKind};

const DEPENDENCY_KEYWORD: &str = "dependency";
const USE_CACHE_KEYWORD: &str = "use_cache";

/// What a `Depends(...)` call names, resolved where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DependsTarget {
    /// The dotted module defining the function or class.
    pub(crate) module: String,
    /// Its top-level name there.
    pub(crate) name: String,
    pub(crate) use_cache: bool,
}

/// The dependency calls of one route, as they are discovered.
#[derive(Debug, Default)]
pub(crate) struct RouteDependencies {
    pub(crate) calls: Vec<Dependency>,
    /// `module:name` of each cached call → its index.
    cached: BTreeMap<String, usize>,
    /// `module:name` of the dependencies being discovered, outermost first.
    trail: Vec<String>,
}

/// The function or class a dependency calls.
enum Callee<'p> {
    Function(&'p ast::StmtFunctionDef),
    Class(&'p ast::StmtClassDef),
}

/// How deep a chain of type aliases is followed to find `Annotated[T, Depends(fn)]`.
const MAX_ALIAS_DEPTH: usize = 8;

impl<'p> Session<'p> {
    /// The `Depends(...)` of a parameter: its default, or in its `Annotated[...]` (written
    /// inline or through type aliases). `None` when it has none.
    pub(crate) fn parameter_depends(
        &mut self,
        module: &'p Module,
        parameter: &'p ast::ParameterWithDefault,
    ) -> Result<Option<DependsTarget>, Reported> {
        if let Some(Expr::Call(call)) = parameter.default()
            && self.is_depends(module, &call.func)
        {
            return self.depends_target(module, call).map(Some);
        }
        match parameter.parameter.annotation() {
            Some(annotation) => self.annotated_depends(module, annotation, 0),
            None => Ok(None),
        }
    }

    fn annotated_depends(
        &mut self,
        module: &'p Module,
        expr: &'p Expr,
        depth: usize,
    ) -> Result<Option<DependsTarget>, Reported> {
        match expr {
            Expr::Subscript(subscript) => {
                let is_annotated = matches!(
                    self.resolver.resolve(module, &subscript.value),
                    Ok(Symbol::External(path)) if TypeName::of(&path) == Some(TypeName::Annotated)
                );
                let Expr::Tuple(items) = &*subscript.slice else {
                    return Ok(None);
                };
                if !is_annotated {
                    return Ok(None);
                }
                for item in items.elts.iter().skip(1) {
                    if let Expr::Call(call) = item
                        && self.is_depends(module, &call.func)
                    {
                        return self.depends_target(module, call).map(Some);
                    }
                }
                Ok(None)
            }
            Expr::Name(_) | Expr::Attribute(_) if depth < MAX_ALIAS_DEPTH => {
                match self.resolver.resolve(module, expr) {
                    Ok(Symbol::Value(owner, value)) => {
                        self.annotated_depends(owner, value, depth + 1)
                    }
                    _ => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    fn is_depends(&self, module: &'p Module, func: &Expr) -> bool {
        matches!(
            self.resolver.resolve(module, func),
            Ok(Symbol::External(path)) if MarkerName::of(&path) == Some(MarkerName::Depends)
        )
    }

    /// Reads `Depends(fn)` / `Depends(dependency=fn, use_cache=False)` written in `module`.
    pub(crate) fn depends_target(
        &mut self,
        module: &'p Module,
        call: &ast::ExprCall,
    ) -> Result<DependsTarget, Reported> {
        let mut callee = None;
        let mut use_cache = true;
        let mut failed = false;
        match &*call.arguments.args {
            [] => {}
            [first] => callee = Some(first),
            [_, extra, ..] => {
                failed = true;
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidDependency,
                            "`Depends()` takes one positional argument (the dependency)",
                            extra.range(),
                            "unexpected argument",
                        )
                        .with_help("pass `use_cache=` by keyword"),
                );
            }
        }
        for keyword in &call.arguments.keywords {
            match keyword.arg.as_ref().map(ast::Identifier::as_str) {
                Some(DEPENDENCY_KEYWORD) if callee.is_none() => callee = Some(&keyword.value),
                Some(USE_CACHE_KEYWORD) => match literal::boolean(&keyword.value) {
                    Some(flag) => use_cache = flag,
                    None => {
                        failed = true;
                        self.report(
                            module
                                .diagnostic(
                                    DiagnosticCode::InvalidDependency,
                                    "`use_cache=` must be `True` or `False`",
                                    keyword.value.range(),
                                    "not a literal bool",
                                )
                                .with_help("write the literal: the build decides caching"),
                        );
                    }
                },
                _ => {
                    failed = true;
                    self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::InvalidDependency,
                                format!(
                                    "`Depends()` does not take `{}`",
                                    &module.text()[keyword.range()]
                                ),
                                keyword.range(),
                                "unexpected argument",
                            )
                            .with_help("`Depends(dependency, use_cache=True)` is its signature"),
                    );
                }
            }
        }
        let Some(callee) = callee else {
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidDependency,
                        "`Depends()` needs the function to call",
                        call.range(),
                        "no dependency given",
                    )
                    .with_help("name it: `user = Depends(get_current_user)`"),
            ));
        };
        let target = self.callee_target(module, callee, use_cache);
        if failed { Err(Reported) } else { target }
    }

    fn callee_target(
        &mut self,
        module: &'p Module,
        callee: &Expr,
        use_cache: bool,
    ) -> Result<DependsTarget, Reported> {
        let not_followed = |module: &Module, what: &str| {
            module
                .diagnostic(
                    DiagnosticCode::InvalidDependency,
                    format!("dependency `{}` is {what}", &module.text()[callee.range()]),
                    callee.range(),
                    "not a function or class of the project",
                )
                .with_help(
                    "depend on a function or class defined at the top level of a module of \
                     this project: Bolt reads its parameters from its source",
                )
        };
        let symbol = match self.resolver.resolve(module, callee) {
            Ok(symbol) => symbol,
            Err(super::resolve::ResolveError::NotAName) => {
                return Err(self.report(not_followed(module, "not a name")));
            }
            Err(error) => {
                return Err(self.report_unresolved(module, callee.range(), error, "dependency"));
            }
        };
        let (owner, name) = match symbol {
            Symbol::Function(owner, function) => (owner, function.name.to_string()),
            Symbol::Class(owner, class) => (owner, class.name.to_string()),
            Symbol::External(path) => {
                return Err(self.report(not_followed(
                    module,
                    &format!("defined outside the project (`{path}`)"),
                )));
            }
            Symbol::Module(_) | Symbol::Value(..) => {
                return Err(self.report(not_followed(module, "not a function or class")));
            }
        };
        Ok(DependsTarget {
            module: owner.name().to_owned(),
            name,
            use_cache,
        })
    }

    /// The index in `deps` of the call of `target` for a route whose path has
    /// `placeholders`, discovering the dependency (and its own dependencies) on first use.
    pub(crate) fn dependency(
        &mut self,
        target: &DependsTarget,
        range: TextRange,
        placeholders: Option<&[Placeholder]>,
        deps: &mut RouteDependencies,
    ) -> Result<usize, Reported> {
        let key = format!("{}:{}", target.module, target.name);
        if target.use_cache
            && let Some(&index) = deps.cached.get(&key)
        {
            return Ok(index);
        }
        let (module, callee) = self.callee(target).ok_or(Reported)?;
        if deps.trail.contains(&key) {
            let mut cycle = deps.trail.clone();
            cycle.push(key.clone());
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidDependency,
                        format!("dependency `{}` depends on itself", target.name),
                        range,
                        "dependency cycle",
                    )
                    .with_note(format!("the chain: {}", cycle.join(" → ")))
                    .with_help("break the cycle: a dependency cannot need its own result"),
            ));
        }
        deps.trail.push(key.clone());
        let call = self.dependency_call(module, &callee, target, placeholders, deps);
        deps.trail.pop();
        let call = call?;
        let index = deps.calls.len();
        deps.calls.push(call);
        if target.use_cache {
            deps.cached.insert(key, index);
        }
        Ok(index)
    }

    fn callee(&self, target: &DependsTarget) -> Option<(&'p Module, Callee<'p>)> {
        let module = self.resolver.project().module(&target.module)?;
        match module.binding(&target.name)? {
            Binding::Function(function) => Some((module, Callee::Function(function))),
            Binding::Class(class) => Some((module, Callee::Class(class))),
            _ => None,
        }
    }

    fn dependency_call(
        &mut self,
        module: &'p Module,
        callee: &Callee<'p>,
        target: &DependsTarget,
        placeholders: Option<&[Placeholder]>,
        deps: &mut RouteDependencies,
    ) -> Result<Dependency, Reported> {
        let (kind, parameters, skip, range) = match callee {
            Callee::Function(function) => {
                let facts = BodyFacts::of(function);
                if facts.yields {
                    return Err(self.report(generator_dependency(module, function)));
                }
                (
                    handler_kind(function, facts),
                    Some(&*function.parameters),
                    0,
                    function.range(),
                )
            }
            Callee::Class(class) => match class_init(class) {
                Some(init) => (HandlerKind::Sync, Some(&*init.parameters), 1, class.range()),
                None if class.arguments.as_ref().is_none_or(|args| args.is_empty()) => {
                    (HandlerKind::Sync, None, 0, class.range())
                }
                None => return Err(self.report(inherited_init(module, class))),
            },
        };
        let located = match parameters {
            Some(parameters) => {
                self.signature_params(module, &target.name, parameters, skip, placeholders, deps)?
            }
            None => Vec::new(),
        };
        Ok(Dependency {
            function: Handler {
                module: target.module.clone(),
                qualname: target.name.clone(),
                kind,
            },
            use_cache: target.use_cache,
            params: located.into_iter().map(|located| located.param).collect(),
            span: module.span(range.start()),
        })
    }
}

/// The `__init__` defined in the body of `class`.
fn class_init(class: &ast::StmtClassDef) -> Option<&ast::StmtFunctionDef> {
    class.body.iter().find_map(|stmt| match stmt {
        Stmt::FunctionDef(function) if function.name.as_str() == "__init__" => Some(function),
        _ => None,
    })
}

fn generator_dependency(module: &Module, function: &ast::StmtFunctionDef) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::InvalidDependency,
            format!(
                "dependency `{}` is a generator; django-bolt calls a dependency once and \
                 passes its return value",
                function.name
            ),
            function.name.range(),
            "contains `yield`",
        )
        .with_help("return the value instead of yielding it")
}

fn inherited_init(module: &Module, class: &ast::StmtClassDef) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::InvalidDependency,
            format!(
                "dependency class `{}` inherits its `__init__`; Bolt reads the parameters of \
                 an `__init__` defined in the class itself",
                class.name
            ),
            class.name.range(),
            "no `__init__` of its own",
        )
        .with_help("define `__init__` in the class (it may call `super().__init__(...)`)")
}
