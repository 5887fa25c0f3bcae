//! The `django_bolt` modules and names the build accepts in imports are exactly what the
//! Python package provides: this table equals `python/tests/provided_names.json`, which
//! `python/tests/test_provided_names.py` checks against the package's `__all__`s.

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
