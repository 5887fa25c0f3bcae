//! Compiles a generated crate and runs tests inside it: the generated statics must
//! type-check against the real `bolt-runtime/src/app.rs`, and the generated
//! `match_dynamic` must route like the contract says (internals.md §4).
//!
//! The crate is built against a stub `bolt-runtime` that includes the real `app.rs`
//! (`#[path]`) and a no-op `export_extension!`, so this needs neither pyo3 nor actix and
//! takes seconds once its few dependencies are built (in `target/emit-compile`).

mod emit_fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use bolt_codegen::emit::{CrateSettings, emit_crate};

/// The workspace root (this crate's parent directory).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Cargo.toml of the stub runtime; `{{APP_RS}}` is the real `app.rs`.
const STUB_CARGO_TOML: &str = r#"[package]
name = "bolt-runtime"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
path = "lib.rs"

[dependencies]
phf = "0.11"
smallvec = "1"
regex = "1"
"#;

const STUB_LIB_RS: &str = r#"#[path = "{{APP_RS}}"]
pub mod app;

/// Stands in for the bridge's macro: only checks that its argument is an `App`.
#[macro_export]
macro_rules! export_extension {
    ($app:path) => {
        const _: &$crate::app::App = &$app;
    };
}
"#;

/// Appended to the generated `lib.rs` of [`emit_fixtures::full_manifest`].
const GENERATED_CRATE_TESTS: &str = r#"
#[cfg(test)]
mod emit_compile_tests {
    use super::*;

    fn matched(path: &str) -> Option<(&'static str, Vec<&str>)> {
        (APP.router.match_dynamic)(path)
            .map(|found| (found.entry.template, found.captures.to_vec()))
    }

    #[test]
    fn dynamic_paths_match_by_segment() {
        assert_eq!(matched("/items/5"), Some(("/items/{item_id}", vec!["5"])));
        assert_eq!(
            matched("/items/5/reviews/7"),
            Some(("/items/{item_id}/reviews/{review_id}", vec!["5", "7"]))
        );
        assert_eq!(matched("/x/about"), Some(("/{slug}/about", vec!["x"])));
        assert_eq!(
            matched("/items/%2F/about"),
            Some(("/items/{item_id}/{rest:path}", vec!["%2F", "about"]))
        );
        assert_eq!(matched("/items/a%2Fb"), Some(("/items/{item_id}", vec!["a%2Fb"])));
    }

    #[test]
    fn literal_segments_earlier_win() {
        // `/items/{item_id}` beats `/{slug}/about`: its first segment is literal.
        assert_eq!(matched("/items/about"), Some(("/items/{item_id}", vec!["about"])));
        // `reviews/{review_id}` needs two more segments; the catch-all takes one.
        assert_eq!(
            matched("/items/5/reviews"),
            Some(("/items/{item_id}/{rest:path}", vec!["5", "reviews"]))
        );
        // `/files/{rest:path}` beats `/{slug}/about`.
        assert_eq!(matched("/files/about"), Some(("/files/{rest:path}", vec!["about"])));
    }

    #[test]
    fn catch_all_takes_the_non_empty_rest_as_one_substring() {
        let path = String::from("/files/a/b/c.txt");
        let found = (APP.router.match_dynamic)(&path).expect("matches");
        assert_eq!(found.captures.as_slice(), ["a/b/c.txt"]);
        assert!(std::ptr::eq(found.captures[0].as_ptr(), path[7..].as_ptr()), "no copy");
        assert_eq!(
            matched("/items/5/a//b/"),
            Some(("/items/{item_id}/{rest:path}", vec!["5", "a//b/"]))
        );
        assert_eq!(matched("/files/"), None);
        assert_eq!(matched("/files"), None);
    }

    #[test]
    fn empty_segments_and_bad_paths_do_not_match() {
        assert_eq!(matched("/items//"), None);
        assert_eq!(matched("/items/5/"), None);
        assert_eq!(matched("//about"), None);
        assert_eq!(matched("items/5"), None);
        assert_eq!(matched(""), None);
        assert_eq!(matched("/nothing/here/at/all"), None);
    }

