//! The actix-web glue: server set-up, the catch-all service running the pipeline, body
//! reading with a cap and a deadline, and conversion of [`OutboundResponse`] to HTTP.

use std::borrow::Cow;
use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use actix_http::StatusCode;
use actix_http::header::{CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue, IF_NONE_MATCH};
use actix_web::{HttpRequest, HttpResponse, HttpServer, web};
use bytes::Bytes;

use crate::app::App;
use crate::extract::{HeaderLookup, RequestParts};
use crate::server::docs::{DocsConfig, DocsResource, DocsSite, read_assets};
use crate::server::pipeline::{
    RoutePlan, Routed, declared_length_exceeds, plan_routes, prepare_arguments, route_request,
    shadowed_docs_paths,
};
use crate::server::request::{InboundRequest, RequestContext};
use crate::server::response::OutboundResponse;
use crate::server::{BodyValidation, Dispatch, Reply, ServerConfig, StopReason};

/// Worker threads per process: one — the handlers' Python is the bottleneck, and processes
/// sharing the port (`SO_REUSEPORT`) are how Bolt scales.
const WORKERS: usize = 1;

/// [`StopReason`] encoded for an atomic.
const STOPPED: u8 = 0;
const INTERRUPTED: u8 = 1;
const TERMINATED: u8 = 2;

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
        body_timeout: config.body_timeout,
        body_validation: config.body_validation,
    });
    let stop = Arc::new(AtomicU8::new(STOPPED));
    let system = actix_rt::System::new();
    system.block_on(run_server(pipeline, config, listener, Arc::clone(&stop)))?;
    Ok(stop_reason(stop.load(Ordering::Acquire)))
}

/// Reads the docs assets (once) and warns about docs paths that routes shadow.
fn load_docs(app: &'static App, config: &DocsConfig) -> io::Result<DocsSite> {
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

async fn run_server<D: Dispatch>(
    pipeline: Arc<Pipeline<D>>,
    config: &ServerConfig,
    listener: TcpListener,
    stop: Arc<AtomicU8>,
) -> io::Result<()> {
    HttpServer::new(move || {
        pipeline.dispatch.worker_started();
        let pipeline = Arc::clone(&pipeline);
        actix_web::App::new().default_service(web::to(
            move |req: HttpRequest, payload: web::Payload| {
                let pipeline = Arc::clone(&pipeline);
                async move { pipeline.handle(req, payload).await }
            },
        ))
    })
    .workers(WORKERS)
    .tcp_nodelay(true)
    .keep_alive(config.keep_alive)
    .client_request_timeout(config.client_timeout)
    .shutdown_timeout(config.shutdown_timeout.as_secs())
    .shutdown_signal(wait_for_stop_signal(stop))
    .listen(listener)?
    .run()
    .await
}

fn stop_reason(code: u8) -> StopReason {
    match code {
        INTERRUPTED => StopReason::Interrupt,
        TERMINATED => StopReason::Terminate,
        _ => StopReason::Stopped,
    }
}

/// Resolves on SIGINT or SIGTERM (recording which), starting a graceful shutdown. Works
/// from any thread: the handlers are process-wide, and this future runs on the server's
/// own runtime, not on Python's main-thread signal machinery.
#[cfg(unix)]
async fn wait_for_stop_signal(stop: Arc<AtomicU8>) {
    use actix_rt::signal::unix::{SignalKind, signal};

    let (mut interrupt, mut terminate) = match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(interrupt), Ok(terminate)) => (interrupt, terminate),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("bolt: cannot listen for SIGINT/SIGTERM ({error}); stop with SIGKILL");
            return std::future::pending().await;
        }
    };
    let code = tokio::select! {
        _ = interrupt.recv() => INTERRUPTED,
        _ = terminate.recv() => TERMINATED,
    };
    stop.store(code, Ordering::Release);
}

#[cfg(not(unix))]
async fn wait_for_stop_signal(stop: Arc<AtomicU8>) {
    if actix_rt::signal::ctrl_c().await.is_ok() {
        stop.store(INTERRUPTED, Ordering::Release);
    }
}

/// Everything the catch-all service needs, shared by the worker.
struct Pipeline<D> {
    app: &'static App,
    plans: Vec<RoutePlan>,
    /// The API docs, when enabled.
    docs: Option<DocsSite>,
    dispatch: Arc<D>,
    max_body_size: usize,
    body_timeout: Duration,
    body_validation: BodyValidation,
}

/// A response and whether the connection must close after it (the body was left unread).
struct Answer {
    response: OutboundResponse,
    close: bool,
}

