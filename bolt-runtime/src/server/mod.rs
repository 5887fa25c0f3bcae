//! The HTTP server: actix-web with one worker thread per process (Python is the bottleneck;
//! scale is processes sharing the port with `SO_REUSEPORT`), the request pipeline, limits and
//! graceful shutdown. No Python here: handlers run behind the [`Dispatch`] trait, which the
//! bridge implements.
//!
//! Per request: [`pipeline::route_request`] (404/405, or a [`docs`] resource where no
//! route matches) → [`pipeline::prepare_arguments`] (coercion + native body validation in
//! the order [`body_order`] picks, 422 with every error) → [`Dispatch::dispatch`] → [`OutboundResponse`] → HTTP.

mod answer;
pub mod body_order;
mod config;
pub mod connection;
pub mod docs;
pub mod host;
mod http;
mod listener;
pub mod pipeline;
mod request;
mod response;

use std::io;
use std::net::TcpListener;
use std::sync::Arc;

use tokio::sync::oneshot;

use crate::app::App;

pub use answer::BufferedRequest;
pub(crate) use answer::{DefaultHeaders, Pipeline, answer_buffered};
pub use config::{
    BodyValidation, DEFAULT_BACKLOG, DEFAULT_BODY_TIMEOUT, DEFAULT_CLIENT_TIMEOUT, DEFAULT_HOST,
    DEFAULT_KEEP_ALIVE, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_URI_LENGTH, DEFAULT_PORT,
    DEFAULT_SHUTDOWN_TIMEOUT, ServerConfig,
};
pub(crate) use http::load_docs;
pub use listener::bind;
pub use request::{
    InboundRequest, RequestContext, decode_path_segment, parse_cookies, parse_query,
};
pub use response::{
    ALLOW, CONTENT_TYPE, HeaderText, Headers, JSON_CONTENT_TYPE, JSON_NULL, OCTET_CONTENT_TYPE,
    OutboundResponse, ResponseError, TEXT_CONTENT_TYPE, status, validate_header, validate_status,
};

/// Runs handlers for admitted requests. Implemented by the Python bridge.
pub trait Dispatch: Send + Sync + 'static {
    /// Runs once on each server worker thread before it serves its first request.
    fn worker_started(&self);

    /// Runs the handler of `request` on the calling worker thread.
    fn dispatch(&self, request: InboundRequest) -> Reply;

    /// An error response the pipeline built (404, 405, 413, 414, 422, ...) for `route`
    /// (`None`: no route answered), as an `error_formatter` shapes it; as built by default.
    fn format_error(
        &self,
        route: Option<crate::app::RouteId>,
        method: &str,
        path: &str,
        response: OutboundResponse,
    ) -> OutboundResponse {
        let _ = (route, method, path);
        response
    }
}

/// A handler's outcome: a response now, or one completed later.
#[derive(Debug)]
pub enum Reply {
    Ready(OutboundResponse),
    /// The 422 of a body the decoder refused (the body was not validated natively first):
    /// the route's [`body_order::BodyOrder`] counts it.
    BodyRefused(OutboundResponse),
    /// Completed later (an awaiting handler's task, when it finishes on the worker thread's
    /// event loop).
    Pending(Pending),
}

/// A response completed later by whoever holds the sender; a dropped sender answers 500. When
/// the request is abandoned first (its client left), `on_abandon` runs, on the worker thread.
pub struct Pending {
    pub response: oneshot::Receiver<OutboundResponse>,
    pub on_abandon: Option<Box<dyn OnAbandon>>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("abandonable", &self.on_abandon.is_some())
            .finish_non_exhaustive()
    }
}

/// What to do when a pending request is abandoned (e.g. cancel the handler's task).
pub trait OnAbandon {
    fn abandon(self: Box<Self>);
}

/// Why [`run`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// SIGINT, after draining in-flight requests.
    Interrupt,
    /// SIGTERM, after draining in-flight requests.
    Terminate,
    /// A second SIGINT/SIGTERM during the drain: in-flight requests were cut. The process
    /// should exit at once with a non-zero code (a handler may still be running).
    Forced,
    /// The server stopped for another reason.
    Stopped,
}

impl StopReason {
    /// The name `serve()` returns to Python.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interrupt => "interrupt",
            Self::Terminate => "terminate",
            Self::Forced => "forced",
            Self::Stopped => "stopped",
        }
    }
}

/// Serves `app` on `listener` until SIGINT/SIGTERM, then drains in-flight requests (up to
/// `config.shutdown_timeout`) and returns. Blocks the calling thread. With `config.docs`,
/// the docs assets are read first (an unreadable one is an error, nothing is served).
pub fn run<D: Dispatch>(
    app: &'static App,
    config: &ServerConfig,
    listener: TcpListener,
    dispatch: Arc<D>,
) -> io::Result<StopReason> {
    http::serve(app, config, listener, dispatch)
}
