//! Route path templates: `/items/{item_id}` and `/files/{rest:path}`.
//!
//! A placeholder is a whole segment; `{name:path}` captures the rest of the path and is
//! only allowed as the last segment.

use std::collections::BTreeSet;

/// The converter that captures the rest of the path.
const PATH_CONVERTER: &str = "path";
const SEGMENT_SEPARATOR: char = '/';
const OPEN: char = '{';
const CLOSE: char = '}';

/// One `{name}` / `{name:path}` segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder {
    pub(crate) name: String,
    /// `{name:path}`.
    pub(crate) captures_rest: bool,
    /// Byte range of the segment inside the template.
    pub(crate) start: usize,
    pub(crate) len: usize,
}

/// A malformed placeholder, located inside the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateError {
    pub(crate) start: usize,
    pub(crate) len: usize,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// The placeholders of a template, and every problem found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    pub(crate) placeholders: Vec<Placeholder>,
    pub(crate) errors: Vec<TemplateError>,
}

impl PathTemplate {
    /// Parses `template`, collecting every error.
    pub(crate) fn parse(template: &str) -> Self {
        let segments = segments(template);
        let last = segments.len().saturating_sub(1);
        let mut parsed = Self::default();
        let mut names = BTreeSet::new();
        for (position, (start, segment)) in segments.into_iter().enumerate() {
            if !segment.contains([OPEN, CLOSE]) {
                continue;
            }
            match placeholder(start, segment, position == last) {
                Ok(found) if !names.insert(found.name.clone()) => {
                    parsed.errors.push(TemplateError {
                        start,
                        len: segment.len(),
                        message: format!("placeholder `{}` appears twice in the path", found.name),
                        help: "give each placeholder a distinct name".to_owned(),
                    });
                }
                Ok(found) => parsed.placeholders.push(found),
                Err(error) => parsed.errors.push(error),
            }
        }
        parsed
    }

    /// The template with placeholder names erased, so `/a/{x}` and `/a/{y}` compare equal.
    pub(crate) fn shape(template: &str) -> String {
        segments(template)
            .into_iter()
            .map(|(_, segment)| match placeholder(0, segment, true) {
                Ok(found) if found.captures_rest => "{:path}",
                Ok(_) => "{}",
                Err(_) => segment,
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// `(byte offset, segment)` for every `/`-separated segment.
fn segments(template: &str) -> Vec<(usize, &str)> {
    let mut start = 0;
    template
        .split(SEGMENT_SEPARATOR)
        .map(|segment| {
            let located = (start, segment);
            start += segment.len() + SEGMENT_SEPARATOR.len_utf8();
            located
        })
        .collect()
}

fn placeholder(start: usize, segment: &str, is_last: bool) -> Result<Placeholder, TemplateError> {
    let error = |message: String, help: &str| TemplateError {
        start,
        len: segment.len(),
        message,
        help: help.to_owned(),
    };
    let inner = segment
        .strip_prefix(OPEN)
        .and_then(|rest| rest.strip_suffix(CLOSE))
        .filter(|inner| !inner.contains([OPEN, CLOSE]))
        .ok_or_else(|| {
            error(
                format!("`{segment}` is not a valid placeholder segment"),
                "a placeholder is a whole segment: `/items/{item_id}`",
            )
        })?;
    let (name, converter) = match inner.split_once(':') {
        Some((name, converter)) => (name, Some(converter)),
        None => (inner, None),
    };
    if !is_identifier(name) {
        return Err(error(
            format!("placeholder name `{name}` is not a Python identifier"),
            "name placeholders like handler parameters: `{item_id}`",
        ));
    }
    let captures_rest = match converter {
        None => false,
        Some(PATH_CONVERTER) if is_last => true,
        Some(PATH_CONVERTER) => {
            return Err(error(
                format!("`{segment}` captures the rest of the path but is not the last segment"),
                "move the `{name:path}` placeholder to the end of the path",
            ));
        }
        Some(other) => {
            return Err(error(
                format!("unknown path converter `{other}` in `{segment}`"),
                "use `{name}` (one segment, typed by the parameter's annotation) or `{name:path}`",
            ));
        }
    };
    Ok(Placeholder {
        name: name.to_owned(),
        captures_rest,
        start,
        len: segment.len(),
    })
}

/// A Python identifier (ASCII rules plus Unicode letters).
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_parse_valid_template_finds_placeholders() {
        let parsed = PathTemplate::parse("/items/{item_id}/files/{rest:path}");
        assert!(parsed.errors.is_empty());
        let names: Vec<_> = parsed
            .placeholders
            .iter()
            .map(|p| (p.name.as_str(), p.captures_rest))
            .collect();
        assert_eq!(names, vec![("item_id", false), ("rest", true)]);
        assert_eq!(parsed.placeholders[0].start, 7);
    }

    #[test]
    fn test_parse_bad_placeholders_reports_each() {
        let parsed = PathTemplate::parse("/a/{x:path}/b{y}/{1z}/{w:int}/{x}");
        let messages: Vec<_> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
    }

    #[test]
    fn test_shape_erases_names() {
        assert_eq!(PathTemplate::shape("/a/{x}/{r:path}"), "/a/{}/{:path}");
        assert_eq!(PathTemplate::shape("/a/{y}/{s:path}"), "/a/{}/{:path}");
    }
}
