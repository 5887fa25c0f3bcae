//! The bridge's side of [`Dispatch`]: per request, one GIL acquisition on the worker thread
//! (which keeps its Python thread state for life), the handler call, and the response.

use std::sync::{Arc, Mutex};

use pyo3::intern;
use pyo3::prelude::*;
use tokio::sync::oneshot;

use crate::app::{HandlerKind, RouteId};
use crate::bridge::binding::{DecodeErrors, Hooks, RouteBinding};
use crate::bridge::convert::{ArgsFailure, handler_args};
use crate::bridge::coroutine::complete_inline;
use crate::bridge::respond::{Site, answer_exception, log_exception, respond};
use crate::bridge::thread_state;
use crate::server::{Dispatch, InboundRequest, OutboundResponse, Reply};

/// Everything read from `serve()`'s arguments, shared by the worker thread and the asyncio
/// loop thread (which completes awaiting handlers).
pub(crate) struct Handlers {
    pub hooks: Hooks,
    /// Indexed by route id.
    pub routes: Vec<RouteBinding>,
    pub decode_errors: Option<DecodeErrors>,
}

/// Runs Python handlers for the server.
pub(crate) struct Bridge {
    handlers: Arc<Handlers>,
}

impl Bridge {
    pub fn new(handlers: Handlers) -> Self {
        Self {
            handlers: Arc::new(handlers),
        }
    }
}

impl std::fmt::Debug for Bridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bridge")
            .field("routes", &self.handlers.routes.len())
            .finish_non_exhaustive()
    }
}

impl Dispatch for Bridge {
    fn worker_started(&self) {
        thread_state::ensure();
    }

    fn dispatch(&self, request: InboundRequest) -> Reply {
        thread_state::ensure();
        Python::attach(|py| run_handler(py, &self.handlers, &request))
    }
}

fn run_handler(py: Python<'_>, handlers: &Arc<Handlers>, request: &InboundRequest) -> Reply {
    let Some(binding) = handlers.routes.get(request.route) else {
        return Reply::Ready(OutboundResponse::internal_error());
    };
    let site = Site {
        method: request.method,
        path: &request.path,
        route: binding.route,
    };
    let args = match handler_args(py, binding, handlers.decode_errors.as_ref(), request) {
        Ok(args) => args,
        Err(ArgsFailure::Refused(response)) => return Reply::Ready(*response),
        Err(ArgsFailure::Raised(error)) => {
            return Reply::Ready(answer_exception(py, &handlers.hooks, error, &site));
        }
    };
    let called = binding.handler.bind(py).call1(args);
    match binding.route.handler.kind {
        HandlerKind::Sync => Reply::Ready(respond(py, &handlers.hooks, binding, called, &site)),
        HandlerKind::AsyncInline => {
            let completed = called.and_then(|coroutine| complete_inline(&coroutine));
            Reply::Ready(respond(py, &handlers.hooks, binding, completed, &site))
        }
        HandlerKind::AsyncAwaiting => match called {
            Ok(coroutine) => submit(py, handlers, request, coroutine, &site),
            Err(error) => Reply::Ready(answer_exception(py, &handlers.hooks, error, &site)),
        },
    }
}

/// `hooks.submit(coro, on_done)`: the response arrives when the loop calls `on_done`.
fn submit(
    py: Python<'_>,
    handlers: &Arc<Handlers>,
    request: &InboundRequest,
    coroutine: Bound<'_, PyAny>,
    site: &Site<'_>,
) -> Reply {
    let (sender, receiver) = oneshot::channel();
    let completion = Completion {
        handlers: Arc::clone(handlers),
        route: request.route,
        method: request.method,
        path: request.path.clone(),
        sender: Mutex::new(Some(sender)),
    };
    let submitted = Bound::new(py, completion)
        .and_then(|on_done| handlers.hooks.submit.bind(py).call1((&coroutine, on_done)));
    match submitted {
        Ok(_) => Reply::Pending(receiver),
        Err(error) => {
            if let Err(close_error) = coroutine.call_method0(intern!(py, "close")) {
                close_error.write_unraisable(py, Some(&coroutine));
            }
            log_exception(py, &handlers.hooks, error, site);
            Reply::Ready(OutboundResponse::internal_error())
        }
    }
}

/// `on_done(result, exc)`, called by the asyncio loop thread when an awaiting handler's
/// coroutine finishes: renders the response there and hands it to the waiting request.
#[pyclass(frozen, module = "_bolt_app", name = "Completion")]
pub(crate) struct Completion {
    handlers: Arc<Handlers>,
    route: RouteId,
    method: &'static str,
    path: String,
    sender: Mutex<Option<oneshot::Sender<OutboundResponse>>>,
}

#[pymethods]
impl Completion {
    /// `exc` is `None` on success. Later calls are ignored; never raises.
    #[pyo3(signature = (result, exc = None))]
    fn __call__(&self, py: Python<'_>, result: Bound<'_, PyAny>, exc: Option<Bound<'_, PyAny>>) {
        let Some(sender) = self.sender.lock().ok().and_then(|mut slot| slot.take()) else {
            return;
        };
        let response = match self.handlers.routes.get(self.route) {
            Some(binding) => {
                let site = Site {
                    method: self.method,
                    path: &self.path,
                    route: binding.route,
                };
                let outcome = match exc.filter(|exc| !exc.is_none()) {
                    Some(exc) => Err(PyErr::from_value(exc)),
                    None => Ok(result),
                };
                respond(py, &self.handlers.hooks, binding, outcome, &site)
            }
            None => OutboundResponse::internal_error(),
        };
        // The receiver is gone when the client disconnected or the server stopped.
        let _ = sender.send(response);
    }

    fn __repr__(&self) -> String {
        format!("<Completion {} {}>", self.method, self.path)
    }
}
