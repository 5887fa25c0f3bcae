//! Which project files `bolt dev` watches, and which of them a save changed.
//!
//! Watching is polling: every tick [`Watcher::poll`] lists the watched files with their
//! modification time and size, compares with the previous listing, and reads only the files
//! whose stamp moved, keeping those whose bytes really differ (an editor saving an unchanged
//! buffer, or `touch`, reloads nothing). The filters and the comparison are pure functions.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::project;

/// Python source files are what the API (and the worker) is made of.
const PY_EXTENSION: &str = ".py";
/// Project configuration read by discovery (`[tool.bolt] apis`), watched at the root only.
const PYPROJECT_TOML: &str = "pyproject.toml";
/// A directory holding this file is a virtualenv, whatever its name.
const VENV_MARKER: &str = "pyvenv.cfg";

/// Whether `bolt dev` descends into a directory named `name`: not hidden (`.bolt/`, `.git/`,
/// `.venv/`), not tooling (`node_modules`, `site-packages`, `__pycache__`) and not
/// `migrations` (they never change the API) — the directories `bolt build` skips too.
pub fn is_watched_dir(name: &str) -> bool {
    !project::is_skipped_dir(name)
}

/// Whether the file at project-relative, `/`-separated `relative` is watched: visible `.py`
/// files anywhere, and `pyproject.toml` at the root.
pub fn is_watched_file(relative: &str) -> bool {
    if relative == PYPROJECT_TOML {
        return true;
    }
    let name = relative.rsplit('/').next().unwrap_or(relative);
    !name.starts_with('.') && name.ends_with(PY_EXTENSION)
}

/// Shortest pause between two polls (detection latency is half of it on average).
const MIN_POLL_INTERVAL: Duration = Duration::from_millis(50);
/// Longest pause between two polls.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Polls pause at least this many times as long as a poll takes (≤ 5% of a core).
const POLL_COST_FACTOR: u32 = 20;

/// The pause after a poll that took `cost`: short for small projects, longer for projects
/// so large that listing them is expensive.
pub fn poll_interval(cost: Duration) -> Duration {
    (cost * POLL_COST_FACTOR).clamp(MIN_POLL_INTERVAL, MAX_POLL_INTERVAL)
}

/// What a file looked like at one poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
}

/// Every watched file, by project-relative `/`-separated path.
pub type Listing = BTreeMap<String, Stamp>;

/// The paths added, removed, or whose stamp moved from `before` to `after`, sorted.
pub fn moved_paths(before: &Listing, after: &Listing) -> Vec<String> {
    let mut paths: Vec<String> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(*stamp))
        .map(|(path, _)| path.clone())
        .collect();
    paths.extend(
        before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .cloned(),
    );
    paths.sort();
    paths
}

/// Of the `moved` paths, those whose content differs (`None`: absent or unreadable).
pub fn changed_contents(
    moved: &[String],
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> Vec<String> {
    moved
        .iter()
        .filter(|path| before.get(*path) != after.get(*path))
        .cloned()
        .collect()
}

/// The files a poll found changed, and when the newest of them was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub files: Vec<String>,
    pub newest: Option<SystemTime>,
}

/// Polls a project's watched files.
#[derive(Debug)]
pub struct Watcher {
    root: PathBuf,
    listing: Listing,
    digests: BTreeMap<String, u64>,
}

impl Watcher {
    /// Lists and fingerprints the watched files of `root` as they are now.
    pub fn new(root: &Path) -> io::Result<Self> {
        let listing = list(root)?;
        let digests = listing
            .keys()
            .filter_map(|path| Some((path.clone(), digest(&root.join(path))?)))
            .collect();
        Ok(Self {
            root: root.to_path_buf(),
            listing,
            digests,
        })
    }

    /// The watched files whose content changed since the previous poll.
    pub fn poll(&mut self) -> io::Result<Changes> {
        let listing = list(&self.root)?;
        let moved = moved_paths(&self.listing, &listing);
        if moved.is_empty() {
            return Ok(Changes::default());
        }
        let mut digests = self.digests.clone();
        for path in &moved {
            match digest(&self.root.join(path)) {
                Some(value) => digests.insert(path.clone(), value),
                None => digests.remove(path),
            };
        }
        let files = changed_contents(&moved, &self.digests, &digests);
        let newest = files
            .iter()
            .filter_map(|path| listing.get(path).and_then(|stamp| stamp.modified))
            .max();
        self.listing = listing;
        self.digests = digests;
        Ok(Changes { files, newest })
    }
}

/// A fingerprint of the file's bytes (`None` when it cannot be read).
fn digest(path: &Path) -> Option<u64> {
    let bytes = fs::read(path).ok()?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}

