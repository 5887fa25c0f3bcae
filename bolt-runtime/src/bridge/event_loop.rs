//! The worker thread's asyncio event loop, driven from tokio (docs/internals.md §5).
//!
//! The server's worker thread is the loop's thread: awaiting handlers start on it inline
//! (`WorkerLoop.submit`, which runs the task as far as it goes without waiting), and a small local
//! task — the *driver* — runs one non-blocking loop iteration (`WorkerLoop.run()`) whenever
//! the loop's selector fd is readable (I/O, or `call_soon_threadsafe` from another thread,
//! e.g. an executor running Django's `sync_to_async`), when its next timer is due, or right
//! away when callbacks are ready. No thread hop per request, and the loop never blocks the
//! thread.

use std::cell::{Cell, RefCell};
use std::io;
use std::os::fd::{BorrowedFd, OwnedFd, RawFd};
use std::rc::Rc;
use std::time::Duration;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::bridge::coroutine::{self, HandlerCoroutine};

std::thread_local! {
    /// This worker thread's loop, created by its first `async def` handler.
    static WORKER_LOOP: RefCell<Option<Rc<WorkerLoop>>> = const { RefCell::new(None) };
}

/// When the loop must run next, as `submit()`/`run()` report it: seconds from now, `0.0`
/// for "callbacks are ready", `None` for "only when the selector fd becomes readable".
type NextRun = Option<f64>;

/// One worker thread's loop, as the requests and the driver share it.
struct WorkerLoop {
    /// `WorkerLoop.loop`, the asyncio loop itself.
    event_loop: Py<PyAny>,
    /// `WorkerLoop.submit`, bound once.
    submit: Py<PyAny>,
    /// `WorkerLoop.ready`, the loop's queue of ready callbacks.
    ready: Py<PyAny>,
    schedule: Schedule,
}

/// When the loop must run next.
struct Schedule {
    /// When the driver runs the loop next without I/O (`None`: on I/O only).
    due: Cell<Option<Instant>>,
    /// Tells the driver that `due` moved earlier.
    rescheduled: Notify,
}

impl Schedule {
    fn new() -> Self {
        Self {
            due: Cell::new(None),
            rescheduled: Notify::new(),
        }
    }

    /// Makes the loop run by `next` at the latest.
    fn run_by(&self, next: NextRun) {
        let Some(due) = next.map(due_instant) else {
            return;
        };
        if self.due.get().is_none_or(|current| due < current) {
            self.due.set(Some(due));
            self.rescheduled.notify_one();
        }
    }
}

/// `WorkerLoop.submit(HandlerCoroutine(coro))` on this worker thread's loop (created, with its
/// driver, on first use through `hooks.event_loop()`): the handler's task, maybe already done.
///
/// Must be called on a server worker thread, inside its tokio `LocalSet` (the driver is a
/// local task).
pub(crate) fn submit<'py>(
    hooks_event_loop: &Py<PyAny>,
    coroutine: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = coroutine.py();
    let worker = current(py, hooks_event_loop)?;
    let coroutine = HandlerCoroutine::new(coroutine.clone().unbind(), worker.ready.clone_ref(py));
    let submitted = worker.submit.bind(py).call1((coroutine,))?;
    let (task, next): (Bound<'py, PyAny>, NextRun) = submitted.extract()?;
    worker.schedule.run_by(next);
    Ok(task)
}

/// Cancels an awaiting handler's task whose client left (`CancelledError` reaches the handler
/// at its current `await`) and makes this thread's loop run soon, so that it does.
pub(crate) fn cancel(task: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = task.py();
    if task.call_method0(intern!(py, "done"))?.is_truthy()? {
        return Ok(());
    }
    task.call_method0(intern!(py, "cancel"))?;
    WORKER_LOOP.with_borrow(|worker| {
        if let Some(worker) = worker {
            worker.schedule.run_by(Some(0.0));
        }
    });
    Ok(())
}

/// Completes the coroutine of an `async def` handler that never awaits with one `send(None)`
/// ([`coroutine::complete_inline`]), with this worker thread's loop as the running loop, as if
/// it ran on the loop: `asyncio.get_running_loop()`, `create_task`, `call_later` work, and
/// what they left ready runs on the loop right after the requests waiting for the thread.
///
/// Must be called where [`submit`] may be.
pub(crate) fn complete_inline<'py>(
    hooks_event_loop: &Py<PyAny>,
    coroutine: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = coroutine.py();
    let worker = current(py, hooks_event_loop)?;
    let event_loop = worker.event_loop.bind(py);
    let inline_step = intern!(py, "inline_step");
    let completed = RunningLoop::inside(event_loop, || {
        event_loop.setattr(inline_step, true)?;
        let completed = coroutine::complete_inline(coroutine);
        event_loop.setattr(inline_step, false)?;
        completed
    })?;
    if worker.ready.bind(py).len()? > 0 {
        worker.schedule.run_by(Some(0.0));
    }
    completed
}

/// This thread's loop, created on first use.
fn current(py: Python<'_>, hooks_event_loop: &Py<PyAny>) -> PyResult<Rc<WorkerLoop>> {
    if let Some(worker) = WORKER_LOOP.with_borrow(|worker| worker.clone()) {
        return Ok(worker);
    }
    let python_loop = hooks_event_loop.bind(py).call0()?;
    let fd: RawFd = python_loop.call_method0(intern!(py, "fileno"))?.extract()?;
    let run = python_loop.getattr(intern!(py, "run"))?.unbind();
    let submit = python_loop.getattr(intern!(py, "submit"))?.unbind();
    let ready = python_loop.getattr(intern!(py, "ready"))?.unbind();
    let event_loop = python_loop.getattr(intern!(py, "loop"))?.unbind();
    let selector = watch_selector(fd)?;
    let worker = Rc::new(WorkerLoop {
        event_loop,
        submit,
        ready,
        schedule: Schedule::new(),
    });
    tokio::task::spawn_local(drive(Rc::clone(&worker), selector, run));
    WORKER_LOOP.set(Some(Rc::clone(&worker)));
    Ok(worker)
}

