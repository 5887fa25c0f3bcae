//! Coerced values → Python objects, and the handler's positional argument tuple.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use smallvec::SmallVec;

use crate::app::{Param, Schema, Source};
use crate::bridge::binding::{DecodeErrors, RouteBinding};
use crate::bridge::msgspec_error::{JSON_INVALID, VALIDATION_ERROR, body_error};
use crate::bridge::request::Request;
use crate::errors::LocItem;
use crate::extract::Value;
use crate::server::{InboundRequest, OutboundResponse, RequestContext};
use crate::validate::validate_json_body;

/// Arguments most handlers take without spilling to the heap.
const INLINE_ARGS: usize = 8;

/// Why the arguments could not be built.
pub(crate) enum ArgsFailure {
    /// The body decoder refused the body: answer this 422.
    BodyRefused(Box<OutboundResponse>),
    /// A parameter's converter refused its value: answer this 422.
    Refused(Box<OutboundResponse>),
    /// Python raised: log it, answer 500.
    Raised(PyErr),
}

impl From<PyErr> for ArgsFailure {
    fn from(error: PyErr) -> Self {
        Self::Raised(error)
    }
}

/// Builds `handler(*args)`'s tuple: coerced values, `defaults[i]` for missing ones, the
/// decoded body and the `Request` object (one object, however many parameters — the
/// handler's and its dependencies' — take it, so `request.state` is shared).
pub(crate) fn handler_args<'py>(
    py: Python<'py>,
    binding: &RouteBinding,
    decode_errors: Option<&DecodeErrors>,
    request: &InboundRequest,
) -> Result<Bound<'py, PyTuple>, ArgsFailure> {
    let defaults = binding.defaults.bind(py);
    let mut body = LazyBody::new(request.body.as_deref());
    let mut request_arg: Option<Bound<'py, PyAny>> = None;
    let mut args: SmallVec<[Bound<'py, PyAny>; INLINE_ARGS]> =
        SmallVec::with_capacity(request.args.len());
    let params = binding.route.params.iter().zip(&binding.converters);
    for (index, ((param, converter), value)) in params.zip(&request.args).enumerate() {
        let arg = match (param.source, value) {
            (Source::Body, _) => {
                decode_body(py, binding, param, decode_errors, body.get(py), body.raw)?
            }
            (Source::Request, _) => match &request_arg {
                Some(shared) => shared.clone(),
                None => {
                    let created = request_object(py, request, body.get(py))?;
                    request_arg = Some(created.clone());
                    created
                }
            },
            (_, Value::Missing) => defaults.get_item(index)?,
            (_, value) => {
                let native = value_to_py(py, value)?;
                match converter {
                    Some(converter) => converter
                        .bind(py)
                        .call1((native,))
                        .map_err(|error| param_refusal(py, decode_errors, param, error))?,
                    None => native,
                }
            }
        };
        args.push(arg);
    }
    Ok(PyTuple::new(py, args)?)
}

/// Converts one coerced value. [`Value::Missing`] has no Python form of its own (the caller
/// substitutes the default) and becomes `None` here.
pub(crate) fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Missing | Value::None => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Int(number) => number.into_pyobject(py)?.into_any(),
        Value::BigInt(digits) => py.get_type::<PyInt>().call1((digits.as_str(),))?,
        Value::Float(number) => PyFloat::new(py, *number).into_any(),
        Value::Str(text) => PyString::new(py, text).into_any(),
        Value::List(items) => {
            let items = items
                .iter()
                .map(|item| value_to_py(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(PyString::intern(py, key), value_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// The request body as `bytes`, created at most once per request.
struct LazyBody<'b, 'py> {
    raw: &'b [u8],
    object: Option<Bound<'py, PyBytes>>,
}

impl<'b, 'py> LazyBody<'b, 'py> {
    fn new(raw: Option<&'b [u8]>) -> Self {
        Self {
            raw: raw.unwrap_or_default(),
            object: None,
        }
    }

    fn get(&mut self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.object
            .get_or_insert_with(|| PyBytes::new(py, self.raw))
            .clone()
    }
}

fn decode_body<'py>(
    py: Python<'py>,
    binding: &RouteBinding,
    param: &Param,
    decode_errors: Option<&DecodeErrors>,
    body: Bound<'py, PyBytes>,
    raw: &[u8],
) -> Result<Bound<'py, PyAny>, ArgsFailure> {
    let Some(decoder) = &binding.body_decoder else {
        return Ok(body.into_any());
    };
    decoder
        .bind(py)
        .call1((body,))
        .map_err(|error| refusal(py, param.schema, raw, decode_errors, error))
}

/// A decoder's `msgspec.ValidationError`/`DecodeError` becomes a 422 listing every error
/// native validation finds; only if native validation accepts the body (it
/// should not: the differential tests prove they agree) is msgspec's single error reported.
/// Anything else the decoder raises is raised.
fn refusal(
    py: Python<'_>,
    schema: &'static Schema,
    raw: &[u8],
    decode_errors: Option<&DecodeErrors>,
    error: PyErr,
) -> ArgsFailure {
    let Some(errors) = decode_errors else {
        return ArgsFailure::Raised(error);
    };
    let kind = if error.is_instance(py, errors.validation_error.bind(py)) {
        VALIDATION_ERROR
    } else if error.is_instance(py, errors.decode_error.bind(py)) {
        JSON_INVALID
    } else {
        return ArgsFailure::Raised(error);
    };
    // Under the GIL already held for this request: releasing and re-acquiring it would cost
    // more than the other Python threads (executors) could gain during one body's validation.
    let response = match validate_json_body(schema, raw) {
        Err(native) => OutboundResponse::validation_failed(&native),
        Ok(()) => {
            let message = error.value(py).to_string();
            OutboundResponse::validation_failed(&[body_error(kind, &message)])
        }
    };
    ArgsFailure::BodyRefused(Box::new(response))
}

/// A converter's `msgspec.ValidationError` (native coercion accepted what msgspec refuses)
/// becomes a 422 at the parameter; anything else is raised.
fn param_refusal(
    py: Python<'_>,
    decode_errors: Option<&DecodeErrors>,
    param: &Param,
    error: PyErr,
) -> ArgsFailure {
    let Some(errors) = decode_errors else {
        return ArgsFailure::Raised(error);
    };
    if !error.is_instance(py, errors.validation_error.bind(py)) {
        return ArgsFailure::Raised(error);
    }
    let mut refused = body_error(VALIDATION_ERROR, &error.value(py).to_string());
    // A parameter model's errors are at its fields (`$.key`), another parameter's at itself.
    let mut loc = vec![LocItem::from(param.source.loc_root())];
    if !is_model(param.schema) {
        loc.push(LocItem::from(param.wire_name));
    }
    loc.extend(refused.loc.drain(1..));
    refused.loc = loc;
    ArgsFailure::Refused(Box::new(OutboundResponse::validation_failed(&[refused])))
}

fn is_model(schema: &Schema) -> bool {
    match schema {
        Schema::Struct(_) => true,
        Schema::Optional(inner) => is_model(inner),
        _ => false,
    }
}

fn request_object<'py>(
    py: Python<'py>,
    request: &InboundRequest,
    body: Bound<'py, PyBytes>,
) -> PyResult<Bound<'py, PyAny>> {
    let empty = RequestContext::default();
    let context = request.context.as_ref().unwrap_or(&empty);
    Ok(Request::build(py, request.method, &request.path, context, body)?.into_any())
}
