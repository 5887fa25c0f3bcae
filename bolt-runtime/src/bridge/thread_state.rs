//! One Python thread state per server thread, for the thread's whole life.
//!
//! `Python::attach` on a thread without a thread state creates one and destroys it again on
//! every call (≈ 6 µs, DESIGN.md). Ensuring a thread state once and immediately releasing the
//! GIL leaves the state registered for this thread, so each later `Python::attach` only
//! re-acquires the GIL with it.

use std::cell::Cell;

use pyo3::ffi;

std::thread_local! {
    /// Whether this thread already holds its long-lived thread state.
    static HAS_THREAD_STATE: Cell<bool> = const { Cell::new(false) };
}

/// Makes sure the calling thread has a Python thread state that outlives every
/// `Python::attach` on it. Cheap after the first call on a thread.
///
/// Must be called on a thread that is not attached to the interpreter (never from inside
/// `Python::attach`), while the interpreter is initialized — true on the server's worker
/// threads, which exist only while `serve()` runs.
pub(crate) fn ensure() {
    if HAS_THREAD_STATE.get() {
        return;
    }
    keep_thread_state();
    HAS_THREAD_STATE.set(true);
}

/// `PyGILState_Ensure` without the matching release keeps the thread state alive (its
/// gilstate counter never drops to zero); `PyEval_SaveThread` then releases the GIL.
/// The state is reclaimed by the interpreter at finalization.
#[expect(
    unsafe_code,
    reason = "keeping a thread state alive needs the raw CPython API"
)]
fn keep_thread_state() {
    // SAFETY: the interpreter is initialized (serve() runs), and this thread is not attached
    // (caller contract), so PyGILState_Ensure may create/attach its thread state and take the
    // GIL; PyEval_SaveThread then releases the GIL this thread now holds.
    unsafe {
        let _gil_state = ffi::PyGILState_Ensure();
        let _thread_state = ffi::PyEval_SaveThread();
    }
}
