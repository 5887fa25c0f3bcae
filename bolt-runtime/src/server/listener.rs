//! The listening socket (socket2), so several processes can share one port.

use std::io;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

use socket2::{Domain, Protocol, Socket, Type};

use crate::server::config::ServerConfig;

/// Binds and listens on `config.host:config.port`, with `SO_REUSEPORT` when asked.
pub fn bind(config: &ServerConfig) -> io::Result<TcpListener> {
    let mut last_error = None;
    for addr in (config.host.as_str(), config.port).to_socket_addrs()? {
        match bind_addr(addr, config) {
            Ok(listener) => return Ok(listener),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::AddrNotAvailable,
            format!("{}:{} resolves to no address", config.host, config.port),
        )
    }))
}

fn bind_addr(addr: SocketAddr, config: &ServerConfig) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    if config.reuse_port {
        socket.set_reuse_port(true)?;
    }
    socket.set_nodelay(true)?;
    socket.bind(&addr.into())?;
    let backlog = i32::try_from(config.backlog).unwrap_or(i32::MAX);
    socket.listen(backlog)?;
    Ok(socket.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(reuse_port: bool) -> ServerConfig {
        ServerConfig {
            port: 0,
            reuse_port,
            ..ServerConfig::default()
        }
    }

    #[test]
    fn binds_an_ephemeral_port() -> io::Result<()> {
        let listener = bind(&loopback(false))?;
        assert_ne!(listener.local_addr()?.port(), 0);
        Ok(())
    }

    #[test]
    fn reuse_port_lets_two_sockets_share_a_port() -> io::Result<()> {
        let first = bind(&loopback(true))?;
        let port = first.local_addr()?.port();
        let second = bind(&ServerConfig {
            port,
            ..loopback(true)
        })?;
        assert_eq!(second.local_addr()?.port(), port);
        Ok(())
    }

    #[test]
    fn without_reuse_port_the_second_bind_fails() -> io::Result<()> {
        let first = bind(&loopback(false))?;
        let port = first.local_addr()?.port();
        assert!(
            bind(&ServerConfig {
                port,
                ..loopback(false)
            })
            .is_err()
        );
        Ok(())
    }
}
