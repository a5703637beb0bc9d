"""The sympy job in a forked worker process with a deadline, so a huge expression never hangs adkit.

Past the deadline the worker is stopped and the messages that arrived stand;
the caller says the numeric checks stand alone.  In the browser (Pyodide,
``sys.platform == "emscripten"``) there is neither fork nor threads: the job
runs inline there, with no deadline.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

from adkit.verify.symbolic import symbolic_job


def _guarded(job: Callable[..., None], send: Callable[[tuple], None], *args: Any) -> None:
    try:
        job(*args, send)
    except Exception as exc:  # noqa: BLE001 - the worker reports anything sympy raises
        send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    except RecursionError as exc:  # pragma: no cover - subclass of Exception; kept explicit
        send(("error", f"RecursionError: {exc}"))
    send(("done",))


def run_with_deadline(args: tuple, timeout: float) -> tuple[list[tuple], bool]:
    """Run the sympy job in a forked process (or a daemon thread where fork is missing).

    Returns the messages that arrived before the deadline and whether it finished.
    """
    import multiprocessing  # here, so that ``import adkit`` stays light
    import queue
    import threading

    messages: list[tuple] = []
    if sys.platform == "emscripten":  # Pyodide lists fork but cannot fork, and cannot start threads
        _guarded(symbolic_job, messages.append, *args)
        return messages, True
    deadline = time.monotonic() + timeout
    if "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        receiver, sender = ctx.Pipe(duplex=False)
        worker = ctx.Process(target=_guarded, args=(symbolic_job, sender.send, *args), daemon=True)
        worker.start()
        sender.close()
        finished = False
        try:
            while not finished:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not receiver.poll(remaining):
                    break
                try:
                    msg = receiver.recv()
                except EOFError:
                    break
                finished = msg[0] == "done"
                messages.append(msg)
        finally:
            if worker.is_alive():
                worker.kill()  # our own worker, by its handle
            worker.join()
            receiver.close()
        return messages, finished
    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=_guarded, args=(symbolic_job, inbox.put, *args), daemon=True).start()
    while True:  # pragma: no cover - platforms without fork
        remaining = deadline - time.monotonic()
        try:
            msg = inbox.get(timeout=max(remaining, 0.0)) if remaining > 0 else inbox.get_nowait()
        except queue.Empty:
            return messages, False
        messages.append(msg)
        if msg[0] == "done":
            return messages, True
