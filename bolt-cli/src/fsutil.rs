//! File writes that keep cargo and running servers happy: write only when bytes change
//! (so mtimes, and thus cargo's fingerprints, stay put) and replace files atomically
//! (temp file in the same directory + rename, so readers never see half a file).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` unless it already holds exactly these bytes.
/// Creates parent directories. Returns whether the file was written.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<bool> {
    if fs::read(path).is_ok_and(|existing| existing == contents) {
        return Ok(false);
    }
    replace_with(path, |temp| fs::write(temp, contents))?;
    Ok(true)
}

/// Copies `source` over `dest` atomically unless `dest` already holds the same bytes.
/// Returns whether `dest` was written.
pub fn copy_if_changed(source: &Path, dest: &Path) -> io::Result<bool> {
    let contents = fs::read(source)?;
    if fs::read(dest).is_ok_and(|existing| existing == contents) {
        return Ok(false);
    }
    // `fs::copy` keeps the source's permissions.
    replace_with(dest, |temp| fs::copy(source, temp).map(|_| ()))?;
    Ok(true)
}

/// Writes `path` through `write_temp` on a temporary sibling, then renames it over `path`.
fn replace_with(path: &Path, write_temp: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let temp = temp_sibling(path);
    let result = write_temp(&temp).and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// `dir/.name.tmp-<pid>`: same directory (rename stays on one file system), hidden, and
/// distinct per process.
fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Removes the files of `dir` named `<prefix>…<suffix>` other than `keep`. A missing
/// `dir` is fine. Returns the removed paths.
pub fn remove_other_versions(
    dir: &Path,
    prefix: &str,
    suffix: &str,
    keep: &str,
) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if name != keep && name.starts_with(prefix) && name.ends_with(suffix) {
            fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_write_if_changed_writes_once_and_keeps_same_bytes() {
        let temp = tempfile::tempdir().expect("tempdir");
        let path = temp.path().join("a/b/file.txt");
        assert!(write_if_changed(&path, b"one").expect("write"));
        assert!(!write_if_changed(&path, b"one").expect("write"));
        assert!(write_if_changed(&path, b"two").expect("write"));
        assert_eq!(fs::read(&path).expect("read"), b"two");
        let leftovers: Vec<_> = fs::read_dir(temp.path().join("a/b"))
            .expect("list")
            .collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn test_copy_if_changed_replaces_only_on_difference() {
        let temp = tempfile::tempdir().expect("tempdir");
        let source = temp.path().join("source.so");
        let dest = temp.path().join("lib/dest.so");
        fs::write(&source, b"elf").expect("write");
        assert!(copy_if_changed(&source, &dest).expect("copy"));
        assert!(!copy_if_changed(&source, &dest).expect("copy"));
        fs::write(&source, b"elf2").expect("write");
        assert!(copy_if_changed(&source, &dest).expect("copy"));
        assert_eq!(fs::read(&dest).expect("read"), b"elf2");
    }

    #[test]
    fn test_remove_other_versions_keeps_current_and_unrelated_files() {
        let temp = tempfile::tempdir().expect("tempdir");
        for name in [
            "_bolt_app.aaaa.so",
            "_bolt_app.bbbb.so",
            "_bolt_app.bbbb.so.bak",
            "other.so",
        ] {
            fs::write(temp.path().join(name), b"").expect("write");
        }
        let removed = remove_other_versions(temp.path(), "_bolt_app.", ".so", "_bolt_app.bbbb.so")
            .expect("remove");
        assert_eq!(removed, [temp.path().join("_bolt_app.aaaa.so")]);
        assert!(temp.path().join("_bolt_app.bbbb.so").exists());
        assert!(temp.path().join("other.so").exists());
        assert!(
            remove_other_versions(&temp.path().join("missing"), "x", "y", "z")
                .expect("missing dir is fine")
                .is_empty()
        );
    }
}
