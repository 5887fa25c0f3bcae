//! The request pipeline, from a request head (and its body, read only when the route needs
//! it) to an [`Answer`]: the target limit, routing (404/405, the API docs), the body, native
//! coercion and validation (422), dispatch to the handler. Shared by the HTTP server
//! (`http.rs`, where actix stays at the edge) and the in-process test client of the bridge,
//! so a test exercises exactly what a served request runs.

use std::sync::Arc;

use bytes::Bytes;

use crate::app::App;
use crate::extract::{HeaderLookup, RequestParts};
use crate::server::docs::{DocsResource, DocsSite};
use crate::server::host::AllowedHosts;
use crate::server::pipeline::{
    RoutePlan, Routed, declared_length_exceeds, prepare_arguments, route_request,
};
use crate::server::request::{InboundRequest, RequestContext};
use crate::server::response::OutboundResponse;
use crate::server::{BodyValidation, Dispatch, OnAbandon, Reply};

/// The head of a request, wherever it comes from.
pub(crate) trait RequestHead: HeaderLookup {
    fn method(&self) -> &str;
    /// The path, percent-encoded as received.
    fn path(&self) -> &str;
    /// The query string without `?` (empty when there is none).
    fn query(&self) -> &str;
    /// The length of the request target: path, `?` and query.
    fn target_length(&self) -> usize;
    /// The first value of header `name` (lowercase).
    fn first_value(&self, name: &str) -> Option<&[u8]>;
    /// Every header as `(lowercase name, value)`, in order.
    fn header_pairs(&self) -> impl Iterator<Item = (&str, &[u8])>;
}

/// A request's body, read on demand.
pub(crate) trait RequestBody {
    /// The whole body, at most `max_body_size` bytes (else 413), or the response that ends
    /// the request (a slow or broken upload).
    async fn read(self, max_body_size: usize) -> Result<Bytes, OutboundResponse>;
}

/// A response and whether the connection must close after it (the body was left unread).
#[derive(Debug)]
pub(crate) struct Answer {
    pub response: OutboundResponse,
    pub close: bool,
}

impl From<OutboundResponse> for Answer {
    fn from(response: OutboundResponse) -> Self {
        Self {
            response,
            close: false,
        }
    }
}

/// Everything answering needs, shared by a server's connections (or a test client).
pub(crate) struct Pipeline<D> {
    pub app: &'static App,
    pub plans: Vec<RoutePlan>,
    /// The API docs, when enabled.
    pub docs: Option<DocsSite>,
    pub dispatch: Arc<D>,
    pub max_body_size: usize,
    pub max_uri_length: usize,
    pub body_validation: BodyValidation,
    /// Per route id, whether it is answered (`None`: all). A test client of one API
    /// answers the other APIs' routes as unknown paths.
    pub served: Option<Vec<bool>>,
    /// `ALLOWED_HOSTS` (the first layer), or `None`: every host is answered.
    pub allowed_hosts: Option<AllowedHosts>,
    /// Headers every answer gets unless it has them (the security-headers layer).
    pub default_headers: DefaultHeaders,
}

/// Headers added to every answer that does not set them itself — routed, error, docs alike
/// (Django's `SecurityMiddleware` `setdefault`s). Read once; each value is leaked to
/// `'static` at start so adding one to a response allocates nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct DefaultHeaders(Vec<(&'static str, &'static str)>);

impl DefaultHeaders {
    /// `headers` (lowercase names) for the process's lifetime.
    pub fn new(headers: Vec<(String, String)>) -> Self {
        Self(
            headers
                .into_iter()
                .map(|(name, value)| {
                    let name: &'static str = Box::leak(name.into_boxed_str());
                    let value: &'static str = Box::leak(value.into_boxed_str());
                    (name, value)
                })
                .collect(),
        )
    }

    /// Adds each header `response` lacks.
    pub fn apply(&self, response: &mut OutboundResponse) {
        for (name, value) in &self.0 {
            if !response.has_header(name) {
                response.headers.push((
                    std::borrow::Cow::Borrowed(name),
                    std::borrow::Cow::Borrowed(value),
                ));
            }
        }
    }
}

impl<D: Dispatch> Pipeline<D> {
    /// Answers one request, the default headers added.
    pub async fn answer<H: RequestHead, B: RequestBody>(&self, head: &H, body: B) -> Answer {
        let mut answer = self.answer_inner(head, body).await;
        self.default_headers.apply(&mut answer.response);
        answer
    }

