//! One client connection: the socket wrapped so that every request head gets a deadline.
//!
//! actix-http times only the first request head of a connection, and against a clock it
//! refreshes every 500 ms (so a deadline under a second can fire at once); once bytes of a
//! later head arrive it waits for the rest forever: a client could hold any number of
//! connections open with a few bytes each. [`DeadlineIo`] follows the framing of the bytes it
//! reads ([`framing::Framing`]) and enforces the head deadline itself, on tokio's clock: the
//! first head must be complete within the deadline of the connection's start (else a 408 is
//! written — nothing else has been sent on the connection yet — and the connection ends), a
//! later head within the deadline of its first byte (else the connection ends: a response may
//! still be on its way, so nothing is written). Ending is a `TimedOut` read error, on which
//! actix closes the connection. A connection whose request is still being handled is never
//! cut: its deadline is checked again one period later.

pub mod framing;

use std::cell::Cell;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_rt::time::{Instant, Sleep, sleep_until};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

use framing::Framing;

/// What the request pipeline tells the connection: how many of its requests are in handling.
/// Shared through the connection's data (`HttpRequest::conn_data`).
#[derive(Debug, Default)]
pub struct Connection {
    handling: Cell<usize>,
}

impl Connection {
    /// Marks a request of this connection as in handling until the guard drops.
    pub fn handling(self: &Rc<Self>) -> Handling {
        self.handling.set(self.handling.get() + 1);
        Handling(Rc::clone(self))
    }

    fn is_handling(&self) -> bool {
        self.handling.get() > 0
    }
}

/// See [`Connection::handling`].
#[derive(Debug)]
pub struct Handling(Rc<Connection>);

impl Drop for Handling {
    fn drop(&mut self) {
        let count = &self.0.handling;
        count.set(count.get().saturating_sub(1));
    }
}

/// The server's open connections, counted across threads so that a graceful stop ends as
/// soon as the last one closes (actix-server itself checks only once a second).
#[derive(Debug, Default)]
pub struct OpenConnections {
    count: AtomicUsize,
    closed: Notify,
}

impl OpenConnections {
    /// Counts a connection as open until the guard drops.
    pub fn open(self: &Arc<Self>) -> Open {
        self.count.fetch_add(1, Ordering::AcqRel);
        Open(Arc::clone(self))
    }

    /// Resolves once no connection is open.
    pub async fn all_closed(&self) {
        loop {
            let closed = self.closed.notified();
            if self.count.load(Ordering::Acquire) == 0 {
                return;
            }
            closed.await;
        }
    }
}

/// See [`OpenConnections::open`].
#[derive(Debug)]
pub struct Open(Arc<OpenConnections>);

impl Drop for Open {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.closed.notify_waiters();
        }
    }
}

/// A socket whose later request heads have a deadline (see the module docs).
#[derive(Debug)]
pub struct DeadlineIo<T> {
    io: T,
    /// Counted among the server's open connections while this lives.
    _open: Option<Open>,
    framing: Framing,
    connection: Rc<Connection>,
    head_timeout: Duration,
    /// When the head being received must be complete.
    deadline: Option<Instant>,
    /// Created on first need: most connections never wait for a later head.
    timer: Option<Pin<Box<Sleep>>>,
}

/// Written when the first head of a connection misses its deadline.
const REQUEST_TIMEOUT: &[u8] =
    b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

impl<T> DeadlineIo<T> {
    /// The first head's deadline starts now.
    pub fn new(io: T, head_timeout: Duration, open: Option<Open>) -> Self {
        Self {
            io,
            _open: open,
            framing: Framing::new(),
            connection: Rc::default(),
            head_timeout,
            deadline: Some(Instant::now() + head_timeout),
            timer: None,
        }
    }

    /// The state shared with the request pipeline.
    pub fn connection(&self) -> Rc<Connection> {
        Rc::clone(&self.connection)
    }

    /// After bytes were read: until the first head is complete, the connection's deadline
    /// holds; a later head that is still arriving keeps (or starts) its deadline; anything else
    /// clears it.
    fn track(&mut self, bytes: &[u8]) {
        self.framing.feed(bytes);
        if self.framing.is_lost() {
            self.deadline = None;
        } else if self.framing.heads() == 0 {
            // Still the first head: its deadline runs from the connection's start.
        } else if self.framing.in_head() {
            if self.deadline.is_none() {
                self.deadline = Some(Instant::now() + self.head_timeout);
            }
        } else {
            self.deadline = None;
        }
    }
}

