//! Completing an `async def` that never awaits, inline: one `send(None)`.

use pyo3::exceptions::PyRuntimeError;
use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;

/// What one `send(None)` into a coroutine produced.
enum Sent<'py> {
    /// It returned this value.
    Returned(Bound<'py, PyAny>),
    /// It suspended, yielding this value.
    Yielded(Bound<'py, PyAny>),
}

/// Runs `coroutine` to completion with one `send(None)` and returns its value. If it suspends
/// instead (the build judged that it never awaits, wrongly), it is closed and this fails with
/// a `RuntimeError` explaining why.
pub(crate) fn complete_inline<'py>(coroutine: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    match send_none(coroutine)? {
        Sent::Returned(value) => Ok(value),
        Sent::Yielded(yielded) => {
            let py = coroutine.py();
            let closed = coroutine.call_method0(intern!(py, "close"));
            let mut message = format!(
                "this `async def` handler was compiled to run inline because it never awaits, \
                 but it suspended (yielded {}); run `bolt build` so it runs on the event loop",
                yielded
                    .repr()
                    .map_or_else(|_| "?".to_owned(), |repr| repr.to_string()),
            );
            if let Err(close_error) = closed {
                message.push_str(&format!("; closing it failed: {close_error}"));
            }
            Err(PyRuntimeError::new_err(message))
        }
    }
}

/// `coroutine.send(None)` via `PyIter_Send`: the return value comes back directly instead of
/// through a `StopIteration` exception.
#[expect(
    unsafe_code,
    reason = "PyIter_Send has no safe pyo3 wrapper for coroutines"
)]
fn send_none<'py>(coroutine: &Bound<'py, PyAny>) -> PyResult<Sent<'py>> {
    let py = coroutine.py();
    let mut result: *mut ffi::PyObject = std::ptr::null_mut();
    // SAFETY: we are attached (`py`); `coroutine` and `None` are valid object pointers for the
    // call (PyIter_Send borrows both); `result` is a valid out-pointer.
    let status = unsafe { ffi::PyIter_Send(coroutine.as_ptr(), py.None().as_ptr(), &mut result) };
    match status {
        ffi::PySendResult::PYGEN_ERROR => Err(PyErr::fetch(py)),
        // SAFETY: on PYGEN_RETURN / PYGEN_NEXT, `result` is a new (owned), non-null reference.
        ffi::PySendResult::PYGEN_RETURN => {
            Ok(Sent::Returned(unsafe { Bound::from_owned_ptr(py, result) }))
        }
        // SAFETY: as above.
        ffi::PySendResult::PYGEN_NEXT => {
            Ok(Sent::Yielded(unsafe { Bound::from_owned_ptr(py, result) }))
        }
    }
}
