import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# A project-local Prefect home: tests never touch the user's profile or database.
(ROOT / ".prefect").mkdir(exist_ok=True)
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect" / "test-home"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session, only for tests that run flows."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on loopback (SQLite), for subprocess runs and schedules."""
    import signal
    import subprocess

    from bench.run import start_server

    home = tmp_path_factory.mktemp("prefect-server-home")
    proc, url = start_server(home)
    yield {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
