"""The asyncio event loop of one server worker thread (docs/internals.md §5).

The server's worker thread *is* the loop's thread: the extension never blocks in the loop, it
drives it from its own (tokio) event loop. It calls :meth:`WorkerLoop.submit` for each request
to an ``async def`` handler that awaits, and :meth:`WorkerLoop.run` (one non-blocking
iteration) whenever :meth:`WorkerLoop.fileno` becomes readable (I/O, or a callback sent from
another thread with ``call_soon_threadsafe``), when the delay returned by the last
``submit``/``run`` has passed, or right away when that delay is ``0.0``. An ``async def``
handler that never awaits is completed inline with :attr:`WorkerLoop.loop` as the running loop
(so it can ``create_task``, ``call_later``…), and the loop runs soon after when that left
callbacks ready.

Standard library only: the extension's own tests load this file by path.
"""

from __future__ import annotations

import asyncio
import collections
import selectors
import sys
import threading
from collections.abc import Coroutine
from typing import Any

__all__ = ["MAX_INLINE_PASSES", "WorkerLoop"]

MAX_INLINE_PASSES = 8
"""How many passes over the ready callbacks ``submit`` runs while its task is not done (an
``await asyncio.sleep(0)`` costs one); what is left is run by the next ``run``."""


if sys.version_info >= (3, 12):

    def _start_task(coro: Coroutine[Any, Any, Any], loop: asyncio.AbstractEventLoop) -> asyncio.Task[Any]:
        """A task whose first step runs right now, inside the constructor."""
        return asyncio.Task(coro, loop=loop, eager_start=True)  # type: ignore[call-arg,unused-ignore]

else:

    def _start_task(coro: Coroutine[Any, Any, Any], loop: asyncio.AbstractEventLoop) -> asyncio.Task[Any]:
        """A task whose first step is a ready callback (no eager tasks before 3.12), run by
        ``submit``'s passes."""
        return asyncio.Task(coro, loop=loop)


class _PollingSelector(selectors.DefaultSelector):  # type: ignore[misc,valid-type]
    """The platform's default selector (epoll on Linux) that never blocks while the server
    drives the loop, and remembers how many events its last ``select`` returned."""

    def __init__(self) -> None:
        super().__init__()
        self.polling = True
        self.events = 0

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(0 if self.polling else timeout)
        self.events = len(ready)
        return ready

    def pending(self) -> bool:
        """Whether an event is ready now (after the last ``select``'s were handled: a
        callback may have left data unread). Polling is level-triggered: nothing is consumed."""
        return bool(super().select(0))


def _wake() -> None:
    """The ready callback :class:`_EventLoop` leaves behind a timer set between iterations."""


class _EventLoop(asyncio.SelectorEventLoop):  # type: ignore[misc,valid-type]
    """asyncio's selector loop, for an extension that looks only at the ready queue after an
    inline ``async def`` handler (one that never awaits, run with this loop as the running
    loop): a timer such a handler sets (``loop.call_later``) also leaves a ready callback, so
    the server runs the loop soon and the loop takes the new timer into account."""

    inline_step = False
    """Set by the extension while an inline handler's one step runs (``submit``/``run``
    report the loop's next timer themselves)."""

    def call_at(self, when: float, callback: Any, *args: Any, context: Any = None) -> asyncio.TimerHandle:
        timer = super().call_at(when, callback, *args, context=context)
        if self.inline_step:
            self.call_soon(_wake)
        return timer