    #[test]
    fn static_paths_and_entries() {
        let items = APP.router.static_paths.get("/items").expect("static /items");
        assert_eq!(items.methods, &[(Method::Get, 3), (Method::Post, 4)]);
        assert!(APP.router.static_paths.get("/items/").is_none());
        assert_eq!(APP.router.static_paths.len(), 4);
        let found = (APP.router.match_dynamic)("/items/9").expect("matches");
        assert_eq!(found.entry.methods, &[(Method::Get, 7), (Method::Delete, 6)]);
    }

    #[test]
    fn routes_params_and_schemas() {
        assert_eq!(APP.routes.len(), 11);
        assert!(APP.manifest_json.ends_with("}\n"));
        assert!(APP.openapi_json.starts_with('{'));
        assert!(APP.openapi_json.contains("\"openapi\": \"3.1.0\""));
        assert_eq!(APP.contract.len(), 64);
        let review = &APP.routes[8];
        assert_eq!(review.params[0].source, Source::Path { capture: 1 });
        assert_eq!(review.params[1].source, Source::Path { capture: 0 });
        let Schema::Struct(node) = APP.routes[1].params[0].schema else { panic!("struct") };
        assert_eq!(node.name, "shop.api.CategoryNode");
        let Schema::List { items, .. } = node.fields[1].schema else { panic!("list") };
        let Schema::Struct(child) = items else { panic!("recursive struct") };
        assert!(std::ptr::eq(*child, *node));
        let Schema::Str(rules) = node.fields[0].schema else { panic!("str") };
        assert_eq!(rules.pattern.map(|pattern| pattern.source), Some(r"^[A-Z]{3}-\d+$"));
        assert_eq!(rules.length, LengthRules { min: Some(3), max: Some(12) });
        let Schema::Int(rules) = APP.routes[3].params[0].schema else { panic!("int") };
        assert_eq!(rules.ge, Some(Bound::Int(-10)));
        assert_eq!(APP.routes[3].params[2].wire_name, "x-request-id");
    }

