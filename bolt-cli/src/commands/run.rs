//! `bolt run`: `<python> manage.py runbolt [args...]` in the project directory.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::environment::{self, ProcessEnv};
use crate::project::{self, MANAGE_PY};

/// The Django management command that serves a built project.
const RUNBOLT: &str = "runbolt";

/// Options of `bolt run`.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub project: Option<PathBuf>,
    /// Passed on to `runbolt`.
    pub args: Vec<OsString>,
}

/// Replaces this process with `runbolt` (on Unix), or runs it and returns its exit code.
pub fn run(options: &RunOptions) -> Result<ExitCode> {
    let root = project::locate_django_project(options.project.as_deref())?;
    let exe = std::env::current_exe().ok();
    let python = environment::python(&ProcessEnv, exe.as_deref());
    let mut command = Command::new(&python);
    command
        .arg(MANAGE_PY)
        .arg(RUNBOLT)
        .args(&options.args)
        .current_dir(&root);
    execute(command).with_context(|| format!("cannot run {}", python.display()))
}

/// `exec`s `command`: signals (Ctrl-C, SIGTERM) reach the server directly.
#[cfg(unix)]
fn execute(mut command: Command) -> Result<ExitCode> {
    use std::os::unix::process::CommandExt;
    // `exec` only returns on failure.
    Err(command.exec().into())
}

#[cfg(not(unix))]
fn execute(mut command: Command) -> Result<ExitCode> {
    let status = command.status()?;
    let code = status.code().unwrap_or(1);
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}
