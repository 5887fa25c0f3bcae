//! The only module that touches Python (pyo3).
//!
//! [`export_extension!`](crate::export_extension) turns a generated crate's `App` into the
//! `_bolt_app` extension module (docs/internals.md §5). `serve()` reads its arguments once
//! into Rust handles and runs [`crate::server`] with the GIL released; per request the worker
//! thread attaches once (keeping its thread state for life), builds the arguments, calls the
//! handler and turns the outcome into an [`crate::server::OutboundResponse`].

/// Re-exported so generated crates need no pyo3 dependency of their own.
pub use pyo3;

mod binding;
mod config;
mod convert;
mod coroutine;
mod dispatch;
mod event_loop;
mod module;
mod msgspec_error;
mod request;
mod respond;
mod test_client;
mod thread_state;

pub use module::{RUNTIME_VERSION, init_module};
pub use request::Request;

/// Exports `$app` (a `static` [`crate::app::App`]) as the Python extension module `_bolt_app`
/// (init symbol `PyInit__bolt_app`). The invoking crate needs only `bolt_runtime` (and `phf`
/// for its tables). The module function is `pub`, so an embedding test can register it with
/// `pyo3::append_to_inittab!(_bolt_app)`.
#[macro_export]
macro_rules! export_extension {
    ($app:path) => {
        #[$crate::bridge::pyo3::pymodule(
            crate = "::bolt_runtime::bridge::pyo3",
            name = "_bolt_app",
            gil_used = true
        )]
        pub fn _bolt_app(
            module: &$crate::bridge::pyo3::Bound<'_, $crate::bridge::pyo3::types::PyModule>,
        ) -> $crate::bridge::pyo3::PyResult<()> {
            $crate::bridge::init_module(module, &$app)
        }
    };
}
