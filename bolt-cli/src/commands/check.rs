//! `bolt check`: fails when the checked-in contract (`bolt/*.json`) is stale or missing.
//! Regenerates in memory only; never compiles, never writes.

use std::process::ExitCode;
use std::time::Instant;

use crate::commands::build::discover_reporting;
use crate::contract::{self, Drift};
use crate::project::{self, Layout};
use anyhow::{Context, Result};

/// Options of `bolt check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub project: Option<std::path::PathBuf>,
}

/// Runs `bolt check`: exit 0 when current, 1 when stale/missing or the code has errors.
pub fn run(options: &CheckOptions) -> Result<ExitCode> {
    let started = Instant::now();
    let root = project::locate_root(options.project.as_deref())?;
    let Some((manifest, _sources)) = discover_reporting(&root)? else {
        return Ok(ExitCode::FAILURE);
    };
    let layout = Layout::new(&root);
    let mut problems = 0usize;
    for file in contract::contract_files(&layout, &manifest) {
        let checked_in = read_optional(&file.path)?;
        match contract::drift(&file, checked_in.as_deref()) {
            Drift::Current => {}
            Drift::Missing => {
                problems += 1;
                eprintln!("error: {} is missing", file.display);
            }
            Drift::Stale(diff) => {
                problems += 1;
                eprintln!("error: {} does not match the code:\n{diff}", file.display);
            }
        }
    }
    if problems > 0 {
        eprintln!("error: the API contract is out of date; run `bolt build` and commit bolt/");
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "Contract is current ({} routes) — checked in {:.0} ms",
        manifest.routes.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}

fn read_optional(path: &std::path::Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}
