//! The response the server sends: a plain Rust value, built either by the pipeline (404, 405,
//! 413, 422, …) or by the bridge from what a Python handler returned.

use std::borrow::Cow;

use actix_http::StatusCode;
use actix_http::header::{HeaderName, HeaderValue};
use bytes::Bytes;
use smallvec::SmallVec;

use crate::errors::{ValidationError, render_validation_errors};

/// Header names and values: static for the ones Bolt sets itself, owned for the ones Python sets.
pub type HeaderText = Cow<'static, str>;

/// Response headers in order; two fit without allocating (content type + one more).
pub type Headers = SmallVec<[(HeaderText, HeaderText); 2]>;

/// `content-type`.
pub const CONTENT_TYPE: &str = "content-type";
/// `allow`, sent with 405 and with the answer to `OPTIONS`.
pub const ALLOW: &str = "allow";
/// `location`, sent with redirects.
pub const LOCATION: &str = "location";
/// Content type of JSON bodies.
pub const JSON_CONTENT_TYPE: &str = "application/json";
/// Content type of `str` results.
pub const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";
/// Content type of `bytes` results.
pub const OCTET_CONTENT_TYPE: &str = "application/octet-stream";

/// The JSON body of a `None` result.
pub const JSON_NULL: &[u8] = b"null";

const NOT_FOUND_BODY: &[u8] = br#"{"detail":"Not Found"}"#;
const METHOD_NOT_ALLOWED_BODY: &[u8] = br#"{"detail":"Method Not Allowed"}"#;
const PAYLOAD_TOO_LARGE_BODY: &[u8] = br#"{"detail":"Payload Too Large"}"#;
const REQUEST_TIMEOUT_BODY: &[u8] = br#"{"detail":"Request Timeout"}"#;
const BAD_REQUEST_BODY: &[u8] = br#"{"detail":"Bad Request"}"#;
const URI_TOO_LONG_BODY: &[u8] = br#"{"detail":"URI Too Long"}"#;
const INTERNAL_ERROR_BODY: &[u8] = br#"{"detail":"Internal Server Error"}"#;

/// HTTP status codes used by the pipeline.
pub mod status {
    pub const OK: u16 = 200;
    pub const NO_CONTENT: u16 = 204;
    pub const PERMANENT_REDIRECT: u16 = 308;
    pub const NOT_MODIFIED: u16 = 304;
    pub const BAD_REQUEST: u16 = 400;
    pub const NOT_FOUND: u16 = 404;
    pub const METHOD_NOT_ALLOWED: u16 = 405;
    pub const REQUEST_TIMEOUT: u16 = 408;
    pub const PAYLOAD_TOO_LARGE: u16 = 413;
    pub const URI_TOO_LONG: u16 = 414;
    pub const UNPROCESSABLE_ENTITY: u16 = 422;
    pub const INTERNAL_SERVER_ERROR: u16 = 500;
}

/// Why a response built from untrusted parts (Python values) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("invalid HTTP status code {0} (expected 100..=999)")]
    InvalidStatus(u16),
    #[error("invalid HTTP header name {0:?}")]
    InvalidHeaderName(String),
    #[error("invalid value for HTTP header {0:?}")]
    InvalidHeaderValue(String),
}

/// One HTTP response: status, headers (content type included) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundResponse {
    pub status: u16,
    pub headers: Headers,
    pub body: Bytes,
}

impl OutboundResponse {
    /// A response with one `content-type` header.
    pub fn with_content_type(status: u16, content_type: &'static str, body: Bytes) -> Self {
        let mut headers = Headers::new();
        headers.push((Cow::Borrowed(CONTENT_TYPE), Cow::Borrowed(content_type)));
        Self {
            status,
            headers,
            body,
        }
    }

    /// `application/json`.
    pub fn json(status: u16, body: Bytes) -> Self {
        Self::with_content_type(status, JSON_CONTENT_TYPE, body)
    }

