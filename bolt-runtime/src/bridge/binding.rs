//! `serve(bindings, hooks, …)`: the Python objects read once into Rust handles, so a request
//! never looks an attribute up.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PySequence, PyTuple, PyType};

use crate::app::{App, Route, Source};

/// The `hooks` object's callables and classes (docs/internals.md §5).
pub(crate) struct Hooks {
    pub encode_json: Py<PyAny>,
    pub convert_response: Py<PyAny>,
    pub response_classes: Py<PyTuple>,
    pub render_response: Py<PyAny>,
    pub http_exception: Py<PyAny>,
    pub log_exception: Py<PyAny>,
    pub log_abandoned: Py<PyAny>,
    /// `format_core_error(formatter, status, body, headers, method, path)` and
    /// `format_exception(formatter, exc, method, path)`: an `error_formatter=`'s response as
    /// `(status, headers, body)`, or `None` for the default one.
    pub format_core_error: Py<PyAny>,
    pub format_exception: Py<PyAny>,
    /// `error_formatter`: the formatter of errors no route answers (404, 405, 414), if any.
    pub error_formatter: Option<Py<PyAny>>,
}

impl Hooks {
    pub fn read(hooks: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = hooks.py();
        let response_classes = hooks.getattr(intern!(py, "response_classes"))?;
        let response_classes = match response_classes.cast_into::<PyTuple>() {
            Ok(tuple) => tuple,
            Err(error) => PyTuple::new(
                py,
                error
                    .into_inner()
                    .try_iter()?
                    .collect::<PyResult<Vec<_>>>()?,
            )?,
        };
        Ok(Self {
            encode_json: callable(hooks, intern!(py, "encode_json"))?,
            convert_response: callable(hooks, intern!(py, "convert_response"))?,
            response_classes: response_classes.unbind(),
            render_response: callable(hooks, intern!(py, "render_response"))?,
            http_exception: hooks.getattr(intern!(py, "http_exception"))?.unbind(),
            log_exception: callable(hooks, intern!(py, "log_exception"))?,
            log_abandoned: callable(hooks, intern!(py, "log_abandoned"))?,
            format_core_error: callable(hooks, intern!(py, "format_core_error"))?,
            format_exception: callable(hooks, intern!(py, "format_exception"))?,
            error_formatter: match hooks.getattr_opt(intern!(py, "error_formatter"))? {
                Some(value) if !value.is_none() => Some(value.unbind()),
                _ => None,
            },
        })
    }
}

/// What one route is bound to on the Python side.
pub(crate) struct RouteBinding {
    pub route: &'static Route,
    pub handler: Py<PyAny>,
    /// One entry per compiled parameter.
    pub defaults: Py<PyTuple>,
    /// `msgspec.json.Decoder(T).decode` for the body parameter.
    pub body_decoder: Option<Py<PyAny>>,
    /// Per compiled parameter: the callable that turns the coerced value into the Python
    /// value the handler takes (`datetime`, `UUID`, an `Enum` member, a `set`, a parameter
    /// model's Struct...), or `None` when the coerced value already is that value.
    pub converters: Vec<Option<Py<PyAny>>>,
    /// How results are converted (`hooks.convert_response`) before encoding.
    pub conversion: ResponseConversion,
    /// Its API's `error_formatter=`, if any.
    pub error_formatter: Option<Py<PyAny>>,
}

/// The response conversion of a route, decided once at bind time (DESIGN.md rule 6).
pub(crate) enum ResponseConversion {
    /// No `response_model` / return annotation to honour: results are encoded as they are.
    AsIs,
    /// The declared type is a class (`dict`, a Struct, ...): a result whose type is exactly
    /// that class is already what `msgspec.convert` would return (it hands Struct instances
    /// back unchanged and copies dicts/lists equal), so only other results are converted.
    /// Saves the call (~4.4 µs for `-> dict`, ~0.5 µs for a Struct) on the common path.
    /// (Checked for Structs, dataclasses, NamedTuples, builtins, datetime, UUID, Decimal. The
    /// exception is `enum.Enum`, whose own members `msgspec.convert` rejects; `bolt build`
    /// refuses enum types today — revisit when type fidelity adds them.)
    UnlessExactly(Py<PyType>),
    /// A type form (`list[Item]`, `Optional[Item]`, ...): every result is converted.
    Always(Py<PyAny>),
}

impl ResponseConversion {
    fn of(response_type: Option<Bound<'_, PyAny>>) -> Self {
        let Some(response_type) = response_type else {
            return Self::AsIs;
        };
        match response_type.cast_into::<PyType>() {
            Ok(class) => Self::UnlessExactly(class.unbind()),
            Err(form) => Self::Always(form.into_inner().unbind()),
        }
    }

    /// The type to convert `value` to, if it needs converting.
    pub fn target<'py>(&self, value: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
        let py = value.py();
        match self {
            Self::AsIs => None,
            Self::UnlessExactly(class) if value.get_type().is(class.bind(py)) => None,
            Self::UnlessExactly(class) => Some(class.bind(py).clone().into_any()),
            Self::Always(response_type) => Some(response_type.bind(py).clone()),
        }
    }
}

