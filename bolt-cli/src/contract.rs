//! The checked-in contract: `bolt/manifest.json` and `bolt/openapi.json`, computed from the
//! manifest alone (no Python import, no compile), so `bolt check` can regenerate them fast.

use std::path::PathBuf;

use bolt_codegen::manifest::Manifest;
use bolt_codegen::openapi::{ApiInfo, openapi_json};

use crate::project::Layout;

/// One checked-in file: where it lives and what it must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFile {
    pub path: PathBuf,
    /// Project-relative, `/`-separated (for messages).
    pub display: String,
    pub contents: String,
}

/// Every contract file of the project, in a fixed order.
pub fn contract_files(layout: &Layout, manifest: &Manifest) -> Vec<ContractFile> {
    vec![
        ContractFile {
            path: layout.manifest_json(),
            display: format!("{}/manifest.json", Layout::CONTRACT_DIR),
            contents: manifest.to_json(),
        },
        ContractFile {
            path: layout.openapi_json(),
            display: format!("{}/openapi.json", Layout::CONTRACT_DIR),
            contents: openapi_json(manifest, &ApiInfo::of(manifest)),
        },
    ]
}

/// How a checked-in file compares with what the code produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Current,
    Missing,
    /// A unified diff from the checked-in text to the expected text.
    Stale(String),
}

/// Compares the checked-in text (`None` when the file is absent) with the expected one.
pub fn drift(file: &ContractFile, checked_in: Option<&str>) -> Drift {
    match checked_in {
        None => Drift::Missing,
        Some(text) if text == file.contents => Drift::Current,
        Some(text) => Drift::Stale(unified_diff(&file.display, text, &file.contents)),
    }
}

/// Lines of context around each change in a diff.
const DIFF_CONTEXT_LINES: usize = 3;

fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(DIFF_CONTEXT_LINES)
        .header(
            &format!("{name} (checked in)"),
            &format!("{name} (from the code)"),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(contents: &str) -> ContractFile {
        ContractFile {
            path: PathBuf::from("bolt/manifest.json"),
            display: "bolt/manifest.json".into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn drift_identical_text_is_current() {
        assert_eq!(drift(&file("a\n"), Some("a\n")), Drift::Current);
    }

    #[test]
    fn drift_absent_file_is_missing() {
        assert_eq!(drift(&file("a\n"), None), Drift::Missing);
    }

    #[test]
    fn drift_changed_text_is_stale_with_a_unified_diff() {
        let Drift::Stale(diff) = drift(&file("a\nc\n"), Some("a\nb\n")) else {
            panic!("expected stale");
        };
        assert!(
            diff.contains("--- bolt/manifest.json (checked in)"),
            "{diff}"
        );
        assert!(diff.contains("-b\n"), "{diff}");
        assert!(diff.contains("+c\n"), "{diff}");
    }

    #[test]
    fn contract_files_are_manifest_then_openapi() {
        let layout = Layout::new(std::path::Path::new("/p"));
        let files = contract_files(&layout, &Manifest::new());
        let names: Vec<&str> = files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["bolt/manifest.json", "bolt/openapi.json"]);
        assert!(files.iter().all(|f| f.contents.ends_with('\n')));
    }
}