    /// `text/plain; charset=utf-8`.
    pub fn text(status: u16, body: Bytes) -> Self {
        Self::with_content_type(status, TEXT_CONTENT_TYPE, body)
    }

    /// `application/octet-stream`.
    pub fn octets(status: u16, body: Bytes) -> Self {
        Self::with_content_type(status, OCTET_CONTENT_TYPE, body)
    }

    /// Builds a response from untrusted parts, checking the status code and every header.
    pub fn checked(status: u16, headers: Headers, body: Bytes) -> Result<Self, ResponseError> {
        validate_status(status)?;
        for (name, value) in &headers {
            validate_header(name, value)?;
        }
        Ok(Self {
            status,
            headers,
            body,
        })
    }

    /// Whether a header with this (case-insensitive) name is present.
    pub fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// 404 `{"detail":"Not Found"}`.
    pub fn not_found() -> Self {
        Self::json(status::NOT_FOUND, Bytes::from_static(NOT_FOUND_BODY))
    }

    /// 405 `{"detail":"Method Not Allowed"}` with `Allow: <allow>`.
    pub fn method_not_allowed(allow: String) -> Self {
        let mut response = Self::json(
            status::METHOD_NOT_ALLOWED,
            Bytes::from_static(METHOD_NOT_ALLOWED_BODY),
        );
        response
            .headers
            .push((Cow::Borrowed(ALLOW), Cow::Owned(allow)));
        response
    }

    /// 204 with `Allow: <allow>`: the answer to `OPTIONS` on a known path.
    pub fn options(allow: String) -> Self {
        let mut response = Self::json(status::NO_CONTENT, Bytes::new());
        response
            .headers
            .push((Cow::Borrowed(ALLOW), Cow::Owned(allow)));
        response
    }

    /// 308 to `location` (a path, with its query), no body.
    pub fn permanent_redirect(location: String) -> Self {
        Self {
            status: status::PERMANENT_REDIRECT,
            headers: smallvec::smallvec![(Cow::Borrowed(LOCATION), Cow::Owned(location))],
            body: Bytes::new(),
        }
    }

    /// 413 `{"detail":"Payload Too Large"}`.
    pub fn payload_too_large() -> Self {
        Self::json(
            status::PAYLOAD_TOO_LARGE,
            Bytes::from_static(PAYLOAD_TOO_LARGE_BODY),
        )
    }

    /// 408 `{"detail":"Request Timeout"}` (the body did not arrive in time).
    pub fn request_timeout() -> Self {
        Self::json(
            status::REQUEST_TIMEOUT,
            Bytes::from_static(REQUEST_TIMEOUT_BODY),
        )
    }

    /// 414 `{"detail":"URI Too Long"}`.
    pub fn uri_too_long() -> Self {
        Self::json(status::URI_TOO_LONG, Bytes::from_static(URI_TOO_LONG_BODY))
    }

    /// 400 `{"detail":"Bad Request"}` (the body could not be read).
    pub fn bad_request() -> Self {
        Self::json(status::BAD_REQUEST, Bytes::from_static(BAD_REQUEST_BODY))
    }

    /// 422 listing every error.
    pub fn validation_failed(errors: &[ValidationError]) -> Self {
        Self::json(
            status::UNPROCESSABLE_ENTITY,
            Bytes::from(render_validation_errors(errors)),
        )
    }

    /// 500 `{"detail":"Internal Server Error"}`.
    pub fn internal_error() -> Self {
        Self::json(
            status::INTERNAL_SERVER_ERROR,
            Bytes::from_static(INTERNAL_ERROR_BODY),
        )
    }
}

/// Checks that `status` is a valid HTTP status code.
pub fn validate_status(status: u16) -> Result<StatusCode, ResponseError> {
    StatusCode::from_u16(status).map_err(|_| ResponseError::InvalidStatus(status))
}

