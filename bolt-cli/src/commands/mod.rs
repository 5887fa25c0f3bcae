//! The `bolt` subcommands.

pub mod build;
pub mod check;
pub mod dev;
pub mod run;
pub mod verify;
