//! The schema-directed pass over one body: a recursive descent over the scanner's tokens
//! that checks each value against its schema and collects every error.

use super::MAX_NESTING_DEPTH;
use super::input::input_json;
use super::keys;
use super::path::{Path, Segment};
use super::rules::{
    self, ARRAY, check_float, check_int, check_length, check_str, expected_name, has_str_rules,
    parse_int_text,
};
use super::scanner::{FALSE, NULL, RawStr, Scanner, Syntax, SyntaxError, TRUE, Token};
use crate::app::{LengthRules, NumberRules, Schema, StrRules, StructSchema};
use crate::errors::{ErrorKind, Failure, LocItem, ValidationError, input_text};

/// Appended to a dict key's location when the key itself is invalid (pydantic's convention).
const KEY_MARKER: &str = "[key]";

/// A number without exponent and at most this long cannot overflow a float.
const MAX_SAFE_FLOAT_TEXT_LEN: usize = 300;

/// Which fields of a Struct were present; no allocation up to [`INLINE_FIELDS`] fields.
#[derive(Debug)]
struct SeenFields {
    first: u64,
    more: Vec<bool>,
}

/// Fields tracked in [`SeenFields::first`].
const INLINE_FIELDS: usize = u64::BITS as usize;

impl SeenFields {
    fn new(count: usize) -> Self {
        Self {
            first: 0,
            more: vec![false; count.saturating_sub(INLINE_FIELDS)],
        }
    }

    fn insert(&mut self, index: usize) {
        match index.checked_sub(INLINE_FIELDS) {
            None => self.first |= 1 << index,
            Some(more) => {
                if let Some(flag) = self.more.get_mut(more) {
                    *flag = true;
                }
            }
        }
    }

    fn contains(&self, index: usize) -> bool {
        match index.checked_sub(INLINE_FIELDS) {
            None => self.first & (1 << index) != 0,
            Some(more) => self.more.get(more).copied().unwrap_or(false),
        }
    }
}

/// What a consumed value was, named like msgspec's "got `...`".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Int,
    Float,
    Str,
    Bool,
    Null,
    Array,
    Object,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Self::Int => rules::INT,
            Self::Float => rules::FLOAT,
            Self::Str => rules::STR,
            Self::Bool => "bool",
            Self::Null => rules::NULL,
            Self::Array => ARRAY,
            Self::Object => rules::OBJECT,
        }
    }
}

/// How values no schema describes are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// `Any`: strings must be UTF-8 and numbers convertible, as msgspec builds them.
    Strict,
    /// Skipped (unknown fields, values of the wrong type): syntax only, like msgspec's skip.
    Lax,
}

type Step = Result<(), SyntaxError>;

/// The schema-directed pass over one body.
#[derive(Debug)]
pub(super) struct Walker<'a> {
    scanner: Scanner<'a>,
    errors: Vec<ValidationError>,
}

impl<'a> Walker<'a> {
    pub(super) fn new(body: &'a [u8]) -> Self {
        Self {
            scanner: Scanner::new(body),
            errors: Vec::new(),
        }
    }

    /// Validates the whole body: its schema errors, or the syntax error that stopped it.
    pub(super) fn validate(mut self, schema: &Schema) -> Result<Vec<ValidationError>, SyntaxError> {
        self.value(schema, false, &Path::ROOT, 0)?;
        self.scanner.finish()?;
        Ok(self.errors)
    }

    fn value(&mut self, schema: &Schema, nullable: bool, path: &Path<'_>, depth: usize) -> Step {
        let token = self.scanner.peek_token()?;
        match (schema, token) {
            (Schema::Optional(inner), _) => self.value(inner, true, path, depth),
            (Schema::Any, _) => self.consume(Check::Strict, path, depth).map(drop),
            (Schema::None, Token::Null) => self.scanner.literal(NULL),
            (_, Token::Null) if nullable => self.scanner.literal(NULL),
            (Schema::Bool, Token::True) => self.scanner.literal(TRUE),
            (Schema::Bool, Token::False) => self.scanner.literal(FALSE),
            (Schema::Int(rules), Token::Number) => self.int(schema, rules, nullable, path),
            (Schema::Float(rules), Token::Number) => self.float(rules, path),
            (Schema::Str(rules), Token::String) => self.string(rules, path),
            (Schema::List { items, length }, Token::Array) => self.list(items, length, path, depth),
            (Schema::Dict { keys, values, .. }, Token::Object) => self.dict(keys, values, path, depth),
            (Schema::Struct(fields), Token::Object) => self.object(fields, path, depth),
            _ => self.mismatch(schema, nullable, path, depth),
        }
    }

    /// Records `failure` for the value that started at body offset `start`.
    fn report(&mut self, failure: Failure, path: &Path<'_>, start: usize) {
        let input = input_json(self.scanner.slice(start, self.scanner.position()));
        self.errors.push(failure.at(path.loc(), input));
    }

