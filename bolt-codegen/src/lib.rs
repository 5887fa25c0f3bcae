//! Bolt's build pipeline, as pure functions: Python source in, data and files out.
//!
//! - [`discover`]: handler modules (parsed with `ruff_python_parser`) → [`manifest::Manifest`]
//! - [`emit`]: `&Manifest` → the generated Rust crate's files
//! - [`openapi`]: `&Manifest` → OpenAPI 3.1 (`bolt/openapi.json`)
//! - [`diagnostics`]: compiler-style errors with `file:line:col`, reason and hint
//!
//! No stage reads the file system directly; the CLI supplies source text and writes output.

pub mod changes;
pub mod diagnostics;
pub mod discover;
pub mod emit;
pub mod manifest;
pub mod openapi;
