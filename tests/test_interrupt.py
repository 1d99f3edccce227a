"""Ctrl-C or a scheduler's SIGTERM during cleaning: one line, the signal's exit status, no
worker left, nothing committed; the next run equals one clean run."""
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests import pages
from tests.test_orphans import tagged

CLI = [sys.executable, "-m", "flows.cli"]


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_cleaning_ends_the_run_at_once(tmp_path, prefect_server, sig, status):
    raw, out = tmp_path / "raw", tmp_path / "out"
    for i in range(3000):  # enough new files for the process pool, and several seconds of cleaning
        (raw / f"s{i % 4}").mkdir(parents=True, exist_ok=True)
        (raw / f"s{i % 4}" / f"{i:05d}.txt").write_text(pages.PEOPLE_STYLE.replace("青山", f"青山{i}") * 4, encoding="utf-8")
    tag = f"QINGXI_TEST_TAG_{uuid.uuid4().hex}"
    log = tmp_path / "log"
    with open(log, "wb") as sink:  # a file: a log, so one line per cleaned batch
        proc = subprocess.Popen(CLI + ["run", "--raw", str(raw), "--out", str(out), "--workers", "2"],
                                env={**prefect_server, tag: "1", "QINGXI_NO_PROGRESS_BAR": "1"},
                                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 240
        while b"cleaned batch 1/" not in log.read_bytes():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        pool = [p for p in tagged(tag) if p != proc.pid]
        os.kill(proc.pid, sig)
        sent = time.monotonic()
        returncode = proc.wait(timeout=60)
        took = time.monotonic() - sent
    text = log.read_text()
    left = []
    for _ in range(20):
        left = tagged(tag)
        if not left:
            break
        time.sleep(0.25)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert returncode == status, text
    assert took < 10, took
    assert "Traceback" not in text and text.count("qingxi: ") == 1, text
    assert "nothing of this run was committed" in text
    assert len(pool) >= 3 and left == []  # the forkserver and its workers were running, and are gone
    assert not (out / "_qingxi" / "manifest.json").exists()
