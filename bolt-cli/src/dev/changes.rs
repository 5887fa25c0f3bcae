//! What `bolt dev` does about a save: restart the Python worker when the compiled contract
//! still fits the code, rebuild the extension when it does not (the comparison itself is
//! [`bolt_codegen::changes`], shared with `bolt verify`).
//!
//! Pure: two manifests (and the saved files) in, a decision and its description out.

use bolt_codegen::changes::{ContractChange, compare};
use bolt_codegen::manifest::Manifest;

/// What to do after a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// The installed extension still fits the code (only handler bodies, or positions, or
    /// files outside the contract changed): restart the Python worker.
    Restart,
    /// The contract changed: regenerate, rebuild, then restart. Never empty.
    Rebuild(Vec<ContractChange>),
}

/// Compares the manifest of the installed build with the one discovered from the code.
pub fn classify(installed: &Manifest, current: &Manifest) -> Reload {
    let changes = compare(installed, current);
    if changes.is_empty() {
        Reload::Restart
    } else {
        Reload::Rebuild(changes)
    }
}

/// Why a restart is enough: `handler body changed in shop/api.py` when a saved file holds
/// routes of the manifest, else `shop/models.py changed`. `files` are project-relative,
/// `/`-separated and sorted.
pub fn describe_restart(files: &[String], manifest: &Manifest) -> String {
    let handler_files: Vec<&str> = files
        .iter()
        .map(String::as_str)
        .filter(|file| manifest.routes.iter().any(|route| route.span.file == *file))
        .collect();
    if !handler_files.is_empty() && handler_files.len() == files.len() {
        return format!("handler body changed in {}", list_files(files));
    }
    format!("{} changed", list_files(files))
}

/// Files shown in one message before `and N more`.
const LISTED_FILES: usize = 3;

/// `a.py, b.py and 4 more`.
pub fn list_files(files: &[String]) -> String {
    match files.len() {
        0 => "no file".to_owned(),
        count if count <= LISTED_FILES => files.join(", "),
        count => format!(
            "{} and {} more",
            files[..LISTED_FILES].join(", "),
            count - LISTED_FILES
        ),
    }
}

#[cfg(test)]
mod tests {
    use bolt_codegen::manifest::{Handler, HandlerKind, HttpMethod, Operation, Route, Span};

    use super::*;

    fn manifest() -> Manifest {
        let mut manifest = Manifest::new();
        manifest.routes.push(Route {
            method: HttpMethod::Get,
            path: "/".into(),
            api: "shop.api:api".into(),
            router: None,
            name: None,
            validate_response: true,
            handler: Handler {
                module: "shop.api".into(),
                qualname: "hello".into(),
                kind: HandlerKind::Sync,
            },
            params: Vec::new(),
            status_code: 200,
            response: None,
            operation: Operation::default(),
            span: Span {
                file: "shop/api.py".into(),
                line: 10,
                column: 1,
            },
            dependencies: Vec::new(),
            responses: std::collections::BTreeMap::new(),
        });
        manifest
    }

    #[test]
    fn test_classify_same_contract_restarts_and_a_change_rebuilds() {
        assert_eq!(classify(&manifest(), &manifest()), Reload::Restart);
        let mut current = manifest();
        current.routes[0].status_code = 201;
        assert!(matches!(
            classify(&manifest(), &current),
            Reload::Rebuild(changes) if changes.len() == 1
        ));
    }

    #[test]
    fn test_describe_restart_names_handler_files() {
        let files = vec!["shop/api.py".to_owned()];
        assert_eq!(
            describe_restart(&files, &manifest()),
            "handler body changed in shop/api.py"
        );
        let files = vec!["shop/api.py".to_owned(), "shop/models.py".to_owned()];
        assert_eq!(
            describe_restart(&files, &manifest()),
            "shop/api.py, shop/models.py changed"
        );
    }

    #[test]
    fn test_list_files_truncates_long_lists() {
        let files: Vec<String> = (1..=5).map(|n| format!("m{n}.py")).collect();
        assert_eq!(list_files(&files), "m1.py, m2.py, m3.py and 2 more");
        assert_eq!(list_files(&files[..2]), "m1.py, m2.py");
    }
}