/// The watched files under `root`.
fn list(root: &Path) -> io::Result<Listing> {
    let mut listing = Listing::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            // A directory removed while we walk is simply gone.
            Err(error) if error.kind() == io::ErrorKind::NotFound && !prefix.is_empty() => {
                continue;
            }
            Err(error) => return Err(error),
        };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let relative = format!("{prefix}{name}");
            // `file_type` does not follow symlinks: linked directories are not entered.
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                let path = entry.path();
                if is_watched_dir(&name) && !path.join(VENV_MARKER).exists() {
                    pending.push((path, format!("{relative}/")));
                }
            } else if is_watched_file(&relative) {
                // Follows a symlinked file; a file deleted meanwhile is skipped.
                if let Ok(metadata) = fs::metadata(entry.path()) {
                    let stamp = Stamp {
                        modified: metadata.modified().ok(),
                        len: metadata.len(),
                    };
                    listing.insert(relative, stamp);
                }
            }
        }
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn stamp(seconds: u64, len: u64) -> Stamp {
        Stamp {
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)),
            len,
        }
    }

    #[test]
    fn test_poll_interval_scales_with_the_cost_of_a_poll() {
        assert_eq!(poll_interval(Duration::ZERO), MIN_POLL_INTERVAL);
        assert_eq!(poll_interval(Duration::from_millis(1)), MIN_POLL_INTERVAL);
        assert_eq!(
            poll_interval(Duration::from_millis(10)),
            Duration::from_millis(200)
        );
        assert_eq!(poll_interval(Duration::from_secs(1)), MAX_POLL_INTERVAL);
    }

    #[test]
    fn test_is_watched_dir_skips_hidden_tooling_and_migrations() {
        for name in ["shop", "api_v2", "templates"] {
            assert!(is_watched_dir(name), "{name}");
        }
        for name in [
            ".bolt",
            ".git",
            ".venv",
            "venv",
            "node_modules",
            "site-packages",
            "__pycache__",
            "migrations",
        ] {
            assert!(!is_watched_dir(name), "{name}");
        }
    }

    #[test]
    fn test_is_watched_file_takes_python_sources_and_root_pyproject() {
        assert!(is_watched_file("manage.py"));
        assert!(is_watched_file("shop/api.py"));
        assert!(is_watched_file("pyproject.toml"));
        assert!(!is_watched_file("shop/pyproject.toml"));
        assert!(!is_watched_file("shop/.api.py.swp"));
        assert!(!is_watched_file("shop/.#api.py"));
        assert!(!is_watched_file("shop/api.pyc"));
        assert!(!is_watched_file("db.sqlite3"));
        assert!(!is_watched_file("bolt/manifest.json"));
    }

    #[test]
    fn test_moved_paths_reports_added_removed_and_restamped() {
        let before: Listing = [
            ("a.py".to_owned(), stamp(1, 10)),
            ("b.py".to_owned(), stamp(1, 10)),
            ("c.py".to_owned(), stamp(1, 10)),
        ]
        .into();
        let after: Listing = [
            ("a.py".to_owned(), stamp(1, 10)),
            ("b.py".to_owned(), stamp(2, 10)),
            ("d.py".to_owned(), stamp(1, 3)),
        ]
        .into();
        assert_eq!(moved_paths(&before, &after), ["b.py", "c.py", "d.py"]);
        assert!(moved_paths(&after, &after).is_empty());
    }

    #[test]
    fn test_changed_contents_drops_rewrites_of_the_same_bytes() {
        let moved = vec!["a.py".to_owned(), "b.py".to_owned(), "c.py".to_owned()];
        let before: BTreeMap<String, u64> = [("a.py".to_owned(), 1), ("b.py".to_owned(), 2)].into();
        let after: BTreeMap<String, u64> = [("a.py".to_owned(), 1), ("c.py".to_owned(), 3)].into();
        assert_eq!(changed_contents(&moved, &before, &after), ["b.py", "c.py"]);
    }

    #[test]
    fn test_watcher_sees_edits_new_and_deleted_files_only() {
        let temp = tempfile::tempdir().expect("tempdir");
        let root = temp.path();
        let write = |relative: &str, text: &str| {
            let path = root.join(relative);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        };
        write("shop/api.py", "x = 1\n");
        write("shop/models.py", "y = 1\n");
        write("shop/migrations/0001_initial.py", "");
        write("env/pyvenv.cfg", "");
        write("env/lib/site.py", "");
        write("README.md", "");
        let mut watcher = Watcher::new(root).expect("watch");
        assert_eq!(watcher.poll().expect("poll"), Changes::default());

        write("shop/api.py", "x = 22\n"); // a new size: coarse mtimes cannot hide it
        write("shop/models.py", "y = 1\n"); // same bytes
        write("shop/migrations/0002_more.py", "");
        write("env/lib/other.py", "");
        write("README.md", "changed");
        write("shop/new.py", "");
        let changes = watcher.poll().expect("poll");
        assert_eq!(changes.files, ["shop/api.py", "shop/new.py"]);
        assert!(changes.newest.is_some());

        fs::remove_file(root.join("shop/new.py")).expect("remove");
        assert_eq!(watcher.poll().expect("poll").files, ["shop/new.py"]);
        assert_eq!(watcher.poll().expect("poll"), Changes::default());
    }
}
