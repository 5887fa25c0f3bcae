//! The actix glue: server set-up (actix-server + actix-http's HTTP/1 dispatcher over
//! [`DeadlineIo`] sockets), the drain on stop signals, the catch-all service running the
//! pipeline, body reading with a cap and a deadline, and conversion of [`OutboundResponse`]
//! to HTTP.

use std::borrow::Cow;
use std::io;
use std::net::TcpListener;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::Duration;

use actix_http::error::DispatchError;
use actix_http::header::{HeaderName, HeaderValue};
use actix_http::{HttpService, StatusCode};
use actix_rt::net::TcpStream;
use actix_service::{
    IntoServiceFactory, ServiceFactory, ServiceFactoryExt, fn_service, map_config,
};
use actix_web::dev::AppConfig;
use actix_web::{HttpRequest, HttpResponse, web};
use bytes::Bytes;
use tokio::sync::Notify;

use crate::app::App;
use crate::extract::HeaderLookup;
use crate::server::answer::{Answer, DefaultHeaders, Pipeline, RequestBody, RequestHead};
use crate::server::connection::{Connection, DeadlineIo, OpenConnections};
use crate::server::docs::{DocsConfig, DocsSite, read_assets};
use crate::server::pipeline::{plan_routes, shadowed_docs_paths};
use crate::server::response::OutboundResponse;
use crate::server::{Dispatch, ServerConfig, StopReason};

/// How much later than [`DeadlineIo`]'s head deadline actix's own may fire.
const ACTIX_HEAD_BACKSTOP: Duration = Duration::from_secs(1);

/// Worker threads per process: one — the handlers' Python is the bottleneck, and processes
/// sharing the port (`SO_REUSEPORT`) are how Bolt scales.
const WORKERS: usize = 1;

/// Serves until a stop signal; see [`crate::server::run`].
pub(crate) fn serve<D: Dispatch>(
    app: &'static App,
    config: &ServerConfig,
    listener: TcpListener,
    dispatch: Arc<D>,
) -> io::Result<StopReason> {
    let docs = config
        .docs
        .as_ref()
        .map(|docs| load_docs(app, docs))
        .transpose()?;
    let pipeline = Arc::new(Pipeline {
        app,
        plans: plan_routes(app),
        docs,
        dispatch,
        max_body_size: config.max_body_size,
        max_uri_length: config.max_uri_length,
        body_validation: config.body_validation,
        served: None,
        allowed_hosts: config.allowed_hosts.clone(),
        default_headers: DefaultHeaders::new(config.default_headers.clone()),
    });
    let system = actix_rt::System::new();
    system.block_on(run_server(pipeline, config, listener))
}

/// Reads the docs assets (once) and warns about docs paths that routes shadow.
pub(crate) fn load_docs(app: &'static App, config: &DocsConfig) -> io::Result<DocsSite> {
    let assets = read_assets(&config.assets_dir)?;
    let shadowed = shadowed_docs_paths(&app.router, &config.mount);
    if !shadowed.is_empty() {
        eprintln!(
            "bolt: warning: your routes match the API docs path(s) {}; the routes win there \
             (set BOLT_DOCS_PATH to move the docs)",
            shadowed.join(", ")
        );
    }
    Ok(DocsSite::new(
        config.mount.clone(),
        app.openapi_json,
        assets,
    ))
}

/// Serves until SIGINT/SIGTERM, then drains: no new connections, idle ones closed, each busy
/// one closed after its response; returns as soon as the last connection closes (or after
/// `shutdown_timeout`). A second signal during the drain returns [`StopReason::Forced`] at
/// once, cutting what is in flight.
async fn run_server<D: Dispatch>(
    pipeline: Arc<Pipeline<D>>,
    config: &ServerConfig,
    listener: TcpListener,
) -> io::Result<StopReason> {
    let mut signals = StopSignals::listen()?;
    let open = Arc::new(OpenConnections::default());
    let draining = Arc::new(Draining::default());
    let server = actix_server::Server::build()
        .workers(WORKERS)
        .disable_signals()
        .shutdown_timeout(config.shutdown_timeout.as_secs())
        .listen("bolt", listener, {
            let (open, draining) = (Arc::clone(&open), Arc::clone(&draining));
            let (keep_alive, head_timeout) = (config.keep_alive, config.client_timeout);
            let body_timeout = config.body_timeout;
            move || {
                connection_service(
                    Arc::clone(&pipeline),
                    keep_alive,
                    head_timeout,
                    body_timeout,
                    Arc::clone(&open),
                    Arc::clone(&draining),
                )
            }
        })?
        .run();
    let handle = server.handle();
    // The server runs as its own task: it must keep handling commands (pause, stop) while
    // this one waits for them.
    let mut server = actix_rt::spawn(server);
    let reason = tokio::select! {
        served = &mut server => return joined(served).map(|()| StopReason::Stopped),
        reason = signals.next() => reason,
    };
    handle.pause().await;
    draining.start();
    let drained = async {
        let _ = actix_rt::time::timeout(config.shutdown_timeout, open.all_closed()).await;
        handle.stop(false).await;
        joined((&mut server).await)
    };
    tokio::select! {
        served = drained => served.map(|()| reason),
        _ = signals.next() => {
            eprintln!("bolt: second stop signal: stopping now, in-flight requests are cut");
            Ok(StopReason::Forced)
        }
    }
}

