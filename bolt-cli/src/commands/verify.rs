//! `bolt verify`: is a compiled build still current for the code? The start-up check of
//! `runbolt` asks this when a source file changed since the build (docs/internals.md §7):
//! the manifest the extension was compiled from is compared with what discover makes of
//! the sources now — the same reader as `bolt build`, so no second implementation of
//! discover exists anywhere.
//!
//! Prints one JSON object on stdout: `{"current": true}`, or `{"current": false,
//! "differences": ["GET /items (shop.api:items): ...", ...]}`, or `{"current": false,
//! "errors": "<diagnostics>"}` when the code no longer builds. Exit status 0 when current,
//! 1 when not; when the question cannot be answered (unreadable project or manifest) it
//! fails like any command: exit 1, the reason on stderr, nothing on stdout.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use bolt_codegen::changes::explain;
use bolt_codegen::manifest::Manifest;
use serde::Serialize;

use crate::commands::build::{Discovered, discover_project};
use crate::project;

/// Options of `bolt verify`.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub project: Option<PathBuf>,
    /// The compiled manifest: a file, or `-` for stdin.
    pub manifest: PathBuf,
}

/// The answer, as printed.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Verdict {
    pub current: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<String>,
}

/// Compares `built` with what discover made of the code.
pub fn verdict(built: &Manifest, discovered: Discovered) -> Verdict {
    match discovered.manifest {
        Err(diagnostics) => Verdict {
            current: false,
            differences: Vec::new(),
            errors: Some(diagnostics.render()),
        },
        Ok(current) => {
            let differences = explain(built, &current);
            Verdict {
                current: differences.is_empty(),
                differences,
                errors: None,
            }
        }
    }
}

/// Runs `bolt verify`.
pub fn run(options: &VerifyOptions) -> Result<ExitCode> {
    let root = project::locate_root(options.project.as_deref())?;
    let text = read_manifest(&options.manifest)?;
    let built = Manifest::from_json(&text).with_context(|| {
        format!(
            "{} is not a Bolt manifest of this version",
            options.manifest.display()
        )
    })?;
    let verdict = verdict(&built, discover_project(&root)?);
    println!(
        "{}",
        serde_json::to_string(&verdict).context("cannot encode the verdict")?
    );
    Ok(if verdict.current {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read_manifest(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the manifest from stdin")?;
        return Ok(text);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

#[cfg(test)]
mod tests {
    use bolt_codegen::discover::{ApiSelection, MemoryModules, SourceFile, discover};

    use super::*;
    use crate::sources::SourceRecord;

    fn project(source: &str) -> MemoryModules {
        let mut modules = MemoryModules::default();
        modules.0.insert(
            "shop.api".into(),
            SourceFile {
                path: "shop/api.py".into(),
                text: source.into(),
            },
        );
        modules
    }

    fn discovered(source: &str) -> Discovered {
        Discovered {
            manifest: discover(
                &project(source),
                &ApiSelection::Scan(vec!["shop.api".into()]),
            ),
            sources: SourceRecord::default(),
        }
    }

    const API: &str = "from django_bolt import BoltAPI\napi = BoltAPI()\n\n\
                       @api.get(\"/items/{i}\")\ndef item(i: int) -> dict:\n    return {}\n";

    fn built() -> Manifest {
        discovered(API).manifest.expect("builds")
    }

    #[test]
    fn test_verdict_body_and_position_edits_are_current() {
        let edited = API.replace("return {}", "\n\n    return {\"edited\": True}");
        assert_eq!(
            verdict(&built(), discovered(&edited)),
            Verdict {
                current: true,
                differences: Vec::new(),
                errors: None
            }
        );
    }

    #[test]
    fn test_verdict_signature_edit_lists_the_parameter() {
        let edited = API.replace("i: int", "i: str");
        let verdict = verdict(&built(), discovered(&edited));
        assert!(!verdict.current);
        assert_eq!(
            verdict.differences,
            [
                "GET /items/{i} (shop.api:item): parameter `i`: type is int in the build, str in the code"
            ]
        );
        assert_eq!(
            serde_json::to_string(&verdict).expect("json"),
            "{\"current\":false,\"differences\":[\"GET /items/{i} (shop.api:item): parameter `i`: \
             type is int in the build, str in the code\"]}"
        );
    }

    #[test]
    fn test_verdict_code_with_errors_is_not_current() {
        let edited = API.replace("i: int", "i: int, *rest");
        let verdict = verdict(&built(), discovered(&edited));
        assert!(!verdict.current);
        assert!(verdict.errors.expect("errors").contains("shop/api.py:5"));
    }
}
