//! A handler's outcome (its result or its exception) → [`OutboundResponse`]
//! (docs/internals.md §5). Never fails: anything that goes wrong is logged and answered 500.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::app::Route;
use crate::bridge::binding::{Hooks, RouteBinding};
use crate::server::{CONTENT_TYPE, Headers, JSON_CONTENT_TYPE, JSON_NULL, OutboundResponse};

/// Where a request was handled, for logs: `<METHOD> <path> -> module.qualname`.
pub(crate) struct Site<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub route: &'static Route,
}

impl fmt::Display for Site<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let handler = &self.route.handler;
        write!(
            f,
            "{} {} -> {}.{}",
            self.method, self.path, handler.module, handler.qualname
        )
    }
}

/// The response for a handler's `outcome`: its rendered result, its `HTTPException`, or a
/// logged 500.
pub(crate) fn respond(
    py: Python<'_>,
    hooks: &Hooks,
    binding: &RouteBinding,
    outcome: PyResult<Bound<'_, PyAny>>,
    site: &Site<'_>,
) -> OutboundResponse {
    match outcome.and_then(|value| render_result(py, hooks, binding, value)) {
        Ok(response) => response,
        Err(error) => answer_exception(py, hooks, error, site, binding.error_formatter.as_ref()),
    }
}

/// `response`, an error Bolt built (a 404, a 422, ...), as `formatter` shapes it
/// (`hooks.format_core_error`); the response as built when the formatter fails.
pub(crate) fn format_core_error(
    py: Python<'_>,
    hooks: &Hooks,
    formatter: &Py<PyAny>,
    method: &str,
    path: &str,
    response: OutboundResponse,
) -> OutboundResponse {
    let headers: Vec<(&str, &str)> = response
        .headers
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .collect();
    let formatted = hooks.format_core_error.bind(py).call1((
        formatter.bind(py),
        response.status,
        PyBytes::new(py, &response.body),
        headers,
        method,
        path,
    ));
    match formatted.and_then(|parts| formatted_response(&parts)) {
        Ok(Some(formatted)) => formatted,
        Ok(None) => response,
        Err(error) => {
            error.write_unraisable(py, None);
            response
        }
    }
}

/// `(status, [(name, value)], body)` from a formatting hook, or `None`.
fn formatted_response(parts: &Bound<'_, PyAny>) -> PyResult<Option<OutboundResponse>> {
    if parts.is_none() {
        return Ok(None);
    }
    response_from_parts(parts, "error_formatter").map(Some)
}

/// A hook's `(status, [(name, value)], body)`, checked; `hook` names it in the error.
fn response_from_parts(parts: &Bound<'_, PyAny>, hook: &str) -> PyResult<OutboundResponse> {
    let (status, pairs, body): (u16, Vec<(String, String)>, PyBackedBytes) = parts.extract()?;
    let headers = pairs
        .into_iter()
        .map(|(name, value)| (Cow::Owned(name), Cow::Owned(value)))
        .collect();
    OutboundResponse::checked(status, headers, Bytes::from_owner(body))
        .map_err(|error| PyValueError::new_err(format!("{hook}: {error}")))
}

/// `HTTPException` → its response; anything else → logged, 500. With an `error_formatter`,
/// the formatter's response instead (an unhandled exception still logged).
pub(crate) fn answer_exception(
    py: Python<'_>,
    hooks: &Hooks,
    error: PyErr,
    site: &Site<'_>,
    formatter: Option<&Py<PyAny>>,
) -> OutboundResponse {
    let is_http_exception = error.is_instance(py, hooks.http_exception.bind(py));
    if let Some(formatter) = formatter {
        let formatted = hooks
            .format_exception
            .bind(py)
            .call1((formatter.bind(py), error.value(py), site.method, site.path))
            .and_then(|parts| formatted_response(&parts));
        match formatted {
            Ok(Some(response)) => {
                if !is_http_exception {
                    log_exception(py, hooks, error, site);
                }
                return response;
            }
            Ok(None) => {}
            Err(format_error) => format_error.write_unraisable(py, None),
        }
    }
    let outcome = if is_http_exception {
        render_http_exception(py, hooks, error.value(py).as_any())
    } else {
        Err(error)
    };
    outcome.unwrap_or_else(|error| {
        log_exception(py, hooks, error, site);
        OutboundResponse::internal_error()
    })
}

/// `hooks.log_exception(exc, where)`; if logging itself raises, both exceptions go to
/// `sys.unraisablehook` — logging never takes the worker down.
pub(crate) fn log_exception(py: Python<'_>, hooks: &Hooks, error: PyErr, site: &Site<'_>) {
    // `into_value` (not `value`) attaches the traceback to the exception object, so the
    // log shows where the handler failed.
    let exception = error.clone_ref(py).into_value(py);
    let logged = hooks
        .log_exception
        .bind(py)
        .call1((exception, site.to_string()));
    if let Err(log_error) = logged {
        log_error.write_unraisable(py, None);
        error.write_unraisable(py, None);
    }
}

