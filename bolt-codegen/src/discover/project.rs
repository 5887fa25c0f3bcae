//! The project's parsed modules: every API module and every project module reachable from
//! them by imports, loaded once (a visited set makes import cycles harmless).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use ruff_python_ast::{self as ast, Expr, ModModule, PySourceType, Stmt};
use ruff_python_parser::{Parsed, parse_unchecked_source};
use ruff_source_file::{LineIndex, OneIndexed};
use ruff_text_size::{TextRange, TextSize};

use super::{ModuleSource, SourceFile};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::Span;

/// File name that makes a directory a package.
const PACKAGE_INIT: &str = "__init__.py";
/// `from m import *`: binds nothing discovery can name.
const STAR_IMPORT: &str = "*";

/// One parsed project module.
#[derive(Debug)]
pub(crate) struct Module {
    name: String,
    file: SourceFile,
    index: LineIndex,
    parsed: Parsed<ModModule>,
    is_package: bool,
}

/// What a module-level name is bound to, as written (not yet resolved).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Binding<'a> {
    /// `import a.b` binds `a` to module `a`; `import a.b as m` binds `m` to module `a.b`.
    Import {
        target: &'a str,
        range: TextRange,
    },
    /// `from X import name [as alias]`; `module` is `None` when a relative import climbs
    /// above the top-level package.
    ImportFrom {
        module: Option<&'a str>,
        level: u32,
        name: &'a str,
        range: TextRange,
    },
    Class(&'a ast::StmtClassDef),
    Function(&'a ast::StmtFunctionDef),
    /// `X = value`, `X: T = value`, `type X = value`.
    Value(&'a Expr),
    /// `X: T` without a value.
    Declared,
}

impl Module {
    fn parse(name: &str, file: SourceFile) -> Self {
        let parsed = parse_unchecked_source(&file.text, PySourceType::Python);
        let index = LineIndex::from_source_text(&file.text);
        let is_package = file.path == PACKAGE_INIT || file.path.ends_with("/__init__.py");
        Self {
            name: name.to_owned(),
            file,
            index,
            parsed,
            is_package,
        }
    }

    /// Dotted module name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Project-relative path of the file.
    pub(crate) fn path(&self) -> &str {
        &self.file.path
    }

    /// The source text.
    pub(crate) fn text(&self) -> &str {
        &self.file.text
    }

    /// Top-level statements.
    pub(crate) fn suite(&self) -> &[Stmt] {
        self.parsed.suite()
    }

    /// False when the file has a syntax error (its names are then not resolved).
    pub(crate) fn is_valid(&self) -> bool {
        self.parsed.has_valid_syntax()
    }

    /// The first syntax error of the file, as Python would report it on import.
    fn syntax_error(&self) -> Option<Diagnostic> {
        let error = self.parsed.errors().first()?;
        let diagnostic = self
            .diagnostic(
                DiagnosticCode::SyntaxError,
                format!("invalid Python syntax: {}", error.error),
                error.location,
                "syntax error",
            )
            .with_help("fix the syntax error; the module cannot be imported as it is");
        Some(diagnostic)
    }

    /// The 1-based line/column of a byte offset.
    pub(crate) fn span(&self, offset: TextSize) -> Span {
        let location = self.index.line_column(offset, self.text());
        Span {
            file: self.file.path.clone(),
            line: to_u32(location.line.get()),
            column: to_u32(location.column.get()),
        }
    }

    /// A diagnostic highlighting `range` (clipped to its first line).
    pub(crate) fn diagnostic(
        &self,
        code: DiagnosticCode,
        message: impl Into<String>,
        range: TextRange,
        label: impl Into<String>,
    ) -> Diagnostic {
        let span = self.span(range.start());
        let line_index = OneIndexed::new(span.line as usize).unwrap_or(OneIndexed::MIN);
        let line_range = self.index.line_range(line_index, self.text());
        let source_line = self.text()[line_range].trim_end_matches(['\n', '\r']);
        let end = range
            .end()
            .min(line_range.start() + TextSize::of(source_line));
        let width = self.text()[TextRange::new(range.start(), end.max(range.start()))]
            .chars()
            .count();
        Diagnostic::new(code, message, span, to_u32(width), source_line, label)
    }

    /// What `name` is bound to at module level (the last binding wins, as at run time).
    pub(crate) fn binding(&self, name: &str) -> Option<Binding<'_>> {
        self.bindings()
            .into_iter()
            .rev()
            .find(|(bound, _)| *bound == name)
            .map(|(_, b)| b)
    }

    /// Every module-level binding in source order (including those inside top-level `if`
    /// and `try` blocks, e.g. `if TYPE_CHECKING:` imports).
    pub(crate) fn bindings(&self) -> Vec<(&str, Binding<'_>)> {
        module_level_statements(self.suite())
            .into_iter()
            .flat_map(statement_bindings)
            .collect()
    }

    /// The absolute name of `from <level dots><module> import ...` in this module.
    pub(crate) fn absolute_module(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(str::to_owned);
        }
        let mut parts: Vec<&str> = self.name.split('.').collect();
        if !self.is_package {
            parts.pop();
        }
        for _ in 1..level {
            parts.pop()?;
        }
        if parts.is_empty() {
            return None;
        }
        parts.extend(module);
        Some(parts.join("."))
    }

    /// Modules this one may import: every prefix of `import a.b.c`, the module of
    /// `from m import n` and the possible submodule `m.n`.
    fn imported_modules(&self) -> Vec<String> {
        let mut targets = Vec::new();
        for (_, binding) in self.bindings() {
            match binding {
                Binding::Import { target, .. } => targets.extend(dotted_prefixes(target)),
                Binding::ImportFrom {
                    module,
                    level,
                    name,
                    ..
                } => {
                    if let Some(base) = self.absolute_module(level, module) {
                        targets.push(format!("{base}.{name}"));
                        targets.push(base);
                    }
                }
                _ => {}
            }
        }
        targets.extend(self.full_import_targets());
        targets
    }

    /// `import a.b.c` also loads `a.b.c` (the binding only names `a`).
    fn full_import_targets(&self) -> Vec<String> {
        module_level_statements(self.suite())
            .into_iter()
            .filter_map(|stmt| stmt.as_import_stmt())
            .flat_map(|import| import.names.iter().map(|alias| alias.name.to_string()))
            .collect()
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn dotted_prefixes(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split('.').collect();
    (1..=parts.len())
        .map(|end| parts[..end].join("."))
        .collect()
}

/// Top-level statements, descending into `if`/`try` blocks (conditional imports).
fn module_level_statements(suite: &[Stmt]) -> Vec<&Stmt> {
    let mut statements = Vec::new();
    for stmt in suite {
        match stmt {
            Stmt::If(block) => {
                statements.extend(module_level_statements(&block.body));
                for clause in &block.elif_else_clauses {
                    statements.extend(module_level_statements(&clause.body));
                }
            }
            Stmt::Try(block) => {
                statements.extend(module_level_statements(&block.body));
                for handler in &block.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    statements.extend(module_level_statements(&handler.body));
                }
                statements.extend(module_level_statements(&block.orelse));
                statements.extend(module_level_statements(&block.finalbody));
            }
            other => statements.push(other),
        }
    }
    statements
}

fn statement_bindings(stmt: &Stmt) -> Vec<(&str, Binding<'_>)> {
    match stmt {
        Stmt::Import(import) => import
            .names
            .iter()
            .map(|alias| match &alias.asname {
                Some(asname) => (
                    asname.as_str(),
                    Binding::Import {
                        target: alias.name.as_str(),
                        range: alias.range,
                    },
                ),
                None => {
                    let top = alias.name.as_str().split('.').next().unwrap_or_default();
                    (
                        top,
                        Binding::Import {
                            target: top,
                            range: alias.range,
                        },
                    )
                }
            })
            .collect(),
        Stmt::ImportFrom(import) => import
            .names
            .iter()
            .filter(|alias| alias.name.as_str() != STAR_IMPORT)
            .map(|alias| {
                let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                let binding = Binding::ImportFrom {
                    module: import.module.as_ref().map(|module| module.as_str()),
                    level: import.level,
                    name: alias.name.as_str(),
                    range: alias.range,
                };
                (bound, binding)
            })
            .collect(),
        Stmt::ClassDef(class) => vec![(class.name.as_str(), Binding::Class(class))],
        Stmt::FunctionDef(function) => vec![(function.name.as_str(), Binding::Function(function))],
        Stmt::Assign(assign) => match assign.targets.as_slice() {
            [Expr::Name(target)] => vec![(target.id.as_str(), Binding::Value(&assign.value))],
            _ => Vec::new(),
        },
        Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
            (Expr::Name(target), Some(value)) => vec![(target.id.as_str(), Binding::Value(value))],
            (Expr::Name(target), None) => vec![(target.id.as_str(), Binding::Declared)],
            _ => Vec::new(),
        },
        Stmt::TypeAlias(alias) => match &*alias.name {
            Expr::Name(target) => vec![(target.id.as_str(), Binding::Value(&alias.value))],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Every loaded module of the project.
#[derive(Debug)]
pub(crate) struct Project {
    modules: BTreeMap<String, Module>,
    /// First components of the project's module names (`shop` for `shop.api`).
    top_level: BTreeSet<String>,
}

impl Project {
    /// Loads `roots` and every project module they import, transitively. Returns the
    /// project and one diagnostic per file with a syntax error.
    pub(crate) fn load(source: &dyn ModuleSource, roots: &[String]) -> (Self, Vec<Diagnostic>) {
        let mut modules = BTreeMap::new();
        let mut queue: VecDeque<String> = roots.iter().cloned().collect();
        let mut seen = BTreeSet::new();
        let mut diagnostics = Vec::new();
        while let Some(name) = queue.pop_front() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(file) = source.read_module(&name) else {
                continue;
            };
            let module = Module::parse(&name, file);
            diagnostics.extend(module.syntax_error());
            if module.is_valid() {
                queue.extend(module.imported_modules());
            }
            modules.insert(name, module);
        }
        let top_level = roots
            .iter()
            .chain(modules.keys())
            .filter_map(|name| name.split('.').next())
            .map(str::to_owned)
            .collect();
        (Self { modules, top_level }, diagnostics)
    }

    /// Every loaded module, sorted by name.
    pub(crate) fn modules(&self) -> impl Iterator<Item = &Module> {
        self.modules.values()
    }

    /// A loaded project module.
    pub(crate) fn module(&self, name: &str) -> Option<&Module> {
        self.modules.get(name)
    }

    /// True when `dotted` lives in one of the project's top-level packages, so a missing
    /// module there is an error rather than a third-party import.
    pub(crate) fn owns(&self, dotted: &str) -> bool {
        dotted
            .split('.')
            .next()
            .is_some_and(|top| self.top_level.contains(top))
    }
}

#[cfg(test)]
mod tests {
    use ruff_text_size::Ranged;

    use super::*;

    fn module(name: &str, path: &str, text: &str) -> Module {
        Module::parse(
            name,
            SourceFile {
                path: path.into(),
                text: text.into(),
            },
        )
    }

    #[test]
    fn test_absolute_module_relative_to_package() {
        let api = module("shop.api", "shop/api.py", "");
        assert_eq!(
            api.absolute_module(1, Some("schemas")).as_deref(),
            Some("shop.schemas")
        );
        assert_eq!(api.absolute_module(1, None).as_deref(), Some("shop"));
        assert_eq!(api.absolute_module(2, Some("x")), None);
        let package = module("shop", "shop/__init__.py", "");
        assert_eq!(
            package.absolute_module(1, Some("m")).as_deref(),
            Some("shop.m")
        );
    }

    #[test]
    fn test_binding_last_assignment_wins() {
        let m = module("m", "m.py", "X = 1\nif True:\n    X = 2\n");
        let Some(Binding::Value(value)) = m.binding("X") else {
            panic!("X is bound");
        };
        assert_eq!(m.text()[value.range()].to_owned(), "2");
    }

    #[test]
    fn test_diagnostic_width_is_clipped_to_first_line() {
        let m = module("m", "m.py", "x = (1,\n 2)\n");
        let Some(Stmt::Assign(assign)) = m.suite().first() else {
            panic!("assignment");
        };
        let diagnostic = m.diagnostic(DiagnosticCode::InvalidType, "m", assign.value.range(), "l");
        assert_eq!(
            (
                diagnostic.span.line,
                diagnostic.span.column,
                diagnostic.width
            ),
            (1, 5, 3)
        );
        assert_eq!(diagnostic.source_line, "x = (1,");
    }
}