/// Reads `bindings[i]` for every route id `i`, checking each fits the compiled route.
pub(crate) fn read_bindings(
    app: &'static App,
    bindings: &Bound<'_, PyAny>,
) -> PyResult<Vec<RouteBinding>> {
    let bindings = bindings
        .cast::<PySequence>()
        .map_err(|_| PyTypeError::new_err("serve(): bindings must be a list"))?;
    let count = bindings.len()?;
    if count != app.routes.len() {
        return Err(PyValueError::new_err(format!(
            "serve(): got {count} bindings but the extension was compiled with {} routes; run `bolt build`",
            app.routes.len()
        )));
    }
    app.routes
        .iter()
        .enumerate()
        .map(|(index, route)| read_binding(route, &bindings.get_item(index)?))
        .collect()
}

fn read_binding(route: &'static Route, binding: &Bound<'_, PyAny>) -> PyResult<RouteBinding> {
    let py = binding.py();
    let name = RouteName(route);
    let defaults = binding
        .getattr(intern!(py, "defaults"))?
        .cast_into::<PyTuple>()
        .map_err(|_| PyTypeError::new_err(format!("{name}: `defaults` must be a tuple")))?;
    if defaults.len() != route.params.len() {
        return Err(PyValueError::new_err(format!(
            "{name}: {} defaults for {} compiled parameters; run `bolt build`",
            defaults.len(),
            route.params.len()
        )));
    }
    let body_decoder = optional(binding, intern!(py, "body_decoder"))?;
    let has_body = route
        .params
        .iter()
        .any(|param| param.source == Source::Body);
    if has_body && body_decoder.is_none() {
        return Err(PyValueError::new_err(format!(
            "{name}: has a body parameter but no `body_decoder`"
        )));
    }
    Ok(RouteBinding {
        route,
        handler: callable(binding, intern!(py, "handler"))?,
        defaults: defaults.unbind(),
        body_decoder,
        converters: read_converters(route, binding)?,
        conversion: ResponseConversion::of(
            optional(binding, intern!(py, "response_type"))?.map(|ty| ty.into_bound(py)),
        ),
        error_formatter: match binding.getattr_opt(intern!(py, "error_formatter"))? {
            Some(value) if !value.is_none() => Some(value.unbind()),
            _ => None,
        },
    })
}

/// `converters`: absent or a tuple with one entry per compiled parameter, each `None` or a
/// callable.
fn read_converters(
    route: &'static Route,
    binding: &Bound<'_, PyAny>,
) -> PyResult<Vec<Option<Py<PyAny>>>> {
    let py = binding.py();
    let name = RouteName(route);
    let attribute = intern!(py, "converters");
    if !binding.hasattr(attribute)? {
        return Ok(route.params.iter().map(|_| None).collect());
    }
    let converters = binding
        .getattr(attribute)?
        .cast_into::<PyTuple>()
        .map_err(|_| PyTypeError::new_err(format!("{name}: `converters` must be a tuple")))?;
    if converters.len() != route.params.len() {
        return Err(PyValueError::new_err(format!(
            "{name}: {} converters for {} compiled parameters; run `bolt build`",
            converters.len(),
            route.params.len()
        )));
    }
    converters
        .iter()
        .map(|converter| {
            if converter.is_none() {
                Ok(None)
            } else if converter.is_callable() {
                Ok(Some(converter.unbind()))
            } else {
                Err(PyTypeError::new_err(format!(
                    "{name}: each converter must be callable or None"
                )))
            }
        })
        .collect()
}

/// `<METHOD> <path> -> module.qualname` of a route, for messages.
pub(crate) struct RouteName(pub &'static Route);

impl std::fmt::Display for RouteName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let route = self.0;
        write!(
            f,
            "{} {} -> {}.{}",
            route.method.as_str(),
            route.path,
            route.handler.module,
            route.handler.qualname
        )
    }
}

/// `msgspec.ValidationError` and `msgspec.DecodeError`: what a body decoder raises when it
/// refuses input (answered 422, not 500).
pub(crate) struct DecodeErrors {
    pub validation_error: Py<PyAny>,
    pub decode_error: Py<PyAny>,
}

impl DecodeErrors {
    /// Imports msgspec's error classes, only when some route decodes a body or converts a
    /// parameter.
    pub fn import_if_needed(py: Python<'_>, routes: &[RouteBinding]) -> PyResult<Option<Self>> {
        let converts = |binding: &RouteBinding| {
            binding.body_decoder.is_some() || binding.converters.iter().any(Option::is_some)
        };
        if !routes.iter().any(converts) {
            return Ok(None);
        }
        let msgspec = py.import(intern!(py, "msgspec"))?;
        Ok(Some(Self {
            validation_error: msgspec.getattr(intern!(py, "ValidationError"))?.unbind(),
            decode_error: msgspec.getattr(intern!(py, "DecodeError"))?.unbind(),
        }))
    }
}

fn callable(
    owner: &Bound<'_, PyAny>,
    name: &Bound<'_, pyo3::types::PyString>,
) -> PyResult<Py<PyAny>> {
    let value = owner.getattr(name)?;
    if !value.is_callable() {
        return Err(PyTypeError::new_err(format!(
            "serve(): `{name}` must be callable"
        )));
    }
    Ok(value.unbind())
}

fn optional(
    owner: &Bound<'_, PyAny>,
    name: &Bound<'_, pyo3::types::PyString>,
) -> PyResult<Option<Py<PyAny>>> {
    let value = owner.getattr(name)?;
    Ok((!value.is_none()).then(|| value.unbind()))
}
