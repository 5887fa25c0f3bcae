//! Discovery: Python handler modules → [`Manifest`] (ruff_python_parser).
//!
//! Proves what it can (literal paths, resolvable annotations) and refuses the rest with a
//! [`Diagnostic`](crate::diagnostics::Diagnostic) for each problem (DESIGN.md rule 2).
//!
//! The stages, each in its own module:
//! - [`project`]: load the API modules and every project module they import (parsed once);
//! - [`resolve`]: what a name refers to, through imports and aliases;
//! - [`apis`]: the `X = BoltAPI(...)` assignments to build;
//! - [`routers`]: the routers included into them (route owners);
//! - [`routes`], [`params`], [`markers`]: decorators and signatures → routes;
//! - [`types`], [`structs`]: annotations → `TypeRef`s and `StructDef`s.
//!
//! Every stage reports into a [`session::Session`] and carries on, so one run reports
//! every error of the project.

mod apis;
mod constraints;
mod dependencies;
mod docstring;
mod enums;
mod generics;
mod handler_kind;
mod imports;
mod known;
mod literal;
mod markers;
mod object_union;
mod params;
mod path_template;
mod project;
mod resolve;
mod routers;
mod routes;
mod session;
mod structs;
mod types;
mod unions;

use std::collections::BTreeMap;

pub use imports::{PROVIDED_MODULES, provided_names_json};

use crate::diagnostics::Diagnostics;
use crate::manifest::Manifest;

/// One Python source file of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the project root, `/`-separated (used in spans).
    pub path: String,
    pub text: String,
}

/// Where discovery reads modules from (the file system in the CLI, a map in tests).
pub trait ModuleSource {
    /// The source of the dotted module `name` (`a/b.py` or `a/b/__init__.py`), or `None`
    /// when it is not part of the project (third-party or missing).
    fn read_module(&self, name: &str) -> Option<SourceFile>;
}

/// An in-memory project: dotted module name → source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryModules(pub BTreeMap<String, SourceFile>);

impl ModuleSource for MemoryModules {
    fn read_module(&self, name: &str) -> Option<SourceFile> {
        self.0.get(name).cloned()
    }
}

/// Which APIs to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiSelection {
    /// `[tool.bolt] apis = ["pkg.api:api", ...]`: exactly these `(module, variable)`s.
    Explicit(Vec<(String, String)>),
    /// Every top-level `X = BoltAPI(...)` in these modules (the project's `api.py` files).
    Scan(Vec<String>),
}

impl ApiSelection {
    /// The modules the selection names.
    fn modules(&self) -> Vec<String> {
        match self {
            Self::Explicit(entries) => entries.iter().map(|(module, _)| module.clone()).collect(),
            Self::Scan(modules) => modules.clone(),
        }
    }
}

/// Builds the manifest, or returns every error found (in file/line order).
pub fn discover(source: &dyn ModuleSource, apis: &ApiSelection) -> Result<Manifest, Diagnostics> {
    let (project, load_errors) = project::Project::load(source, &apis.modules());
    let mut session = session::Session::new(&project, load_errors);
    session.check_bolt_imports(&project);
    let declared = session.find_apis(&project, apis);
    let owners = session.route_owners(&project, &declared);
    let discovered = session.owner_routes(&project, &owners);
    session.check_duplicates(&discovered);
    let mut manifest = Manifest::new();
    manifest.apis = declared.into_iter().map(|decl| decl.api).collect();
    manifest.routes = discovered
        .into_iter()
        .filter_map(|found| found.route)
        .collect();
    manifest
        .routes
        .sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    manifest.structs = std::mem::take(&mut session.structs);
    manifest.enums = std::mem::take(&mut session.enums);
    let diagnostics = session.into_diagnostics();
    if diagnostics.is_empty() {
        Ok(manifest)
    } else {
        Err(Diagnostics(diagnostics))
    }
}
