//! Stepping handler coroutines: completing an `async def` that never awaits inline (one
//! `send(None)`), and [`HandlerCoroutine`], what an awaiting handler's asyncio task runs.

use pyo3::exceptions::{PyRuntimeError, PyStopIteration};
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

/// How many bare yields in a row [`HandlerCoroutine`] re-sends before it yields to the loop
/// anyway (so a handler spinning on `asyncio.sleep(0)` still lets I/O and timers run).
const MAX_INLINE_YIELDS: usize = 16;

/// The coroutine an awaiting handler's asyncio task runs: the handler's own, except that a
/// bare `yield` (what `await asyncio.sleep(0)` does) while no other callback is ready on the
/// loop is re-sent at once — exactly what the loop would do next — instead of costing a
/// round trip through the loop (a handle, a callback, a task registration). Everything else
/// (futures, `throw()` for cancellation, `close()`, the return value, exceptions and their
/// tracebacks) passes through unchanged.
#[pyclass(frozen, freelist = 64, module = "_bolt_app", name = "HandlerCoroutine")]
pub(crate) struct HandlerCoroutine {
    coroutine: Py<PyAny>,
    /// The loop's queue of ready callbacks (a `collections.deque`).
    ready: Py<PyAny>,
}

impl HandlerCoroutine {
    pub(crate) fn new(coroutine: Py<PyAny>, ready: Py<PyAny>) -> Self {
        Self { coroutine, ready }
    }

    /// Continues after `sent`: re-sends bare yields while nothing else is ready (at most
    /// [`MAX_INLINE_YIELDS`]), then returns what to yield to the task, or raises
    /// `StopIteration(value)` when the handler returned.
    fn resume<'py>(&self, py: Python<'py>, mut sent: Sent<'py>) -> PyResult<Bound<'py, PyAny>> {
        let coroutine = self.coroutine.bind(py);
        for _ in 0..MAX_INLINE_YIELDS {
            match sent {
                Sent::Yielded(yielded) if yielded.is_none() && self.ready.bind(py).len()? == 0 => {
                    sent = send(coroutine, &yielded)?;
                }
                other => return other.into_step(),
            }
        }
        sent.into_step()
    }
}

#[pymethods]
impl HandlerCoroutine {
    fn send<'py>(&self, py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let sent = send(self.coroutine.bind(py), &value)?;
        self.resume(py, sent)
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let sent = send(self.coroutine.bind(py), &py.None().into_bound(py))?;
        self.resume(py, sent)
    }

    #[pyo3(signature = (*args))]
    fn throw<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, pyo3::types::PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let thrown = self
            .coroutine
            .bind(py)
            .call_method1(intern!(py, "throw"), args);
        let sent = match thrown {
            Ok(yielded) => Sent::Yielded(yielded),
            Err(error) if error.is_instance_of::<PyStopIteration>(py) => {
                Sent::Returned(error.value(py).getattr(intern!(py, "value"))?)
            }
            Err(error) => return Err(error),
        };
        self.resume(py, sent)
    }

    fn close(&self, py: Python<'_>) -> PyResult<()> {
        self.coroutine.bind(py).call_method0(intern!(py, "close"))?;
        Ok(())
    }

    fn __await__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.coroutine.bind(py).repr()?.to_string())
    }
}

impl<'py> Sent<'py> {
    /// One step's outcome for the task: the yielded value, or `StopIteration(value)`.
    fn into_step(self) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Sent::Yielded(yielded) => Ok(yielded),
            Sent::Returned(value) => Err(PyStopIteration::new_err((value.unbind(),))),
        }
    }
}

/// `coroutine.send(None)`; see [`send`].
fn send_none<'py>(coroutine: &Bound<'py, PyAny>) -> PyResult<Sent<'py>> {
    send(coroutine, &coroutine.py().None().into_bound(coroutine.py()))
}

/// `coroutine.send(value)` via `PyIter_Send`: the return value comes back directly instead of
/// through a `StopIteration` exception.
#[expect(
    unsafe_code,
    reason = "PyIter_Send has no safe pyo3 wrapper for coroutines"
)]
fn send<'py>(coroutine: &Bound<'py, PyAny>, value: &Bound<'py, PyAny>) -> PyResult<Sent<'py>> {
    let py = coroutine.py();
    let mut result: *mut ffi::PyObject = std::ptr::null_mut();
    // SAFETY: we are attached (`py`); `coroutine` and `value` are valid object pointers for
    // the call (PyIter_Send borrows both); `result` is a valid out-pointer.
    let status = unsafe { ffi::PyIter_Send(coroutine.as_ptr(), value.as_ptr(), &mut result) };
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
