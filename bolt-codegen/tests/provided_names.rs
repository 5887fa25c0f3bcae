//! Names both languages spell, kept equal through JSON files the Python tests read: the
//! `django_bolt` modules and names the build accepts in imports (this table equals
//! `python/tests/provided_names.json`, which `python/tests/test_provided_names.py` checks
//! against the package's `__all__`s), and the route methods (`python/tests/http_methods.json`,
//! checked against `django_bolt.api.METHODS`).

use std::path::Path;

#[test]
fn test_provided_names_table_equals_the_python_side_json() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../python/tests/provided_names.json");
    let checked_in = std::fs::read_to_string(&path).expect("python/tests/provided_names.json");
    assert_eq!(
        bolt_codegen::discover::provided_names_json(),
        checked_in,
        "bolt-codegen's PROVIDED_MODULES and {} differ: update both with the package's __all__",
        path.display()
    );
}

#[test]
fn test_http_methods_equal_the_python_side_json() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../python/tests/http_methods.json");
    let checked_in = std::fs::read_to_string(&path).expect("python/tests/http_methods.json");
    let methods: Vec<&str> = bolt_codegen::manifest::HttpMethod::ALL
        .iter()
        .map(|method| method.as_str())
        .collect();
    let mut expected = serde_json::to_string(&methods).expect("a list of strings");
    expected.push('\n');
    assert_eq!(
        expected,
        checked_in,
        "update {} with HttpMethod::ALL",
        path.display()
    );
}
