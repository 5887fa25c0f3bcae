//! The bridge's side of [`Dispatch`]: per request, one GIL acquisition on the worker thread
//! (which keeps its Python thread state for life), the handler call, and the response. An
//! awaiting handler runs on the worker thread's own asyncio loop ([`event_loop`]).

use std::sync::{Arc, Mutex};

use pyo3::intern;
use pyo3::prelude::*;
use tokio::sync::oneshot;

use crate::app::{HandlerKind, RouteId};
use crate::bridge::binding::{DecodeErrors, Hooks, RouteBinding};
use crate::bridge::convert::{ArgsFailure, handler_args};
use crate::bridge::event_loop::{self, RunningLoop};
use crate::bridge::respond::{Site, answer_exception, format_core_error, log_exception, respond};
use crate::bridge::thread_state;
use crate::server::{Dispatch, InboundRequest, OnAbandon, OutboundResponse, Pending, Reply};

/// Everything read from `serve()`'s arguments.
pub(crate) struct Handlers {
    pub hooks: Hooks,
    /// `hooks.event_loop`: creates the calling worker thread's `WorkerLoop`.
    pub event_loop: Py<PyAny>,
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

    fn format_error(
        &self,
        route: Option<RouteId>,
        method: &str,
        path: &str,
        response: OutboundResponse,
    ) -> OutboundResponse {
        thread_state::ensure();
        format_pipeline_error(&self.handlers, route, method, path, response)
    }
}

/// A handler called with its request's arguments: what it returned (a coroutine for an
/// `async def`) or raised.
pub(crate) struct Called<'a, 'py> {
    pub binding: &'a RouteBinding,
    pub site: Site<'a>,
    pub outcome: PyResult<Bound<'py, PyAny>>,
}

/// Builds the arguments of `request`'s handler and calls it; the reply when the arguments
/// already answer (a 422, an exception of a converter).
pub(crate) fn call_handler<'a, 'py>(
    py: Python<'py>,
    handlers: &'a Handlers,
    request: &'a InboundRequest,
) -> Result<Called<'a, 'py>, Box<Reply>> {
    let Some(binding) = handlers.routes.get(request.route) else {
        return Err(Box::new(Reply::Ready(OutboundResponse::internal_error())));
    };
    let site = Site {
        method: request.method,
        path: &request.path,
        route: binding.route,
    };
    let args = match handler_args(py, binding, handlers.decode_errors.as_ref(), request) {
        Ok(args) => args,
        Err(ArgsFailure::BodyRefused(response)) => {
            let response = format_route_error(py, handlers, binding, &site, *response);
            return Err(Box::new(Reply::BodyRefused(response)));
        }
        Err(ArgsFailure::Refused(response)) => {
            let response = format_route_error(py, handlers, binding, &site, *response);
            return Err(Box::new(Reply::Ready(response)));
        }
        Err(ArgsFailure::Raised(error)) => {
            return Err(Box::new(Reply::Ready(answer_exception(
                py,
                &handlers.hooks,
                error,
                &site,
                binding.error_formatter.as_ref(),
            ))));
        }
    };
    Ok(Called {
        binding,
        site,
        outcome: binding.handler.bind(py).call1(args),
    })
}

/// A 422 the arguments of `binding`'s route got, as its API's formatter shapes it.
fn format_route_error(
    py: Python<'_>,
    handlers: &Handlers,
    binding: &RouteBinding,
    site: &Site<'_>,
    response: OutboundResponse,
) -> OutboundResponse {
    match &binding.error_formatter {
        Some(formatter) => format_core_error(
            py,
            &handlers.hooks,
            formatter,
            site.method,
            site.path,
            response,
        ),
        None => response,
    }
}

/// An error response the pipeline built, for `route` (or none), as the formatter of its
/// API (or the default formatter) shapes it; attaches to Python only when there is one. The
/// calling thread must have a Python thread state (a server worker ensures its own first).
pub(crate) fn format_pipeline_error(
    handlers: &Handlers,
    route: Option<RouteId>,
    method: &str,
    path: &str,
    response: OutboundResponse,
) -> OutboundResponse {
    let formatter = match route {
        Some(route) => handlers
            .routes
            .get(route)
            .and_then(|binding| binding.error_formatter.as_ref()),
        None => handlers.hooks.error_formatter.as_ref(),
    };
    let Some(formatter) = formatter else {
        return response;
    };
    Python::attach(|py| format_core_error(py, &handlers.hooks, formatter, method, path, response))
}

fn run_handler(py: Python<'_>, handlers: &Arc<Handlers>, request: &InboundRequest) -> Reply {
    let Called {
        binding,
        site,
        outcome: called,
    } = match call_handler(py, handlers, request) {
        Ok(called) => called,
        Err(reply) => return *reply,
    };
    match binding.route.handler.kind {
        HandlerKind::Sync => Reply::Ready(respond(py, &handlers.hooks, binding, called, &site)),
        HandlerKind::AsyncInline => {
            let completed = called.and_then(|coroutine| {
                event_loop::complete_inline(&handlers.event_loop, &coroutine)
            });
            Reply::Ready(respond(py, &handlers.hooks, binding, completed, &site))
        }
        HandlerKind::AsyncAwaiting => match called {
            Ok(coroutine) => start_awaiting(py, handlers, binding, request, coroutine, &site),
            Err(error) => Reply::Ready(answer_exception(
                py,
                &handlers.hooks,
                error,
                &site,
                binding.error_formatter.as_ref(),
            )),
        },
    }
}

