//! The lexical layer of the body validator: a cursor over the body that recognises
//! whitespace, literals, numbers, strings and container punctuation with msgspec's grammar
//! (RFC 8259: no `NaN`, no leading zeros, no trailing commas, no BOM, whitespace is
//! space/tab/CR/LF, unpaired UTF-16 surrogate escapes are errors).
//!
//! Nothing is allocated: strings are returned as borrowed raw spans ([`RawStr`]) and only
//! decoded on demand.

use std::borrow::Cow;

/// Bytes JSON treats as whitespace.
const SPACE: u8 = b' ';
const TAB: u8 = b'\t';
const LINE_FEED: u8 = b'\n';
const CARRIAGE_RETURN: u8 = b'\r';

const QUOTE: u8 = b'"';
const BACKSLASH: u8 = b'\\';
const MINUS: u8 = b'-';
const PLUS: u8 = b'+';
const DECIMAL_POINT: u8 = b'.';
const COMMA: u8 = b',';
const COLON: u8 = b':';
const ARRAY_START: u8 = b'[';
const ARRAY_END: u8 = b']';
const OBJECT_START: u8 = b'{';
const OBJECT_END: u8 = b'}';

/// Bytes below this must be escaped inside strings.
const FIRST_UNESCAPED_BYTE: u8 = 0x20;

/// The literals, as bytes.
pub(crate) const TRUE: &[u8] = b"true";
pub(crate) const FALSE: &[u8] = b"false";
pub(crate) const NULL: &[u8] = b"null";

/// `\uXXXX`: the escape is six bytes long and carries four hex digits.
const UNICODE_ESCAPE_LEN: usize = 6;
const UNICODE_ESCAPE_DIGITS: usize = 4;
const HIGH_SURROGATES: std::ops::RangeInclusive<u32> = 0xD800..=0xDBFF;
const LOW_SURROGATES: std::ops::RangeInclusive<u32> = 0xDC00..=0xDFFF;
const SURROGATE_PAIR_BASE: u32 = 0x1_0000;
const SURROGATE_PAYLOAD_BITS: u32 = 10;

/// Word-at-a-time scanning of string contents (8 bytes per step).
const WORD_BYTES: usize = 8;
const LANE_ONES: u64 = u64::from_le_bytes([0x01; WORD_BYTES]);
const LANE_HIGH_BITS: u64 = u64::from_le_bytes([0x80; WORD_BYTES]);

/// What went wrong in the body's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// The input ended inside a value (also: an empty body).
    Truncated,
    InvalidCharacter,
    TrailingCharacters,
    InvalidNumber,
    TrailingCommaInArray,
    TrailingCommaInObject,
    ExpectedCommaOrBracket,
    ExpectedCommaOrBrace,
    ExpectedColon,
    KeysMustBeStrings,
    InvalidEscape,
    InvalidSurrogatePair,
    InvalidUnicodeEscape,
    InvalidUtf8,
    /// Containers nest deeper than the validator's limit.
    TooDeep,
}

/// A syntax problem at a byte offset of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) problem: Syntax,
    pub(crate) position: usize,
}

impl SyntaxError {
    pub(crate) fn new(problem: Syntax, position: usize) -> Self {
        Self { problem, position }
    }
}

/// The kind of the next value, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// A number's text, checked against the JSON grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonNumber<'a> {
    pub(crate) text: &'a str,
    /// No fraction and no exponent.
    pub(crate) integer: bool,
}

impl JsonNumber<'_> {
    /// The nearest `f64` (infinite when out of range).
    pub(crate) fn to_f64(self) -> f64 {
        self.text.parse().unwrap_or(f64::NAN)
    }
}

/// A string's contents between the quotes, escapes checked but not decoded; the bytes are
/// not yet known to be UTF-8 (see [`RawStr::to_text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawStr<'a> {
    content: &'a [u8],
    /// `content` as text when the whole body is known to be UTF-8.
    known_text: Option<&'a str>,
    has_escapes: bool,
    /// Body offset of `content`.
    start: usize,
}