fn render_result<'py>(
    py: Python<'py>,
    hooks: &Hooks,
    binding: &RouteBinding,
    value: Bound<'py, PyAny>,
) -> PyResult<OutboundResponse> {
    let value = match binding.conversion.target(&value) {
        Some(response_type) => hooks
            .convert_response
            .bind(py)
            .call1((value, response_type))?,
        None => value,
    };
    let status = binding.route.status_code;
    if value.is_exact_instance_of::<PyDict>() || value.is_exact_instance_of::<PyList>() {
        return Ok(OutboundResponse::json(
            status,
            encode_json(py, hooks, &value)?,
        ));
    }
    if value.is_none() {
        return Ok(OutboundResponse::json(
            status,
            Bytes::from_static(JSON_NULL),
        ));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(OutboundResponse::text(
            status,
            Bytes::from_owner(PyBackedStr::try_from(text.clone())?),
        ));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(OutboundResponse::octets(
            status,
            Bytes::from_owner(PyBackedBytes::from(bytes.clone())),
        ));
    }
    if value.is_instance(hooks.response_classes.bind(py).as_any())? {
        return render_response_object(py, hooks, &value);
    }
    Ok(OutboundResponse::json(
        status,
        encode_json(py, hooks, &value)?,
    ))
}

/// `hooks.encode_json(value)`, its bytes handed over without copying.
fn encode_json(py: Python<'_>, hooks: &Hooks, value: &Bound<'_, PyAny>) -> PyResult<Bytes> {
    let encoded: PyBackedBytes = hooks.encode_json.bind(py).call1((value,))?.extract()?;
    Ok(Bytes::from_owner(encoded))
}

/// `hooks.render_response(obj) -> (status, [(name, value)], body)`.
fn render_response_object(
    py: Python<'_>,
    hooks: &Hooks,
    value: &Bound<'_, PyAny>,
) -> PyResult<OutboundResponse> {
    let rendered = hooks.render_response.bind(py).call1((value,))?;
    response_from_parts(&rendered, "render_response()")
}

/// `HTTPException(status_code, detail, headers, extra, body=...)` → its status, its typed
/// `body` encoded as it is when given (django-bolt 0.13), else `{"detail": detail}` (+
/// `"extra"` when set), and its headers.
fn render_http_exception(
    py: Python<'_>,
    hooks: &Hooks,
    exc: &Bound<'_, PyAny>,
) -> PyResult<OutboundResponse> {
    let status: u16 = exc.getattr(intern!(py, "status_code"))?.extract()?;
    let typed_body = exc
        .getattr_opt(intern!(py, "body"))?
        .filter(|body| !body.is_none());
    let body = match typed_body {
        Some(typed) => encode_json(py, hooks, &typed)?,
        None => {
            let payload = PyDict::new(py);
            payload.set_item(intern!(py, "detail"), exc.getattr(intern!(py, "detail"))?)?;
            if let Some(extra) = exc
                .getattr_opt(intern!(py, "extra"))?
                .filter(|extra| !extra.is_none())
            {
                payload.set_item(intern!(py, "extra"), extra)?;
            }
            encode_json(py, hooks, payload.as_any())?
        }
    };
    let mut headers = Headers::new();
    if let Some(extra_headers) = exc
        .getattr_opt(intern!(py, "headers"))?
        .filter(|h| !h.is_none())
    {
        headers.extend(header_pairs(&extra_headers)?);
    }
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(CONTENT_TYPE))
    {
        headers.insert(
            0,
            (
                Cow::Borrowed(CONTENT_TYPE),
                Cow::Borrowed(JSON_CONTENT_TYPE),
            ),
        );
    }
    OutboundResponse::checked(status, headers, body)
        .map_err(|error| PyValueError::new_err(format!("HTTPException: {error}")))
}

/// A mapping (`.items()`) or an iterable of `(name, value)` pairs.
fn header_pairs(
    headers: &Bound<'_, PyAny>,
) -> PyResult<Vec<(Cow<'static, str>, Cow<'static, str>)>> {
    let py = headers.py();
    let pairs = match headers.getattr_opt(intern!(py, "items"))? {
        Some(items) => items.call0()?,
        None => headers.clone(),
    };
    pairs
        .try_iter()?
        .map(|pair| {
            let (name, value): (String, String) = pair?.extract()?;
            Ok((Cow::Owned(name), Cow::Owned(value)))
        })
        .collect()
}
