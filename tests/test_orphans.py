"""A run killed with SIGKILL (as the OOM killer does) takes what it started with it: the
forkserver and the cleaning workers are gone seconds later."""
import os
import subprocess
import sys
import time
import uuid

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


def test_a_killed_run_leaves_no_workers_behind(tmp_path, prefect_server):
    raw = tmp_path / "raw"
    for i in range(1600):  # enough new files for the process pool
        (raw / f"s{i % 4}").mkdir(parents=True, exist_ok=True)
        (raw / f"s{i % 4}" / f"{i:05d}.txt").write_text(pages.PEOPLE_STYLE.replace("青山", f"青山{i}"), encoding="utf-8")
    tag = f"QINGXI_TEST_TAG_{uuid.uuid4().hex}"
    env = {**prefect_server, "QINGXI_CRASH_AT": "mid-clean", tag: "1"}
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