class WorkerLoop:
    """One worker thread's event loop; create it on that thread (``hooks.event_loop()``)."""

    def __init__(self) -> None:
        self.selector = _PollingSelector()
        self.loop = _EventLoop(self.selector)
        self.tasks: set[asyncio.Task[Any]] = set()
        """Tasks still running (asyncio keeps only weak references)."""
        self.ready = _LoopInternals.attach(self.loop)
        """The loop's queue of ready callbacks (read-only for the extension: it re-sends a
        handler's bare ``yield`` at once only while this is empty)."""

    def fileno(self) -> int:
        """The selector's file descriptor: readable when :meth:`run` has I/O to process."""
        return self.selector.fileno()

    def submit(self, coro: Coroutine[Any, Any, Any]) -> tuple[asyncio.Task[Any], float | None]:
        """Starts ``coro`` as a task of this loop and runs it (and whatever else is ready) as
        far as it goes without waiting; returns the task, maybe already done, and the delay
        until :meth:`run` is due (``None``: only when :meth:`fileno` becomes readable)."""
        loop = self.loop
        asyncio._set_running_loop(loop)
        try:
            task = _start_task(coro, loop)
            if self.ready:
                _LoopInternals.run_ready(loop, task, MAX_INLINE_PASSES)
        finally:
            asyncio._set_running_loop(None)
        if not task.done():
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return task, _LoopInternals.next_run(loop)

    def run(self) -> float | None:
        """One iteration that never blocks; returns the delay until the next one is due, like
        :meth:`submit`."""
        loop = self.loop
        asyncio._set_running_loop(loop)
        try:
            _LoopInternals.run_once(loop)
        finally:
            asyncio._set_running_loop(None)
        # The server's poll of fileno() reports only new events: one left unhandled (data a
        # callback did not read) must be handled by another iteration, right away.
        if self.selector.events and self.selector.pending():
            return 0.0
        return _LoopInternals.next_run(loop)

    def close(self, timeout: float = 5.0) -> None:
        """Cancels the tasks still running, waits for them (up to ``timeout`` seconds), shuts
        async generators and the default executor down and closes the loop. Call it once the
        server stopped, from any thread."""
        loop = self.loop
        if loop.is_closed():
            return
        self.selector.polling = False
        _LoopInternals.detach(loop)
        try:
            pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending, timeout=timeout))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()


class _LoopInternals:
    """The only code that touches asyncio's private ``BaseEventLoop`` state.

    asyncio has no public way to run one iteration of a loop without blocking, nor to ask
    when its next timer is due: ``run_forever()`` blocks, and ``stop(); run_forever()`` costs
    ~3 µs of set-up per iteration. This is what ``run_forever()`` does, split so the server
    can interleave iterations with its own work: ``attach`` is its set-up (kept for the
    worker thread's life, so ``loop.is_running()`` is true and ``Task(eager_start=True)``
    runs eagerly; the *running loop* itself is set only while Python code of the loop runs,
    so sync handlers keep Django's "no running loop" view), ``run_once`` its body.
    Checked against CPython 3.11 to 3.13 (``_thread_id``, ``_asyncgen_*_hook``, ``_run_once``,
    ``_ready``, ``_scheduled``, ``Handle._run``/``_cancelled``, ``TimerHandle._when``).
    """

    @staticmethod
    def attach(loop: asyncio.AbstractEventLoop) -> collections.deque[asyncio.Handle]:
        """Sets the loop up as running on this thread; returns its ready queue."""
        loop._thread_id = threading.get_ident()  # type: ignore[attr-defined]
        sys.set_asyncgen_hooks(
            firstiter=loop._asyncgen_firstiter_hook,  # type: ignore[attr-defined]
            finalizer=loop._asyncgen_finalizer_hook,  # type: ignore[attr-defined]
        )
        ready: collections.deque[asyncio.Handle] = loop._ready  # type: ignore[attr-defined]
        return ready

    @staticmethod
    def detach(loop: asyncio.AbstractEventLoop) -> None:
        loop._thread_id = None  # type: ignore[attr-defined]

    @staticmethod
    def run_once(loop: asyncio.AbstractEventLoop) -> None:
        loop._run_once()  # type: ignore[attr-defined]

    @staticmethod
    def run_ready(loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any], passes: int) -> None:
        """Runs the ready callbacks, pass after pass, until ``task`` is done (at most
        ``passes`` passes; a pass runs what was ready when it began, like an iteration)."""
        ready = loop._ready  # type: ignore[attr-defined]
        while ready and passes and not task.done():
            passes -= 1
            for _ in range(len(ready)):
                handle = ready.popleft()
                if not handle._cancelled:
                    handle._run()

    @staticmethod
    def next_run(loop: asyncio.AbstractEventLoop) -> float | None:
        """Seconds until the loop has work: 0.0 with callbacks ready, else until its first
        timer, ``None`` without timers."""
        if loop._ready:  # type: ignore[attr-defined]
            return 0.0
        scheduled = loop._scheduled  # type: ignore[attr-defined]
        if scheduled:
            return max(0.0, scheduled[0]._when - loop.time())
        return None
