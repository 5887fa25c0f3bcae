//! The `bolt` command: builds a Django project's API into a native extension, and runs it.

mod cargo;
mod commands;
mod contract;
mod dev;
mod environment;
mod fsutil;
mod project;
mod sources;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cargo::Profile;
use crate::commands::build::BuildOptions;
use crate::commands::check::CheckOptions;
use crate::commands::dev::DevOptions;
use crate::commands::run::RunOptions;
use crate::commands::verify::VerifyOptions;

#[derive(Debug, Parser)]
#[command(
    name = "bolt",
    version,
    about = "Compile a Django API into a native HTTP engine"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Discover the API, write bolt/manifest.json and compile .bolt/lib/_bolt_app.*.so.
    Build {
        /// The project directory (default: nearest ancestor holding manage.py).
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// `release` (optimised) or `dev` (incremental, for quick rebuilds).
        #[arg(long, value_enum, default_value = "release")]
        profile: Profile,
        /// Show cargo's output as it builds.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Verify bolt/manifest.json and bolt/openapi.json match the code (no compile, no writes).
    Check {
        /// The project directory (default: nearest ancestor holding manage.py).
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
    },
    /// Tell whether a compiled manifest is still current for the code (JSON on stdout;
    /// exit 0 when current). The start-up check of `runbolt` runs it when a source changed.
    Verify {
        /// The project directory (default: nearest ancestor holding manage.py).
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// The manifest the extension was compiled from: a file, or `-` for stdin.
        #[arg(long, value_name = "FILE")]
        manifest: PathBuf,
    },
    /// Build (dev profile), serve, and on every save restart the worker or rebuild.
    Dev {
        /// The project directory (default: nearest ancestor holding manage.py).
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// Address to bind.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port to bind.
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Serve the project: `python manage.py runbolt [ARGS...]`.
    Run {
        /// The project directory (default: nearest ancestor holding manage.py).
        #[arg(long, value_name = "DIR")]
        project: Option<PathBuf>,
        /// Arguments for `runbolt`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            project,
            profile,
            verbose,
        } => commands::build::run(&BuildOptions {
            project,
            profile,
            verbose,
        }),
        Command::Check { project } => commands::check::run(&CheckOptions { project }),
        Command::Verify { project, manifest } => {
            commands::verify::run(&VerifyOptions { project, manifest })
        }
        Command::Dev {
            project,
            host,
            port,
        } => commands::dev::run(&DevOptions {
            project,
            host,
            port,
        }),
        Command::Run { project, args } => commands::run::run(&RunOptions { project, args }),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cli_build_defaults_to_release() {
        let cli = Cli::try_parse_from(["bolt", "build"]).expect("parses");
        let Command::Build {
            project, profile, ..
        } = cli.command
        else {
            panic!("build");
        };
        assert_eq!(project, None);
        assert_eq!(profile, Profile::Release);
    }

    #[test]
    fn test_cli_build_accepts_project_and_dev_profile() {
        let cli = Cli::try_parse_from(["bolt", "build", "--project", "p", "--profile", "dev"])
            .expect("parses");
        let Command::Build {
            project, profile, ..
        } = cli.command
        else {
            panic!("build");
        };
        assert_eq!(project, Some(PathBuf::from("p")));
        assert_eq!(profile, Profile::Dev);
        assert!(Cli::try_parse_from(["bolt", "build", "--profile", "fast"]).is_err());
    }

    #[test]
    fn test_cli_dev_defaults_and_address() {
        let cli = Cli::try_parse_from(["bolt", "dev"]).expect("parses");
        let Command::Dev {
            project,
            host,
            port,
        } = cli.command
        else {
            panic!("dev");
        };
        assert_eq!((project, host.as_str(), port), (None, "127.0.0.1", 8000));
        let cli = Cli::try_parse_from([
            "bolt",
            "dev",
            "--project",
            "p",
            "--host",
            "0.0.0.0",
            "--port",
            "9000",
        ])
        .expect("parses");
        let Command::Dev {
            project,
            host,
            port,
        } = cli.command
        else {
            panic!("dev");
        };
        assert_eq!(project, Some(PathBuf::from("p")));
        assert_eq!((host.as_str(), port), ("0.0.0.0", 9000));
        assert!(Cli::try_parse_from(["bolt", "dev", "--port", "http"]).is_err());
    }

    #[test]
    fn test_cli_run_passes_hyphenated_args_through() {
        let cli =
            Cli::try_parse_from(["bolt", "run", "--project", "p", "--port", "8001", "-w", "2"])
                .expect("parses");
        let Command::Run { project, args } = cli.command else {
            panic!("run");
        };
        assert_eq!(project, Some(PathBuf::from("p")));
        assert_eq!(args, ["--port", "8001", "-w", "2"]);
    }
}
