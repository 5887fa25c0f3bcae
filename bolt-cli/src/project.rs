//! The user's Django project: where it is, which API modules it has, its files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use bolt_codegen::discover::ApiSelection;
use serde::Deserialize;

/// The file that marks a Django project's root.
pub const MANAGE_PY: &str = "manage.py";
/// Optional project configuration (`[tool.bolt] apis = [...]`).
pub const PYPROJECT_TOML: &str = "pyproject.toml";
/// The module file name scanned for when no APIs are configured.
const API_FILE: &str = "api.py";
/// Python source file extension.
const PY_EXTENSION: &str = ".py";
/// A package's module file.
const PACKAGE_INIT: &str = "__init__.py";
/// Directories never scanned for `api.py` (besides hidden ones).
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "venv",
    ".venv",
    "site-packages",
    "migrations",
    "__pycache__",
];

/// The project root for a command run in the current directory: `--project DIR`, else the
/// nearest ancestor of the cwd holding `manage.py`.
pub fn locate_root(explicit: Option<&Path>) -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    resolve_root(explicit, &cwd)
}

/// [`locate_root`], for commands that run Django: the root must hold `manage.py`.
pub fn locate_django_project(explicit: Option<&Path>) -> Result<PathBuf> {
    let root = locate_root(explicit)?;
    if !root.join(MANAGE_PY).is_file() {
        bail!("no {MANAGE_PY} in {}", root.display());
    }
    Ok(root)
}

/// The project root: `explicit` if given (must be a directory), else the nearest ancestor
/// of `cwd` holding `manage.py`. Canonicalized.
pub fn resolve_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    match explicit {
        Some(dir) => {
            let dir = cwd.join(dir);
            let root = dir
                .canonicalize()
                .with_context(|| format!("project directory {} not found", dir.display()))?;
            if !root.is_dir() {
                bail!("{} is not a directory", root.display());
            }
            Ok(root)
        }
        None => {
            let cwd = cwd
                .canonicalize()
                .with_context(|| format!("cannot resolve {}", cwd.display()))?;
            find_manage_py_ancestor(&cwd).with_context(|| {
                format!(
                    "no {MANAGE_PY} in {} or any parent directory; run bolt inside a Django \
                     project or pass --project DIR",
                    cwd.display()
                )
            })
        }
    }
}

/// The nearest of `start` and its ancestors that contains `manage.py`.
fn find_manage_py_ancestor(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(MANAGE_PY).is_file())
        .map(Path::to_path_buf)
}

/// Which APIs to build: `[tool.bolt] apis` from `pyproject.toml`, else every `api.py`.
pub fn api_selection(root: &Path) -> Result<ApiSelection> {
    if let Some(specs) = configured_apis(root)? {
        let apis = specs
            .iter()
            .map(|spec| parse_api_spec(spec))
            .collect::<Result<Vec<_>>>()
            .with_context(|| format!("in [tool.bolt] apis of {PYPROJECT_TOML}"))?;
        if apis.is_empty() {
            bail!(
                "[tool.bolt] apis in {PYPROJECT_TOML} is empty; list at least one \"module:variable\""
            );
        }
        return Ok(ApiSelection::Explicit(apis));
    }
    let modules = scan_api_modules(root)?;
    if modules.is_empty() {
        bail!(
            "no {API_FILE} found under {}; add one, or list your APIs in {PYPROJECT_TOML}:\n\n    \
             [tool.bolt]\n    apis = [\"myapp.api:api\"]",
            root.display()
        );
    }
    Ok(ApiSelection::Scan(modules))
}

/// `pyproject.toml` as far as Bolt reads it.
#[derive(Debug, Default, Deserialize)]
struct PyProject {
    #[serde(default)]
    tool: Tools,
}

#[derive(Debug, Default, Deserialize)]
struct Tools {
    #[serde(default)]
    bolt: Option<BoltTool>,
}

#[derive(Debug, Default, Deserialize)]
struct BoltTool {
    #[serde(default)]
    apis: Option<Vec<String>>,
}

/// The `[tool.bolt] apis` list of `root/pyproject.toml`, if the file and the key exist.
fn configured_apis(root: &Path) -> Result<Option<Vec<String>>> {
    let path = root.join(PYPROJECT_TOML);
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_configured_apis(&text).with_context(|| format!("invalid {}", path.display()))
}