impl<'a> RawStr<'a> {
    /// Checks the contents are UTF-8 (errors point at the first bad byte).
    #[inline]
    pub(crate) fn to_text(self) -> Result<JsonText<'a>, SyntaxError> {
        if let Some(content) = self.known_text {
            return Ok(JsonText {
                content,
                has_escapes: self.has_escapes,
            });
        }
        match std::str::from_utf8(self.content) {
            Ok(content) => Ok(JsonText {
                content,
                has_escapes: self.has_escapes,
            }),
            Err(bad) => Err(SyntaxError::new(
                Syntax::InvalidUtf8,
                self.start + bad.valid_up_to(),
            )),
        }
    }

    /// Whether the decoded contents equal `key` byte for byte.
    pub(crate) fn decodes_to(&self, key: &str) -> bool {
        if self.has_escapes {
            unescape(self.content) == key.as_bytes()
        } else {
            self.content == key.as_bytes()
        }
    }

    /// The decoded contents, invalid UTF-8 replaced (for error locations and messages).
    pub(crate) fn to_lossy(self) -> String {
        self.to_lossy_prefix(self.content.len())
    }

    /// Like [`RawStr::to_lossy`] for the first `max_bytes` bytes of the contents only
    /// (a cut escape or character at the end becomes U+FFFD).
    pub(crate) fn to_lossy_prefix(self, max_bytes: usize) -> String {
        let content = self.content.get(..max_bytes).unwrap_or(self.content);
        let bytes: Cow<'_, [u8]> = if self.has_escapes {
            Cow::Owned(unescape(content))
        } else {
            Cow::Borrowed(content)
        };
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// A string's contents, known to be UTF-8, escapes not yet decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonText<'a> {
    content: &'a str,
    has_escapes: bool,
}

impl<'a> JsonText<'a> {
    /// The string value; borrowed unless it has escapes.
    pub(crate) fn decoded(self) -> Cow<'a, str> {
        if !self.has_escapes {
            return Cow::Borrowed(self.content);
        }
        let bytes = unescape(self.content.as_bytes());
        match String::from_utf8(bytes) {
            Ok(text) => Cow::Owned(text),
            Err(bad) => Cow::Owned(String::from_utf8_lossy(bad.as_bytes()).into_owned()),
        }
    }
}