    /// The field `name` of a Struct.
    fn field(schema: &'static StructSchema, name: &str) -> &'static Schema {
        schema
            .fields
            .iter()
            .find(|field| field.key == name)
            .map(|field| field.schema)
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    #[test]
    fn type_fidelity_schemas() {
        let Schema::Struct(item) = APP.routes[4].params[0].schema else { panic!("item") };
        let Schema::Optional(Schema::Struct(all)) = field(item, "everything") else {
            panic!("everything")
        };
        assert!(matches!(field(all, "raw"), Schema::Bytes(LengthRules { min: None, max: Some(16) })));
        assert!(matches!(field(all, "buffer"), Schema::Bytes(_)));
        assert!(matches!(field(all, "when"), Schema::Datetime(Tz::Aware)));
        assert!(matches!(field(all, "naive"), Schema::Datetime(Tz::Any)));
        assert!(matches!(field(all, "day"), Schema::Date));
        assert!(matches!(field(all, "at"), Schema::Time(Tz::Naive)));
        assert!(matches!(field(all, "span"), Schema::Timedelta));
        assert!(matches!(field(all, "id"), Schema::Uuid));
        assert!(matches!(field(all, "amount"), Schema::Decimal(_)));
        let Schema::Choice(color) = field(all, "color") else { panic!("color") };
        assert_eq!((color.ints, color.strs), (&[][..], &["red", "blue"][..]));
        let Schema::Choice(level) = field(all, "level") else { panic!("level") };
        assert_eq!(level.ints, &[-1, 2]);
        let Schema::Choice(mode) = field(all, "mode") else { panic!("mode") };
        assert_eq!((mode.ints, mode.strs), (&[1][..], &["a"][..]));
        assert!(matches!(field(all, "labels"), Schema::Set { length: LengthRules { max: Some(3), .. }, .. }));
        assert!(matches!(field(all, "codes"), Schema::List { items: Schema::Int(_), .. }));
        assert!(matches!(field(all, "dims"), Schema::List { items: Schema::Float(_), .. }));
        let Schema::FixedTuple([Schema::Int(_), Schema::Str(_)]) = field(all, "pair") else {
            panic!("pair")
        };
        assert!(matches!(field(all, "unit"), Schema::FixedTuple([])));
        let Schema::Dict { keys: Schema::Int(rules), length, .. } = field(all, "scores") else {
            panic!("scores")
        };
        assert_eq!((rules.ge, length.min), (Some(Bound::Int(0)), Some(1)));

        let Schema::Union(choice) = field(all, "choice") else { panic!("choice") };
        assert_eq!(choice.variants.len(), 3);
        assert!(matches!(choice.int, Some(Schema::Int(_))));
        assert!(choice.float.is_none() && choice.bool.is_none());
        assert!(matches!(choice.str, Some(Schema::Str(_))));
        assert!(matches!(choice.array, UnionSlot::One(Schema::List { .. })));
        assert!(matches!(choice.object, UnionSlot::Empty));

        let Schema::Optional(Schema::Union(number)) = field(all, "number") else {
            panic!("number")
        };
        assert!(matches!(number.int, Some(Schema::Float(_))));
        assert!(matches!(number.float, Some(Schema::Float(_))));
        assert!(matches!(number.str, Some(Schema::Decimal(_))));

        let Schema::Union(mixed) = field(all, "mixed") else { panic!("mixed") };
        assert!(matches!(mixed.bool, Some(Schema::Bool)));
        assert!(matches!(mixed.int, Some(Schema::Choice(_))));
        assert!(mixed.float.is_none());
        assert!(matches!(mixed.str, Some(Schema::Date)));
        assert!(matches!(mixed.object, UnionSlot::One(Schema::Dict { .. })));

        let Schema::Union(shape) = field(all, "shape") else { panic!("shape") };
        let UnionSlot::Tagged(shapes) = shape.object else { panic!("tagged objects") };
        assert_eq!(shapes.len(), 2);
        assert_eq!(shapes[0].tag, Some(StructTag { field: "kind", value: TagValue::Str("circle") }));
        assert!(!shapes[1].array_like);

        let Schema::Union(packed) = field(all, "packed") else { panic!("packed") };
        let UnionSlot::Tagged(packs) = packed.array else { panic!("tagged arrays") };
        assert!(packs.iter().all(|pack| pack.array_like));
        assert_eq!(packs[1].tag.map(|tag| tag.value), Some(TagValue::Int(-2)));
        assert!(packs[0].forbid_unknown_fields);
        assert!(matches!(packed.int, Some(Schema::Int(_))));

        let Schema::Struct(point) = field(all, "point") else { panic!("point") };
        assert!(point.array_like && point.tag.is_none());
    }
}
"#;

fn write(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, contents).expect("write file");
}

#[test]
fn test_generated_crate_compiles_against_runtime_app_types_and_routes() {
    let root = workspace_root();
    let app_rs = root
        .join("bolt-runtime/src/app.rs")
        .canonicalize()
        .expect("app.rs exists");
    let scratch = tempfile::tempdir().expect("temp dir");

    let stub = scratch.path().join("stub-runtime");
    write(&stub.join("Cargo.toml"), STUB_CARGO_TOML);
    let app_rs_text = app_rs.to_str().expect("UTF-8 path");
    write(
        &stub.join("lib.rs"),
        &STUB_LIB_RS.replace("{{APP_RS}}", app_rs_text),
    );

    let crate_dir = scratch.path().join("crate");
    let settings = CrateSettings {
        runtime_path: stub.to_str().expect("UTF-8 path").to_owned(),
        ..emit_fixtures::settings()
    };
    for file in emit_crate(&emit_fixtures::full_manifest(), &settings) {
        let mut contents = file.contents;
        if file.path == "src/lib.rs" {
            contents.push_str(GENERATED_CRATE_TESTS);
        }
        write(&crate_dir.join(&file.path), &contents);
    }
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("workspace Cargo.lock");
    write(&crate_dir.join("Cargo.lock"), &lock);

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("test")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/emit-compile"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "generated crate failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
