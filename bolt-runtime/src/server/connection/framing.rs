//! Where a connection's incoming bytes stand in HTTP/1.1 framing: between requests, inside a
//! request head, or inside a body — so that a head that stops arriving can be given a deadline
//! on every request of a kept-alive connection, not only the first (actix's own head timer
//! covers the first request only).
//!
//! Pure: bytes in, state out. The framing rules are actix-http's (the parser that actually
//! serves the connection), so both agree on where each head starts of any connection actix
//! keeps open:
//! `Transfer-Encoding: chunked` (HTTP/1.1 only) wins, then `Upgrade: websocket` and `CONNECT`
//! (the rest of the connection is a stream), then `Content-Length`, else no body. A head
//! actix refuses (malformed, conflicting lengths, an unknown coding) makes the tracker
//! lost ([`Framing::is_lost`]): actix answers it and closes the connection, so no deadline is
//! needed.

/// Heads longer than this are refused by actix (its read buffer limit); the tracker stops.
pub const MAX_HEAD: usize = 131_072;

/// The tracker. Feed it every byte read from the connection, in order.
#[derive(Debug, Default)]
pub struct Framing {
    state: State,
    /// The current head's bytes so far, when the head spans several reads (capacity reused).
    head: Vec<u8>,
    /// Heads completed on this connection.
    heads: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Between requests: no byte of the next head yet (blank lines are skipped, as httparse
    /// does).
    #[default]
    Idle,
    /// Inside a head; [`Framing::head`] holds its bytes so far.
    Head,
    /// Inside a `Content-Length` body.
    Body { remaining: u64 },
    /// Inside a chunked body.
    Chunked(Chunk),
    /// Not HTTP framing this tracker follows any more (see the module docs).
    Lost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// The chunk-size line: hex digits, then extensions until the line ends.
    Size {
        size: u64,
        digits: u8,
        extension: bool,
    },
    /// Chunk data.
    Data { remaining: u64 },
    /// The line end after chunk data.
    DataEnd,
    /// Trailer lines after the last chunk, until an empty one.
    Trailers { empty_line: bool },
}

/// How a parsed head frames what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follows {
    Nothing,
    Length(u64),
    Chunked,
    Stream,
}

impl Framing {
    pub fn new() -> Self {
        Self::default()
    }

    /// True while a request head has started arriving but is not complete.
    pub fn in_head(&self) -> bool {
        self.state == State::Head
    }

    /// How many request heads have been completed on this connection.
    pub fn heads(&self) -> u64 {
        self.heads
    }

    /// True once the tracker has stopped following the connection's framing.
    pub fn is_lost(&self) -> bool {
        self.state == State::Lost
    }

