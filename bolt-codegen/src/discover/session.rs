//! The state of one discovery run: the loaded project, the diagnostics found so far and the
//! Structs resolved so far. Analysis functions report into it and carry on, so every error
//! of the build is collected (DESIGN.md rule 2).

use std::collections::{BTreeMap, BTreeSet};

use ruff_text_size::{Ranged, TextRange};

use super::generics::TypeEnv;
use super::project::{Module, Project};
use super::resolve::{ResolveError, Resolver};
use super::structs::StructConfig;
use super::unions::{StructFacts, UnionFacts};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{EnumDef, StructDef, TagValue};

/// Proof that a problem has been reported as a diagnostic; analysis of the enclosing item
/// stops, analysis of its siblings goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reported;

/// One discovery run.
#[derive(Debug)]
pub(crate) struct Session<'p> {
    pub(crate) resolver: Resolver<'p>,
    diagnostics: Vec<Diagnostic>,
    /// Structs resolved so far, keyed `"module.Qualname"`.
    pub(crate) structs: BTreeMap<String, StructDef>,
    /// Structs whose definition has been started (recursion stops here).
    pub(crate) started_structs: BTreeSet<String>,
    /// The options of every started Struct (known before its fields are resolved, so
    /// recursive unions of tagged Structs can be checked).
    pub(crate) struct_configs: BTreeMap<String, StructConfig>,
    /// Enums resolved so far, keyed `"module.Qualname"`.
    pub(crate) enums: BTreeMap<String, EnumDef>,
    /// Enums whose definition failed (already reported).
    pub(crate) failed_enums: BTreeSet<String>,
    /// Type-variable bindings of the generic Structs being built, innermost last.
    pub(crate) type_envs: Vec<TypeEnv>,
    /// Import sites already reported as broken: `(module, offset)`.
    reported_imports: BTreeSet<(String, u32)>,
    /// Type aliases being expanded, to stop alias loops: `(module, offset)`.
    pub(crate) alias_trail: Vec<(String, u32)>,
}

impl<'p> Session<'p> {
    pub(crate) fn new(project: &'p Project, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            resolver: Resolver::new(project),
            diagnostics,
            structs: BTreeMap::new(),
            started_structs: BTreeSet::new(),
            struct_configs: BTreeMap::new(),
            enums: BTreeMap::new(),
            failed_enums: BTreeSet::new(),
            type_envs: Vec::new(),
            reported_imports: BTreeSet::new(),
            alias_trail: Vec::new(),
        }
    }

    /// Records a diagnostic.
    pub(crate) fn report(&mut self, diagnostic: Diagnostic) -> Reported {
        self.diagnostics.push(diagnostic);
        Reported
    }

    /// Every diagnostic, in file/line/column order, each once (a generic Struct's fields are
    /// resolved once per instantiation).
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics;
        diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.code.cmp(b.code)));
        diagnostics.dedup();
        diagnostics
    }

    /// Reports why the name at `range` of `module` (a `what`, e.g. "type") is unknown.
    pub(crate) fn report_unresolved(
        &mut self,
        module: &'p Module,
        range: TextRange,
        error: ResolveError<'p>,
        what: &str,
    ) -> Reported {
        let written = &module.text()[range];
        let diagnostic = match error {
            ResolveError::InvalidModule => return Reported,
            ResolveError::BrokenImport {
                module: importer,
                range: import,
                target,
            } => {
                return self.report_broken_import(importer, import, &target, module, range);
            }
            ResolveError::Undefined { name } => module
                .diagnostic(
                    DiagnosticCode::UnresolvedType,
                    format!("cannot find {what} `{name}` in module `{}`", module.name()),
                    range,
                    "not defined or imported here",
                )
                .with_help(format!("define `{name}` in this module or import it")),
            ResolveError::MissingMember {
                module: owner,
                name,
            } => module
                .diagnostic(
                    DiagnosticCode::UnresolvedType,
                    format!("module `{owner}` has no `{name}`"),
                    range,
                    "not found",
                )
                .with_help(format!("check that `{owner}` defines `{name}`")),
            ResolveError::Cycle { name } => module
                .diagnostic(
                    DiagnosticCode::ImportCycle,
                    format!(
                        "`{written}` cannot be resolved: `{name}` is defined in terms of itself"
                    ),
                    range,
                    "circular import or alias",
                )
                .with_help("import the name from the module that defines it"),
            ResolveError::NoValue { name } => module
                .diagnostic(
                    DiagnosticCode::UnresolvedType,
                    format!("`{name}` is declared without a value, so `{written}` is unknown"),
                    range,
                    "no value",
                )
                .with_help(format!("assign `{name}` at module level")),
            ResolveError::NotAName => module.diagnostic(
                DiagnosticCode::InvalidType,
                format!("expected a {what}, found `{written}`"),
                range,
                "not a name",
            ),
        };
        self.report(diagnostic)
    }

    fn report_broken_import(
        &mut self,
        importer: &'p Module,
        import: TextRange,
        target: &str,
        user: &'p Module,
        used_at: TextRange,
    ) -> Reported {
        let key = (importer.name().to_owned(), import.start().to_u32());
        if !self.reported_imports.insert(key) {
            return Reported;
        }
        let use_span = user.span(used_at.start());
        let diagnostic = importer
            .diagnostic(
                DiagnosticCode::UnresolvedImport,
                format!("cannot resolve import `{target}`"),
                import.range(),
                "no such module or name in the project",
            )
            .with_help(
                "check the module path; relative imports are relative to the importing module's package",
            )
            .with_note(format!(
                "needed by `{}` at {}:{}:{}",
                &user.text()[used_at],
                use_span.file,
                use_span.line,
                use_span.column
            ));
        self.report(diagnostic)
    }
}

impl UnionFacts for Session<'_> {
    fn struct_facts(&self, name: &str) -> Option<StructFacts> {
        self.struct_configs.get(name).map(StructConfig::facts)
    }

    fn enum_is_int(&self, name: &str) -> Option<bool> {
        self.enums.get(name).map(|definition| {
            definition
                .values
                .iter()
                .all(|value| matches!(value, TagValue::Int(_)))
        })
    }
}

/// Folds results so that one failure marks the whole as failed while every part still runs.
pub(crate) fn all_ok<T>(results: Vec<Result<T, Reported>>) -> Result<Vec<T>, Reported> {
    results.into_iter().collect()
}
