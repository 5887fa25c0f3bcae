//! A Rust panic while handling a request costs that request a 500, nothing more: the
//! connection's next request, other connections and the server go on. Real HTTP over
//! loopback, a `Dispatch` that panics on one route, SIGTERM for the stop.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use bolt_runtime::app::*;
use bolt_runtime::server::{
    self, Dispatch, InboundRequest, OutboundResponse, Reply, ServerConfig, StopReason,
};
use bytes::Bytes;

static ROUTES: [Route; 2] = [
    Route {
        method: Method::Get,
        path: "/ok",
        handler: HandlerRef {
            module: "tests_api",
            qualname: "ok",
            kind: HandlerKind::Sync,
        },
        params: &[],
        status_code: 200,
    },
    Route {
        method: Method::Get,
        path: "/panic",
        handler: HandlerRef {
            module: "tests_api",
            qualname: "panic",
            kind: HandlerKind::Sync,
        },
        params: &[],
        status_code: 200,
    },
];

static STATIC_PATHS: phf::Map<&'static str, PathEntry> = phf::phf_map! {
    "/ok" => PathEntry { template: "/ok", methods: &[(Method::Get, 0)] },
    "/panic" => PathEntry { template: "/panic", methods: &[(Method::Get, 1)] },
};

fn match_dynamic(_path: &str) -> Option<DynamicMatch<'_>> {
    None
}

static APP: App = App {
    manifest_json: r#"{"routes": "test"}"#,
    openapi_json: r#"{"openapi": "3.1.0"}"#,
    contract: "c0ffee",
    routes: &ROUTES,
    router: Router {
        static_paths: &STATIC_PATHS,
        match_dynamic,
    },
};

/// Answers route 0; panics on route 1.
struct Panicky;

impl Dispatch for Panicky {
    fn worker_started(&self) {}

    fn dispatch(&self, request: InboundRequest) -> Reply {
        assert!(request.route == 0, "a bug in request handling");
        Reply::Ready(OutboundResponse::json(200, Bytes::from_static(b"{}")))
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Sends `count` GETs of `path` on one kept-alive connection; the statuses (fewer when the
/// connection closes early).
fn statuses(port: u16, paths: &[&str]) -> Vec<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut found = Vec::new();
    for path in paths {
        let head = format!("GET {path} HTTP/1.1\r\nHost: a\r\n\r\n");
        if stream.write_all(head.as_bytes()).is_err() {
            break;
        }
        let mut response = Vec::new();
        let mut buf = [0u8; 4096];
        let status = loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break None,
                Ok(n) => response.extend_from_slice(&buf[..n]),
            }
            let text = String::from_utf8_lossy(&response);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break head.split(' ').nth(1).and_then(|s| s.parse().ok());
                }
            }
        };
        match status {
            Some(status) => found.push(status),
            None => break,
        }
    }
    found
}

#[test]
fn panic_in_request_handling_costs_one_500_and_the_connection_goes_on() {
    let port = free_port();
    let config = ServerConfig {
        port,
        ..ServerConfig::default()
    };
    let listener = server::bind(&config).expect("bind");
    let serving =
        std::thread::spawn(move || server::run(&APP, &config, listener, Arc::new(Panicky)));
    std::thread::sleep(Duration::from_millis(300));

    assert_eq!(
        statuses(port, &["/ok", "/panic", "/ok"]),
        vec![200, 500, 200]
    );
    assert_eq!(statuses(port, &["/panic", "/panic"]), vec![500, 500]);
    assert_eq!(statuses(port, &["/ok"]), vec![200]);

    let pid = std::process::id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let stopped = serving.join().expect("server thread").expect("served");
    assert_eq!(stopped, StopReason::Terminate);
}
