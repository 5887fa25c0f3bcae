//! `TestApp(bindings, hooks, config, run_coroutine, served)`: the in-process side of
//! `django_bolt.testing.TestClient`. Each `request(...)` runs the server's own pipeline
//! ([`crate::server::answer_buffered`]: limits, routing, docs, native validation, the
//! handler, rendering) on the calling thread, without a socket: a sync handler runs on the
//! test's thread (so it sees the test's database transaction), an `async def` handler is run
//! to completion by `run_coroutine` (the client's event loop, on the same thread).

use std::sync::Arc;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::app::{App, HandlerKind};
use crate::bridge::binding::{DecodeErrors, Hooks, read_bindings};
use crate::bridge::config::read_config;
use crate::bridge::dispatch::{Called, Handlers, call_handler, format_pipeline_error};
use crate::bridge::respond::respond;

use crate::server::pipeline::plan_routes;
use crate::server::{
    BufferedRequest, DefaultHeaders, Dispatch, InboundRequest, Pipeline, Reply, answer_buffered,
    load_docs,
};

/// The `TestApp` factory of the module (it knows the compiled [`App`]).
#[pyclass(frozen, module = "_bolt_app", name = "TestAppFactory")]
pub(crate) struct TestAppFactory {
    pub app: &'static App,
}

#[pymethods]
impl TestAppFactory {
    /// `bindings`, `hooks` and `config` as for `serve()`; `run_coroutine(coroutine)` runs an
    /// async handler's coroutine to completion; `served[route id]` (or `None`: all) says
    /// which compiled routes answer.
    #[pyo3(signature = (bindings, hooks, config, run_coroutine, served=None))]
    fn __call__(
        &self,
        py: Python<'_>,
        bindings: &Bound<'_, PyAny>,
        hooks: &Bound<'_, PyAny>,
        config: &Bound<'_, PyAny>,
        run_coroutine: Py<PyAny>,
        served: Option<Vec<bool>>,
    ) -> PyResult<TestApp> {
        let config = read_config(config)?;
        let event_loop = hooks.getattr(intern!(py, "event_loop"))?.unbind();
        let hooks = Hooks::read(hooks)?;
        let routes = read_bindings(self.app, bindings)?;
        let decode_errors = DecodeErrors::import_if_needed(py, &routes)?;
        let docs = config
            .docs
            .as_ref()
            .map(|docs| load_docs(self.app, docs))
            .transpose()?;
        let dispatch = InProcess {
            handlers: Handlers {
                hooks,
                event_loop,
                routes,
                decode_errors,
            },
            run_coroutine,
        };
        Ok(TestApp {
            pipeline: Pipeline {
                app: self.app,
                plans: plan_routes(self.app),
                docs,
                dispatch: Arc::new(dispatch),
                max_body_size: config.max_body_size,
                max_uri_length: config.max_uri_length,
                body_validation: config.body_validation,
                served,
                allowed_hosts: config.allowed_hosts,
                default_headers: DefaultHeaders::new(config.default_headers),
            },
        })
    }
}

/// One test client's compiled pipeline.
#[pyclass(frozen, module = "_bolt_app", name = "TestApp")]
pub(crate) struct TestApp {
    pipeline: Pipeline<InProcess>,
}

#[pymethods]
impl TestApp {
    /// Answers one request: `(status, [(name, value), ...], body)`. `path` is
    /// percent-encoded as a client sends it, `query` without `?`, header names lowercase.
    #[pyo3(signature = (method, path, query, headers, body))]
    fn request<'py>(
        &self,
        py: Python<'py>,
        method: String,
        path: String,
        query: String,
        headers: Vec<(String, Vec<u8>)>,
        body: Vec<u8>,
    ) -> (u16, Vec<(String, String)>, Bound<'py, PyBytes>) {
        let request = BufferedRequest {
            method,
            path,
            query,
            headers,
            body: body.into(),
        };
        let response = answer_buffered(&self.pipeline, &request);
        let headers = response
            .headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        (response.status, headers, PyBytes::new(py, &response.body))
    }
}

/// Runs handlers on the calling thread, to completion.
struct InProcess {
    handlers: Handlers,
    run_coroutine: Py<PyAny>,
}

impl Dispatch for InProcess {
    fn worker_started(&self) {}

    fn format_error(
        &self,
        route: Option<usize>,
        method: &str,
        path: &str,
        response: crate::server::OutboundResponse,
    ) -> crate::server::OutboundResponse {
        format_pipeline_error(&self.handlers, route, method, path, response)
    }

    fn dispatch(&self, request: InboundRequest) -> Reply {
        Python::attach(|py| {
            let Called {
                binding,
                site,
                outcome,
            } = match call_handler(py, &self.handlers, &request) {
                Ok(called) => called,
                Err(reply) => return *reply,
            };
            let outcome = match binding.route.handler.kind {
                HandlerKind::Sync => outcome,
                HandlerKind::AsyncInline | HandlerKind::AsyncAwaiting => {
                    outcome.and_then(|coroutine| self.run_coroutine.bind(py).call1((coroutine,)))
                }
            };
            Reply::Ready(respond(py, &self.handlers.hooks, binding, outcome, &site))
        })
    }
}