/// Checks that `name: value` is a valid HTTP header.
pub fn validate_header(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), ResponseError> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ResponseError::InvalidHeaderName(name.to_owned()))?;
    let header_value = HeaderValue::from_str(value)
        .map_err(|_| ResponseError::InvalidHeaderValue(name.to_owned()))?;
    Ok((header_name, header_value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(response: &'a OutboundResponse, name: &str) -> Option<&'a str> {
        response
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    #[test]
    fn fixed_error_responses_are_json_details() {
        let cases = [
            (
                OutboundResponse::not_found(),
                404,
                r#"{"detail":"Not Found"}"#,
            ),
            (
                OutboundResponse::payload_too_large(),
                413,
                r#"{"detail":"Payload Too Large"}"#,
            ),
            (
                OutboundResponse::internal_error(),
                500,
                r#"{"detail":"Internal Server Error"}"#,
            ),
            (
                OutboundResponse::request_timeout(),
                408,
                r#"{"detail":"Request Timeout"}"#,
            ),
            (
                OutboundResponse::bad_request(),
                400,
                r#"{"detail":"Bad Request"}"#,
            ),
            (
                OutboundResponse::uri_too_long(),
                414,
                r#"{"detail":"URI Too Long"}"#,
            ),
        ];
        for (response, code, body) in cases {
            assert_eq!(response.status, code);
            assert_eq!(response.body, body.as_bytes());
            assert_eq!(header(&response, CONTENT_TYPE), Some(JSON_CONTENT_TYPE));
        }
    }

    #[test]
    fn method_not_allowed_carries_allow() {
        let response = OutboundResponse::method_not_allowed("GET, HEAD".to_owned());
        assert_eq!(response.status, 405);
        assert_eq!(
            response.body,
            r#"{"detail":"Method Not Allowed"}"#.as_bytes()
        );
        assert_eq!(header(&response, ALLOW), Some("GET, HEAD"));
        assert!(response.has_header("Allow"));
    }

    #[test]
    fn result_kinds_have_their_content_types() {
        assert_eq!(
            header(&OutboundResponse::text(200, Bytes::new()), CONTENT_TYPE),
            Some(TEXT_CONTENT_TYPE)
        );
        assert_eq!(
            header(&OutboundResponse::octets(201, Bytes::new()), CONTENT_TYPE),
            Some(OCTET_CONTENT_TYPE)
        );
        let json = OutboundResponse::json(201, Bytes::from_static(JSON_NULL));
        assert_eq!(json.status, 201);
        assert_eq!(json.body, "null".as_bytes());
    }

    #[test]
    fn checked_accepts_valid_parts() {
        let mut headers = Headers::new();
        headers.push((Cow::Owned("x-total".to_owned()), Cow::Owned("3".to_owned())));
        let response = OutboundResponse::checked(201, headers, Bytes::from_static(b"ok"));
        assert_eq!(response.map(|r| r.status), Ok(201));
    }

    #[test]
    fn checked_refuses_bad_status_and_headers() {
        assert_eq!(
            OutboundResponse::checked(1000, Headers::new(), Bytes::new()),
            Err(ResponseError::InvalidStatus(1000))
        );
        assert_eq!(
            OutboundResponse::checked(99, Headers::new(), Bytes::new()),
            Err(ResponseError::InvalidStatus(99))
        );
        let mut bad_name = Headers::new();
        bad_name.push((Cow::Borrowed("bad name"), Cow::Borrowed("v")));
        assert_eq!(
            OutboundResponse::checked(200, bad_name, Bytes::new()),
            Err(ResponseError::InvalidHeaderName("bad name".to_owned()))
        );
        let mut bad_value = Headers::new();
        bad_value.push((Cow::Borrowed("x-a"), Cow::Borrowed("line\nbreak")));
        assert_eq!(
            OutboundResponse::checked(200, bad_value, Bytes::new()),
            Err(ResponseError::InvalidHeaderValue("x-a".to_owned()))
        );
    }
}
