"""A scheduled run fires on a real Prefect server and writes the dataset."""
import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.dataset as ds

from tests import pages


def test_served_flow_runs_on_its_interval(tmp_path, prefect_server):
    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "site").mkdir(parents=True)
    (raw / "site" / "people.txt").write_bytes(pages.PEOPLE_STYLE.encode("gbk"))
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--raw", str(raw), "--out", str(out),
                             "--interval", "5", "--name", "qingxi-test"],
                            env=prefect_server, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    manifest = out / "_qingxi" / "manifest.json"
    try:
        deadline = time.monotonic() + 180
        while not (manifest.exists() and json.loads(manifest.read_text())["runs"]):
            assert proc.poll() is None, "qingxi serve exited"
            assert time.monotonic() < deadline, "no scheduled run completed within 180 s"
            time.sleep(1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    docs = ds.dataset(out / "documents").to_table().to_pylist()
    assert [d["source_path"] for d in docs] == ["site/people.txt"]
    assert docs[0]["title"] == pages.TITLE


def test_serve_refuses_without_a_server(tmp_path):
    (tmp_path / "raw").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "serve", "--raw", str(tmp_path / "raw"),
                           "--out", str(tmp_path / "out"), "--cron", "0 * * * *"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "prefect server start" in proc.stderr  # README's exit-status table
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