/// Registers the Python loop's selector (epoll) `fd` with this thread's tokio reactor, through
/// a duplicate of our own: it stays open as long as the registration, whenever Python closes
/// the loop.
#[expect(
    unsafe_code,
    reason = "tokio's reactor registration and borrowing a raw fd have no safe API"
)]
fn watch_selector(fd: RawFd) -> io::Result<AsyncFd<OwnedFd>> {
    // SAFETY: `fd` is the selector of the Python loop just created (and still referenced, we
    // are attached), so it is open for this borrow.
    let owned = unsafe { BorrowedFd::borrow_raw(fd) }.try_clone_to_owned()?;
    // SAFETY: `owned` is our own duplicate: open, never replaced, and closed only when the
    // `AsyncFd` drops it.
    let registered = unsafe { AsyncFd::register_with_interest(owned, Interest::READABLE) };
    registered.map_err(io::Error::from)
}

/// The driver: runs `WorkerLoop.run()` whenever the selector is readable or the loop is due,
/// for as long as the worker thread's runtime runs.
async fn drive(worker: Rc<WorkerLoop>, selector: AsyncFd<OwnedFd>, run: Py<PyAny>) {
    let schedule = &worker.schedule;
    loop {
        match schedule.due.get() {
            // Due already: no detour through the timer wheel.
            Some(due) if due <= Instant::now() => {}
            due => tokio::select! {
                readable = selector.readable() => match readable {
                    // Cleared before the iteration polls: whatever arrives after it is new.
                    Ok(mut guard) => guard.clear_ready(),
                    Err(error) => {
                        eprintln!("bolt: the asyncio loop's selector failed ({error}); async handlers stall");
                        return;
                    }
                },
                () = sleep_until(due) => {}
                () = schedule.rescheduled.notified() => continue,
            },
        }
        schedule.due.set(None);
        let next = Python::attach(|py| run_once(py, &run));
        if next == Some(0.0) {
            // Ready callbacks: run them after the requests that are waiting for the thread.
            tokio::task::yield_now().await;
        }
        schedule.run_by(next);
    }
}

/// `WorkerLoop.run()`; an exception (a bug: asyncio handles the callbacks' own) goes to
/// `sys.unraisablehook` and the loop waits for I/O.
fn run_once(py: Python<'_>, run: &Py<PyAny>) -> NextRun {
    run.bind(py)
        .call0()
        .and_then(|next| next.extract())
        .unwrap_or_else(|error| {
            error.write_unraisable(py, Some(run.bind(py)));
            None
        })
}

async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due).await,
        None => std::future::pending().await,
    }
}

/// `now + seconds`; a negative or invalid delay is "now".
fn due_instant(seconds: f64) -> Instant {
    Instant::now() + Duration::try_from_secs_f64(seconds).unwrap_or(Duration::ZERO)
}

/// Switching this thread's running asyncio loop (`asyncio._get_running_loop()` /
/// `asyncio._set_running_loop(loop)`, imported once).
pub(crate) struct RunningLoop;

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

impl RunningLoop {
    /// Runs `f` with `event_loop` as this thread's running loop, and none afterwards (as on
    /// a worker thread between requests).
    pub(crate) fn inside<T>(event_loop: &Bound<'_, PyAny>, f: impl FnOnce() -> T) -> PyResult<T> {
        let py = event_loop.py();
        let set = SET_RUNNING_LOOP.import(py, "asyncio", "_set_running_loop")?;
        set.call1((event_loop,))?;
        let value = f();
        set.call1((py.None(),))?;
        Ok(value)
    }

    /// Runs `f` with no running asyncio loop on this thread (restored afterwards), so code
    /// outside the handler (response rendering) sees what sync handlers see.
    pub(crate) fn outside<'py, T>(py: Python<'py>, f: impl FnOnce() -> T) -> PyResult<T> {
        let get = GET_RUNNING_LOOP.import(py, "asyncio", "_get_running_loop")?;
        let set = SET_RUNNING_LOOP.import(py, "asyncio", "_set_running_loop")?;
        let running = get.call0()?;
        if running.is_none() {
            return Ok(f());
        }
        set.call1((py.None(),))?;
        let value = f();
        set.call1((running,))?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_instant_invalid_delay_is_now() {
        let before = Instant::now();
        assert!(due_instant(-1.0) <= Instant::now());
        assert!(due_instant(f64::NAN) >= before);
        assert!(due_instant(1.0) > Instant::now());
    }

    #[tokio::test(flavor = "current_thread")]
    async fn schedule_run_by_keeps_the_earliest_due_time() {
        let schedule = Schedule::new();
        schedule.run_by(None);
        assert_eq!(schedule.due.get(), None);
        schedule.run_by(Some(10.0));
        let later = schedule.due.get();
        assert!(later.is_some());
        schedule.run_by(Some(20.0));
        assert_eq!(schedule.due.get(), later);
        schedule.run_by(Some(0.0));
        assert!(schedule.due.get() < later);
        // Every move earlier left a wake-up for the driver.
        schedule.rescheduled.notified().await;
    }
}