/// The server task's outcome.
fn joined(outcome: Result<io::Result<()>, tokio::task::JoinError>) -> io::Result<()> {
    outcome.map_err(io::Error::other)?
}

/// One worker's service factory: each accepted socket is wrapped in a [`DeadlineIo`]
/// (deadline on every request head, counted among the open connections) and served by
/// actix-http's HTTP/1 dispatcher running the pipeline.
fn connection_service<D: Dispatch>(
    pipeline: Arc<Pipeline<D>>,
    keep_alive: Duration,
    head_timeout: Duration,
    body_timeout: Duration,
    open: Arc<OpenConnections>,
    draining: Arc<Draining>,
) -> impl ServiceFactory<TcpStream, Config = (), Response = (), Error = DispatchError, InitError = ()>
{
    pipeline.dispatch.worker_started();
    let app = actix_web::App::new().default_service(web::to(
        move |req: HttpRequest, payload: web::Payload| {
            let pipeline = Arc::clone(&pipeline);
            async move { pipeline.handle(req, payload, body_timeout).await }
        },
    ));
    let http = HttpService::build()
        .keep_alive(keep_alive)
        // DeadlineIo enforces the head deadline precisely; actix's own (on a clock refreshed
        // every 500 ms) stays as a backstop that never fires first.
        .client_request_timeout(head_timeout + ACTIX_HEAD_BACKSTOP)
        // A client that closes its side has left: end the connection, dropping (and so
        // cancelling) what its request still runs, rather than waiting for a response nobody
        // reads.
        .h1_allow_half_closed(false)
        // Hidden in actix-http's docs but public: how actix-web's own server tells its
        // connections to drain (keep-alive off, close after the current response).
        .graceful_shutdown_signal(move || {
            let draining = Arc::clone(&draining);
            async move { draining.wait().await }
        })
        .on_connect_ext(|io: &DeadlineIo<TcpStream>, data| {
            data.insert(io.connection());
        })
        .h1(map_config(app.into_factory(), |()| AppConfig::default()));
    let accept = fn_service(move |stream: TcpStream| {
        let open = open.open();
        async move {
            // Small responses must not wait for Nagle's algorithm.
            let _ = stream.set_nodelay(true);
            let peer = stream.peer_addr().ok();
            Ok::<_, DispatchError>((DeadlineIo::new(stream, head_timeout, Some(open)), peer))
        }
    });
    accept.and_then(http)
}

/// SIGINT and SIGTERM, listened to on the server's own runtime (not Python's main-thread
/// signal machinery), so a stop works while a handler blocks the worker thread.
struct StopSignals {
    #[cfg(unix)]
    interrupt: actix_rt::signal::unix::Signal,
    #[cfg(unix)]
    terminate: actix_rt::signal::unix::Signal,
}