impl<T: AsyncWrite + Unpin> DeadlineIo<T> {
    /// While waiting for bytes: `Ready` with the error that ends the connection once the
    /// deadline has passed and no request of it is in handling.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        loop {
            let Some(deadline) = self.deadline else {
                return Poll::Pending;
            };
            let timer = self
                .timer
                .get_or_insert_with(|| Box::pin(sleep_until(deadline)));
            if timer.deadline() != deadline {
                timer.as_mut().reset(deadline);
            }
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            if !self.connection.is_handling() {
                if self.framing.heads() == 0 {
                    // Best effort: nothing else was ever written on this connection.
                    let _ = Pin::new(&mut self.io).poll_write(cx, REQUEST_TIMEOUT);
                }
                return Poll::Ready(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "request head not received in time",
                ));
            }
            self.deadline = Some(Instant::now() + self.head_timeout);
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for DeadlineIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let read = &buf.filled()[before..];
                if !read.is_empty() {
                    this.track(read);
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => this.poll_deadline(cx).map(Err),
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for DeadlineIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt, duplex};

    const HEAD_TIMEOUT: Duration = Duration::from_millis(50);

    async fn read_some(io: &mut DeadlineIo<tokio::io::DuplexStream>) -> io::Result<usize> {
        let mut buf = [0u8; 256];
        io.read(&mut buf).await
    }

    #[actix_rt::test]
    async fn all_closed_waits_for_the_last_open_connection() {
        let open = Arc::new(OpenConnections::default());
        open.all_closed().await;
        let first = open.open();
        let second = open.open();
        drop(first);
        let waited = actix_rt::time::timeout(HEAD_TIMEOUT, open.all_closed()).await;
        assert!(waited.is_err(), "one connection still open");
        let closing = actix_rt::spawn(async move {
            actix_rt::time::sleep(HEAD_TIMEOUT).await;
            drop(second);
        });
        open.all_closed().await;
        closing.await.expect("join");
    }

    #[actix_rt::test]
    async fn stalled_second_head_times_out() {
        let (mut client, server) = duplex(1024);
        let mut io = DeadlineIo::new(server, HEAD_TIMEOUT, None);
        client
            .write_all(b"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nX: ")
            .await
            .expect("write");
        assert!(read_some(&mut io).await.expect("first read") > 0);
        let error = read_some(&mut io).await.expect_err("deadline");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    }

    #[actix_rt::test]
    async fn stalled_first_head_gets_408_written_and_times_out() {
        let (mut client, server) = duplex(1024);
        let mut io = DeadlineIo::new(server, HEAD_TIMEOUT, None);
        client
            .write_all(b"GET / HTTP/1.1\r\nX: ")
            .await
            .expect("write");
        assert!(read_some(&mut io).await.expect("first read") > 0);
        let error = read_some(&mut io).await.expect_err("deadline");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        let mut written = vec![0u8; REQUEST_TIMEOUT.len()];
        client.read_exact(&mut written).await.expect("408");
        assert_eq!(written, REQUEST_TIMEOUT);
    }

    #[actix_rt::test]
    async fn silent_connection_times_out_at_the_first_head_deadline() {
        let (_client, server) = duplex(1024);
        let mut io = DeadlineIo::new(server, HEAD_TIMEOUT, None);
        let started = Instant::now();
        let error = read_some(&mut io).await.expect_err("deadline");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= HEAD_TIMEOUT);
    }

    #[actix_rt::test]
    async fn idle_kept_alive_connection_has_no_head_deadline() {
        let (mut client, server) = duplex(1024);
        let mut io = DeadlineIo::new(server, HEAD_TIMEOUT, None);
        client
            .write_all(b"GET / HTTP/1.1\r\n\r\n")
            .await
            .expect("write");
        assert!(read_some(&mut io).await.expect("first read") > 0);
        let waited = actix_rt::time::timeout(HEAD_TIMEOUT * 4, read_some(&mut io)).await;
        assert!(waited.is_err(), "idle connections are actix's keep-alive");
    }

    #[actix_rt::test]
    async fn head_is_not_cut_while_a_request_is_in_handling() {
        let (mut client, server) = duplex(1024);
        let mut io = DeadlineIo::new(server, HEAD_TIMEOUT, None);
        let connection = io.connection();
        client
            .write_all(b"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nX: ")
            .await
            .expect("write");
        assert!(read_some(&mut io).await.expect("first read") > 0);
        let handling = connection.handling();
        let waited = actix_rt::time::timeout(HEAD_TIMEOUT * 3, read_some(&mut io)).await;
        assert!(waited.is_err(), "in handling: not cut");
        drop(handling);
        let error = read_some(&mut io)
            .await
            .expect_err("deadline after handling");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    }

    #[actix_rt::test]
    async fn head_finished_in_time_clears_the_deadline() {
        let (mut client, server) = duplex(1024);
        let mut io = DeadlineIo::new(server, HEAD_TIMEOUT, None);
        client
            .write_all(b"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nX: ")
            .await
            .expect("write");
        assert!(read_some(&mut io).await.expect("first read") > 0);
        client.write_all(b"y\r\n\r\n").await.expect("write");
        assert!(read_some(&mut io).await.expect("rest of head") > 0);
        let waited = actix_rt::time::timeout(HEAD_TIMEOUT * 4, read_some(&mut io)).await;
        assert!(waited.is_err(), "complete head: no deadline");
    }
}
