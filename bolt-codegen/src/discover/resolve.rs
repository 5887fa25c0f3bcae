//! Name resolution across the project's modules: what a name or `a.b.c` chain in an
//! annotation, a decorator or a class base refers to.
//!
//! Resolution is lazy and follows imports and `X = Y` aliases; a trail of the names being
//! resolved turns loops (`a` imports `X` from `b`, `b` from `a`) into an error instead of
//! a hang.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::TextRange;

use super::known::BUILTIN_NAMES;
use super::project::{Binding, Module, Project};

/// What a name refers to.
#[derive(Debug, Clone)]
pub(crate) enum Symbol<'p> {
    /// Something outside the project, by dotted path (`"msgspec.Struct"`,
    /// `"builtins.int"`, `"typing.Optional"`).
    External(String),
    /// A project module.
    Module(&'p Module),
    /// A top-level class of a project module.
    Class(&'p Module, &'p ast::StmtClassDef),
    /// A top-level function of a project module.
    Function(&'p Module, &'p ast::StmtFunctionDef),
    /// A module-level `X = value` whose value is not a plain name (e.g. a type alias
    /// `PositiveInt = Annotated[int, Meta(gt=0)]` or `api = BoltAPI()`).
    Value(&'p Module, &'p Expr),
}

/// Why a name could not be resolved.
#[derive(Debug, Clone)]
pub(crate) enum ResolveError<'p> {
    /// The name is neither defined, imported nor a builtin.
    Undefined { name: String },
    /// `module.name` where the project module has no such name.
    MissingMember { module: String, name: String },
    /// An import of the project that names a module or name that does not exist.
    BrokenImport {
        module: &'p Module,
        range: TextRange,
        target: String,
    },
    /// The name leads into a module with a syntax error (already reported).
    InvalidModule,
    /// The definition loops through imports or aliases.
    Cycle { name: String },
    /// `X: T` declared without a value.
    NoValue { name: String },
    /// The expression is not a name or a dotted chain of names.
    NotAName,
}

/// Names being resolved, outermost first: `(module, name)`.
type Trail = Vec<(String, String)>;

/// Resolves names against a loaded [`Project`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolver<'p> {
    project: &'p Project,
}

impl<'p> Resolver<'p> {
    pub(crate) fn new(project: &'p Project) -> Self {
        Self { project }
    }

    /// The project names are resolved in.
    pub(crate) fn project(&self) -> &'p Project {
        self.project
    }

    /// What the name or attribute chain `expr`, written in `module`, refers to.
    pub(crate) fn resolve(
        &self,
        module: &'p Module,
        expr: &Expr,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        self.resolve_expr(module, expr, &mut Trail::new())
    }

    fn resolve_expr(
        &self,
        module: &'p Module,
        expr: &Expr,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        match expr {
            Expr::Name(name) => self.lookup_name(module, name.id.as_str(), trail),
            Expr::Attribute(attribute) => {
                let base = self.resolve_expr(module, &attribute.value, trail)?;
                self.member(base, attribute.attr.as_str(), trail)
            }
            _ => Err(ResolveError::NotAName),
        }
    }

    fn lookup_name(
        &self,
        module: &'p Module,
        name: &str,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        if !module.is_valid() {
            return Err(ResolveError::InvalidModule);
        }
        match module.binding(name) {
            Some(binding) => self.resolve_binding(module, name, binding, trail),
            None if BUILTIN_NAMES.contains(&name) => {
                Ok(Symbol::External(format!("builtins.{name}")))
            }
            None => Err(ResolveError::Undefined {
                name: name.to_owned(),
            }),
        }
    }

    fn member(
        &self,
        base: Symbol<'p>,
        name: &str,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        match base {
            Symbol::External(path) => Ok(Symbol::External(format!("{path}.{name}"))),
            Symbol::Module(module) => self.module_member(module, name, trail),
            _ => Err(ResolveError::NotAName),
        }
    }

    fn module_member(
        &self,
        module: &'p Module,
        name: &str,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        if !module.is_valid() {
            return Err(ResolveError::InvalidModule);
        }
        if let Some(binding) = module.binding(name) {
            return self.resolve_binding(module, name, binding, trail);
        }
        let submodule = format!("{}.{name}", module.name());
        match self.project.module(&submodule) {
            Some(found) => Ok(Symbol::Module(found)),
            None => Err(ResolveError::MissingMember {
                module: module.name().to_owned(),
                name: name.to_owned(),
            }),
        }
    }

    fn resolve_binding(
        &self,
        module: &'p Module,
        name: &str,
        binding: Binding<'p>,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        let key = (module.name().to_owned(), name.to_owned());
        if trail.contains(&key) {
            return Err(ResolveError::Cycle {
                name: format!("{}.{name}", module.name()),
            });
        }
        trail.push(key);
        let resolved = self.follow_binding(module, name, binding, trail);
        trail.pop();
        resolved
    }

    fn follow_binding(
        &self,
        module: &'p Module,
        name: &str,
        binding: Binding<'p>,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        match binding {
            Binding::Import { target, range } => match self.project.module(target) {
                Some(found) => Ok(Symbol::Module(found)),
                None if self.project.owns(target) => Err(ResolveError::BrokenImport {
                    module,
                    range,
                    target: target.to_owned(),
                }),
                None => Ok(Symbol::External(target.to_owned())),
            },
            Binding::ImportFrom {
                module: from,
                level,
                name: imported,
                range,
            } => self.follow_import_from(module, from, level, imported, range, trail),
            Binding::Class(class) => Ok(Symbol::Class(module, class)),
            Binding::Function(function) => Ok(Symbol::Function(module, function)),
            Binding::Value(value @ (Expr::Name(_) | Expr::Attribute(_))) => {
                self.resolve_expr(module, value, trail)
            }
            Binding::Value(value) => Ok(Symbol::Value(module, value)),
            Binding::Declared => Err(ResolveError::NoValue {
                name: name.to_owned(),
            }),
        }
    }

    fn follow_import_from(
        &self,
        module: &'p Module,
        from: Option<&str>,
        level: u32,
        imported: &str,
        range: TextRange,
        trail: &mut Trail,
    ) -> Result<Symbol<'p>, ResolveError<'p>> {
        let written = format!("{}{}", ".".repeat(level as usize), from.unwrap_or_default());
        let Some(base) = module.absolute_module(level, from) else {
            return Err(ResolveError::BrokenImport {
                module,
                range,
                target: written,
            });
        };
        let submodule = format!("{base}.{imported}");
        if let Some(base_module) = self.project.module(&base) {
            return match self.module_member(base_module, imported, trail) {
                Err(ResolveError::MissingMember { .. }) => Err(ResolveError::BrokenImport {
                    module,
                    range,
                    target: submodule,
                }),
                other => other,
            };
        }
        if let Some(found) = self.project.module(&submodule) {
            return Ok(Symbol::Module(found));
        }
        if level > 0 || self.project.owns(&base) {
            return Err(ResolveError::BrokenImport {
                module,
                range,
                target: submodule,
            });
        }
        Ok(Symbol::External(submodule))
    }
}
