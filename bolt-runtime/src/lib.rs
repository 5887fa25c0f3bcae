//! The runtime every generated Bolt extension is built on.
//!
//! - [`app`]: the static tables generated code fills in (routes, schemas, router)
//! - [`routing`]: method + path → route (pure)
//! - [`extract`]: path/query/header/cookie coercion into [`extract::Value`]s (pure)
//! - [`validate`]: native JSON body validation, all errors at once (pure)
//! - [`errors`]: the 422 error data and its JSON rendering (pure)
//! - [`server`]: the actix-web server, limits and the request pipeline (I/O)
//! - [`bridge`]: the only module that touches Python (pyo3)

pub mod app;
pub mod bridge;
pub mod errors;
pub mod extract;
pub mod routing;
pub mod server;
pub mod validate;

/// The extension's Rust allocations (request and response buffers, coerced values, 422
/// bodies) go to mimalloc rather than glibc's malloc; Python's own allocations are unaffected.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