/// A cursor over a JSON text.
#[derive(Debug)]
pub(crate) struct Scanner<'a> {
    bytes: &'a [u8],
    /// The whole input when it is valid UTF-8 (checked once, so strings need no check of
    /// their own; otherwise each string is checked when its text is needed).
    text: Option<&'a str>,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            text: std::str::from_utf8(bytes).ok(),
            pos: 0,
        }
    }

    /// Offset of the next unread byte.
    #[inline]
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The body between two offsets.
    #[inline]
    pub(crate) fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        self.bytes.get(start..end).unwrap_or_default()
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&self, problem: Syntax) -> SyntaxError {
        SyntaxError::new(problem, self.pos)
    }

    fn truncated(&self) -> SyntaxError {
        SyntaxError::new(Syntax::Truncated, self.bytes.len())
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(SPACE | TAB | LINE_FEED | CARRIAGE_RETURN) = self.peek() {
            self.pos += 1;
        }
    }

    /// Skips whitespace and classifies the next value by its first byte.
    #[inline]
    pub(crate) fn peek_token(&mut self) -> Result<Token, SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.truncated()),
            Some(OBJECT_START) => Ok(Token::Object),
            Some(ARRAY_START) => Ok(Token::Array),
            Some(QUOTE) => Ok(Token::String),
            Some(MINUS | b'0'..=b'9') => Ok(Token::Number),
            Some(b't') => Ok(Token::True),
            Some(b'f') => Ok(Token::False),
            Some(b'n') => Ok(Token::Null),
            Some(_) => Err(self.error(Syntax::InvalidCharacter)),
        }
    }

    /// After the last value: only whitespace may follow.
    pub(crate) fn finish(&mut self) -> Result<(), SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error(Syntax::TrailingCharacters)),
        }
    }

    /// Consumes `word` (`true`, `false` or `null`).
    #[inline]
    pub(crate) fn literal(&mut self, word: &[u8]) -> Result<(), SyntaxError> {
        for &expected in word {
            match self.peek() {
                None => return Err(self.truncated()),
                Some(found) if found == expected => self.pos += 1,
                Some(_) => return Err(self.error(Syntax::InvalidCharacter)),
            }
        }
        Ok(())
    }

    #[inline]
    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// One or more digits, else `invalid number`.
    fn require_digits(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.skip_digits();
                Ok(())
            }
            _ => Err(self.error(Syntax::InvalidNumber)),
        }
    }

    /// Consumes a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    #[inline]
    pub(crate) fn number(&mut self) -> Result<JsonNumber<'a>, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(MINUS) {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error(Syntax::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            None => return Err(self.error(Syntax::InvalidNumber)),
            Some(_) => return Err(self.error(Syntax::InvalidCharacter)),
        }
        let mut integer = true;
        if self.peek() == Some(DECIMAL_POINT) {
            self.pos += 1;
            integer = false;
            self.require_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integer = false;
            if let Some(PLUS | MINUS) = self.peek() {
                self.pos += 1;
            }
            self.require_digits()?;
        }
        let text = match self.text.and_then(|text| text.get(start..self.pos)) {
            Some(text) => text,
            None => std::str::from_utf8(self.slice(start, self.pos))
                .map_err(|_| SyntaxError::new(Syntax::InvalidNumber, start))?,
        };
        Ok(JsonNumber { text, integer })
    }

    /// Consumes a string (the cursor is on its opening quote); escapes are checked,
    /// UTF-8 is not (see [`RawStr::to_text`]).
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<RawStr<'a>, SyntaxError> {
        let start = self.pos + 1;
        let mut at = start;
        let mut has_escapes = false;
        loop {
            at += plain_run_len(self.bytes.get(at..).unwrap_or_default());
            match self.bytes.get(at) {
                None => return Err(self.truncated()),
                Some(&QUOTE) => break,
                Some(&BACKSLASH) => {
                    has_escapes = true;
                    at = self.escape_end(at)?;
                }
                Some(_) => return Err(SyntaxError::new(Syntax::InvalidCharacter, at)),
            }
        }
        self.pos = at + 1;
        Ok(RawStr {
            content: self.slice(start, at),
            known_text: self.text.and_then(|text| text.get(start..at)),
            has_escapes,
            start,
        })
    }

    /// The end of the escape whose backslash is at `at`.
    fn escape_end(&self, at: usize) -> Result<usize, SyntaxError> {
        match self.bytes.get(at + 1) {
            None => Err(self.truncated()),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(at + 2),
            Some(b'u') => self.unicode_escape_end(at),
            Some(_) => Err(SyntaxError::new(Syntax::InvalidEscape, at + 1)),
        }
    }

    /// The end of a `\uXXXX` escape at `at`, or of the surrogate pair it starts.
    fn unicode_escape_end(&self, at: usize) -> Result<usize, SyntaxError> {
        let unit = self.hex_unit(at + 2)?;
        let after = at + UNICODE_ESCAPE_LEN;
        if LOW_SURROGATES.contains(&unit) {
            return Err(SyntaxError::new(Syntax::InvalidSurrogatePair, after));
        }
        if !HIGH_SURROGATES.contains(&unit) {
            return Ok(after);
        }
        match (self.bytes.get(after), self.bytes.get(after + 1)) {
            (None, _) | (Some(&BACKSLASH), None) => Err(self.truncated()),
            (Some(&BACKSLASH), Some(b'u')) => {
                let low = self.hex_unit(after + 2)?;
                let end = after + UNICODE_ESCAPE_LEN;
                if LOW_SURROGATES.contains(&low) {
                    Ok(end)
                } else {
                    Err(SyntaxError::new(Syntax::InvalidSurrogatePair, end))
                }
            }
            _ => Err(SyntaxError::new(Syntax::InvalidSurrogatePair, after)),
        }
    }

    /// The four hex digits starting at `at`.
    fn hex_unit(&self, at: usize) -> Result<u32, SyntaxError> {
        let mut unit = 0;
        for offset in at..at + UNICODE_ESCAPE_DIGITS {
            let byte = self.bytes.get(offset).ok_or_else(|| self.truncated())?;
            let digit = char::from(*byte)
                .to_digit(16)
                .ok_or(SyntaxError::new(Syntax::InvalidUnicodeEscape, offset))?;
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    /// Consumes the `[` or `{` the cursor is on.
    #[inline]
    pub(crate) fn enter_container(&mut self) {
        self.pos += 1;
    }

    /// Moves the cursor back to `position`, an offset this scanner was at before (to read
    /// a value twice: a number to classify it, an object to find its tag first).
    #[inline]
    pub(crate) fn rewind(&mut self, position: usize) {
        self.pos = position.min(self.pos);
    }

    /// Moves to the next array element: `Ok(true)` when one follows, `Ok(false)` after `]`.
    #[inline]
    pub(crate) fn next_element(&mut self, first: bool) -> Result<bool, SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.truncated()),
            Some(ARRAY_END) => {
                self.pos += 1;
                Ok(false)
            }
            Some(_) if first => Ok(true),
            Some(COMMA) => {
                self.pos += 1;
                self.skip_whitespace();
                match self.peek() {
                    Some(ARRAY_END) => Err(self.error(Syntax::TrailingCommaInArray)),
                    _ => Ok(true),
                }
            }
            Some(_) => Err(self.error(Syntax::ExpectedCommaOrBracket)),
        }
    }

    /// Moves to the next object member and consumes its key and colon; `Ok(None)` after `}`.
    #[inline(always)]
    pub(crate) fn next_key(&mut self, first: bool) -> Result<Option<RawStr<'a>>, SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            None => return Err(self.truncated()),
            Some(OBJECT_END) => {
                self.pos += 1;
                return Ok(None);
            }
            Some(_) if first => {}
            Some(COMMA) => {
                self.pos += 1;
                self.skip_whitespace();
                if self.peek() == Some(OBJECT_END) {
                    return Err(self.error(Syntax::TrailingCommaInObject));
                }
            }
            Some(_) => return Err(self.error(Syntax::ExpectedCommaOrBrace)),
        }
        match self.peek() {
            None => return Err(self.truncated()),
            Some(QUOTE) => {}
            Some(_) => return Err(self.error(Syntax::KeysMustBeStrings)),
        }
        let key = self.string()?;
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.truncated()),
            Some(COLON) => {
                self.pos += 1;
                Ok(Some(key))
            }
            Some(_) => Err(self.error(Syntax::ExpectedColon)),
        }
    }
}