    /// A value of the wrong JSON type: skipped, reported with what it was.
    fn mismatch(&mut self, schema: &Schema, nullable: bool, path: &Path<'_>, depth: usize) -> Step {
        let start = self.scanner.position();
        let got = self.consume(Check::Lax, path, depth)?;
        let got = match got {
            Shape::Int | Shape::Float => {
                let text = std::str::from_utf8(self.scanner.slice(start, self.scanner.position()));
                match number_shape(text.unwrap_or_default()) {
                    Some(shape) => shape,
                    None => {
                        self.report(Failure::number_out_of_range(), path, start);
                        return Ok(());
                    }
                }
            }
            other => other,
        };
        let expected = expected_name(schema, nullable);
        let failure = Failure::wrong_type(rules::type_error_kind(schema), &expected, got.name());
        self.report(failure, path, start);
        Ok(())
    }

    fn int(
        &mut self,
        schema: &Schema,
        rules: &NumberRules,
        nullable: bool,
        path: &Path<'_>,
    ) -> Step {
        let start = self.scanner.position();
        let number = self.scanner.number()?;
        let failure = if number.integer {
            match parse_int_text(number.text) {
                Ok(value) => check_int(rules, value),
                Err(failure) => Some(failure),
            }
        } else if number_shape(number.text).is_none() {
            Some(Failure::number_out_of_range())
        } else {
            let expected = expected_name(schema, nullable);
            Some(Failure::wrong_type(
                ErrorKind::IntType,
                &expected,
                Shape::Float.name(),
            ))
        };
        if let Some(failure) = failure {
            self.report(failure, path, start);
        }
        Ok(())
    }

    fn float(&mut self, rules: &NumberRules, path: &Path<'_>) -> Step {
        let start = self.scanner.position();
        let number = self.scanner.number()?;
        if *rules == NumberRules::default() && !may_overflow(number.text) {
            return Ok(());
        }
        let value = number.to_f64();
        let failure = if value.is_infinite() {
            Some(Failure::number_out_of_range())
        } else {
            check_float(rules, value)
        };
        if let Some(failure) = failure {
            self.report(failure, path, start);
        }
        Ok(())
    }

    fn string(&mut self, rules: &StrRules, path: &Path<'_>) -> Step {
        let start = self.scanner.position();
        let text = self.scanner.string()?.to_text()?;
        if has_str_rules(rules)
            && let Some(failure) = check_str(rules, &text.decoded())
        {
            self.report(failure, path, start);
        }
        Ok(())
    }

    /// Consumes the `[`/`{` the cursor is on, refusing to nest deeper than the limit.
    fn enter(&mut self, depth: usize) -> Step {
        if depth >= MAX_NESTING_DEPTH {
            return Err(SyntaxError::new(Syntax::TooDeep, self.scanner.position()));
        }
        self.scanner.enter_container();
        Ok(())
    }

    fn list(
        &mut self,
        items: &Schema,
        length: &LengthRules,
        path: &Path<'_>,
        depth: usize,
    ) -> Step {
        let start = self.scanner.position();
        self.enter(depth)?;
        let mut count = 0;
        while self.scanner.next_element(count == 0)? {
            self.value(items, false, &path.child(Segment::Index(count)), depth + 1)?;
            count += 1;
        }
        if let Some(failure) = check_length(length, count, ARRAY) {
            self.report(failure, path, start);
        }
        Ok(())
    }

    fn dict(&mut self, keys: &Schema, values: &Schema, path: &Path<'_>, depth: usize) -> Step {
        self.enter(depth)?;
        let mut first = true;
        while let Some(raw) = self.scanner.next_key(first)? {
            first = false;
            let key = raw.to_text()?;
            let key_path = path.child(Segment::Key(raw));
            if let Some(failure) = keys::check_key(keys, key) {
                let mut loc = key_path.loc();
                loc.push(LocItem::from(KEY_MARKER));
                self.errors
                    .push(failure.at(loc, Some(input_text(&key.decoded()))));
            }
            self.value(values, false, &key_path, depth + 1)?;
        }
        Ok(())
    }

    fn object(&mut self, schema: &StructSchema, path: &Path<'_>, depth: usize) -> Step {
        self.enter(depth)?;
        let mut seen = SeenFields::new(schema.fields.len());
        let mut first = true;
        let mut expected = 0;
        while let Some(raw) = self.scanner.next_key(first)? {
            first = false;
            let Some(index) = field_index(schema, raw, expected) else {
                self.unknown_field(schema, raw, path, depth)?;
                continue;
            };
            expected = index + 1;
            seen.insert(index);
            let field = &schema.fields[index];
            self.value(
                field.schema,
                false,
                &path.child(Segment::Field(field.key)),
                depth + 1,
            )?;
        }
        let missing = schema
            .fields
            .iter()
            .enumerate()
            .filter(|&(index, field)| field.required && !seen.contains(index));
        for (_, field) in missing {
            let loc = path.child(Segment::Field(field.key)).loc();
            self.errors
                .push(ValidationError::missing_field(loc, field.key));
        }
        Ok(())
    }

