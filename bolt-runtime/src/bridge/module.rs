//! The `_bolt_app` module: `MANIFEST`, `CONTRACT`, `RUNTIME_VERSION`, `serve()`, `TestApp()`
//! (the in-process pipeline of `django_bolt.testing`), `Request`.

use std::sync::Arc;

use pyo3::exceptions::{PyKeyboardInterrupt, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyModule;

use crate::app::App;
use crate::bridge::binding::{DecodeErrors, Hooks, read_bindings};
use crate::bridge::config::read_config;
use crate::bridge::dispatch::{Bridge, Handlers};
use crate::bridge::request::Request;
use crate::bridge::test_client::TestAppFactory;
use crate::server::{self, StopReason};

/// The `bolt-runtime` version the extension was built with.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Fills the extension module for `app` (called by [`crate::export_extension!`]).
pub fn init_module(module: &Bound<'_, PyModule>, app: &'static App) -> PyResult<()> {
    module.add("MANIFEST", app.manifest_json)?;
    module.add("CONTRACT", app.contract)?;
    module.add("RUNTIME_VERSION", RUNTIME_VERSION)?;
    module.add("serve", Serve { app })?;
    module.add("TestApp", TestAppFactory { app })?;
    module.add_class::<Request>()?;
    Ok(())
}

/// `serve(bindings, hooks, config) -> str`: binds the handlers, serves until SIGINT/SIGTERM
/// (draining in-flight requests), then returns why it stopped: `"interrupt"`, `"terminate"`,
/// `"stopped"`, or `"forced"` (a second signal cut the drain short: the caller should exit at
/// once, non-zero — a handler may still be running). The GIL is released while serving.
/// Raises `OSError` when the address cannot be bound, `ValueError`/`TypeError` when the
/// bindings, hooks or config don't fit the compiled routes.
#[pyclass(frozen, module = "_bolt_app", name = "serve")]
struct Serve {
    app: &'static App,
}

#[pymethods]
impl Serve {
    #[pyo3(signature = (bindings, hooks, config))]
    fn __call__(
        &self,
        py: Python<'_>,
        bindings: &Bound<'_, PyAny>,
        hooks: &Bound<'_, PyAny>,
        config: &Bound<'_, PyAny>,
    ) -> PyResult<&'static str> {
        serve(py, self.app, bindings, hooks, config)
    }

    fn __repr__(&self) -> String {
        format!("<_bolt_app.serve: {} routes>", self.app.routes.len())
    }
}

fn serve(
    py: Python<'_>,
    app: &'static App,
    bindings: &Bound<'_, PyAny>,
    hooks: &Bound<'_, PyAny>,
    config: &Bound<'_, PyAny>,
) -> PyResult<&'static str> {
    let config = read_config(config)?;
    let event_loop = hooks_event_loop(hooks)?;
    let hooks = Hooks::read(hooks)?;
    let routes = read_bindings(app, bindings)?;
    let decode_errors = DecodeErrors::import_if_needed(py, &routes)?;
    let listener = server::bind(&config)?;
    let bridge = Arc::new(Bridge::new(Handlers {
        hooks,
        event_loop,
        routes,
        decode_errors,
    }));
    let stopped = py.detach(|| server::run(app, &config, listener, bridge))?;
    absorb_interrupt(py, stopped)?;
    Ok(stopped.as_str())
}

/// `hooks.event_loop`, the factory of the worker threads' asyncio loops.
fn hooks_event_loop(hooks: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let factory = hooks.getattr(intern!(hooks.py(), "event_loop"))?;
    if !factory.is_callable() {
        return Err(PyTypeError::new_err(
            "serve(): hooks.event_loop must be callable",
        ));
    }
    Ok(factory.unbind())
}

/// A SIGINT also reached Python's own handler (signal handlers chain), which would raise
/// `KeyboardInterrupt` right after `serve()` returns. The interrupt was the request to stop,
/// already honoured by the graceful drain: run pending signal handlers now and swallow that one.
fn absorb_interrupt(py: Python<'_>, stopped: StopReason) -> PyResult<()> {
    match py.check_signals() {
        Err(error)
            if matches!(stopped, StopReason::Interrupt | StopReason::Forced)
                && error.is_instance_of::<PyKeyboardInterrupt>(py) =>
        {
            Ok(())
        }
        other => other,
    }
}