    /// Advances over `bytes`, the next bytes read from the connection.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            bytes = match self.state {
                State::Idle => self.idle(bytes),
                State::Head => self.head(bytes),
                State::Body { remaining } => self.body(remaining, bytes),
                State::Chunked(chunk) => self.chunked(chunk, bytes),
                State::Lost => return,
            };
        }
    }

    fn idle<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        let Some(start) = bytes.iter().position(|&b| b != b'\r' && b != b'\n') else {
            return &[];
        };
        let bytes = &bytes[start..];
        // Fast path: the whole head is in this read; parse it where it lies.
        if let Some(parsed) = parse_head(bytes) {
            let end = self.finish_head(parsed, bytes.len());
            return &bytes[end..];
        }
        self.state = State::Head;
        self.head.clear();
        self.append_head(bytes);
        &[]
    }

    fn head<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        let searched = self.head.len().saturating_sub(3);
        let before = self.head.len();
        self.append_head(bytes);
        if self.state == State::Lost {
            return &[];
        }
        if head_end(&self.head, searched).is_none() {
            return &[];
        }
        let head = std::mem::take(&mut self.head);
        let end = match parse_head(&head) {
            Some(parsed) => self.finish_head(parsed, head.len()),
            None => {
                // The scan found an end where the parse does not: not a head actix keeps.
                self.lose();
                return &[];
            }
        };
        self.head = head;
        self.head.clear();
        bytes.get(end.saturating_sub(before)..).unwrap_or_default()
    }

    fn append_head(&mut self, bytes: &[u8]) {
        if self.head.len() + bytes.len() > MAX_HEAD {
            self.lose();
        } else {
            self.head.extend_from_slice(bytes);
        }
    }

    /// Moves past a complete head; returns its length (all `available` bytes when refused).
    fn finish_head(&mut self, parsed: Parsed, available: usize) -> usize {
        self.heads += 1;
        let (follows, end) = match parsed {
            Parsed::Head(follows, end) => (follows, end),
            Parsed::Refused => {
                self.lose();
                return available;
            }
        };
        self.state = match follows {
            Follows::Nothing | Follows::Length(0) => State::Idle,
            Follows::Length(remaining) => State::Body { remaining },
            Follows::Chunked => State::Chunked(Chunk::Size {
                size: 0,
                digits: 0,
                extension: false,
            }),
            Follows::Stream => State::Lost,
        };
        end
    }

    fn body<'b>(&mut self, remaining: u64, bytes: &'b [u8]) -> &'b [u8] {
        let taken = usize::try_from(remaining).map_or(bytes.len(), |r| r.min(bytes.len()));
        let left = remaining - taken as u64;
        self.state = if left == 0 {
            State::Idle
        } else {
            State::Body { remaining: left }
        };
        &bytes[taken..]
    }

    fn chunked<'b>(&mut self, chunk: Chunk, bytes: &'b [u8]) -> &'b [u8] {
        if let Chunk::Data { remaining } = chunk {
            let taken = usize::try_from(remaining).map_or(bytes.len(), |r| r.min(bytes.len()));
            let left = remaining - taken as u64;
            self.state = State::Chunked(if left == 0 {
                Chunk::DataEnd
            } else {
                Chunk::Data { remaining: left }
            });
            return &bytes[taken..];
        }
        let Some((&byte, rest)) = bytes.split_first() else {
            return bytes;
        };
        self.state = match chunk_byte(chunk, byte) {
            Some(ChunkStep::Next(next)) => State::Chunked(next),
            Some(ChunkStep::Done) => State::Idle,
            None => State::Lost,
        };
        rest
    }

    fn lose(&mut self) {
        self.state = State::Lost;
        self.head = Vec::new();
    }
}

enum ChunkStep {
    Next(Chunk),
    Done,
}

/// One byte of the chunked framing outside chunk data; `None` when actix would refuse it.
fn chunk_byte(chunk: Chunk, byte: u8) -> Option<ChunkStep> {
    let next = match chunk {
        Chunk::Size {
            size,
            digits,
            extension,
        } => match byte {
            b'\n' if digits == 0 => return None,
            b'\n' if size == 0 => Chunk::Trailers { empty_line: true },
            b'\n' => Chunk::Data { remaining: size },
            b'\r' => chunk,
            _ if extension => chunk,
            b';' | b' ' | b'\t' => Chunk::Size {
                size,
                digits,
                extension: true,
            },
            _ => {
                let digit = char::from(byte).to_digit(16)?;
                // 16 hex digits fill a u64; actix refuses more.
                if digits >= 16 {
                    return None;
                }
                Chunk::Size {
                    size: size << 4 | u64::from(digit),
                    digits: digits + 1,
                    extension: false,
                }
            }
        },
        Chunk::Data { .. } => chunk,
        Chunk::DataEnd => match byte {
            b'\n' => Chunk::Size {
                size: 0,
                digits: 0,
                extension: false,
            },
            _ => chunk,
        },
        Chunk::Trailers { empty_line } => match byte {
            b'\n' if empty_line => return Some(ChunkStep::Done),
            b'\n' => Chunk::Trailers { empty_line: true },
            b'\r' => chunk,
            _ => Chunk::Trailers { empty_line: false },
        },
    };
    Some(ChunkStep::Next(next))
}

