//! Emission: `&Manifest` → the generated crate's files (quote! → syn → prettyplease).

use crate::manifest::Manifest;

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

/// `Cargo.toml`, `src/lib.rs`, `src/manifest.json` for the project's extension crate.
pub fn emit_crate(manifest: &Manifest, settings: &CrateSettings) -> Vec<GeneratedFile> {
    let _ = (manifest, settings);
    unimplemented!("H4")
}

/// Hex SHA-256 of the manifest's JSON: the build's contract id.
pub fn contract_hash(manifest: &Manifest) -> String {
    let _ = manifest;
    unimplemented!("H4")
}
