//! What `bolt` takes from its environment: the Python interpreter, the shared cargo
//! target directory, the `bolt-runtime` source, and the generated package's name.
//!
//! Each resolver takes its inputs as arguments (an environment lookup, the executable's
//! path), so it is tested without touching the process environment.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use sha2::{Digest, Sha256};

/// Overrides the shared cargo target directory.
pub const ENV_TARGET_DIR: &str = "BOLT_TARGET_DIR";
/// Overrides the `bolt-runtime` crate source used by generated crates.
pub const ENV_RUNTIME_PATH: &str = "BOLT_RUNTIME_PATH";
/// Overrides the Python interpreter (for `PYO3_PYTHON` and `bolt run`).
pub const ENV_PYTHON: &str = "BOLT_PYTHON";

/// The `bolt-runtime` crate this `bolt` was compiled next to.
const COMPILED_RUNTIME_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../bolt-runtime");
/// The shared target directory, relative to the home directory.
const DEFAULT_TARGET_DIR: &str = ".cache/bolt/target";
/// Interpreter file name looked for next to the `bolt` executable (a virtualenv's bin/).
const SIBLING_PYTHON: &str = if cfg!(windows) {
    "python.exe"
} else {
    "python"
};
/// Interpreter used when nothing else is found (looked up on `PATH`).
const FALLBACK_PYTHON: &str = "python3";
/// Prefix of generated package names.
const PACKAGE_PREFIX: &str = "bolt_app_";
/// Hex digits of the project-path hash in a package name.
const PACKAGE_HASH_LEN: usize = 12;

/// A lookup of environment variables (`std::env::var_os` outside tests).
pub trait Env {
    fn var(&self, name: &str) -> Option<OsString>;
}

/// The process environment.
#[derive(Debug, Clone, Copy)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<OsString> {
        std::env::var_os(name).filter(|value| !value.is_empty())
    }
}

/// `$BOLT_PYTHON`, else `python` next to `exe` if it exists, else `python3`.
pub fn python(env: &dyn Env, exe: Option<&Path>) -> PathBuf {
    if let Some(python) = env.var(ENV_PYTHON) {
        return PathBuf::from(python);
    }
    exe.and_then(Path::parent)
        .map(|dir| dir.join(SIBLING_PYTHON))
        .filter(|candidate| candidate.is_file())
        .unwrap_or_else(|| PathBuf::from(FALLBACK_PYTHON))
}

/// `$BOLT_TARGET_DIR`, else `~/.cache/bolt/target`.
pub fn target_dir(env: &dyn Env) -> Result<PathBuf> {
    if let Some(dir) = env.var(ENV_TARGET_DIR) {
        return Ok(PathBuf::from(dir));
    }
    let home = env
        .var("HOME")
        .or_else(|| env.var("USERPROFILE"))
        .ok_or_else(|| anyhow!("cannot find the home directory; set {ENV_TARGET_DIR}"))?;
    Ok(PathBuf::from(home).join(DEFAULT_TARGET_DIR))
}

/// `$BOLT_RUNTIME_PATH`, else the `bolt-runtime` this binary was built from; canonical.
pub fn runtime_path(env: &dyn Env) -> Result<PathBuf> {
    let (path, origin) = match env.var(ENV_RUNTIME_PATH) {
        Some(path) => (PathBuf::from(path), ENV_RUNTIME_PATH),
        None => (
            PathBuf::from(COMPILED_RUNTIME_PATH),
            "the path bolt was built from",
        ),
    };
    let canonical = path.canonicalize().with_context(|| {
        format!(
            "bolt-runtime not found at {} ({origin}); set {ENV_RUNTIME_PATH} to the \
             bolt-runtime crate directory",
            path.display()
        )
    })?;
    if !canonical.join("Cargo.toml").is_file() {
        return Err(anyhow!(
            "{} has no Cargo.toml; set {ENV_RUNTIME_PATH} to the bolt-runtime crate directory",
            canonical.display()
        ));
    }
    Ok(canonical)
}

/// `bolt_app_<first 12 hex of sha256(canonical project path)>`: distinct per project, so
/// projects sharing the target directory keep their own artifacts. The path is hashed
/// and never written anywhere.
pub fn package_name(canonical_root: &Path) -> String {
    let digest = Sha256::digest(path_bytes(canonical_root));
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{PACKAGE_PREFIX}{}", &hex[..PACKAGE_HASH_LEN])
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().as_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, Default)]
    struct FakeEnv(BTreeMap<&'static str, &'static str>);

    impl Env for FakeEnv {
        fn var(&self, name: &str) -> Option<OsString> {
            self.0.get(name).map(OsString::from)
        }
    }

    fn env(pairs: &[(&'static str, &'static str)]) -> FakeEnv {
        FakeEnv(pairs.iter().copied().collect())
    }

    #[test]
    fn test_python_prefers_bolt_python() {
        let python = python(&env(&[(ENV_PYTHON, "/opt/py/bin/python3.12")]), None);
        assert_eq!(python, PathBuf::from("/opt/py/bin/python3.12"));
    }

    #[test]
    fn test_python_uses_sibling_of_executable_then_python3() {
        let temp = tempfile::tempdir().expect("tempdir");
        let exe = temp.path().join("bolt");
        assert_eq!(python(&env(&[]), Some(&exe)), PathBuf::from("python3"));
        std::fs::write(temp.path().join(SIBLING_PYTHON), "").expect("write");
        assert_eq!(
            python(&env(&[]), Some(&exe)),
            temp.path().join(SIBLING_PYTHON)
        );
    }

    #[test]
    fn test_target_dir_default_under_home() {
        assert_eq!(
            target_dir(&env(&[("HOME", "/home/u")])).expect("dir"),
            PathBuf::from("/home/u/.cache/bolt/target")
        );
        assert_eq!(
            target_dir(&env(&[("HOME", "/home/u"), (ENV_TARGET_DIR, "/t")])).expect("dir"),
            PathBuf::from("/t")
        );
        assert!(target_dir(&env(&[])).is_err());
    }

    #[test]
    fn test_runtime_path_default_is_this_repository_runtime() {
        let path = runtime_path(&env(&[])).expect("runtime next to bolt-cli");
        assert!(path.is_absolute());
        assert!(path.ends_with("bolt-runtime"));
        assert!(runtime_path(&env(&[(ENV_RUNTIME_PATH, "/nonexistent/runtime")])).is_err());
    }

    #[test]
    fn test_package_name_is_prefix_and_12_hex() {
        let name = package_name(Path::new("/home/u/shop"));
        assert_eq!(name.len(), PACKAGE_PREFIX.len() + PACKAGE_HASH_LEN);
        assert!(name.starts_with(PACKAGE_PREFIX));
        assert_ne!(name, package_name(Path::new("/home/u/blog")));
        assert_eq!(name, package_name(Path::new("/home/u/shop")));
    }
}
