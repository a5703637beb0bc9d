"""The sympy job in a forked worker process with a deadline, so a huge expression never hangs adkit.

Past the deadline the worker is stopped and the findings that arrived stand;
the caller says the numeric checks stand alone.  In the browser (Pyodide,
``sys.platform == "emscripten"``) there is neither fork nor threads: the job
runs inline there, with no deadline.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

from adkit.verify.findings import Done, Failure, Finding, Findings
from adkit.verify.symbolic import symbolic_job


def _guarded(job: Callable[..., None], send: Callable[[Finding], None], *args: Any) -> None:
    try:
        job(*args, send)
    except Exception as exc:  # noqa: BLE001 - the worker reports anything sympy raises
        send(Failure(f"{type(exc).__name__}: {exc}"[:300]))
    except RecursionError as exc:  # pragma: no cover - subclass of Exception; kept explicit
        send(Failure(f"RecursionError: {exc}"))
    send(Done())


def run_with_deadline(args: tuple, timeout: float) -> Findings:
    """Run the sympy job in a forked process (or a daemon thread where fork is missing);
    what it found before the deadline, and whether it finished."""
    found: list[Finding] = []
    if sys.platform == "emscripten":  # Pyodide lists fork but cannot fork, and cannot start threads
        _guarded(symbolic_job, found.append, *args)
        return Findings.gather(found, True)
    deadline = time.monotonic() + timeout
    finished = _in_process(args, deadline, found)
    return Findings.gather(found, finished)


def _in_process(args: tuple, deadline: float, found: list[Finding]) -> bool:
    import multiprocessing  # here, so that ``import adkit`` stays light

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - platforms without fork
        return _in_thread(args, deadline, found)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_guarded, args=(symbolic_job, sender.send, *args), daemon=True)
    worker.start()
    sender.close()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receiver.poll(remaining):
                return False
            try:
                finding = receiver.recv()
            except EOFError:
                return False
            found.append(finding)
            if isinstance(finding, Done):
                return True
    finally:
        if worker.is_alive():
            worker.kill()  # our own worker, by its handle
        worker.join()
        receiver.close()


def _in_thread(args: tuple, deadline: float, found: list[Finding]) -> bool:  # pragma: no cover - no fork
    import queue
    import threading

    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=_guarded, args=(symbolic_job, inbox.put, *args), daemon=True).start()
    while True:
        remaining = deadline - time.monotonic()
        try:
            finding = inbox.get(timeout=remaining) if remaining > 0 else inbox.get_nowait()
        except queue.Empty:
            return False
        found.append(finding)
        if isinstance(finding, Done):
            return True