/// `text` if it is exactly one JSON number (used for query text and dict keys).
pub(crate) fn json_number(text: &str) -> Option<JsonNumber<'_>> {
    let mut scanner = Scanner::new(text.as_bytes());
    let number = scanner.number().ok()?;
    (scanner.position() == text.len()).then_some(number)
}

/// How many leading bytes of `bytes` need no attention inside a string (not a quote,
/// backslash or control byte); eight at a time.
#[inline]
fn plain_run_len(bytes: &[u8]) -> usize {
    let mut len = 0;
    for chunk in bytes.chunks_exact(WORD_BYTES) {
        let Ok(word) = <[u8; WORD_BYTES]>::try_from(chunk) else {
            break;
        };
        let flagged = attention_lanes(u64::from_le_bytes(word));
        if flagged != 0 {
            return len + (flagged.trailing_zeros() / u8::BITS) as usize;
        }
        len += WORD_BYTES;
    }
    let rest = bytes.get(len..).unwrap_or_default();
    len + rest
        .iter()
        .position(|&byte| byte_needs_attention(byte))
        .unwrap_or(rest.len())
}

#[inline]
fn byte_needs_attention(byte: u8) -> bool {
    byte == QUOTE || byte == BACKSLASH || byte < FIRST_UNESCAPED_BYTE
}

