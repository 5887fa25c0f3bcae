//! The `bolt` subcommands.

pub mod build;
pub mod run;
