//! The `Request` object handed to handlers that declare a `Request` parameter. Built only for
//! those routes.

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::server::RequestContext;

/// The keys `get()` and `[]` accept, as attributes.
const KEYS: [&str; 9] = [
    "method", "path", "query", "headers", "cookies", "body", "params", "state", "context",
];

/// The incoming request: `method`, `path`, `query`, `headers` (lowercase names), `cookies`,
/// `body` (bytes), `params` (path parameters), `state` (a dict for this request's own use,
/// created on first access) and `context` (the authentication context: `None` until Bolt
/// compiles authentication); also readable with `get()` and `[]`.
#[pyclass(frozen, module = "_bolt_app", name = "Request")]
pub struct Request {
    #[pyo3(get)]
    method: Py<PyString>,
    #[pyo3(get)]
    path: Py<PyString>,
    #[pyo3(get)]
    query: Py<PyDict>,
    #[pyo3(get)]
    headers: Py<PyDict>,
    #[pyo3(get)]
    cookies: Py<PyDict>,
    #[pyo3(get)]
    body: Py<PyBytes>,
    #[pyo3(get)]
    params: Py<PyDict>,
    state: PyOnceLock<Py<PyDict>>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request").finish_non_exhaustive()
    }
}

impl Request {
    /// Builds the object from the pipeline's request data.
    pub(crate) fn build<'py>(
        py: Python<'py>,
        method: &str,
        path: &str,
        context: &RequestContext,
        body: Bound<'py, PyBytes>,
    ) -> PyResult<Bound<'py, Self>> {
        let request = Self {
            method: PyString::new(py, method).unbind(),
            path: PyString::new(py, path).unbind(),
            query: pairs_dict(py, &context.query)?,
            headers: pairs_dict(py, &context.headers)?,
            cookies: pairs_dict(py, &context.cookies)?,
            body: body.unbind(),
            params: pairs_dict(py, &context.params)?,
            state: PyOnceLock::new(),
        };
        Bound::new(py, request)
    }

    fn field(&self, py: Python<'_>, key: &str) -> Option<Py<PyAny>> {
        let value = match key {
            "method" => self.method.clone_ref(py).into_any(),
            "path" => self.path.clone_ref(py).into_any(),
            "query" => self.query.clone_ref(py).into_any(),
            "headers" => self.headers.clone_ref(py).into_any(),
            "cookies" => self.cookies.clone_ref(py).into_any(),
            "body" => self.body.clone_ref(py).into_any(),
            "params" => self.params.clone_ref(py).into_any(),
            "state" => self.state(py).into_any(),
            "context" => py.None(),
            _ => return None,
        };
        Some(value)
    }
}

#[pymethods]
impl Request {
    /// A dict for this request's own use (shared by its dependencies and handler).
    #[getter]
    fn state(&self, py: Python<'_>) -> Py<PyDict> {
        self.state
            .get_or_init(py, || PyDict::new(py).unbind())
            .clone_ref(py)
    }

    /// django-bolt's authentication context; `None`: Bolt does not compile authentication yet.
    #[getter]
    fn context(&self, py: Python<'_>) -> Py<PyAny> {
        py.None()
    }

    /// `request.get("headers")`; `default` for any other key.
    #[pyo3(signature = (key, default = None))]
    fn get(&self, py: Python<'_>, key: &str, default: Option<Py<PyAny>>) -> Py<PyAny> {
        self.field(py, key).or(default).unwrap_or_else(|| py.None())
    }

    fn __getitem__(&self, py: Python<'_>, key: &str) -> PyResult<Py<PyAny>> {
        self.field(py, key)
            .ok_or_else(|| PyKeyError::new_err(key.to_owned()))
    }

    fn __contains__(&self, key: &str) -> bool {
        KEYS.contains(&key)
    }

    fn keys(&self) -> Vec<&'static str> {
        KEYS.to_vec()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("<Request {} {}>", self.method.bind(py), self.path.bind(py))
    }
}

fn pairs_dict<K: AsRef<str>>(py: Python<'_>, pairs: &[(K, String)]) -> PyResult<Py<PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in pairs {
        dict.set_item(key.as_ref(), value)?;
    }
    Ok(dict.unbind())
}
