//! The generated crate's `Cargo.toml`, rendered from `templates/Cargo.toml.tmpl`.

use super::CrateSettings;

/// The template, embedded at compile time so `bolt` needs no files beside it.
const TEMPLATE: &str = include_str!("../../../templates/Cargo.toml.tmpl");
/// Replaced by the TOML-escaped package name.
const PACKAGE_NAME_SLOT: &str = "{{package_name}}";
/// Replaced by the TOML-escaped path of the `bolt-runtime` crate.
const RUNTIME_PATH_SLOT: &str = "{{runtime_path}}";

/// The template with its slots filled in.
pub(super) fn render(settings: &CrateSettings) -> String {
    TEMPLATE
        .replace(
            PACKAGE_NAME_SLOT,
            &escape_basic_string(&settings.package_name),
        )
        .replace(
            RUNTIME_PATH_SLOT,
            &escape_basic_string(&settings.runtime_path),
        )
}

/// Escapes `text` for the inside of a TOML basic string (`"..."`).
fn escape_basic_string(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            ch if ch.is_control() => escaped.push_str(&format!("\\u{:04X}", u32::from(ch))),
            ch => escaped.push(ch),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_escape_basic_string_quotes_and_backslashes_are_escaped() {
        assert_eq!(escape_basic_string(r#"C:\a "b""#), r#"C:\\a \"b\""#);
    }

    #[test]
    fn test_render_fills_every_slot() {
        let settings = CrateSettings {
            package_name: "bolt_app_0123456789ab".into(),
            runtime_path: "/opt/bolt/bolt-runtime".into(),
        };
        let text = render(&settings);
        assert!(!text.contains("{{"));
        assert!(text.contains(r#"name = "bolt_app_0123456789ab""#));
        assert!(text.contains(r#"path = "/opt/bolt/bolt-runtime""#));
    }
}
