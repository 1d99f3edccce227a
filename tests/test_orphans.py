"""A run killed with SIGKILL (as the OOM killer does) takes what it started with it: the
forkserver and the cleaning workers are gone seconds later."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests import pages

CLI = [sys.executable, "-m", "flows.cli"]


def tagged(tag: str) -> list[int]:
    """Processes whose environment carries the tag (every descendant of the run inherits it)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/environ", "rb") as f:
                    if tag.encode() in f.read():
                        found.append(int(name))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("crash_at", ["mid-clean", "pool-started"])
def test_a_killed_run_leaves_no_workers_behind(tmp_path, prefect_server, crash_at):
    """mid-clean: the pool at work; pool-started: killed as the pool starts, before the
    watcher's next look (it finds those by the run's token in their environment)."""
    raw = tmp_path / "raw"
    for i in range(1600):  # enough new files for the process pool
        (raw / f"s{i % 4}").mkdir(parents=True, exist_ok=True)
        (raw / f"s{i % 4}" / f"{i:05d}.txt").write_text(pages.PEOPLE_STYLE.replace("青山", f"青山{i}"), encoding="utf-8")
    tag = f"QINGXI_TEST_TAG_{uuid.uuid4().hex}"
    env = {**prefect_server, "QINGXI_CRASH_AT": crash_at, tag: "1"}
    with open(tmp_path / "log", "wb") as log:  # a file, not a pipe: orphans holding a pipe would hang the test
        proc = subprocess.run(CLI + ["run", "-q", "--raw", str(raw), "--out", str(tmp_path / "out"), "--workers", "2"],
                              env=env, stdout=log, stderr=subprocess.STDOUT, timeout=300)
    assert proc.returncode == -9  # killed while the pool was cleaning
    deadline = time.monotonic() + 10
    while tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = tagged(tag)
    for pid in left:  # do not leave them to the rest of the suite
        os.kill(pid, 9)
    assert left == []


def test_a_process_orphaned_before_the_watchers_next_look_is_found_by_the_run_token(tmp_path):
    """The window the polling cannot see: a process the run started and lost (adopted by
    init) between two looks. Here a double fork makes one at once, then the run is killed."""
    script = tmp_path / "run.py"
    script.write_text(
        "import os, signal, subprocess, sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
        "from flows.watchdog import watch_children\n"
        "watch_children()\n"
        "subprocess.Popen(['sh', '-c', 'sleep 300 & echo $! > " + str(tmp_path / "pid") + "'])\n"
        "time.sleep(0.1)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, str(script)], timeout=60)
    assert proc.returncode == -9
    pid = int((tmp_path / "pid").read_text())
    deadline = time.monotonic() + 5
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = running(pid)
    if alive:
        os.kill(pid, 9)
    assert not alive


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for init to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