/// The end of the head (just past its empty line) in `bytes`, looking from `from`: a line
/// feed followed by an optional carriage return and a line feed, as httparse accepts.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = memchr::memchr(b'\n', bytes.get(at..)?) {
        let lf = at + found;
        match bytes.get(lf + 1) {
            Some(b'\n') => return Some(lf + 2),
            Some(b'\r') if bytes.get(lf + 2) == Some(&b'\n') => return Some(lf + 3),
            _ => at = lf + 1,
        }
    }
    None
}

/// A complete head: what follows it and its length, or refused by actix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsed {
    Head(Follows, usize),
    Refused,
}

/// The head at the start of `bytes`: what follows it, by actix-http's rules, and its length;
/// `None` while it is incomplete.
///
/// A line scan, not a full parse (this runs on every request): only the request line's
/// method and version and the framing headers' values are read, other lines are skipped on
/// their first letter. For every head actix
/// accepts, the scan finds the same framing; a head it refuses is answered and its
/// connection closed by actix, whatever the scan makes of it.
fn parse_head(bytes: &[u8]) -> Option<Parsed> {
    let (request_line, mut at) = next_line(bytes, 0)?;
    let method = request_line
        .split(|&b| b == b' ')
        .next()
        .unwrap_or_default();
    let http11 = request_line.ends_with(b"HTTP/1.1");
    let mut refused = false;
    let mut chunked = false;
    let mut websocket = false;
    let mut length: Option<u64> = None;
    loop {
        let (line, next) = next_line(bytes, at)?;
        at = next;
        if line.is_empty() {
            break;
        }
        // Only the framing headers matter: skip the others on their first letter.
        if refused || !matches!(line.first().map(|b| b | 0x20), Some(b'c' | b't' | b'u')) {
            continue;
        }
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") {
            match content_length(value) {
                Some(parsed) if length.is_none_or(|seen| seen == parsed) => length = Some(parsed),
                _ => refused = true,
            }
        } else if http11 && name.eq_ignore_ascii_case(b"transfer-encoding") {
            if value.eq_ignore_ascii_case(b"chunked") {
                chunked = true;
            } else if !value.eq_ignore_ascii_case(b"identity") {
                refused = true;
            }
        } else if name.eq_ignore_ascii_case(b"upgrade") {
            websocket |= value.eq_ignore_ascii_case(b"websocket");
        }
    }
    if refused || (chunked && length.is_some()) {
        return Some(Parsed::Refused);
    }
    let follows = if chunked {
        Follows::Chunked
    } else if websocket {
        Follows::Stream
    } else if let Some(length) = length {
        Follows::Length(length)
    } else if method == b"CONNECT" {
        Follows::Stream
    } else {
        Follows::Nothing
    };
    Some(Parsed::Head(follows, at))
}