/// The high bit of each byte lane of `word` holding a quote, a backslash or a byte below
/// 0x20. Lanes above the first flagged one may be flagged falsely; the lowest is exact
/// (bytes are little-endian, so it is the first such byte).
#[inline]
fn attention_lanes(word: u64) -> u64 {
    let quotes = word ^ (LANE_ONES * u64::from(QUOTE));
    let backslashes = word ^ (LANE_ONES * u64::from(BACKSLASH));
    zero_lanes(quotes) | zero_lanes(backslashes) | lanes_below(word, FIRST_UNESCAPED_BYTE)
}

#[inline]
fn zero_lanes(word: u64) -> u64 {
    word.wrapping_sub(LANE_ONES) & !word & LANE_HIGH_BITS
}

/// Exact for the lowest lane when `limit <= 0x80`.
#[inline]
fn lanes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(LANE_ONES * u64::from(limit)) & !word & LANE_HIGH_BITS
}

/// Decodes the escapes of string contents the scanner has checked (anything unexpected
/// becomes U+FFFD rather than a panic).
fn unescape(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = memchr::memchr(BACKSLASH, rest) {
        out.extend_from_slice(rest.get(..at).unwrap_or_default());
        let escape = rest.get(at..).unwrap_or_default();
        let (decoded, len) = decode_escape(escape);
        let mut buffer = [0; 4];
        out.extend_from_slice(decoded.encode_utf8(&mut buffer).as_bytes());
        rest = escape.get(len..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out
}

/// The character an escape (starting with its backslash) stands for, and its length.
fn decode_escape(escape: &[u8]) -> (char, usize) {
    const SHORT_ESCAPE_LEN: usize = 2;
    let simple = match escape.get(1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => return decode_unicode_escape(escape),
        _ => char::REPLACEMENT_CHARACTER,
    };
    (simple, SHORT_ESCAPE_LEN.min(escape.len()))
}

fn decode_unicode_escape(escape: &[u8]) -> (char, usize) {
    let Some(unit) = hex_digits(escape.get(2..UNICODE_ESCAPE_LEN)) else {
        return (
            char::REPLACEMENT_CHARACTER,
            escape.len().min(UNICODE_ESCAPE_LEN),
        );
    };
    if !HIGH_SURROGATES.contains(&unit) {
        return (
            char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
            UNICODE_ESCAPE_LEN,
        );
    }
    let low = escape.get(UNICODE_ESCAPE_LEN + 2..2 * UNICODE_ESCAPE_LEN);
    match hex_digits(low) {
        Some(low) if LOW_SURROGATES.contains(&low) => {
            let high_bits = (unit - HIGH_SURROGATES.start()) << SURROGATE_PAYLOAD_BITS;
            let code = SURROGATE_PAIR_BASE + high_bits + (low - LOW_SURROGATES.start());
            (
                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
                2 * UNICODE_ESCAPE_LEN,
            )
        }
        _ => (char::REPLACEMENT_CHARACTER, UNICODE_ESCAPE_LEN),
    }
}

fn hex_digits(digits: Option<&[u8]>) -> Option<u32> {
    digits?.iter().try_fold(0, |unit, &byte| {
        Some(unit * 16 + char::from(byte).to_digit(16)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_of(json: &str) -> Result<RawStr<'_>, SyntaxError> {
        Scanner::new(json.as_bytes()).string()
    }

    fn decoded(json: &str) -> String {
        match string_of(json).and_then(RawStr::to_text) {
            Ok(text) => text.decoded().into_owned(),
            Err(error) => format!("error {error:?}"),
        }
    }

    #[test]
    fn string_without_escapes_is_borrowed() {
        let Ok(text) = string_of(r#""plain text""#).and_then(RawStr::to_text) else {
            panic!("valid string");
        };
        assert!(matches!(text.decoded(), Cow::Borrowed("plain text")));
    }

    #[test]
    fn string_escapes_decode() {
        assert_eq!(
            decoded(r#""a\"b\\c\/d\b\f\n\r\t""#),
            "a\"b\\c/d\u{8}\u{c}\n\r\t"
        );
        assert_eq!(decoded(r#""\u00e9\u20AC""#), "é€");
        assert_eq!(decoded(r#""\ud83d\ude00!""#), "😀!");
        assert_eq!(
            decoded(r#""long run of plain text then \n escape""#),
            "long run of plain text then \n escape"
        );
    }

    #[test]
    fn string_bad_escapes_are_errors() {
        let cases = [
            (r#""\x""#, Syntax::InvalidEscape, 2),
            (r#""\uZZZZ""#, Syntax::InvalidUnicodeEscape, 3),
            (r#""\udc00""#, Syntax::InvalidSurrogatePair, 7),
            (r#""\ud800\u0041""#, Syntax::InvalidSurrogatePair, 13),
            (r#""\ud800x""#, Syntax::InvalidSurrogatePair, 7),
            (r#""\ud800""#, Syntax::InvalidSurrogatePair, 7),
        ];
        for (json, problem, position) in cases {
            assert_eq!(
                string_of(json),
                Err(SyntaxError::new(problem, position)),
                "{json}"
            );
        }
    }

    #[test]
    fn string_truncated_anywhere_is_truncated() {
        for json in [
            r#"""#,
            r#""abc"#,
            r#""\"#,
            r#""\u00"#,
            r#""\ud800"#,
            r#""\ud800\"#,
            r#""\ud800\u12"#,
        ] {
            let error = string_of(json).map(|_| ());
            assert_eq!(
                error,
                Err(SyntaxError::new(Syntax::Truncated, json.len())),
                "{json}"
            );
        }
    }

    #[test]
    fn string_control_bytes_are_invalid_characters() {
        assert_eq!(
            string_of("\"ab\tc\""),
            Err(SyntaxError::new(Syntax::InvalidCharacter, 3))
        );
        assert_eq!(
            string_of("\"0123456789\u{1}\""),
            Err(SyntaxError::new(Syntax::InvalidCharacter, 11))
        );
    }

    #[test]
    fn string_invalid_utf8_points_at_bad_byte() {
        let body = b"\"abc\xff\"";
        let raw = Scanner::new(body).string();
        assert_eq!(
            raw.and_then(RawStr::to_text),
            Err(SyntaxError::new(Syntax::InvalidUtf8, 4))
        );
    }

    #[test]
    fn raw_key_comparison_decodes_escapes() {
        let Ok(raw) = string_of(r#""n\u0061me""#) else {
            panic!("valid string")
        };
        assert!(raw.decodes_to("name"));
        assert!(!raw.decodes_to("nam"));
        assert_eq!(raw.to_lossy(), "name");
    }

    #[test]
    fn plain_run_len_stops_at_first_special_byte() {
        for special in [b'"', b'\\', 0x00, 0x1f] {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 24];
                bytes[at] = special;
                assert_eq!(plain_run_len(&bytes), at, "byte {special:#x} at {at}");
            }
        }
        assert_eq!(
            plain_run_len("é€ no specials".as_bytes()),
            "é€ no specials".len()
        );
    }

    #[test]
    fn number_grammar_matches_json() {
        let valid = [
            ("0", true),
            ("-0", true),
            ("12", true),
            ("1.5", false),
            ("-1e5", false),
            ("1E+5", false),
        ];
        for (text, integer) in valid {
            assert_eq!(
                json_number(text),
                Some(JsonNumber { text, integer }),
                "{text}"
            );
        }
        for text in [
            "01", "-", "+1", ".5", "1.", "1e", "1e+", "1.e5", "--1", " 1", "1 ", "0x1", "", "nan",
        ] {
            assert_eq!(json_number(text), None, "{text}");
        }
    }

    #[test]
    fn literal_truncated_or_misspelled() {
        assert_eq!(
            Scanner::new(b"tru").literal(TRUE),
            Err(SyntaxError::new(Syntax::Truncated, 3))
        );
        assert_eq!(
            Scanner::new(b"trux").literal(TRUE),
            Err(SyntaxError::new(Syntax::InvalidCharacter, 3))
        );
        assert_eq!(Scanner::new(b"null").literal(NULL), Ok(()));
    }
}
