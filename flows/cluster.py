"""Batches on a Dask cluster (`--dask-address`) as plain function calls.

The flow's own Prefect task for each batch submits it to the cluster and waits for it, so
the batch task runs are recorded in the flow's server and the workers never talk to
Prefect. (Prefect's DaskTaskRunner ran the task itself in the worker: with no
PREFECT_API_URL each worker process started a temporary server of its own, which nobody
saw and one of which outlived its worker.) A worker that dies mid-batch costs a retry:
the scheduler gives the batch to another worker (Dask's `allowed-failures`, 3 by default),
and the batch's staging files are replaced whole (flows/ingest.py)."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from flows.errors import ConfigError

CONNECT_SECONDS = 10
# Prefect threads that each wait on one batch running on the cluster: batches beyond this
# wait for a thread, not for a worker. A waiting thread costs nothing but its stack.
BATCHES_IN_FLIGHT = 128


@dataclass(frozen=True)
class DaskPool:
    executor: Executor
    threads: int  # the cluster's worker threads when the run started: sets the batch size


def scheduler_problem(address: str) -> str | None:
    """Why the scheduler cannot be used, checked with one TCP connection before the run
    starts Prefect (a temporary server costs seconds); None if it answers."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or parts.port is None:
        return f"--dask-address {address} is not a scheduler address like tcp://host:8786"
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=CONNECT_SECONDS).close()
    except OSError as err:
        return f"cannot reach the Dask scheduler at {address}: {err.strerror or err}"
    return None


@contextmanager
def dask_pool(address: str) -> Iterator[DaskPool]:
    """A connection to the scheduler for one run, closed at its end (the cluster goes on)."""
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--dask-address needs Dask's distributed package: pip install 'qingxi[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    try:
        threads = sum(client.nthreads().values())
        if not threads:
            raise ConfigError(f"the Dask scheduler at {address} has no workers: start some with "
                              f"`dask worker {address}`")
        # pure=False: a batch's key is random, not a hash of its thousand files.
        yield DaskPool(client.get_executor(pure=False), threads)
    finally:
        client.close()
