//! Discovery of invalid projects: the rendered diagnostics of one fixture per error case.

#[path = "discover_support.rs"]
#[expect(
    dead_code,
    reason = "helpers shared with the discover tests; this file uses some"
)]
mod support;

use bolt_codegen::discover::{ApiSelection, discover};

/// Snapshots the rendered diagnostics of `fixtures/errors/<case>`.
fn assert_errors_snapshot(case: &str) {
    let rendered = support::rendered_errors(&format!("errors/{case}"));
    insta::assert_snapshot!(format!("errors_{case}"), rendered);
}

#[test]
fn test_discover_route_path_not_literal_reports_b0101() {
    assert_errors_snapshot("non_literal_path");
}

#[test]
fn test_discover_unknown_and_third_party_annotations_report_b0301() {
    assert_errors_snapshot("unknown_annotation");
}

#[test]
fn test_discover_duplicate_route_reports_later_with_note() {
    assert_errors_snapshot("duplicate_route");
}

#[test]
fn test_discover_placeholder_without_param_reports_b0104() {
    assert_errors_snapshot("placeholder_missing_param");
}

#[test]
fn test_discover_varargs_and_kwargs_report_b0201() {
    assert_errors_snapshot("varargs");
}

#[test]
fn test_discover_two_struct_params_report_b0202() {
    assert_errors_snapshot("two_bodies");
}

#[test]
fn test_discover_unsupported_and_unknown_route_keywords_report_b0106() {
    assert_errors_snapshot("unsupported_keyword");
}

#[test]
fn test_discover_unsupported_types_report_b0302() {
    assert_errors_snapshot("unsupported_type");
}

#[test]
fn test_discover_unresolvable_import_reported_once_at_import() {
    assert_errors_snapshot("unresolvable_import");
}

#[test]
fn test_discover_syntax_error_in_imported_module_reports_b0401() {
    assert_errors_snapshot("syntax_error");
}

#[test]
fn test_discover_malformed_placeholders_report_b0103_and_b0102() {
    assert_errors_snapshot("bad_placeholder");
}

#[test]
fn test_discover_bad_prefix_and_api_options_report_b0109_b0110() {
    assert_errors_snapshot("bad_prefix");
}

#[test]
fn test_discover_form_file_report_b0203() {
    assert_errors_snapshot("form_file_unsupported");
}

#[test]
fn test_discover_class_views_the_build_cannot_compile_are_reported() {
    assert_errors_snapshot("view_errors");
}

#[test]
fn test_discover_dependencies_the_build_cannot_follow_report_b0209() {
    assert_errors_snapshot("dependency_errors");
}

#[test]
fn test_discover_invalid_pattern_and_marker_arguments_report_b0205_b0204() {
    assert_errors_snapshot("invalid_regex");
}

#[test]
fn test_discover_import_cycle_reports_b0404() {
    assert_errors_snapshot("import_cycle");
}

#[test]
fn test_discover_alias_referring_to_itself_without_struct_reports_b0404() {
    assert_errors_snapshot("alias_cycle");
}

#[test]
fn test_discover_param_types_not_allowed_report_b0207_b0208() {
    assert_errors_snapshot("param_types");
}

#[test]
fn test_discover_struct_options_enum_and_model_report_errors() {
    assert_errors_snapshot("struct_options");
}

#[test]
fn test_discover_route_keyword_values_and_decorators_report_errors() {
    assert_errors_snapshot("route_keywords");
}

#[test]
fn test_discover_unions_msgspec_refuses_report_b0307() {
    assert_errors_snapshot("invalid_union");
}

#[test]
fn test_discover_struct_option_values_report_b0308() {
    assert_errors_snapshot("invalid_struct_option");
}

#[test]
fn test_discover_unprovable_enum_values_report_b0309() {
    assert_errors_snapshot("invalid_enum");
}

#[test]
fn test_discover_literal_values_report_b0310() {
    assert_errors_snapshot("invalid_literal");
}

#[test]
fn test_discover_generic_struct_misuse_reports_b0311() {
    assert_errors_snapshot("invalid_generic");
}

#[test]
fn test_discover_dict_key_types_report_b0312() {
    assert_errors_snapshot("invalid_dict_key");
}

#[test]
fn test_discover_meta_constraint_misuse_reports_b0313_b0305_b0204() {
    assert_errors_snapshot("conflicting_constraints");
}

#[test]
fn test_discover_many_errors_in_many_files_reports_all() {
    let rendered = support::rendered_errors("errors/many_errors");
    for file in [
        "shop/api.py",
        "shop/schemas.py",
        "shop/orders_api.py",
        "shop/broken_api.py",
    ] {
        assert!(
            rendered.contains(&format!("--> {file}:")),
            "no diagnostic in {file}:\n{rendered}"
        );
    }
    insta::assert_snapshot!("errors_many_errors", rendered);
}

#[test]
fn test_discover_explicit_missing_api_reports_b0111() {
    let modules = support::load_fixture("rich");
    let selection = ApiSelection::Explicit(vec![
        ("shop.api".into(), "nope".into()),
        ("shop.absent".into(), "api".into()),
    ]);
    let diagnostics = discover(&modules, &selection).expect_err("both entries are wrong");
    insta::assert_snapshot!("errors_explicit_missing_api", diagnostics.render());
}

#[test]
fn test_discover_diagnostics_are_sorted_by_file_and_line() {
    let modules = support::load_fixture("errors/many_errors");
    let selection = ApiSelection::Scan(support::api_modules(&modules));
    let diagnostics = discover(&modules, &selection).expect_err("fixture has errors");
    let spans: Vec<_> = diagnostics.0.iter().map(|d| d.span.clone()).collect();
    let mut sorted = spans.clone();
    sorted.sort();
    assert_eq!(spans, sorted);
}

#[test]
fn test_diagnostic_codes_every_code_is_documented() {
    let docs_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md");
    let docs = std::fs::read_to_string(docs_path).expect("docs/diagnostics.md exists");
    for code in bolt_codegen::diagnostics::DiagnosticCode::ALL {
        let heading = format!("### {} — ", code.as_str());
        assert!(
            docs.contains(&heading),
            "{code} ({}) is not documented",
            code.summary()
        );
    }
}

#[test]
fn test_discover_routers_the_build_cannot_follow_report_b0113_b0114() {
    assert_errors_snapshot("router_errors");
}

#[test]
fn test_discover_class_views_mounts_and_wrappers_are_refused_not_dropped() {
    assert_errors_snapshot("unsupported_composition");
}

#[test]
fn test_discover_imports_of_django_bolt_names_bolt_lacks_report_b0405() {
    assert_errors_snapshot("bolt_imports");
}
