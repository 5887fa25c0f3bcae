//! Loads fixture projects (directories of `.py` files) for the discover tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use bolt_codegen::discover::{ApiSelection, MemoryModules, SourceFile, discover};
use bolt_codegen::manifest::Manifest;

/// Directory of the fixture projects.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Every `.py` file under `fixtures/<name>`, keyed by dotted module name
/// (`shop/api.py` → `shop.api`, `shop/__init__.py` → `shop`).
pub fn load_fixture(name: &str) -> MemoryModules {
    let root = fixtures_dir().join(name);
    let mut modules = BTreeMap::new();
    collect(&root, &root, &mut modules);
    assert!(!modules.is_empty(), "fixture `{name}` has no .py files");
    MemoryModules(modules)
}

fn collect(root: &Path, dir: &Path, modules: &mut BTreeMap<String, SourceFile>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("fixture directory is readable")
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, modules);
            continue;
        }
        if path.extension().and_then(|ext| ext.to_str()) != Some("py") {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let dotted = relative.trim_end_matches(".py").replace('/', ".");
        let name = dotted
            .strip_suffix(".__init__")
            .unwrap_or(&dotted)
            .to_owned();
        let text = fs::read_to_string(&path).expect("fixture file is readable");
        modules.insert(
            name,
            SourceFile {
                path: relative,
                text,
            },
        );
    }
}

/// Modules named `api` or ending in `_api` (the CLI's scan finds `api.py` files).
pub fn api_modules(modules: &MemoryModules) -> Vec<String> {
    modules
        .0
        .keys()
        .filter(|name| {
            let last = name.rsplit('.').next().unwrap_or(name);
            last == "api" || last.ends_with("_api")
        })
        .cloned()
        .collect()
}

/// Discovers fixture `name` in scan mode (panics with its diagnostics if it does not build).
pub fn fixture_manifest(name: &str) -> Manifest {
    let modules = load_fixture(name);
    let selection = ApiSelection::Scan(api_modules(&modules));
    match discover(&modules, &selection) {
        Ok(manifest) => manifest,
        Err(diagnostics) => panic!("fixture `{name}` must build:\n{}", diagnostics.render()),
    }
}

/// Discovers fixture `name` in scan mode and renders its diagnostics (panics if it builds).
pub fn rendered_errors(name: &str) -> String {
    let modules = load_fixture(name);
    let selection = ApiSelection::Scan(api_modules(&modules));
    match discover(&modules, &selection) {
        Ok(manifest) => panic!(
            "fixture `{name}` unexpectedly built:\n{}",
            manifest.to_json()
        ),
        Err(diagnostics) => diagnostics.render(),
    }
}
