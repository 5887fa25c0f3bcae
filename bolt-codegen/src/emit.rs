//! Emission: `&Manifest` → the generated crate's files (quote! → syn → prettyplease).
//!
//! The generated crate is plain data plus one generated function: `static` tables of the
//! runtime types in `bolt_runtime::app` (schemas, parameters, routes, the router) and a
//! segment-wise `match_dynamic`. It composes the runtime's building blocks and
//! reimplements none of them (DESIGN.md rule 3). Output is deterministic: identical
//! manifests and settings give identical bytes (rule 4).
//!
//! Emission cannot fail. A manifest that breaks an invariant `discover` guarantees (a
//! path parameter without a placeholder, a reference to an undefined Struct) still yields
//! a crate, whose `lib.rs` carries a `compile_error!` naming the problem.

mod cargo_toml;
mod lib_rs;
mod router;
mod schemas;

use sha2::{Digest, Sha256};

use crate::manifest::Manifest;
use crate::openapi::{ApiInfo, openapi_json};

/// Path of the generated `Cargo.toml`, relative to the crate root.
pub const CARGO_TOML_PATH: &str = "Cargo.toml";
/// Path of the generated library source, relative to the crate root.
pub const LIB_RS_PATH: &str = "src/lib.rs";
/// Path of the embedded manifest, relative to the crate root (`include_str!`-ed by `lib.rs`).
pub const MANIFEST_JSON_PATH: &str = "src/manifest.json";
/// Path of the embedded OpenAPI document, relative to the crate root (`include_str!`-ed by
/// `lib.rs`, served at `<docs path>/openapi.json`): the same bytes as `bolt/openapi.json`.
pub const OPENAPI_JSON_PATH: &str = "src/openapi.json";

/// One generated file, path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Settings that are not part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSettings {
    /// Cargo package name, e.g. `bolt_app_3f2a…`.
    pub package_name: String,
    /// Path of the `bolt-runtime` crate source (a path dependency).
    pub runtime_path: String,
}

/// `Cargo.toml`, `src/lib.rs`, `src/manifest.json`, `src/openapi.json` for the project's
/// extension crate.
pub fn emit_crate(manifest: &Manifest, settings: &CrateSettings) -> Vec<GeneratedFile> {
    let manifest_json = manifest.to_json();
    let contract = hex_sha256(manifest_json.as_bytes());
    vec![
        GeneratedFile {
            path: CARGO_TOML_PATH.to_owned(),
            contents: cargo_toml::render(settings),
        },
        GeneratedFile {
            path: LIB_RS_PATH.to_owned(),
            contents: lib_rs::render(manifest, &contract),
        },
        GeneratedFile {
            path: MANIFEST_JSON_PATH.to_owned(),
            contents: manifest_json,
        },
        GeneratedFile {
            path: OPENAPI_JSON_PATH.to_owned(),
            contents: openapi_json(manifest, &ApiInfo::of(manifest)),
        },
    ]
}

/// Hex SHA-256 of the manifest's JSON: the build's contract id.
pub fn contract_hash(manifest: &Manifest) -> String {
    hex_sha256(manifest.to_json().as_bytes())
}

/// Lowercase hex SHA-256 of `bytes`.
fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
