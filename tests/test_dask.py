"""Scale-out as users deploy it: `dask scheduler` and `dask worker` started as separate
processes, one worker killed mid-run. The tables equal a one-machine run's, the workers
never start a Prefect server of their own, and no process outlives the cluster."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from bench.corpus import generate
from bench.run import free_port

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

DASK = Path(sys.executable).parent / "dask"
TABLES = (("documents", ["source_path"]), ("paragraphs", ["doc_id", "para_index"]),
          ("rejects", ["source_path"]), ("removed", ["rule", "doc_id", "para_hash"]))


def rows(out, table, key):
    data = ds.dataset(out / table, format="parquet").to_table().to_pylist()
    return sorted(({k: v for k, v in r.items() if k != "run_id"} for r in data), key=lambda r: tuple(str(r[k]) for k in key))


class Cluster:
    """A scheduler and workers as `dask` commands, each in its own process group (a worker
    is a nanny and the worker process it starts)."""

    def __init__(self, folder: Path, workers: int):
        self.folder = folder
        self.address = f"tcp://127.0.0.1:{free_port()}"
        # What a user's shell has: no PREFECT_API_URL, so a Prefect client in a worker would
        # start a temporary server (and log that it did).
        self.env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        self.env["PREFECT_HOME"] = str(folder / "worker-prefect-home")
        self.scheduler = self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1],
                                                   "--no-dashboard"])
        self.workers = {f"w{i}": self._start(f"w{i}", ["worker", self.address, "--name", f"w{i}", "--nthreads", "1",
                                                       "--no-dashboard", "--host", "127.0.0.1"])
                        for i in range(workers)}

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")
        return subprocess.Popen([str(DASK), *args], stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                start_new_session=True)

    def processes(self) -> set[int]:
        pids = set()
        for proc in [self.scheduler, *self.workers.values()]:
            try:
                pids |= {proc.pid} | {c.pid for c in psutil.Process(proc.pid).children(recursive=True)}
            except psutil.NoSuchProcess:
                pass
        return pids

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        """As a user stops them: SIGTERM to each command (Ctrl-C or systemd), then wait."""
        for proc in [*self.workers.values(), self.scheduler]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in [*self.workers.values(), self.scheduler]:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def alive(pids: set[int]) -> set[int]:
    def running(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False
    return {pid for pid in pids if running(pid)}


def kill_when_busy(client, cluster: Cluster, killed: list[str], seen: set[int], stop: threading.Event) -> None:
    """SIGKILL the first worker the scheduler says is running a batch (its nanny and worker
    process, as `kill -9` of its group or a lost machine); meanwhile note every process of
    the cluster, so one started and left behind is found at the end."""
    while not stop.is_set():
        seen |= cluster.processes()
        if not killed:
            workers = client.scheduler_info(n_workers=-1)["workers"]
            for address, keys in client.processing().items():
                name = workers.get(address, {}).get("name")
                if keys and name in cluster.workers and not killed:
                    os.killpg(cluster.workers[name].pid, signal.SIGKILL)
                    killed.append(name)
        time.sleep(0.005)


def test_separate_scheduler_and_workers_survive_a_killed_worker_and_leave_nothing_running(tmp_path, prefect_harness):
    from flows.run import run_curate

    raw, files = tmp_path / "raw", 300
    generate(raw, files, seed=5, min_chars=200, max_chars=900)
    one_machine, on_cluster = tmp_path / "one-machine", tmp_path / "cluster"
    run_curate(str(raw), str(one_machine), workers=2)

    cluster = Cluster(tmp_path, workers=2)
    seen: set[int] = set()
    try:
        client = distributed.Client(cluster.address, timeout=60, set_as_default=False)
        client.wait_for_workers(2, timeout=120)
        assert len(cluster.processes()) >= 5  # the scheduler, and a nanny and a worker process per worker
        killed: list[str] = []
        stop = threading.Event()
        watcher = threading.Thread(target=kill_when_busy, args=(client, cluster, killed, seen, stop), daemon=True)
        watcher.start()
        # As a user runs it: the CLI with no PREFECT_API_URL, so the flow starts a temporary
        # Prefect server, and a worker that needed Prefect would start one of its own.
        flow_env = {**cluster.env, "PREFECT_HOME": str(tmp_path / "flow-prefect-home"),
                    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
        done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(on_cluster),
                               "--dask-address", cluster.address], env=flow_env, capture_output=True, text=True,
                              timeout=600, cwd=Path(__file__).resolve().parents[1])
        stop.set()
        watcher.join()
        client.close()
        assert done.returncode == 0, done.stderr[-3000:]
        assert f"({files} new," in done.stdout, done.stdout
        assert killed, "the worker was never seen running a batch"
        assert cluster.workers[killed[0]].wait(timeout=10) == -signal.SIGKILL  # and the other worker cleaned its batch
        for table, key in TABLES:
            assert rows(on_cluster, table, key) == rows(one_machine, table, key), table
        for name in ("w0", "w1", "scheduler"):  # the workers ran plain functions: no Prefect server anywhere
            assert "temporary server" not in cluster.log(name).lower(), cluster.log(name)[-2000:]
        assert not (tmp_path / "worker-prefect-home").exists()
    finally:
        cluster.stop()
    assert len(seen) >= 5
    assert alive(seen | cluster.processes()) == set()


@pytest.mark.parametrize("address", ["closed-port", "tcp://127.0.0.1", "http:/nowhere"])
def test_a_scheduler_that_cannot_be_used_is_one_line_before_anything_starts(tmp_path, address):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("正文。" * 40, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(tmp_path / "out"),
                           "--dask-address", f"tcp://127.0.0.1:{free_port()}" if address == "closed-port" else address],
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.count("\n") == 1, done.stderr
    assert "cannot reach the Dask scheduler" in done.stderr or "is not a scheduler address" in done.stderr
    assert not (tmp_path / "out").exists()  # refused before the output folder or Prefect was touched
