//! Server settings (docs/internals.md §5 `config`).

use std::time::Duration;

use crate::server::docs::DocsConfig;

/// Address the server binds when none is given.
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// Port the server binds when none is given.
pub const DEFAULT_PORT: u16 = 8000;
/// Largest accepted request body (1 MiB); larger bodies get 413.
pub const DEFAULT_MAX_BODY_SIZE: usize = 1024 * 1024;
/// Longest accepted request target (path and query), in bytes; longer ones get 414.
pub const DEFAULT_MAX_URI_LENGTH: usize = 8 * 1024;
/// Pending-connection queue length of the listening socket.
pub const DEFAULT_BACKLOG: u32 = 1024;
/// How long an idle keep-alive connection stays open.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(5);
/// Deadline for a client to send a request's headers.
pub const DEFAULT_CLIENT_TIMEOUT: Duration = Duration::from_millis(5_000);
/// Deadline for a client to send a request's body once its headers arrived.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_millis(30_000);
/// How long in-flight requests may take to finish after SIGTERM/SIGINT.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// In which order a JSON body is checked natively and decoded by msgspec (DESIGN.md rule 7:
/// the faster order wins by benchmark — `bench/bodydecode/run`). Both give the same answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyValidation {
    /// Per route, the cheaper order for the bodies it has been receiving
    /// ([`crate::server::body_order`]): decode-first while most are valid, validate-first
    /// while most are invalid. The default.
    #[default]
    Adaptive,
    /// msgspec's decoder first (one parse for valid bodies); only when it refuses the body,
    /// native validation lists every error. Cheaper for valid bodies (10 KB `list[Item]`:
    /// 9.9 µs instead of 17.3 µs).
    DecodeFirst,
    /// Native validation first, off the GIL; invalid bodies never reach Python and valid ones
    /// are parsed twice. Cheaper for invalid bodies (a 10 KB body invalid at its end: 7.4 µs
    /// instead of 17.8 µs); the differential tests use it to check native validation alone.
    ValidateFirst,
}

impl BodyValidation {
    /// Parses the `BOLT_BODY_VALIDATION` setting's value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "adaptive" => Some(Self::Adaptive),
            "decode-first" => Some(Self::DecodeFirst),
            "validate-first" => Some(Self::ValidateFirst),
            _ => None,
        }
    }
}

/// How one server process listens and what limits it enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    /// Set `SO_REUSEPORT` so several processes can share the port.
    pub reuse_port: bool,
    /// Bodies above this many bytes are refused with 413.
    pub max_body_size: usize,
    /// Request targets (path and query) longer than this many bytes are refused with 414.
    pub max_uri_length: usize,
    pub backlog: u32,
    /// Idle keep-alive timeout; zero disables keep-alive.
    pub keep_alive: Duration,
    /// Deadline for the request head (actix's client request timeout).
    pub client_timeout: Duration,
    /// Deadline for reading a body (actix has none of its own).
    pub body_timeout: Duration,
    /// Graceful drain time on shutdown.
    pub shutdown_timeout: Duration,
    /// The API docs (Swagger UI + the OpenAPI document), or `None` when disabled.
    pub docs: Option<DocsConfig>,
    pub body_validation: BodyValidation,
    /// Django's `ALLOWED_HOSTS` (400 for another `Host`), or `None`: every host is answered.
    pub allowed_hosts: Option<crate::server::host::AllowedHosts>,
    /// Headers every response gets unless it sets them itself (Django's `SecurityMiddleware`
    /// and `XFrameOptionsMiddleware` headers, from the settings), lowercase names.
    pub default_headers: Vec<(String, String)>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            host: DEFAULT_HOST.to_owned(),
            port: DEFAULT_PORT,
            reuse_port: false,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            max_uri_length: DEFAULT_MAX_URI_LENGTH,
            backlog: DEFAULT_BACKLOG,
            keep_alive: DEFAULT_KEEP_ALIVE,
            client_timeout: DEFAULT_CLIENT_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            docs: None,
            body_validation: BodyValidation::default(),
            allowed_hosts: None,
            default_headers: Vec::new(),
        }
    }
}
