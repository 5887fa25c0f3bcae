//! Is the server answering? One tiny HTTP request on a fresh connection; any status counts.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// A path no API declares (a 404 answered by the router, without running Python).
const PROBE_PATH: &str = "/__bolt_dev__/probe";
/// What every HTTP/1.x response starts with.
const HTTP_STATUS_PREFIX: &[u8] = b"HTTP/1.";

/// Where to connect to reach a server bound to `host`: wildcard addresses are reached on
/// loopback.
pub fn connect_host(host: &str) -> &str {
    match host {
        "0.0.0.0" | "" => "127.0.0.1",
        "::" | "[::]" => "::1",
        other => other,
    }
}

/// The probe request.
pub fn request(host: &str) -> String {
    let host = connect_host(host);
    let authority = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    format!("GET {PROBE_PATH} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n")
}

/// Whether `reply` starts like an HTTP response.
pub fn is_http_reply(reply: &[u8]) -> bool {
    reply.starts_with(HTTP_STATUS_PREFIX)
}

/// The addresses of `host:port` (wildcards mapped to loopback).
pub fn addresses(host: &str, port: u16) -> Vec<SocketAddr> {
    let host = connect_host(host)
        .trim_start_matches('[')
        .trim_end_matches(']');
    (host, port)
        .to_socket_addrs()
        .map(Iterator::collect)
        .unwrap_or_default()
}

/// Whether a server on `host:port` answers an HTTP request within `timeout`.
pub fn answers(host: &str, port: u16, timeout: Duration) -> bool {
    addresses(host, port)
        .iter()
        .any(|address| answers_at(address, host, timeout))
}

fn answers_at(address: &SocketAddr, host: &str, timeout: Duration) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(address, timeout) else {
        return false;
    };
    if stream.set_read_timeout(Some(timeout)).is_err()
        || stream.set_write_timeout(Some(timeout)).is_err()
        || stream.write_all(request(host).as_bytes()).is_err()
    {
        return false;
    }
    let mut reply = [0u8; HTTP_STATUS_PREFIX.len()];
    stream.read_exact(&mut reply).is_ok() && is_http_reply(&reply)
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::thread;

    use super::*;

    #[test]
    fn test_connect_host_maps_wildcards_to_loopback() {
        assert_eq!(connect_host("0.0.0.0"), "127.0.0.1");
        assert_eq!(connect_host("::"), "::1");
        assert_eq!(connect_host("localhost"), "localhost");
    }

    #[test]
    fn test_request_brackets_ipv6_hosts() {
        assert!(request("127.0.0.1").contains("Host: 127.0.0.1\r\n"));
        assert!(request("::").contains("Host: [::1]\r\n"));
        assert!(request("localhost").starts_with("GET /__bolt_dev__/probe HTTP/1.1\r\n"));
    }

    #[test]
    fn test_is_http_reply_accepts_any_status() {
        assert!(is_http_reply(b"HTTP/1.1 404 Not Found\r\n"));
        assert!(is_http_reply(b"HTTP/1.0 500"));
        assert!(!is_http_reply(b"SSH-2.0"));
        assert!(!is_http_reply(b""));
    }

    #[test]
    fn test_answers_a_local_http_server_and_not_a_closed_port() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut buffer = [0u8; 256];
            let _ = stream.read(&mut buffer);
            stream
                .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                .expect("reply");
        });
        assert!(answers("127.0.0.1", port, Duration::from_secs(5)));
        server.join().expect("server thread");
        // Nothing listens there any more.
        assert!(!answers("127.0.0.1", port, Duration::from_millis(200)));
    }
}