impl StopSignals {
    #[cfg(unix)]
    fn listen() -> io::Result<Self> {
        use actix_rt::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    #[cfg(not(unix))]
    fn listen() -> io::Result<Self> {
        Ok(Self {})
    }

    /// The next stop signal.
    #[cfg(unix)]
    async fn next(&mut self) -> StopReason {
        tokio::select! {
            _ = self.interrupt.recv() => StopReason::Interrupt,
            _ = self.terminate.recv() => StopReason::Terminate,
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> StopReason {
        match actix_rt::signal::ctrl_c().await {
            Ok(()) => StopReason::Interrupt,
            Err(_) => std::future::pending().await,
        }
    }
}

/// Set once the server starts draining; every connection's dispatcher waits on it.
#[derive(Debug, Default)]
struct Draining {
    started: AtomicBool,
    notify: Notify,
}

impl Draining {
    fn start(&self) {
        self.started.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }

    async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.started.load(Ordering::Acquire) {
                return;
            }
            notified.await;
        }
    }
}

impl<D: Dispatch> Pipeline<D> {
    async fn handle(
        &self,
        req: HttpRequest,
        payload: web::Payload,
        body_timeout: Duration,
    ) -> HttpResponse {
        // While in handling, the connection's next head is not cut for lateness.
        let _handling = req
            .conn_data::<std::rc::Rc<Connection>>()
            .map(Connection::handling);
        let head = ActixHead(&req);
        let body = ActixBody {
            payload,
            timeout: body_timeout,
        };
        // A panic while answering (a bug) costs this request a 500, not the connection or the
        // worker; the panic hook has already printed it.
        let mut answer = std::pin::pin!(self.answer(&head, body));
        let answered = std::future::poll_fn(|cx| {
            match std::panic::catch_unwind(AssertUnwindSafe(|| answer.as_mut().poll(cx))) {
                Ok(poll) => poll.map(Some),
                Err(_panic) => Poll::Ready(None),
            }
        })
        .await;
        into_http(answered.unwrap_or_else(|| OutboundResponse::internal_error().into()))
    }
}

/// An actix request's head, for the pipeline.
struct ActixHead<'a>(&'a HttpRequest);

impl HeaderLookup for ActixHead<'_> {
    fn values(&self, name: &str) -> Vec<&[u8]> {
        self.0
            .headers()
            .get_all(name)
            .map(HeaderValue::as_bytes)
            .collect()
    }
}

impl RequestHead for ActixHead<'_> {
    fn method(&self) -> &str {
        self.0.method().as_str()
    }

    fn path(&self) -> &str {
        self.0.path()
    }

    fn query(&self) -> &str {
        self.0.query_string()
    }

    fn target_length(&self) -> usize {
        let uri = self.0.uri();
        let query = uri.query().map_or(0, |query| query.len() + 1);
        uri.path().len() + query
    }

    fn first_value(&self, name: &str) -> Option<&[u8]> {
        self.0.headers().get(name).map(HeaderValue::as_bytes)
    }

    fn header_pairs(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
    }
}

/// An actix request's body: read with a cap and a deadline.
struct ActixBody {
    payload: web::Payload,
    timeout: Duration,
}

impl RequestBody for ActixBody {
    /// 413 beyond the cap, 408 past the deadline, 400 if the connection fails mid-body.
    async fn read(self, max_body_size: usize) -> Result<Bytes, OutboundResponse> {
        let read = self.payload.to_bytes_limited(max_body_size);
        match actix_rt::time::timeout(self.timeout, read).await {
            Ok(Ok(Ok(body))) => Ok(body),
            Ok(Ok(Err(_broken))) => Err(OutboundResponse::bad_request()),
            Ok(Err(_too_large)) => Err(OutboundResponse::payload_too_large()),
            Err(_elapsed) => Err(OutboundResponse::request_timeout()),
        }
    }
}

fn into_http(answer: Answer) -> HttpResponse {
    let Answer { response, close } = answer;
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = HttpResponse::build(status);
    if close {
        builder.force_close();
    }
    let mut http = builder.body(response.body);
    let headers = http.headers_mut();
    for (name, value) in response.headers {
        match header_pair(name, value) {
            Some((name, value)) => headers.append(name, value),
            None => return into_http(OutboundResponse::internal_error().into()),
        }
    }
    http
}

/// Converts one header without copying its text; `None` when invalid.
fn header_pair(
    name: Cow<'static, str>,
    value: Cow<'static, str>,
) -> Option<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
    let value = match value {
        Cow::Borrowed(text) => HeaderValue::from_maybe_shared(Bytes::from_static(text.as_bytes())),
        Cow::Owned(text) => HeaderValue::from_maybe_shared(Bytes::from(text)),
    };
    Some((name, value.ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbound_response_becomes_http() {
        let response = OutboundResponse::method_not_allowed("GET, HEAD".to_owned());
        let http = into_http(response.into());
        assert_eq!(http.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            http.headers().get("allow").map(HeaderValue::as_bytes),
            Some(&b"GET, HEAD"[..])
        );
        assert_eq!(
            http.headers()
                .get("content-type")
                .map(HeaderValue::as_bytes),
            Some(&b"application/json"[..])
        );
    }

    #[test]
    fn invalid_parts_become_500() {
        let mut response = OutboundResponse::json(1000, Bytes::new());
        assert_eq!(
            into_http(response.clone().into()).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        response.status = 200;
        response
            .headers
            .push((Cow::Borrowed("x"), Cow::Owned("a\nb".to_owned())));
        assert_eq!(
            into_http(response.into()).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
