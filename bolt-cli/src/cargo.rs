//! Driving cargo to build the generated crate into a cdylib.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// This repository's `Cargo.lock`, copied into each generated crate (only if it has none)
/// so generated crates build with the dependency versions Bolt was tested with.
pub const WORKSPACE_LOCK: &str = include_str!("../../Cargo.lock");

/// Cargo profile of the generated crate used by `--profile dev` (see its Cargo.toml).
const DEV_CARGO_PROFILE: &str = "devopt";
/// Cargo's message for a built (or fresh) artifact.
const ARTIFACT_REASON: &str = "compiler-artifact";
/// Crate type of the extension.
const CDYLIB: &str = "cdylib";
/// File extensions of a cdylib on the supported platforms.
const CDYLIB_EXTENSIONS: &[&str] = &["so", "dylib", "dll"];

/// Which profile to build the extension with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// Optimised (cargo's `release` profile).
    Release,
    /// Release dependencies, incrementally built generated crate (`devopt` profile).
    Dev,
}

impl Profile {
    /// The name written to `build.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::Dev => "dev",
        }
    }

    fn cargo_args(self) -> &'static [&'static str] {
        match self {
            Self::Release => &["--release"],
            Self::Dev => &["--profile", DEV_CARGO_PROFILE],
        }
    }
}

/// One `cargo build` of a generated crate.
#[derive(Debug, Clone)]
pub struct CargoBuild<'a> {
    /// The generated crate's `Cargo.toml`.
    pub manifest_path: &'a Path,
    /// Its package (and library) name.
    pub package_name: &'a str,
    /// Shared `CARGO_TARGET_DIR`.
    pub target_dir: &'a Path,
    /// Interpreter for `PYO3_PYTHON`.
    pub python: &'a Path,
    pub profile: Profile,
    /// Show cargo's progress and warnings as they come (else only on failure).
    pub verbose: bool,
}

impl CargoBuild<'_> {
    /// Runs cargo and returns the path of the built cdylib.
    pub fn run(&self) -> Result<PathBuf> {
        let mut child = self
            .command()
            .spawn()
            .context("cannot run cargo; is Rust installed (https://rustup.rs)?")?;
        // Drain stderr on its own thread so neither pipe can fill up and block cargo.
        let stderr_reader = child.stderr.take().map(|mut stderr| {
            thread::spawn(move || {
                let mut text = Vec::new();
                let _ = stderr.read_to_end(&mut text);
                text
            })
        });
        let mut messages = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines() {
                messages.push(line.context("cannot read cargo's output")?);
            }
        }
        let status = child.wait().context("cargo did not finish")?;
        let stderr = stderr_reader
            .map(|reader| reader.join().unwrap_or_default())
            .unwrap_or_default();
        if !status.success() {
            let _ = std::io::stderr().write_all(&stderr);
            bail!("cargo build of the generated crate failed ({status}); its output is above");
        }
        cdylib_path(messages.iter().map(String::as_str), self.package_name).with_context(|| {
            format!(
                "cargo built {} but reported no cdylib for it",
                self.package_name
            )
        })
    }

    fn command(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        let mut command = Command::new(cargo);
        command
            .arg("build")
            .arg("--message-format=json-render-diagnostics")
            .arg("--manifest-path")
            .arg(self.manifest_path)
            .args(self.profile.cargo_args())
            .env("CARGO_TARGET_DIR", self.target_dir)
            .env("PYO3_PYTHON", self.python)
            .env("PYO3_BUILD_EXTENSION_MODULE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if self.verbose {
                Stdio::inherit()
            } else {
                Stdio::piped()
            });
        command
    }
}

/// The subset of cargo's JSON messages read here.
#[derive(Debug, Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct Target {
    name: String,
    #[serde(default)]
    crate_types: Vec<String>,
}

/// The cdylib file of `package` among cargo's JSON `messages` (one per line).
fn cdylib_path<'m>(messages: impl Iterator<Item = &'m str>, package: &str) -> Option<PathBuf> {
    messages
        .filter_map(|line| serde_json::from_str::<Message>(line).ok())
        .filter(|message| message.reason == ARTIFACT_REASON)
        .filter(|message| {
            message.target.as_ref().is_some_and(|target| {
                target.name == package && target.crate_types.iter().any(|kind| kind == CDYLIB)
            })
        })
        .flat_map(|message| message.filenames)
        .find(|file| {
            file.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| CDYLIB_EXTENSIONS.contains(&extension))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGES: &[&str] = &[
        r#"{"reason":"compiler-artifact","target":{"name":"phf","crate_types":["lib"]},"filenames":["/t/release/deps/libphf.rlib"]}"#,
        "not json",
        r#"{"reason":"compiler-message","message":{}}"#,
        r#"{"reason":"compiler-artifact","target":{"name":"bolt_app_0123","crate_types":["cdylib"]},"filenames":["/t/release/libbolt_app_0123.so"],"fresh":true}"#,
        r#"{"reason":"build-finished","success":true}"#,
    ];

    #[test]
    fn test_cdylib_path_finds_the_package_library() {
        let path = cdylib_path(MESSAGES.iter().copied(), "bolt_app_0123");
        assert_eq!(path, Some(PathBuf::from("/t/release/libbolt_app_0123.so")));
        assert_eq!(cdylib_path(MESSAGES.iter().copied(), "other"), None);
    }

    #[test]
    fn test_profile_cargo_args() {
        assert_eq!(Profile::Release.cargo_args(), ["--release"]);
        assert_eq!(Profile::Dev.cargo_args(), ["--profile", "devopt"]);
        assert_eq!(Profile::Dev.as_str(), "dev");
    }

    #[test]
    fn test_workspace_lock_is_embedded() {
        assert!(WORKSPACE_LOCK.contains("name = \"bolt-runtime\""));
    }
}
