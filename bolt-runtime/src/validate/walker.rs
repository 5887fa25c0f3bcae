//! The schema-directed pass over one body: a recursive descent over the scanner's tokens
//! that checks each value against its schema and collects every error.

use std::collections::HashSet;

use super::MAX_NESTING_DEPTH;
use super::formats;
use super::input::input_json;
use super::keys;
use super::path::{BODY_ROOT, Path, Segment};
use super::rules::{
    self, ARRAY, OBJECT, check_choice_int, check_choice_str, check_float, check_int, check_length,
    check_str, check_string_format, expected_name, fits_64_bits, has_str_rules, parse_int_text,
};
use super::scanner::{FALSE, NULL, RawStr, Scanner, Syntax, SyntaxError, TRUE, Token};
use super::text::lax_float;
use crate::app::{
    ChoiceSchema, LengthRules, NumberRules, Schema, StrRules, StructSchema, TagValue, UnionSchema,
    UnionSlot,
};
use crate::errors::{ErrorCollector, ErrorKind, Failure, LocItem, ValidationError, input_text};
use serde_json::json;

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
    /// Bounded: past [`crate::errors::MAX_REPORTED_ERRORS`] errors are only counted (the
    /// body is still walked to the end, so a syntax error anywhere still wins).
    errors: ErrorCollector,
}

impl<'a> Walker<'a> {
    pub(super) fn new(body: &'a [u8]) -> Self {
        Self {
            scanner: Scanner::new(body),
            errors: ErrorCollector::new(),
        }
    }

    /// Validates the whole body: its schema errors, or the syntax error that stopped it.
    pub(super) fn validate(mut self, schema: &Schema) -> Result<Vec<ValidationError>, SyntaxError> {
        self.value(schema, false, &Path::ROOT, 0)?;
        self.scanner.finish()?;
        Ok(self.errors.into_errors())
    }

    fn value(&mut self, schema: &Schema, nullable: bool, path: &Path<'_>, depth: usize) -> Step {
        let token = self.scanner.peek_token()?;
        match (schema, token) {
            (Schema::Optional(inner), _) => self.value(inner, true, path, depth),
            (Schema::Any, _) => self.consume(Check::Strict, path, depth).map(drop),
            (Schema::None, Token::Null) => self.scanner.literal(NULL),
            (_, Token::Null) if nullable => self.scanner.literal(NULL),
            (Schema::Union(union), _) => self.union(schema, union, nullable, path, depth),
            (Schema::Bool, Token::True) => self.scanner.literal(TRUE),
            (Schema::Bool, Token::False) => self.scanner.literal(FALSE),
            (Schema::Int(rules), Token::Number) => self.int(schema, rules, nullable, path),
            (Schema::Float(rules), Token::Number) => self.float(rules, path),
            // msgspec reads JSON numbers as a `Decimal` exactly, out of float range too.
            (Schema::Decimal(rules), Token::Number) => self.decimal_number(rules, path),
            (Schema::Choice(choice), Token::Number) if !choice.ints.is_empty() => {
                self.choice_number(schema, choice, nullable, path)
            }
            (Schema::Str(rules), Token::String) => self.string(rules, path),
            (Schema::Choice(choice), Token::String) if !choice.strs.is_empty() => {
                self.choice_string(choice, path)
            }
            (
                Schema::Bytes(_)
                | Schema::Datetime(_)
                | Schema::Date
                | Schema::Time(_)
                | Schema::Timedelta
                | Schema::Uuid
                | Schema::Decimal(_),
                Token::String,
            ) => self.formatted(schema, path),
            (Schema::List { items, length }, Token::Array) => {
                self.list(items, length, false, path, depth)
            }
            (Schema::Set { items, length }, Token::Array) => {
                self.list(items, length, true, path, depth)
            }
            (Schema::FixedTuple(items), Token::Array) => self.fixed_tuple(items, path, depth),
            (
                Schema::Dict {
                    keys,
                    values,
                    length,
                },
                Token::Object,
            ) => self.dict(keys, values, length, path, depth),
            (Schema::Struct(fields), Token::Object) if !fields.array_like => {
                self.object(fields, path, depth)
            }
            (Schema::Struct(fields), Token::Array) if fields.array_like => {
                self.array_struct(fields, path, depth)
            }
            _ => self.mismatch(schema, nullable, path, depth),
        }
    }