    /// A key the Struct does not declare: skipped, or an error when unknown fields are forbidden.
    fn unknown_field(
        &mut self,
        schema: &StructSchema,
        raw: RawStr<'a>,
        path: &Path<'_>,
        depth: usize,
    ) -> Step {
        let key_path = path.child(Segment::Key(raw));
        let start = self.scanner.position();
        self.consume(Check::Lax, &key_path, depth)?;
        if schema.forbid_unknown_fields {
            let input = input_json(self.scanner.slice(start, self.scanner.position()));
            self.errors.push(ValidationError::unknown_field(
                key_path.loc(),
                &raw.to_lossy(),
                input,
            ));
        }
        Ok(())
    }

    /// Consumes any value (checked per `check`), returning what it was.
    fn consume(
        &mut self,
        check: Check,
        path: &Path<'_>,
        depth: usize,
    ) -> Result<Shape, SyntaxError> {
        match self.scanner.peek_token()? {
            Token::Null => self.scanner.literal(NULL).map(|()| Shape::Null),
            Token::True => self.scanner.literal(TRUE).map(|()| Shape::Bool),
            Token::False => self.scanner.literal(FALSE).map(|()| Shape::Bool),
            Token::Number => self.consume_number(check, path),
            Token::String => {
                let raw = self.scanner.string()?;
                if check == Check::Strict {
                    raw.to_text()?;
                }
                Ok(Shape::Str)
            }
            Token::Array => {
                self.enter(depth)?;
                let mut index = 0;
                while self.scanner.next_element(index == 0)? {
                    self.consume(check, &path.child(Segment::Index(index)), depth + 1)?;
                    index += 1;
                }
                Ok(Shape::Array)
            }
            Token::Object => {
                self.enter(depth)?;
                let mut first = true;
                while let Some(raw) = self.scanner.next_key(first)? {
                    first = false;
                    if check == Check::Strict {
                        raw.to_text()?;
                    }
                    self.consume(check, &path.child(Segment::Key(raw)), depth + 1)?;
                }
                Ok(Shape::Object)
            }
        }
    }

    fn consume_number(&mut self, check: Check, path: &Path<'_>) -> Result<Shape, SyntaxError> {
        let start = self.scanner.position();
        let number = self.scanner.number()?;
        let shape = if number.integer {
            Shape::Int
        } else {
            Shape::Float
        };
        if check == Check::Lax {
            return Ok(shape);
        }
        let failure = if number.integer {
            parse_int_text(number.text).err()
        } else if may_overflow(number.text) && number.to_f64().is_infinite() {
            Some(Failure::number_out_of_range())
        } else {
            None
        };
        if let Some(failure) = failure {
            self.report(failure, path, start);
        }
        Ok(shape)
    }
}

/// The index of the field `key` names; `expected` (the one after the previous key) is
/// tried first, since bodies usually list fields in declaration order.
fn field_index(schema: &StructSchema, key: RawStr<'_>, expected: usize) -> Option<usize> {
    match schema.fields.get(expected) {
        Some(field) if key.decodes_to(field.key) => Some(expected),
        _ => schema
            .fields
            .iter()
            .position(|field| key.decodes_to(field.key)),
    }
}

/// What msgspec takes a number of the wrong type for: an `int` only within 64 bits (larger
/// integers are read as floats), `None` for a float out of range (reported as such).
fn number_shape(text: &str) -> Option<Shape> {
    let integer = !text.bytes().any(|byte| matches!(byte, b'.' | b'e' | b'E'));
    if integer && (text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok()) {
        return Some(Shape::Int);
    }
    let overflows = may_overflow(text) && text.parse::<f64>().is_ok_and(f64::is_infinite);
    (!overflows).then_some(Shape::Float)
}

/// Whether number text could be beyond `f64` (else parsing it can be skipped).
fn may_overflow(text: &str) -> bool {
    text.len() > MAX_SAFE_FLOAT_TEXT_LEN || text.bytes().any(|byte| byte == b'e' || byte == b'E')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_fields_track_fields_beyond_inline_capacity() {
        let mut seen = SeenFields::new(INLINE_FIELDS + 40);
        for index in [0, 3, INLINE_FIELDS - 1, INLINE_FIELDS, INLINE_FIELDS + 39] {
            seen.insert(index);
            assert!(seen.contains(index), "{index}");
        }
        assert!(!seen.contains(4) && !seen.contains(INLINE_FIELDS + 1));
    }

    #[test]
    fn seen_fields_ignore_indexes_out_of_range() {
        let mut seen = SeenFields::new(2);
        seen.insert(INLINE_FIELDS + 5);
        assert!(!seen.contains(INLINE_FIELDS + 5));
    }

    #[test]
    fn number_shape_reads_big_integers_as_floats_like_msgspec() {
        assert_eq!(number_shape("-9223372036854775808"), Some(Shape::Int));
        assert_eq!(number_shape("18446744073709551615"), Some(Shape::Int));
        assert_eq!(number_shape("18446744073709551616"), Some(Shape::Float));
        assert_eq!(number_shape("1.5"), Some(Shape::Float));
        assert_eq!(number_shape("1e400"), None);
    }
}