fn parse_configured_apis(text: &str) -> Result<Option<Vec<String>>> {
    let pyproject: PyProject = toml::from_str(text)?;
    Ok(pyproject.tool.bolt.and_then(|bolt| bolt.apis))
}

/// `"shop.api:api"` → `("shop.api", "api")`.
fn parse_api_spec(spec: &str) -> Result<(String, String)> {
    let Some((module, variable)) = spec.split_once(':') else {
        bail!("`{spec}`: expected \"module:variable\", e.g. \"shop.api:api\"");
    };
    if !is_module_name(module) || !is_identifier(variable) {
        bail!("`{spec}`: expected \"module:variable\" with a dotted module and a Python name");
    }
    Ok((module.to_owned(), variable.to_owned()))
}

/// Dotted module names of every `api.py` under `root` (sorted), skipping hidden and
/// tooling directories and directories that cannot be Python packages.
fn scan_api_modules(root: &Path) -> Result<Vec<String>> {
    let mut modules = Vec::new();
    let mut pending = vec![(root.to_path_buf(), Vec::<String>::new())];
    while let Some((dir, package)) = pending.pop() {
        let entries =
            fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            // `file_type` does not follow symlinks: linked directories are not entered.
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                if !is_skipped_dir(&name) && is_identifier(&name) {
                    let mut child = package.clone();
                    child.push(name);
                    pending.push((entry.path(), child));
                }
            } else if name == API_FILE && entry.path().is_file() {
                let mut parts = package.clone();
                parts.push(API_FILE.trim_end_matches(PY_EXTENSION).to_owned());
                modules.push(parts.join("."));
            }
        }
    }
    modules.sort();
    Ok(modules)
}

/// Directories never scanned for API modules (nor watched by `bolt dev`): hidden ones and
/// [`SKIPPED_DIRS`].
pub fn is_skipped_dir(name: &str) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.contains(&name)
}

/// A Python identifier (ASCII or Unicode letters, digits, `_`; not starting with a digit).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_alphabetic())
        && chars.all(|ch| ch == '_' || ch.is_alphanumeric())
}

/// A dotted name of identifiers, e.g. `shop.api`.
fn is_module_name(text: &str) -> bool {
    text.split('.').all(is_identifier)
}

/// The project-relative, `/`-separated files that may hold module `name`, in lookup
/// order; `None` for names that are not dotted identifiers (never a path outside root).
pub fn module_file_candidates(name: &str) -> Option<[String; 2]> {
    if !is_module_name(name) {
        return None;
    }
    let base = name.replace('.', "/");
    Some([
        format!("{base}{PY_EXTENSION}"),
        format!("{base}/{PACKAGE_INIT}"),
    ])
}