/// A `Content-Length` value actix accepts: decimal digits only.
fn content_length(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

/// The line starting at `at` (without its `\r\n` or `\n`) and where the next one starts.
fn next_line(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = bytes.get(at..)?;
    let lf = memchr::memchr(b'\n', rest)?;
    let line = &rest[..lf];
    Some((line.strip_suffix(b"\r").unwrap_or(line), at + lf + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `stream` split at every position into two reads, and one byte at a time: the
    /// state must not depend on how the bytes arrive.
    fn fed(stream: &[u8]) -> Framing {
        let mut whole = Framing::new();
        whole.feed(stream);
        for split in 0..=stream.len() {
            let mut parts = Framing::new();
            parts.feed(&stream[..split]);
            parts.feed(&stream[split..]);
            assert_eq!(parts.state, whole.state, "split at {split}");
            assert_eq!(parts.heads, whole.heads, "split at {split}");
        }
        let mut bytewise = Framing::new();
        for byte in stream {
            bytewise.feed(std::slice::from_ref(byte));
        }
        assert_eq!(bytewise.state, whole.state, "byte by byte");
        whole
    }

    #[test]
    fn complete_get_leaves_the_connection_between_requests() {
        let framing = fed(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assert!(!framing.in_head());
        assert_eq!(framing.heads(), 1);
    }

    #[test]
    fn partial_second_head_after_a_request_is_in_head() {
        let framing = fed(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nX: ");
        assert!(framing.in_head());
        assert_eq!(framing.heads(), 1);
    }

    #[test]
    fn content_length_body_is_skipped_even_when_it_looks_like_a_head() {
        let body = b"GET /x HTTP/1.1\r\n\r\n";
        let mut stream =
            format!("POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
        stream.extend_from_slice(body);
        let framing = fed(&stream);
        assert_eq!(framing.state, State::Idle);
        assert_eq!(framing.heads(), 1);
        let mut unfinished = stream.clone();
        unfinished.truncate(stream.len() - 3);
        assert_eq!(fed(&unfinished).state, State::Body { remaining: 3 });
    }

    #[test]
    fn chunked_body_with_extensions_and_trailers_then_partial_head() {
        let stream = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\
            5;name=value\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nGET /next";
        let framing = fed(stream);
        assert!(framing.in_head());
        assert_eq!(framing.heads(), 1);
    }

    #[test]
    fn chunked_body_not_finished_is_not_a_head() {
        let framing = fed(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        assert!(!framing.in_head());
        assert!(!framing.is_lost());
    }

    #[test]
    fn transfer_encoding_is_ignored_on_http_1_0_like_actix() {
        let framing =
            fed(b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\nokGET");
        assert!(framing.in_head());
    }

    #[test]
    fn bare_line_feeds_end_a_head() {
        let framing = fed(b"GET / HTTP/1.1\nHost: a\n\nGET /");
        assert!(framing.in_head());
        assert_eq!(framing.heads(), 1);
    }

    #[test]
    fn blank_lines_between_requests_do_not_start_a_head() {
        let framing = fed(b"GET / HTTP/1.1\r\n\r\n\r\n\r\n");
        assert_eq!(framing.state, State::Idle);
    }

    #[test]
    fn heads_actix_refuses_lose_the_framing() {
        for stream in [
            &b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n11111111111111111\r\n",
        ] {
            assert!(fed(stream).is_lost(), "{}", String::from_utf8_lossy(stream));
        }
    }

    #[test]
    fn upgrades_and_connect_turn_the_connection_into_a_stream() {
        assert!(
            fed(b"GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n").is_lost()
        );
        assert!(fed(b"CONNECT a:1 HTTP/1.1\r\n\r\n").is_lost());
        assert!(!fed(b"GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n").is_lost());
    }

    #[test]
    fn oversized_heads_lose_the_framing() {
        let mut framing = Framing::new();
        framing.feed(b"GET / HTTP/1.1\r\n");
        framing.feed(&vec![b'a'; MAX_HEAD]);
        assert!(framing.is_lost());
    }

    #[test]
    fn pipelined_requests_are_counted() {
        let framing = fed(
            b"GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /c HTTP/1.1\r\n\r\n",
        );
        assert_eq!(framing.heads(), 3);
        assert_eq!(framing.state, State::Idle);
    }
}

#[cfg(test)]
mod timing {
    use super::Framing;

    /// `cargo test --release -p bolt-runtime framing_cost -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement, not a check"]
    fn framing_cost() {
        let head = b"GET /items/42?q=hello HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wrk\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
        let mut framing = Framing::new();
        let rounds = 2_000_000u32;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            framing.feed(std::hint::black_box(head));
        }
        let per = start.elapsed() / rounds;
        println!("framing: {per:?} per {} byte head", head.len());
        assert!(!framing.in_head());
    }
}
