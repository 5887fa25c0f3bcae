//! The `Request` object handed to handlers that declare a `Request` parameter. Built only for
//! those routes.

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::server::RequestContext;

/// The keys `get()` and `[]` accept, as attributes.
const KEYS: [&str; 7] = [
    "method", "path", "query", "headers", "cookies", "body", "params",
];

/// The incoming request: `method`, `path`, `query`, `headers` (lowercase names), `cookies`,
/// `body` (bytes) and `params` (path parameters); also readable with `get()` and `[]`.
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
            _ => return None,
        };
        Some(value)
    }
}

#[pymethods]
impl Request {
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