    /// A union: the value goes to the alternative its JSON kind selects (decided by
    /// `bolt build`), else it is of the wrong type for the whole union.
    fn union(
        &mut self,
        schema: &Schema,
        union: &UnionSchema,
        nullable: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Step {
        let token = self.scanner.peek_token()?;
        let slot = match token {
            Token::Null => UnionSlot::Empty,
            Token::True | Token::False => one(union.bool),
            Token::String => one(union.str),
            Token::Number => {
                let start = self.scanner.position();
                let number = self.scanner.number()?;
                self.scanner.rewind(start);
                let int_like = number.integer
                    && (matches!(union.int, Some(Schema::Int(_)))
                        || int_within_64_bits(number.text));
                one(if int_like { union.int } else { union.float })
            }
            Token::Array => union.array,
            Token::Object => union.object,
        };
        match (slot, token) {
            (UnionSlot::One(target), _) => self.value(target, false, path, depth),
            (UnionSlot::Tagged(structs), Token::Array) => self.tagged_array(structs, path, depth),
            (UnionSlot::Tagged(structs), _) => self.tagged_object(structs, path, depth),
            (UnionSlot::Empty, _) => self.mismatch(schema, nullable, path, depth),
        }
    }

    /// Records the error `build` makes; once the collector is full it is only counted,
    /// not built (no location or input allocated).
    fn record(&mut self, build: impl FnOnce(&Self) -> ValidationError) {
        if self.errors.is_full() {
            self.errors.count_not_shown(|| LocItem::from(BODY_ROOT));
        } else {
            let error = build(self);
            self.errors.push(error);
        }
    }

    /// Records `failure` for the value that started at body offset `start`.
    fn report(&mut self, failure: Failure, path: &Path<'_>, start: usize) {
        self.record(|walker| {
            let input = input_json(walker.scanner.slice(start, walker.scanner.position()));
            failure.at(path.loc(), input)
        });
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

    /// An `Enum`/`Literal` with int values given a number: integers within 64 bits are
    /// looked up; other numbers are floats to msgspec.
    fn choice_number(
        &mut self,
        schema: &Schema,
        choice: &ChoiceSchema,
        nullable: bool,
        path: &Path<'_>,
    ) -> Step {
        let start = self.scanner.position();
        let number = self.scanner.number()?;
        let failure = match parse_int_text(number.text) {
            Ok(value) if number.integer && fits_64_bits(value) => check_choice_int(choice, value),
            _ if number_shape(number.text).is_none() => Some(Failure::number_out_of_range()),
            _ => Some(Failure::wrong_type(
                rules::type_error_kind(schema),
                &expected_name(schema, nullable),
                Shape::Float.name(),
            )),
        };
        if let Some(failure) = failure {
            self.report(failure, path, start);
        }
        Ok(())
    }

    fn decimal_number(&mut self, rules: &NumberRules, path: &Path<'_>) -> Step {
        let start = self.scanner.position();
        let number = self.scanner.number()?;
        if let Some(failure) = formats::check_decimal_number(number.text, rules) {
            self.report(failure, path, start);
        }
        Ok(())
    }

    /// An `Enum`/`Literal` with str values given a string.
    fn choice_string(&mut self, choice: &ChoiceSchema, path: &Path<'_>) -> Step {
        let start = self.scanner.position();
        let text = self.scanner.string()?.to_text()?;
        if let Some(failure) = check_choice_str(choice, &text.decoded()) {
            self.report(failure, path, start);
        }
        Ok(())
    }

    /// A string-encoded value (`datetime`, `uuid`, base64 `bytes`, ...).
    fn formatted(&mut self, schema: &Schema, path: &Path<'_>) -> Step {
        let start = self.scanner.position();
        let text = self.scanner.string()?.to_text()?;
        if let Some(failure) = check_string_format(schema, &text.decoded()) {
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

    /// `list`/`tuple[T, ...]`, or a `set` whose length counts distinct items.
    fn list(
        &mut self,
        items: &Schema,
        length: &LengthRules,
        distinct: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Step {
        let start = self.scanner.position();
        self.enter(depth)?;
        let mut seen = Distinct::new(distinct && *length != LengthRules::default());
        let mut count = 0;
        while self.scanner.next_element(count == 0)? {
            let item_start = self.scanner.position();
            self.value(items, false, &path.child(Segment::Index(count)), depth + 1)?;
            seen.insert_item(self.scanner.slice(item_start, self.scanner.position()));
            count += 1;
        }
        if let Some(failure) = check_length(length, seen.count(count), ARRAY) {
            self.report(failure, path, start);
        }
        Ok(())
    }

    /// `tuple[A, B]`: exactly these items (msgspec: ``Expected `array` of length 2``).
    fn fixed_tuple(&mut self, items: &[&Schema], path: &Path<'_>, depth: usize) -> Step {
        let start = self.scanner.position();
        self.enter(depth)?;
        let mut count = 0;
        while self.scanner.next_element(count == 0)? {
            let item_path = path.child(Segment::Index(count));
            match items.get(count) {
                Some(item) => self.value(item, false, &item_path, depth + 1)?,
                None => self.consume(Check::Lax, &item_path, depth + 1).map(drop)?,
            }
            count += 1;
        }
        if count != items.len() {
            let expected = items.len() as u64;
            let (kind, ctx) = if count < items.len() {
                (ErrorKind::TooShort, json!({ "min_length": expected }))
            } else {
                (ErrorKind::TooLong, json!({ "max_length": expected }))
            };
            let msg = format!("Expected `array` of length {expected}");
            self.report(Failure::new(kind, msg).with_ctx(ctx), path, start);
        }
        Ok(())
    }

    fn dict(
        &mut self,
        keys: &Schema,
        values: &Schema,
        length: &LengthRules,
        path: &Path<'_>,
        depth: usize,
    ) -> Step {
        let start = self.scanner.position();
        self.enter(depth)?;
        let mut seen = Distinct::new(*length != LengthRules::default());
        let mut count = 0;
        while let Some(raw) = self.scanner.next_key(count == 0)? {
            count += 1;
            let key = raw.to_text()?;
            let key_path = path.child(Segment::Key(raw));
            if let Some(failure) = keys::check_key(keys, key) {
                self.record(|_| {
                    let mut loc = key_path.loc();
                    loc.push(LocItem::from(KEY_MARKER));
                    failure.at(loc, Some(input_text(&key.decoded())))
                });
            }
            if seen.is_tracking() {
                seen.insert_key(keys, &key.decoded());
            }
            self.value(values, false, &key_path, depth + 1)?;
        }
        if let Some(failure) = check_length(length, seen.count(count), OBJECT) {
            self.report(failure, path, start);
        }
        Ok(())
    }

    fn object(&mut self, schema: &StructSchema, path: &Path<'_>, depth: usize) -> Step {
        self.enter(depth)?;
        self.object_fields(schema, path, depth)
    }

    /// The members of a Struct's object, the cursor just after its `{`.
    fn object_fields(&mut self, schema: &StructSchema, path: &Path<'_>, depth: usize) -> Step {
        let mut seen = SeenFields::new(schema.fields.len());
        let mut first = true;
        let mut expected = 0;
        while let Some(raw) = self.scanner.next_key(first)? {
            first = false;
            let Some(index) = field_index(schema, raw, expected) else {
                match schema.tag {
                    Some(tag) if raw.decodes_to(tag.field) => {
                        let tag_path = path.child(Segment::Field(tag.field));
                        self.expect_tag(tag.value, &tag_path, depth + 1)?;
                    }
                    _ => self.unknown_field(schema, raw, path, depth)?,
                }
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
            self.record(|_| {
                let loc = path.child(Segment::Field(field.key)).loc();
                ValidationError::missing_field(loc, field.key)
            });
        }
        Ok(())
    }

    /// An `array_like` Struct: `[tag?, field0, field1, ...]`.
    fn array_struct(&mut self, schema: &StructSchema, path: &Path<'_>, depth: usize) -> Step {
        let start = self.scanner.position();
        self.enter(depth)?;
        let Some(tag) = schema.tag else {
            return self.array_fields(schema, 0, path, depth, start);
        };
        if !self.scanner.next_element(true)? {
            let without_default = schema.fields.iter().filter(|field| field.required).count();
            self.report(too_few_items(without_default + 1, 0), path, start);
            return Ok(());
        }
        self.expect_tag(tag.value, &path.child(Segment::Index(0)), depth + 1)?;
        self.array_fields(schema, 1, path, depth, start)
    }

    /// The field items of an `array_like` Struct after its `offset` leading tag items:
    /// trailing fields with defaults may be left out; extra items are skipped, or refused
    /// when unknown fields are forbidden.
    fn array_fields(
        &mut self,
        schema: &StructSchema,
        offset: usize,
        path: &Path<'_>,
        depth: usize,
        start: usize,
    ) -> Step {
        let mut count = 0;
        while self.scanner.next_element(offset + count == 0)? {
            let item_path = path.child(Segment::Index(offset + count));
            match schema.fields.get(count) {
                Some(field) => self.value(field.schema, false, &item_path, depth + 1)?,
                None => self.consume(Check::Lax, &item_path, depth + 1).map(drop)?,
            }
            count += 1;
        }
        let fields = schema.fields.len();
        if count > fields && schema.forbid_unknown_fields {
            let msg = format!("Expected `array` of at most length {fields}");
            let failure = Failure::new(ErrorKind::TooLong, msg)
                .with_ctx(json!({ "max_length": fields as u64 }));
            self.report(failure, path, start);
        }
        let required = schema
            .fields
            .iter()
            .rposition(|field| field.required)
            .map_or(0, |last| last + 1);
        if count < required {
            self.report(
                too_few_items(required + offset, count + offset),
                path,
                start,
            );
        }
        Ok(())
    }

    /// Reads a tag value (a string, or an integer for int tags), reporting a value of the
    /// wrong type like msgspec (``Expected `str` ``, no "got").
    fn read_tag(
        &mut self,
        int_tags: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Result<ReadTag, SyntaxError> {
        let start = self.scanner.position();
        let token = self.scanner.peek_token()?;
        match (token, int_tags) {
            (Token::String, false) => {
                let text = self.scanner.string()?.to_text()?;
                return Ok(ReadTag::Str(text.decoded().into_owned(), start));
            }
            (Token::Number, true) => {
                let number = self.scanner.number()?;
                if number.integer {
                    if let Ok(value) = number.text.parse::<i64>() {
                        return Ok(ReadTag::Int(value, start));
                    }
                    if number.text.parse::<u64>().is_ok() {
                        let failure = invalid_tag(number.text);
                        self.report(failure, path, start);
                        return Ok(ReadTag::Refused);
                    }
                }
            }
            _ => {
                self.consume(Check::Lax, path, depth)?;
            }
        }
        let (kind, name) = if int_tags {
            (ErrorKind::IntType, rules::INT)
        } else {
            (ErrorKind::StringType, rules::STR)
        };
        let failure = Failure::new(kind, format!("Expected `{name}`"));
        self.report(failure, path, start);
        Ok(ReadTag::Refused)
    }

    /// A tagged Struct's tag where the Struct is known: it must be this Struct's.
    fn expect_tag(&mut self, expected: TagValue, path: &Path<'_>, depth: usize) -> Step {
        let read = self.read_tag(matches!(expected, TagValue::Int(_)), path, depth)?;
        if !read.matches(expected)
            && let Some((shown, start)) = read.shown()
        {
            self.report(invalid_tag(&shown), path, start);
        }
        Ok(())
    }

    /// A union of tagged Structs given an object: the tag (anywhere in the object) picks
    /// the Struct, then the whole object is validated as that Struct.
    fn tagged_object(&mut self, structs: &[&StructSchema], path: &Path<'_>, depth: usize) -> Step {
        let Some(tag) = structs.first().and_then(|schema| schema.tag) else {
            return self.consume(Check::Lax, path, depth).map(drop);
        };
        self.enter(depth)?;
        let members_start = self.scanner.position();
        let int_tags = matches!(tag.value, TagValue::Int(_));
        let tag_path = path.child(Segment::Field(tag.field));
        let mut first = true;
        while let Some(raw) = self.scanner.next_key(first)? {
            first = false;
            if !raw.decodes_to(tag.field) {
                self.consume(Check::Lax, &path.child(Segment::Key(raw)), depth + 1)?;
                continue;
            }
            let read = self.read_tag(int_tags, &tag_path, depth + 1)?;
            if let Some(schema) = tagged_struct(structs, &read) {
                self.scanner.rewind(members_start);
                return self.object_fields(schema, path, depth);
            }
            if let Some((shown, start)) = read.shown() {
                self.report(invalid_tag(&shown), &tag_path, start);
            }
            while let Some(raw) = self.scanner.next_key(false)? {
                self.consume(Check::Lax, &path.child(Segment::Key(raw)), depth + 1)?;
            }
            return Ok(());
        }
        self.record(|_| {
            let msg = format!("Object missing required field `{}`", tag.field);
            Failure::new(ErrorKind::UnionTagNotFound, msg).at(tag_path.loc(), None)
        });
        Ok(())
    }

    /// A union of tagged `array_like` Structs given an array: the first item is the tag.
    fn tagged_array(&mut self, structs: &[&StructSchema], path: &Path<'_>, depth: usize) -> Step {
        let start = self.scanner.position();
        let Some(tag) = structs.first().and_then(|schema| schema.tag) else {
            return self.consume(Check::Lax, path, depth).map(drop);
        };
        self.enter(depth)?;
        if !self.scanner.next_element(true)? {
            self.report(too_few_items(1, 0), path, start);
            return Ok(());
        }
        let tag_path = path.child(Segment::Index(0));
        let read = self.read_tag(matches!(tag.value, TagValue::Int(_)), &tag_path, depth + 1)?;
        if let Some(schema) = tagged_struct(structs, &read) {
            return self.array_fields(schema, 1, path, depth, start);
        }
        if let Some((shown, tag_start)) = read.shown() {
            self.report(invalid_tag(&shown), &tag_path, tag_start);
        }
        let mut index = 1;
        while self.scanner.next_element(false)? {
            self.consume(Check::Lax, &path.child(Segment::Index(index)), depth + 1)?;
            index += 1;
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
            self.record(|walker| {
                let input = input_json(walker.scanner.slice(start, walker.scanner.position()));
                ValidationError::unknown_field(key_path.loc(), &raw.to_lossy(), input)
            });
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

/// ``Expected `array` of at least length 2, got 1``.
fn too_few_items(expected: usize, got: usize) -> Failure {
    let msg = format!("Expected `array` of at least length {expected}, got {got}");
    Failure::new(ErrorKind::TooShort, msg).with_ctx(json!({ "min_length": expected as u64 }))
}

/// A tag value no Struct has: `Invalid value 'x'` (quoted as is) / `Invalid value 5`.
fn invalid_tag(shown: &str) -> Failure {
    Failure::new(ErrorKind::UnionTagInvalid, format!("Invalid value {shown}"))
}

/// The Struct whose tag was read.
fn tagged_struct<'s>(structs: &[&'s StructSchema], read: &ReadTag) -> Option<&'s StructSchema> {
    structs
        .iter()
        .find(|schema| schema.tag.is_some_and(|tag| read.matches(tag.value)))
        .copied()
}

fn one(schema: Option<&'static Schema>) -> UnionSlot {
    schema.map_or(UnionSlot::Empty, UnionSlot::One)
}

/// Integer text msgspec reads as an integer for any type (within `i64` or `u64`).
fn int_within_64_bits(text: &str) -> bool {
    text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok()
}

/// A tag value as read (with the body offset it started at), or refused (reported).
#[derive(Debug)]
enum ReadTag {
    Str(String, usize),
    Int(i64, usize),
    Refused,
}

impl ReadTag {
    /// Whether the tag read is `expected`.
    fn matches(&self, expected: TagValue) -> bool {
        match (self, expected) {
            (Self::Str(text, _), TagValue::Str(tag)) => text == tag,
            (Self::Int(value, _), TagValue::Int(tag)) => *value == tag,
            _ => false,
        }
    }

    /// How msgspec shows the value in `Invalid value ...`, and where it started.
    fn shown(&self) -> Option<(String, usize)> {
        match self {
            Self::Str(text, start) => Some((format!("'{text}'"), *start)),
            Self::Int(value, start) => Some((value.to_string(), *start)),
            Self::Refused => None,
        }
    }
}

/// Distinct items of a set / keys of a dict, counted only when a length constraint needs
/// them (msgspec checks the length of the built set or dict). Values are compared like
/// Python does for the scalar types (`1 == 1.0 == true`); containers by their JSON text.
#[derive(Debug)]
struct Distinct {
    seen: Option<HashSet<String>>,
    /// NaN keys (`float("nan")` objects are all different).
    unequal: usize,
}

impl Distinct {
    fn new(track: bool) -> Self {
        Self {
            seen: track.then(HashSet::new),
            unequal: 0,
        }
    }

    fn is_tracking(&self) -> bool {
        self.seen.is_some()
    }

    /// The number of distinct values among `total`.
    fn count(&self, total: usize) -> usize {
        match &self.seen {
            Some(seen) => seen.len() + self.unequal,
            None => total,
        }
    }

    fn insert(&mut self, identity: Option<String>) {
        let Some(seen) = &mut self.seen else { return };
        match identity {
            Some(identity) => {
                seen.insert(identity);
            }
            None => self.unequal += 1,
        }
    }

    /// An array item, by its JSON text.
    fn insert_item(&mut self, span: &[u8]) {
        if self.seen.is_some() {
            self.insert(json_identity(span));
        }
    }

    /// A dict key of type `keys`, by its decoded text.
    fn insert_key(&mut self, keys: &Schema, text: &str) {
        let numeric = match keys {
            Schema::Optional(inner) => matches!(
                inner,
                Schema::Int(_) | Schema::Float(_) | Schema::Decimal(_) | Schema::Choice(_)
            ),
            Schema::Int(_) | Schema::Float(_) | Schema::Decimal(_) | Schema::Choice(_) => true,
            _ => false,
        };
        let identity = match lax_float(text) {
            Ok(Some(value)) if numeric => float_identity(value),
            _ => Some(format!("s{text}")),
        };
        self.insert(identity);
    }
}

/// The identity of a JSON value for set membership.
fn json_identity(span: &[u8]) -> Option<String> {
    let span = span.trim_ascii();
    match span.first()? {
        b'"' => Scanner::new(span)
            .string()
            .ok()
            .map(|raw| format!("s{}", raw.to_lossy())),
        b't' => Some("n1".to_owned()),
        b'f' => Some("n0".to_owned()),
        b'n' => Some("null".to_owned()),
        b'-' | b'0'..=b'9' => {
            let text = std::str::from_utf8(span).ok()?;
            match text.parse::<i128>() {
                Ok(value) => Some(format!("n{value}")),
                Err(_) if !text.bytes().any(|byte| matches!(byte, b'.' | b'e' | b'E')) => {
                    Some(format!("n{text}"))
                }
                Err(_) => float_identity(text.parse::<f64>().ok()?),
            }
        }
        _ => Some(format!("j{}", String::from_utf8_lossy(span))),
    }
}

/// Equal Python numbers get equal identities (`1`, `1.0`, `-0.0`, `0`); NaN none.
fn float_identity(value: f64) -> Option<String> {
    const EXACT: f64 = 9_223_372_036_854_775_808.0;
    if value.is_nan() {
        return None;
    }
    if value.fract() == 0.0 && value.abs() < EXACT {
        return Some(format!("n{}", value as i64));
    }
    Some(format!("f{value:?}"))
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