/// Starts an awaiting handler's coroutine on this worker thread's event loop
/// ([`event_loop::submit`]): answered now when it finished without waiting, else when its
/// task finishes (a [`Completion`] done-callback, on this same thread).
fn start_awaiting(
    py: Python<'_>,
    handlers: &Arc<Handlers>,
    binding: &RouteBinding,
    request: &InboundRequest,
    coroutine: Bound<'_, PyAny>,
    site: &Site<'_>,
) -> Reply {
    let task = match event_loop::submit(&handlers.event_loop, &coroutine) {
        Ok(task) => task,
        Err(error) => {
            // Never started (or its start failed): close it, or Python warns it was never awaited.
            if let Err(close_error) = coroutine.call_method0(intern!(py, "close")) {
                close_error.write_unraisable(py, Some(&coroutine));
            }
            log_exception(py, &handlers.hooks, error, site);
            return Reply::Ready(OutboundResponse::internal_error());
        }
    };
    match task
        .call_method0(intern!(py, "done"))
        .and_then(|done| done.is_truthy())
    {
        Ok(true) => {
            let outcome = task.call_method0(intern!(py, "result"));
            return Reply::Ready(respond(py, &handlers.hooks, binding, outcome, site));
        }
        Ok(false) => {}
        Err(error) => {
            log_exception(py, &handlers.hooks, error, site);
            return Reply::Ready(OutboundResponse::internal_error());
        }
    }
    let (sender, receiver) = oneshot::channel();
    let completion = Completion {
        handlers: Arc::clone(handlers),
        route: request.route,
        method: request.method,
        path: request.path.clone(),
        sender: Mutex::new(Some(sender)),
    };
    let registered = Bound::new(py, completion)
        .and_then(|on_done| task.call_method1(intern!(py, "add_done_callback"), (on_done,)));
    match registered {
        Ok(_) => Reply::Pending(Pending {
            response: receiver,
            on_abandon: Some(Box::new(CancelTask(task.unbind()))),
        }),
        Err(error) => {
            if let Err(cancel_error) = task.call_method0(intern!(py, "cancel")) {
                cancel_error.write_unraisable(py, Some(&task));
            }
            log_exception(py, &handlers.hooks, error, site);
            Reply::Ready(OutboundResponse::internal_error())
        }
    }
}

/// Cancels the task of a request whose client left.
struct CancelTask(Py<PyAny>);

impl OnAbandon for CancelTask {
    fn abandon(self: Box<Self>) {
        Python::attach(|py| {
            let task = self.0.bind(py);
            if let Err(error) = event_loop::cancel(task) {
                error.write_unraisable(py, Some(task));
            }
        });
    }
}

/// The done-callback of an awaiting handler's task, called by the loop on the worker thread:
/// renders the response (with no running loop, as for every other handler) and hands it to
/// the waiting request.
#[pyclass(frozen, freelist = 64, module = "_bolt_app", name = "Completion")]
pub(crate) struct Completion {
    handlers: Arc<Handlers>,
    route: RouteId,
    method: &'static str,
    path: String,
    sender: Mutex<Option<oneshot::Sender<OutboundResponse>>>,
}

#[pymethods]
impl Completion {
    /// `task` is the finished handler task. Later calls are ignored; never raises.
    fn __call__(&self, py: Python<'_>, task: Bound<'_, PyAny>) {
        let Some(sender) = self.sender.lock().ok().and_then(|mut slot| slot.take()) else {
            return;
        };
        if sender.is_closed() {
            // The client left (the task was cancelled then) or the server stopped: nobody
            // waits for a response; say so once, like nginx's 499.
            let logged = self.handlers.hooks.log_abandoned.bind(py).call1((
                format!("{} {}", self.method, self.path),
                task.call_method0(intern!(py, "cancelled"))
                    .and_then(|c| c.is_truthy())
                    .unwrap_or(false),
            ));
            if let Err(error) = logged {
                error.write_unraisable(py, None);
            }
            return;
        }
        let Some(binding) = self.handlers.routes.get(self.route) else {
            let _ = sender.send(OutboundResponse::internal_error());
            return;
        };
        let site = Site {
            method: self.method,
            path: &self.path,
            route: binding.route,
        };
        let hooks = &self.handlers.hooks;
        let rendered = RunningLoop::outside(py, || {
            let outcome = task.call_method0(intern!(py, "result"));
            respond(py, hooks, binding, outcome, &site)
        });
        let response = rendered.unwrap_or_else(|error| {
            log_exception(py, hooks, error, &site);
            OutboundResponse::internal_error()
        });
        // The receiver is gone when the client disconnected or the server stopped.
        let _ = sender.send(response);
    }

    fn __repr__(&self) -> String {
        format!("<Completion {} {}>", self.method, self.path)
    }
}
