//! The sources a build was made from: every file discover read, with its SHA-256, and
//! every candidate file it looked for and did not find. Written into `.bolt/build.json`;
//! at start-up the runtime re-hashes them, and only when one differs asks `bolt verify`
//! whether the contract changed (a handler body edit does not change it).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use bolt_codegen::discover::{ModuleSource, SourceFile};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The files a build depends on, project-relative and `/`-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Each file read → the SHA-256 of its bytes (lowercase hex).
    pub files: BTreeMap<String, String>,
    /// Files looked for that did not exist (a module's other candidate, a third-party
    /// module's would-be path): creating one may change what discover reads.
    pub absent: BTreeSet<String>,
}

impl SourceRecord {
    /// Records `relative` as read with `bytes`, or as absent.
    fn note(&mut self, relative: &str, bytes: Option<&[u8]>) {
        match bytes {
            Some(bytes) => {
                self.files.insert(relative.to_owned(), sha256_hex(bytes));
            }
            None => {
                self.absent.insert(relative.to_owned());
            }
        }
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Reads modules from the project directory — `a.b` is `a/b.py`, else `a/b/__init__.py` —
/// and records every file it reads or fails to find.
#[derive(Debug)]
pub struct FsModules {
    root: PathBuf,
    record: RefCell<SourceRecord>,
}

impl FsModules {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            record: RefCell::new(SourceRecord::default()),
        }
    }

    /// Reads (and records) a project file other than a module, e.g. `pyproject.toml`.
    pub fn read_file(&self, relative: &str) -> Option<Vec<u8>> {
        let bytes = fs::read(self.root.join(relative)).ok();
        self.record.borrow_mut().note(relative, bytes.as_deref());
        bytes
    }

    /// What was read so far.
    pub fn into_record(self) -> SourceRecord {
        self.record.into_inner()
    }
}

impl ModuleSource for FsModules {
    fn read_module(&self, name: &str) -> Option<SourceFile> {
        crate::project::module_file_candidates(name)?
            .into_iter()
            .find_map(|relative| {
                let text = self.read_file(&relative)?;
                Some(SourceFile {
                    path: relative,
                    text: String::from_utf8_lossy(&text).into_owned(),
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_fs_modules_records_read_files_and_missing_candidates() {
        let temp = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(temp.path().join("shop")).expect("mkdir");
        fs::write(temp.path().join("shop/__init__.py"), b"").expect("write");
        fs::write(temp.path().join("shop/api.py"), b"x = 1\n").expect("write");
        let modules = FsModules::new(temp.path());
        assert!(modules.read_module("shop.api").is_some());
        assert!(modules.read_module("shop").is_some());
        assert!(modules.read_module("django.db").is_none());
        let record = modules.into_record();
        assert_eq!(
            record.files.keys().collect::<Vec<_>>(),
            ["shop/__init__.py", "shop/api.py"]
        );
        assert_eq!(record.files["shop/api.py"], sha256_hex(b"x = 1\n"));
        assert_eq!(
            record.absent.iter().collect::<Vec<_>>(),
            ["django/db.py", "django/db/__init__.py", "shop.py"]
        );
    }

    #[test]
    fn test_fs_modules_reads_module_then_package_init() {
        let temp = tempfile::tempdir().expect("tempdir");
        for (file, text) in [
            ("shop/api.py", "x = 1\n"),
            ("shop/__init__.py", "y = 2\n"),
            ("shop/models/__init__.py", "z = 3\n"),
        ] {
            let path = temp.path().join(file);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        let modules = FsModules::new(temp.path());
        let api = modules.read_module("shop.api").expect("module");
        assert_eq!(api.path, "shop/api.py");
        assert_eq!(api.text, "x = 1\n");
        assert_eq!(
            modules.read_module("shop").expect("package").path,
            "shop/__init__.py"
        );
        assert_eq!(
            modules.read_module("shop.models").expect("package").path,
            "shop/models/__init__.py"
        );
        assert!(modules.read_module("django.db").is_none());
        assert!(modules.read_module("..etc").is_none());
        assert!(modules.read_module("").is_none());
    }

    #[test]
    fn test_sha256_hex_is_the_standard_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
