"""Ctrl-C (SIGINT) and a scheduler's stop (SIGTERM) end `qingxi run` at once: one line,
exit 128 + the signal's number, nothing of the unfinished run committed.

Waiting for the run to unwind is what made an interrupt cost minutes and a page of
tracebacks: the process pool finishes its batches, Prefect reports a crash to a server the
same Ctrl-C has already stopped. None of that is needed for safety: a run commits by one
rename of manifest.json, and the next run removes whatever an uncommitted one left (the
same path as after kill -9). So the handler writes its line and leaves with os._exit; the
watcher (flows/watchdog.py) sees the run gone and kills everything it had started (the
pool's workers, the temporary Prefect server) within half a second."""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

EXIT_INTERRUPTED = 128 + signal.SIGINT    # 130 (SIGTERM: 143, the same rule)
_installed: Callable[[int, object], None] | None = None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def end_run_on_signals(manifest: Path) -> Callable[[], None]:
    """Install the handlers; returns the function that restores the previous ones."""
    before = _stamp(manifest)

    def handler(signum: int, frame) -> None:
        what = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
        if _stamp(manifest) == before:
            told = "nothing of this run was committed (the next run removes what it left)"
        else:  # a run of several waves commits each: those before the signal are kept
            told = "the waves committed before it are kept, the rest is not (the next run goes on from there)"
        try:
            os.write(2, f"\nqingxi: {what}; {told}\n".encode())
        finally:
            os._exit(128 + signum)

    global _installed
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    _installed = handler

    def restore() -> None:
        global _installed
        _installed = None
        for sig, old in previous.items():
            signal.signal(sig, old)
    return restore


def rearm() -> None:
    """Prefect's flow engine replaces the SIGTERM handler with its own for the flow's duration
    (it unwinds, reports a crash, then re-sends the signal): the flow calls this to put ours
    back in front, so a scheduler's stop is as quick as Ctrl-C. Nothing when the CLI did not
    install one (a deployment served by Prefect keeps Prefect's handling)."""
    if _installed is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _installed)