impl From<OutboundResponse> for Answer {
    fn from(response: OutboundResponse) -> Self {
        Self {
            response,
            close: false,
        }
    }
}

impl<D: Dispatch> Pipeline<D> {
    async fn handle(&self, req: HttpRequest, payload: web::Payload) -> HttpResponse {
        into_http(self.answer(&req, payload).await)
    }

    async fn answer(&self, req: &HttpRequest, payload: web::Payload) -> Answer {
        let docs_mount = self.docs.as_ref().map(DocsSite::mount);
        let routed = route_request(
            &self.app.router,
            docs_mount,
            req.method().as_str(),
            req.path(),
        );
        let target = match routed {
            Routed::Found(target) => target,
            Routed::Docs(resource) => return self.docs_response(req, resource).into(),
            Routed::Rejected(response) => return response.into(),
        };
        let (Some(route), Some(plan)) = (
            self.app.routes.get(target.route),
            self.plans.get(target.route),
        ) else {
            return OutboundResponse::internal_error().into();
        };
        let body = if plan.reads_body() {
            match self.read_body(req, payload).await {
                Ok(body) => Some(body),
                Err(response) => {
                    return Answer {
                        response,
                        close: true,
                    };
                }
            }
        } else {
            None
        };
        let headers = ActixHeaders(req.headers());
        let parts = RequestParts {
            captures: &target.captures,
            query: req.query_string(),
            headers: &headers,
        };
        let validate_body_first = plan.validates_body_first(self.body_validation);
        let args =
            match prepare_arguments(route, plan, &parts, body.as_deref(), validate_body_first) {
                Ok(args) => args,
                Err(errors) => return OutboundResponse::validation_failed(&errors).into(),
            };
        // The decoder checks the body: its refusal or acceptance is the route's to count.
        let decoder_checks_body = plan.body.is_some() && !validate_body_first;
        let context = plan.wants_request.then(|| {
            let headers = req
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes()));
            RequestContext::collect(
                req.query_string(),
                headers,
                &plan.path_names,
                &target.captures,
            )
        });
        let request = InboundRequest {
            route: target.route,
            method: target.method(route.method),
            path: req.path().to_owned(),
            args,
            body,
            context,
        };
        let reply = self.dispatch.dispatch(request);
        if decoder_checks_body {
            plan.body_order
                .record(matches!(reply, Reply::BodyRefused(_)));
        }
        match reply {
            Reply::Ready(response) | Reply::BodyRefused(response) => response.into(),
            Reply::Pending(receiver) => receiver
                .await
                .unwrap_or_else(|_| OutboundResponse::internal_error())
                .into(),
        }
    }

    /// A docs resource from memory (304 when the client's copy is current).
    fn docs_response(&self, req: &HttpRequest, resource: DocsResource) -> OutboundResponse {
        let if_none_match = req.headers().get(IF_NONE_MATCH).map(HeaderValue::as_bytes);
        self.docs
            .as_ref()
            .map_or_else(OutboundResponse::not_found, |docs| {
                docs.respond(resource, if_none_match)
            })
    }

    /// Reads the whole body: 413 beyond the cap, 408 past the deadline, 400 if the
    /// connection fails mid-body.
    async fn read_body(
        &self,
        req: &HttpRequest,
        payload: web::Payload,
    ) -> Result<Bytes, OutboundResponse> {
        let declared = req.headers().get(CONTENT_LENGTH).map(HeaderValue::as_bytes);
        if declared_length_exceeds(declared, self.max_body_size) {
            return Err(OutboundResponse::payload_too_large());
        }
        let read = payload.to_bytes_limited(self.max_body_size);
        match actix_rt::time::timeout(self.body_timeout, read).await {
            Ok(Ok(Ok(body))) => Ok(body),
            Ok(Ok(Err(_broken))) => Err(OutboundResponse::bad_request()),
            Ok(Err(_too_large)) => Err(OutboundResponse::payload_too_large()),
            Err(_elapsed) => Err(OutboundResponse::request_timeout()),
        }
    }
}

/// Header access for [`crate::extract`].
struct ActixHeaders<'a>(&'a HeaderMap);

impl HeaderLookup for ActixHeaders<'_> {
    fn values(&self, name: &str) -> Vec<&[u8]> {
        self.0.get_all(name).map(HeaderValue::as_bytes).collect()
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
    fn stop_reasons_round_trip() {
        assert_eq!(stop_reason(INTERRUPTED), StopReason::Interrupt);
        assert_eq!(stop_reason(TERMINATED), StopReason::Terminate);
        assert_eq!(stop_reason(STOPPED), StopReason::Stopped);
    }

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
