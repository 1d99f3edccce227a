"""Where batches are cleaned: one Prefect task per batch (never per file: a task costs
tens of ms), each handing its batch to a local process pool or a Dask cluster
(flows/cluster.py), or running it in this process."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.errors import checked, disk_full_as_value
from flows.faults import crash_point
from flows.discover import SelectedFile
from flows.ingest import BatchJob, BatchOutcome, leave_interrupts_to_the_run, process_batch

MAX_BATCH = 1000  # files
MIN_BATCH_BYTES = 1 << 20  # less is not worth a task (about 250 text dumps)
# Less new input is cleaned in this process: starting workers (about 1.1 s) costs more.
POOL_MIN_FILES, POOL_MIN_BYTES = 1500, 8 << 20


class Sealed:
    """A batch job as a task argument Prefect does not look into: it would otherwise walk
    each of its thousand files looking for futures, on the core a worker needs. (Prefect's
    quote() does the same for in-process tasks, but reaches a Dask worker still wrapped.)"""
    __slots__ = ("value",)

    def __init__(self, value: BatchJob):
        self.value = value


# NO_CACHE: a batch is never cached, and its inputs (a pool, a thousand files) are not hashed for a key.
@task(name="clean-batch", cache_policy=NO_CACHE)
@disk_full_as_value
def clean_batch(sealed: Sealed, pool: Executor | None) -> BatchOutcome:
    job = sealed.value
    if pool is None:
        return process_batch(job)
    future = pool.submit(process_batch, job)  # the first submit starts the forkserver and workers
    crash_point("pool-started")
    return future.result()


def local_pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from a server that imported only the cleaning code: about a second to
    start, against 4-5 s for Prefect's ProcessPoolTaskRunner, whose workers import Prefect."""
    ctx = get_context("forkserver")
    ctx.set_forkserver_preload(["flows.ingest"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=leave_interrupts_to_the_run)


def plan_batches(files: list[SelectedFile], concurrent_batches: int) -> list[list[SelectedFile]]:
    """About four batches per runner slot (so a slow batch does not leave a core idle),
    balanced by bytes, not files: a WARC file holds a thousand pages, a dump one. (By file
    count, twenty WARC files made one batch and one busy core: 2.1x the dump path's time per MB.)"""
    target = max(sum(f.file.size for f in files) / (concurrent_batches * 4), MIN_BATCH_BYTES)
    batches: list[list[SelectedFile]] = [[]]
    size = 0
    for f in files:
        if batches[-1] and (size >= target or len(batches[-1]) >= MAX_BATCH):
            batches.append([])
            size = 0
        batches[-1].append(f)
        size += f.file.size
    return batches if batches[0] else []


def clean_all(jobs: list[BatchJob], workers: int, progress: Callable[[int, int, int], None],
              cluster: Executor | None = None) -> list[BatchOutcome]:
    """workers: local processes (1 = none: in this process). A single batch, or a small
    increment, is cleaned here directly, unless a cluster is given: then every batch runs there."""
    files = sum(len(j.files) for j in jobs)
    total_bytes = sum(f.file.size for j in jobs for f in j.files)
    if cluster is None and (len(jobs) == 1 or (workers > 1 and files < POOL_MIN_FILES and total_bytes < POOL_MIN_BYTES)):
        whole = replace(jobs[0], files=[f for j in jobs for f in j.files])
        outcome = checked(clean_batch(Sealed(whole), None))
        progress(1, 1, files)
        return [outcome]
    pool = cluster or (local_pool(workers) if workers > 1 else None)
    try:
        futures = [clean_batch.submit(Sealed(job), pool) for job in jobs]
        outcomes: list[BatchOutcome] = []
        for i, future in enumerate(futures, 1):
            outcomes.append(checked(future.result()))
            crash_point("mid-clean")
            progress(i, len(futures), sum(o.files for o in outcomes))
        return outcomes
    finally:
        if pool is not None and pool is not cluster:
            pool.shutdown()
