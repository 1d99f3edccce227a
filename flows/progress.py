"""What a long run shows a person. On an interactive terminal: a live bar per stage
(cleaning by files, deduplication by step) with counts, rate and time left, Prefect's log
lines printed above it. Anywhere else (a scheduled run, a log file, under -q): log lines
only, one per cleaned batch, which is what a log reader wants."""
from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress

PREFECT_LOGGER = "prefect"
NO_BAR_ENV = "QINGXI_NO_PROGRESS_BAR"


def interactive(logger: logging.Logger | logging.LoggerAdapter) -> bool:
    return (sys.stderr.isatty() and logger.isEnabledFor(logging.INFO) and not os.environ.get(NO_BAR_ENV))


class RunProgress:
    def __init__(self, logger, bar: bool, console=None):
        self.logger = logger
        self._bar: Progress | None = None
        self._consoles: list[tuple[Any, Any]] = []  # (a handler with a rich console, its own console)
        if bar:
            from rich.console import Console
            from rich.progress import Progress
            from rich.progress import (BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self._bar = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[unit]}"), TextColumn("{task.fields[rate]}"),
                                 TimeElapsedColumn(), TextColumn("elapsed,"), TimeRemainingColumn(), TextColumn("left"),
                                 console=console or Console(stderr=True))

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
            # Prefect's console handlers (on the root logger, in Prefect 3's logging
            # config) print through the bar's console while it is live, so log lines appear
            # above the bar instead of leaving a stale copy of it on each line.
            for handler in _console_handlers():
                self._consoles.append((handler, getattr(handler, "console")))
                setattr(handler, "console", _Wrapping(self._bar.console))
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            for handler, console in self._consoles:
                setattr(handler, "console", console)

    def cleaning(self, total_files: int) -> Callable[[int, int, int], None]:
        """A callback for each cleaned batch: (batch number, batches, files done)."""
        started = time.perf_counter()
        task = self._add("cleaning", total_files, "files")

        def report(batch: int, batches: int, done: int) -> None:
            elapsed = max(time.perf_counter() - started, 1e-6)
            rate = done / elapsed
            if task is not None and self._bar is not None:
                self._bar.update(task, completed=done, rate=f"{rate:,.0f} files/s")
                return
            left = (total_files - done) / rate if rate else 0.0
            self.logger.info("cleaned batch %d/%d: %s of %s files, %s files/s, about %s left", batch, batches,
                             f"{done:,}", f"{total_files:,}", f"{rate:,.0f}", duration(left))
        return report

    def dedup(self, documents: int) -> Callable[[str, int, int], None]:
        """A callback for each deduplication step: (what it does, steps done, steps)."""
        task = self._add("dedup", 0, "steps")

        def report(step: str, done: int, steps: int) -> None:
            if task is not None and self._bar is not None:
                self._bar.update(task, completed=done, total=steps, rate=step)
            else:
                self.logger.debug("dedup step %d/%d: %s", done, steps, step)
        self.logger.info("deduplicating %s new documents against the stored corpus", f"{documents:,}")
        return report

    def _add(self, name: str, total: int, unit: str):
        return self._bar.add_task(name, total=total or None, unit=unit, rate="") if self._bar is not None else None


def _console_handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger(), logging.getLogger(PREFECT_LOGGER)]
    loggers += [logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("prefect.")]
    seen: list[logging.Handler] = []
    for logger in loggers:
        for handler in logger.handlers:
            if hasattr(handler, "console") and handler not in seen:
                seen.append(handler)
    return seen


class _Wrapping:
    """The bar's console as a log handler's: lines wrapped to the terminal's width. Prefect
    prints with soft_wrap (the terminal wraps): the live bar, not knowing a line took two
    rows, redrew itself one row too low and left its old copy, and at 80 columns cut lines."""

    def __init__(self, console):
        self._console = console

    def print(self, *objects, **options) -> None:
        options["soft_wrap"] = False
        self._console.print(*objects, **options)

    def __getattr__(self, name: str):
        return getattr(self._console, name)


def duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else \
        f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
