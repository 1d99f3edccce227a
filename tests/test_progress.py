"""Progress on long runs: a live bar on a terminal, log lines elsewhere, nothing under -q."""
import logging
import os
import pty
import subprocess
import sys

from flows.progress import RunProgress
from tests import pages


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_without_a_terminal_each_batch_is_a_log_line_with_rate_and_time_left():
    logger, kept = logging.getLogger("qingxi-test-progress"), Kept()
    logger.addHandler(kept)
    logger.setLevel(logging.INFO)
    with RunProgress(logger, bar=False) as progress:
        report = progress.cleaning(1000)
        report(1, 4, 250)
    [line] = [m for m in kept.lines if "cleaned batch" in m]
    assert line.startswith("cleaned batch 1/4: 250 of 1,000 files, ") and "files/s, about " in line


def run_in_terminal(args, env) -> str:
    """The CLI with a pseudo-terminal as its stdout and stderr, as a person would run it."""
    parent, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *args], stdout=child, stderr=child, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(parent, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=300) == 0
    os.close(parent)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_a_bar_shows_cleaning_and_dedup_and_quiet_shows_none(tmp_path, prefect_server):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in (("people.txt", pages.PEOPLE_STYLE), ("other.txt", pages.OTHER_ARTICLE)):
        (raw / name).write_text(text, encoding="utf-8")
    env = {**prefect_server, "COLUMNS": "160"}
    shown = run_in_terminal(["run", "--raw", str(raw), "--out", str(tmp_path / "out")], env)
    assert "cleaning" in shown and "2/2" in shown and "files/s" in shown and "left" in shown
    assert "dedup" in shown and "4/4" in shown
    quiet = run_in_terminal(["run", "-q", "--raw", str(raw), "--out", str(tmp_path / "quiet")], env)
    assert "files/s" not in quiet and "2 files (2 new" in quiet


def test_log_lines_print_above_the_live_bar_wrapped_to_the_terminal_width():
    """Prefect's console handler sits on the root logger and prints with soft_wrap: through
    the bar's console and wrapped, a long line neither leaves a stale bar nor is cut."""
    import io
    import re

    from prefect.logging.handlers import PrefectConsoleHandler
    from rich.console import Console

    screen = io.StringIO()
    handler = PrefectConsoleHandler(stream=io.StringIO())
    before = handler.console
    root = logging.getLogger()
    root.addHandler(handler)
    logger = logging.getLogger("qingxi-test-bar")
    logger.setLevel(logging.INFO)
    try:
        with RunProgress(logger, bar=True, console=Console(file=screen, force_terminal=True, width=80)) as progress:
            progress.cleaning(10)(1, 2, 5)
            logging.getLogger("prefect.qingxi-test").warning("Task run 'clean-batch-1' - " + "Finished in state Completed() " * 5)
    finally:
        root.removeHandler(handler)
    assert handler.console is before  # given back after the run
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    lines = [line for part in text.split("\r") for line in part.split("\n")]
    assert text.count("Completed()") >= 5  # printed above the bar, all of it (not cut)
    assert max(len(line) for line in lines) <= 80  # wrapped by the console, which counts the rows