/// The files `bolt build` writes in a project (internals.md §2).
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    /// Checked-in directory of contract files.
    pub const CONTRACT_DIR: &'static str = "bolt";
    /// Git-ignored directory of build outputs.
    pub const BUILD_DIR: &'static str = ".bolt";

    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// `bolt/manifest.json`.
    pub fn manifest_json(&self) -> PathBuf {
        self.root.join(Self::CONTRACT_DIR).join("manifest.json")
    }

    /// `bolt/openapi.json`.
    pub fn openapi_json(&self) -> PathBuf {
        self.root.join(Self::CONTRACT_DIR).join("openapi.json")
    }

    /// `.bolt/`.
    pub fn build_dir(&self) -> PathBuf {
        self.root.join(Self::BUILD_DIR)
    }

    /// `.bolt/crate/`: the generated crate.
    pub fn crate_dir(&self) -> PathBuf {
        self.build_dir().join("crate")
    }

    /// `.bolt/lib/`: the compiled extension.
    pub fn lib_dir(&self) -> PathBuf {
        self.build_dir().join(Self::LIB_DIR_NAME)
    }

    /// Name of [`Self::lib_dir`] inside `.bolt/` (paths in `build.json` are relative).
    pub const LIB_DIR_NAME: &'static str = "lib";

    /// `.bolt/build.json`.
    pub fn build_json(&self) -> PathBuf {
        self.build_dir().join("build.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path, contents: &str) {
        let parent = path.parent().expect("has a parent");
        fs::create_dir_all(parent).expect("create dirs");
        fs::write(path, contents).expect("write");
    }

    #[test]
    fn test_resolve_root_nearest_manage_py_ancestor() {
        let temp = tempfile::tempdir().expect("tempdir");
        touch(&temp.path().join("manage.py"), "");
        touch(&temp.path().join("inner/manage.py"), "");
        let deep = temp.path().join("inner/app/sub");
        fs::create_dir_all(&deep).expect("mkdir");
        let root = resolve_root(None, &deep).expect("found");
        let expected = temp.path().join("inner").canonicalize().expect("canon");
        assert_eq!(root, expected);
    }

    #[test]
    fn test_resolve_root_without_manage_py_is_an_error() {
        let temp = tempfile::tempdir().expect("tempdir");
        // The temp dir's ancestors (e.g. /tmp) hold no manage.py.
        let error = resolve_root(None, temp.path()).expect_err("no project");
        assert!(format!("{error:#}").contains("--project"));
    }

    #[test]
    fn test_resolve_root_explicit_relative_to_cwd() {
        let temp = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(temp.path().join("proj")).expect("mkdir");
        let root = resolve_root(Some(Path::new("proj")), temp.path()).expect("found");
        assert_eq!(
            root,
            temp.path().join("proj").canonicalize().expect("canon")
        );
        assert!(resolve_root(Some(Path::new("missing")), temp.path()).is_err());
    }

    #[test]
    fn test_scan_api_modules_skips_hidden_tooling_and_non_package_dirs() {
        let temp = tempfile::tempdir().expect("tempdir");
        let root = temp.path();
        for path in [
            "api.py",
            "shop/api.py",
            "shop/orders/api.py",
            "shop/orders/models.py",
            ".hidden/api.py",
            "node_modules/x/api.py",
            "venv/lib/api.py",
            ".venv/lib/api.py",
            "lib/site-packages/pkg/api.py",
            "shop/migrations/api.py",
            "shop/__pycache__/api.py",
            "my-site/api.py",
        ] {
            touch(&root.join(path), "");
        }
        let modules = scan_api_modules(root).expect("scan");
        assert_eq!(modules, ["api", "shop.api", "shop.orders.api"]);
    }

    #[test]
    fn test_api_selection_prefers_pyproject_apis() {
        let temp = tempfile::tempdir().expect("tempdir");
        touch(&temp.path().join("shop/api.py"), "");
        touch(
            &temp.path().join("pyproject.toml"),
            "[project]\nname = \"x\"\n\n[tool.bolt]\napis = [\"shop.v2.api:router\", \"a:b\"]\n",
        );
        let selection = api_selection(temp.path()).expect("selection");
        assert_eq!(
            selection,
            ApiSelection::Explicit(vec![
                ("shop.v2.api".into(), "router".into()),
                ("a".into(), "b".into()),
            ])
        );
    }

    #[test]
    fn test_api_selection_scans_without_tool_bolt() {
        let temp = tempfile::tempdir().expect("tempdir");
        touch(&temp.path().join("shop/api.py"), "");
        touch(
            &temp.path().join("pyproject.toml"),
            "[tool.ruff]\nline-length = 99\n",
        );
        let selection = api_selection(temp.path()).expect("selection");
        assert_eq!(selection, ApiSelection::Scan(vec!["shop.api".into()]));
    }

    #[test]
    fn test_api_selection_no_api_files_is_an_error() {
        let temp = tempfile::tempdir().expect("tempdir");
        let error = api_selection(temp.path()).expect_err("nothing to build");
        assert!(format!("{error:#}").contains("[tool.bolt]"));
    }

    #[test]
    fn test_parse_configured_apis_invalid_toml_is_an_error() {
        assert!(parse_configured_apis("[tool.bolt\n").is_err());
        assert!(parse_configured_apis("[tool.bolt]\napis = \"x:y\"\n").is_err());
        assert_eq!(parse_configured_apis("[tool.bolt]\n").expect("valid"), None);
    }

    #[test]
    fn test_parse_api_spec_requires_module_and_variable() {
        assert_eq!(
            parse_api_spec("shop.api:api").expect("valid"),
            ("shop.api".to_owned(), "api".to_owned())
        );
        assert!(parse_api_spec("shop.api").is_err());
        assert!(parse_api_spec("shop..api:api").is_err());
        assert!(parse_api_spec("shop.api:").is_err());
        assert!(parse_api_spec("../x:api").is_err());
    }

    #[test]
    fn test_is_identifier_accepts_python_names() {
        assert!(is_identifier("_private"));
        assert!(is_identifier("café"));
        assert!(!is_identifier("1abc"));
        assert!(!is_identifier("my-site"));
        assert!(!is_identifier(""));
    }
}
