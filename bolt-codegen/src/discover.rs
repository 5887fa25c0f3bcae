//! Discovery: Python handler modules → [`Manifest`] (ruff_python_parser).
//!
//! Proves what it can (literal paths, resolvable annotations) and refuses the rest with a
//! [`Diagnostic`](crate::diagnostics::Diagnostic) for each problem (DESIGN.md rule 2).

use std::collections::BTreeMap;

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

/// Builds the manifest, or returns every error found.
pub fn discover(source: &dyn ModuleSource, apis: &ApiSelection) -> Result<Manifest, Diagnostics> {
    let _ = (source, apis);
    unimplemented!("H1")
}