    async fn answer_inner<H: RequestHead, B: RequestBody>(&self, head: &H, body: B) -> Answer {
        if let Some(hosts) = &self.allowed_hosts
            && !hosts.allows(head.first_value("host"))
        {
            // Django's DisallowedHost: 400, the handler never runs.
            return self
                .error(None, head, OutboundResponse::bad_request())
                .into();
        }
        let query = head.query();
        if head.target_length() > self.max_uri_length {
            return Answer {
                response: self.error(None, head, OutboundResponse::uri_too_long()),
                close: true,
            };
        }
        let docs_mount = self.docs.as_ref().map(DocsSite::mount);
        let routed = route_request(
            &self.app.router,
            docs_mount,
            head.method(),
            head.path(),
            query,
        );
        let target = match routed {
            Routed::Found(target) if self.serves(target.route) => target,
            Routed::Found(_) => {
                return self.error(None, head, OutboundResponse::not_found()).into();
            }
            Routed::Docs(resource) => return self.docs_response(head, resource).into(),
            // 404, 405 (204 to an OPTIONS, 308 to the other trailing-slash form: not errors).
            Routed::Respond(response) if response.status >= 400 => {
                return self.error(None, head, response).into();
            }
            Routed::Respond(response) => return response.into(),
        };
        let (Some(route), Some(plan)) = (
            self.app.routes.get(target.route),
            self.plans.get(target.route),
        ) else {
            return OutboundResponse::internal_error().into();
        };
        let body = if plan.reads_body() {
            let declared = head.first_value("content-length");
            if declared_length_exceeds(declared, self.max_body_size) {
                let response = OutboundResponse::payload_too_large();
                return Answer {
                    response: self.error(Some(target.route), head, response),
                    close: true,
                };
            }
            match body.read(self.max_body_size).await {
                Ok(body) => Some(body),
                Err(response) => {
                    return Answer {
                        response: self.error(Some(target.route), head, response),
                        close: true,
                    };
                }
            }
        } else {
            None
        };
        let parts = RequestParts {
            captures: &target.captures,
            query,
            headers: head,
        };
        let validate_body_first = plan.validates_body_first(self.body_validation);
        let args =
            match prepare_arguments(route, plan, &parts, body.as_deref(), validate_body_first) {
                Ok(args) => args,
                Err(errors) => {
                    let response = OutboundResponse::validation_failed(&errors);
                    return self.error(Some(target.route), head, response).into();
                }
            };
        // The decoder checks the body: its refusal or acceptance is the route's to count.
        let decoder_checks_body = plan.body.is_some() && !validate_body_first;
        let context = plan.wants_request.then(|| {
            RequestContext::collect(
                query,
                head.header_pairs(),
                &plan.path_names,
                &target.captures,
            )
        });
        let request = InboundRequest {
            route: target.route,
            method: target.method(route.method),
            path: head.path().to_owned(),
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
            Reply::Pending(pending) => {
                // Dropped with this future when the client leaves first: the handler is told.
                let mut abandon = Abandon(pending.on_abandon);
                let response = pending.response.await;
                abandon.0 = None;
                response
                    .unwrap_or_else(|_| OutboundResponse::internal_error())
                    .into()
            }
        }
    }

    /// An error response the pipeline built, through the dispatcher's `format_error`.
    fn error<H: RequestHead>(
        &self,
        route: Option<usize>,
        head: &H,
        response: OutboundResponse,
    ) -> OutboundResponse {
        self.dispatch
            .format_error(route, head.method(), head.path(), response)
    }

    fn serves(&self, route: usize) -> bool {
        self.served
            .as_ref()
            .is_none_or(|served| served.get(route).copied().unwrap_or(false))
    }

    /// A docs resource from memory (304 when the client's copy is current).
    fn docs_response<H: RequestHead>(&self, head: &H, resource: DocsResource) -> OutboundResponse {
        let if_none_match = head.first_value("if-none-match");
        self.docs
            .as_ref()
            .map_or_else(OutboundResponse::not_found, |docs| {
                docs.respond(resource, if_none_match)
            })
    }
}

/// Runs a pending request's `on_abandon` if dropped before the response came.
struct Abandon(Option<Box<dyn OnAbandon>>);

impl Drop for Abandon {
    fn drop(&mut self) {
        if let Some(on_abandon) = self.0.take() {
            on_abandon.abandon();
        }
    }
}

/// A request whose head and body are in memory (the in-process test client).
#[derive(Debug, Clone, Default)]
pub struct BufferedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    /// `(lowercase name, value)`.
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Bytes,
}

impl HeaderLookup for BufferedRequest {
    fn values(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_slice())
            .collect()
    }
}

impl RequestHead for BufferedRequest {
    fn method(&self) -> &str {
        &self.method
    }

    fn path(&self) -> &str {
        &self.path
    }

    fn query(&self) -> &str {
        &self.query
    }

    fn target_length(&self) -> usize {
        let query = if self.query.is_empty() {
            0
        } else {
            self.query.len() + 1
        };
        self.path.len() + query
    }

    fn first_value(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_slice())
    }

    fn header_pairs(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_slice()))
    }
}

/// The body of a [`BufferedRequest`].
pub(crate) struct BufferedBody(pub Bytes);

impl RequestBody for BufferedBody {
    async fn read(self, max_body_size: usize) -> Result<Bytes, OutboundResponse> {
        if self.0.len() > max_body_size {
            Err(OutboundResponse::payload_too_large())
        } else {
            Ok(self.0)
        }
    }
}

/// Answers `request` in process: the pipeline's future is polled on the calling thread. A
/// dispatcher that answers at once (as the test client's does) never leaves it pending; if
/// one did, the request gets a 500 rather than a hang.
pub(crate) fn answer_buffered<D: Dispatch>(
    pipeline: &Pipeline<D>,
    request: &BufferedRequest,
) -> OutboundResponse {
    let body = BufferedBody(request.body.clone());
    let mut future = std::pin::pin!(pipeline.answer(request, body));
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(answer) => answer.response,
        std::task::Poll::Pending => OutboundResponse::internal_error(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_headers_are_added_unless_the_response_sets_them() {
        let defaults = DefaultHeaders::new(vec![
            ("x-content-type-options".to_owned(), "nosniff".to_owned()),
            ("x-frame-options".to_owned(), "DENY".to_owned()),
        ]);
        let mut response = OutboundResponse::not_found();
        response.headers.push((
            std::borrow::Cow::Borrowed("X-Frame-Options"),
            std::borrow::Cow::Borrowed("SAMEORIGIN"),
        ));
        defaults.apply(&mut response);
        let frame: Vec<&str> = response
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("x-frame-options"))
            .map(|(_, value)| value.as_ref())
            .collect();
        assert_eq!(frame, ["SAMEORIGIN"]);
        assert!(response.has_header("x-content-type-options"));
    }
}
