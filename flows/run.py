"""The qingxi flow: pick the raw input not processed before, clean it in batches on all
cores (or a Dask cluster), deduplicate against the whole corpus, write the run's part
files and commit it, and report one RunStats record (log, CLI summary, Prefect artifact).

Stages and their modules: discover (what is new) -> execute/ingest (read records, clean,
stage rows) -> transforms.dedup (decisions, through flows/state) -> write (tables) ->
store (publish, commit)."""
from __future__ import annotations

import functools
import os
import re
import shutil
import time
import uuid
from concurrent.futures import Executor
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from prefect import flow, get_run_logger, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.schemas.objects import State
from prefect.futures import PrefectFuture
from prefect.states import Failed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.cluster import BATCHES_IN_FLIGHT, dask_pool
from flows.discover import SelectedFile, scan_raw, select_new
from flows.objects import is_url, scan_objects
from flows.execute import clean_all, plan_batches
from flows.ingest import DEFAULT_MAX_BYTES, BatchJob, filtered_ids
from flows.errors import ConfigError, DiskFull, QingxiError, checked, disk_full_as_value, is_disk_full
from flows.faults import crash_point
from flows.interrupt import rearm
from flows.lifecycle import plan_retirements
from flows.progress import RunProgress, interactive
from flows.readers import display_path
from flows.reprocess import check_listing_overlaps, fresh_start, listed_paths
from flows.rows import PIPELINE_VERSION
from flows.runinfo import RunKind, RunRecord, RunStats
from flows.storage.state import StoreState, staged_texts
from flows.schemas import TABLES
from flows.storage.card import write_card
from flows.storage.manifest import Manifest
from flows.storage.store import Store
from flows.storage.recovery import check_parts, recover, without_damaged
from flows.storage.space import check_space
from flows.storage.write import write_run
from transforms.quality import PRESETS, BadLimit, Preset, quality_filter
from transforms.dedup import BOILERPLATE_MIN_DOCS, deduplicate
from transforms.dedup.minhash import SIGNATURE_PARAMETERS
from transforms.page import SiteRule

WAVE_FILES = 100_000   # new files per committed run: about 1 GB at peak, however large the backlog


@dataclass(frozen=True)
class RunOptions:
    max_bytes: int
    workers: int        # local processes for cleaning (1 = in this process)
    batch_workers: int  # batches that can run at once, which sets the batch size
    site_rule: SiteRule
    min_docs: int       # template-paragraph threshold
    wave_files: int
    follow_links: bool = False  # follow links that leave the raw folder
    reprocess: bool = False     # clean every raw file again into new table versions
    retry_rejects: bool = False  # read every rejected record again
    force: bool = False         # reprocess even from a folder listing nothing the dataset holds
    quality: Preset = PRESETS["none"]  # the quality filter (transforms/quality.py)
    mask_pii: bool = False
    cluster: Executor | None = None  # a Dask cluster's executor: every batch is cleaned there


def quality_filter_of(preset: str, limits: list[str]) -> Preset:
    try:
        return quality_filter(preset, limits)
    except BadLimit as err:
        raise ConfigError(str(err)) from None


def configured_flow(workers: int | None, dask_address: str | None):
    """The flow with the task runner these options ask for, and the parameters that go with
    it (for a direct call or a scheduled deployment alike)."""
    workers = workers or os.cpu_count() or 1
    # With a cluster the flow's threads only wait for batches running there (flows/cluster.py).
    runner = _threads(BATCHES_IN_FLIGHT if dask_address else workers)
    return curate.with_options(task_runner=runner), {"workers": workers, "dask_address": dask_address}


def run_curate(raw_dir: str, out_dir: str, *, workers: int | None = None, dask_address: str | None = None,
               **options) -> RunStats:
    runnable, parameters = configured_flow(workers, dask_address)
    with tags(*run_tags(out_dir)):
        return runnable(raw_dir, out_dir, **parameters, **options)


def dataset_slug(out_dir: str) -> str:
    """The output folder's name as Prefect keys allow it (lowercase letters, digits, dashes):
    artifacts and tags are per output dataset, not one history mixing every --out."""
    return re.sub(r"[^a-z0-9]+", "-", Path(out_dir).name.lower()).strip("-") or "dataset"


def run_tags(out_dir: str) -> list[str]:
    return ["qingxi", f"qingxi-out-{dataset_slug(out_dir)}"]


def _flow_run_name() -> str:
    from prefect.runtime import flow_run

    out = flow_run.parameters.get("out_dir", "")
    reprocess = "-reprocess" if flow_run.parameters.get("reprocess") else ""
    return f"qingxi-{dataset_slug(out)}-{time.strftime('%Y%m%dT%H%M%S')}{reprocess}"


# Visible in Prefect as steps of the run; never cached (their inputs are a run's keys).
# A full disk met by a task (dedup builds sidecar indexes) comes back as a value: a raising
# task logs a traceback before the one line the run ends with.
deduplicate_task = task(name="deduplicate", cache_policy=NO_CACHE)(disk_full_as_value(deduplicate))
write_task = task(name="write-run", cache_policy=NO_CACHE)(disk_full_as_value(write_run))


def _threads(workers: int) -> TaskRunner[PrefectFuture[Any]]:
    # Prefect types ThreadPoolTaskRunner() as ThreadPoolTaskRunner[Never], which its own
    # signatures refuse: the cast says what it is.
    return cast("TaskRunner[PrefectFuture[Any]]", ThreadPoolTaskRunner(max_workers=workers))


@flow(name="qingxi-run", flow_run_name=_flow_run_name, task_runner=_threads(os.cpu_count() or 1))
def curate(raw_dir: str, out_dir: str, max_bytes: int = DEFAULT_MAX_BYTES, workers: int = os.cpu_count() or 1,
           site_rule: str = "page", boilerplate_min_docs: int = BOILERPLATE_MIN_DOCS,
           acquire_lock: bool = True, lock_wait_seconds: float = 0.0, dask_address: str | None = None,
           wave_files: int = WAVE_FILES, follow_links: bool = False, reprocess: bool = False,
           retry_rejects: bool = False, force: bool = False, quality_filter: str = "none",
           quality_limits: list[str] | None = None, mask_pii: bool = False) -> RunStats | State:
    """workers: cleaning processes on this machine (all cores by default).
    dask_address: clean the batches on this Dask cluster instead (tcp://host:8786).
    wave_files: the most new files committed as one run (see _run).
    follow_links: read files that links in the raw folder point to outside it (else: outside_raw rejects).
    reprocess: clean every raw file again with these settings; the new rows replace the old
    ones at the commit, rows of files no longer listed are kept (flows/reprocess.py).
    force: reprocess even when the raw folder lists none of the files the dataset holds.
    retry_rejects: read every rejected record again (transient failures always are); each
    new row replaces the old reject at the commit.
    quality_filter, quality_limits: a filter preset and limits over it ("spam_score=6"):
    documents past a limit are moved out with a `removed` row (transforms/quality.py).
    mask_pii: replace personal data in paragraph text with typed placeholders.
    Returns the run's RunStats, or a Failed state carrying the QingxiError that stopped it
    (calling the flow raises that error again: the CLI prints it as one line)."""
    rearm()  # the CLI's quick exit on SIGTERM, in front of Prefect's unwinding
    logger = get_run_logger()
    started = time.perf_counter()
    store = Store(Path(out_dir))
    locked = False
    try:
        options = RunOptions(max_bytes, workers, workers, SiteRule(site_rule), boilerplate_min_docs,
                             wave_files, follow_links, reprocess, retry_rejects, force,
                             quality_filter_of(quality_filter, quality_limits or []), mask_pii)
        if acquire_lock:
            store.lock(lock_wait_seconds)
            locked = True
        with dask_pool(dask_address) if dask_address else nullcontext() as cluster:
            if cluster is not None:
                options = replace(options, workers=1, batch_workers=cluster.threads, cluster=cluster.executor)
            return _run(store, raw_dir, options, started, logger)
    except QingxiError as err:
        # A failure qingxi explains in one line (a full disk, state it cannot use) ends the
        # run in Failed with that line, not with a traceback in the run's log.
        return Failed(message=str(err), data=err)
    finally:
        if locked:
            store.unlock()


def _run(store: Store, raw: str, options: RunOptions, started: float, logger) -> RunStats:
    """More than wave_files new files are committed as several runs of wave_files each (in
    path order), each deduplicated against the ones before it: memory follows the wave,
    not the backlog."""
    manifest = store.manifest()
    manifest.check_parameters(SIGNATURE_PARAMETERS)
    leftovers = recover(store, manifest)
    if leftovers:
        logger.warning("removed %d part files of a run that did not commit", leftovers)
    store.ensure_layout(manifest)
    if manifest.pipeline_version not in (None, PIPELINE_VERSION) and not options.reprocess:
        logger.warning("the stored data was cleaned by qingxi %s, this is %s: `qingxi run --reprocess` cleans it "
                       "again with the current rules", manifest.pipeline_version, PIPELINE_VERSION)
    if not options.reprocess:
        check_parts(store, manifest)
    files = scan_objects(raw) if is_url(raw) else scan_raw(Path(raw), options.follow_links)
    if options.reprocess:
        manifest, damaged = without_damaged(store, manifest)
        for name, path, why in damaged:  # the listed raw files are cleaned again; the rest of it is lost
            logger.warning("%s (%s) is damaged (%s): its rows are not carried over", path, name, why)
        listed = listed_paths(files)
        if not options.force:
            check_listing_overlaps(store, manifest, listed, raw)
        manifest = fresh_start(store, manifest, listed)
    new, gone = select_new(store, manifest, files, options.retry_rejects)
    logger.info("%d raw files, %d new", len(files), len(new))
    earlier = next((r.raw_dir for r in reversed(manifest.runs) if r.kind is RunKind.RUN), None)
    if earlier and earlier != raw:
        logger.warning("--raw is %s, the last run read %s: files are matched by their path inside the raw folder, "
                       "%d of the %d listed here were read before", raw, earlier, len(files) - len(new), len(files))
    if gone and (earlier != raw or not files):
        # Another folder, or one that lists nothing (an unmounted disk), says nothing about
        # what was deleted from the folder read before.
        logger.warning("%d stored documents' raw files are not in %s: not marked deleted, as this is not the folder "
                       "the last run read or it is empty", len(gone), raw)
        gone = frozenset()
    check_space(store, sum(f.file.size for f in new), manifest)
    size = options.wave_files
    waves = [new[i : i + size] for i in range(0, len(new), size)] or [[]]
    totals: list[RunStats] = []
    with RunProgress(logger, bar=interactive(logger)) as progress, _disk_full_cleanup(store):
        for number, wave in enumerate(waves, 1):
            marks = {"start": started, "list": time.perf_counter()} if number == 1 else {"start": time.perf_counter()}
            stats = RunStats(run_id=datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6], seq=manifest.next_seq,
                             files_seen=len(files), files_new=len(wave), files_unchanged=len(files) - len(new))
            _run_wave(store, manifest, raw, wave, options, logger, marks, stats, progress, gone if number == 1 else frozenset())
            if len(waves) > 1:
                logger.info("wave %d/%d committed as run %s: %s", number, len(waves), stats.run_id, stats.summary())
            totals.append(stats)
    total = functools.reduce(RunStats.absorb, totals)
    total.seconds = time.perf_counter() - started
    logger.info(total.summary())
    slug = dataset_slug(str(store.root))
    create_table_artifact(key=f"qingxi-{slug}-stats", table=total.rows(), description=f"qingxi run {total.run_id} on {store.root}")
    create_markdown_artifact(key=f"qingxi-{slug}-summary", markdown=_summary_markdown(store, total),
                             description=f"qingxi run {total.run_id} on {store.root}")
    return total


@contextmanager
def _disk_full_cleanup(store: Store):
    """A full disk mid-run: what this run wrote but did not commit is removed now (not at
    the next start), so the space is back, and the error is one line."""
    try:
        yield
    except Exception as err:
        if not is_disk_full(err):
            raise
        recover(store, store.manifest())
        raise DiskFull(f"no space left on the device holding {store.root} while writing this run; nothing of it "
                       "was committed and its files are removed: free some space and run again") from None


def _summary_markdown(store: Store, stats: RunStats) -> str:
    """Table sizes from the Parquet footers: this runs after every run, and must not read
    the dataset's columns to say how big it is."""
    manifest = store.manifest()
    sizes = " | ".join(f"{name} {store.row_count(name, manifest):,}" for name in TABLES)
    return f"**qingxi run {stats.run_id}** into `{store.root}`\n\n{stats.summary()}\n\nDataset now: {sizes} rows."


def _run_wave(store: Store, manifest: Manifest, raw: str, new: list[SelectedFile], options: RunOptions, logger,
              marks: dict[str, float], stats: RunStats, progress: RunProgress, gone: frozenset[str]) -> None:
    """Clean, deduplicate, write and commit one run, filling in its stats."""
    def mark(stage: str) -> None:
        marks[stage] = time.perf_counter()

    outcomes = []
    if new:
        stage_dir = store.staging(stats.run_id)
        jobs = [BatchJob(raw, batch, options.max_bytes, str(stage_dir), number, stats.run_id, options.site_rule,
                         options.quality, options.mask_pii)
                for number, batch in enumerate(plan_batches(new, options.batch_workers))]
        outcomes = clean_all(jobs, options.workers, progress.cleaning(len(new)), options.cluster)
    mark("clean")
    dedup_progress = progress.dedup(sum(len(o.keys.doc_ids) for o in outcomes)) if outcomes else None
    retirements = plan_retirements(store, manifest, [o.keys for o in outcomes], gone, datetime.now(UTC).replace(microsecond=0))

    # quote(): Prefect would otherwise walk every element of these arguments looking for
    # futures (py-spy: 4 s of the main process's CPU in a 20,000-page run, on a core the
    # workers need).
    decisions = checked(deduplicate_task(quote([o.keys for o in outcomes]), stats.seq, quote(StoreState(store, manifest)),
                                 quote(staged_texts([o.staged["dedup_texts"] for o in outcomes])), options.min_docs,
                                 quote(dedup_progress), quote(retirements.retired), quote(retirements.seniority),
                                 quote(filtered_ids(outcomes))))
    mark("dedup")
    retried = frozenset((display_path(f.file.path), record) for f in new for record in f.retried)
    parts = checked(write_task(quote(store), quote(manifest), quote(stats), quote(outcomes), quote(decisions), quote(retried),
                               quote(retirements)))
    mark("write")
    for o in outcomes:
        stats.raw_bytes += o.raw_bytes
        stats.records_unchanged += o.records_unchanged
        stats.rejects_by_reason.update(o.rejects)
        stats.dropped_lines_by_reason.update(o.dropped_lines)
    stats.rejects = sum(stats.rejects_by_reason.values())
    stats.seconds = time.perf_counter() - marks["start"]
    names = list(marks)
    stats.stage_seconds = {b: marks[b] - marks[a] for a, b in zip(names, names[1:])}
    manifest.runs.append(RunRecord(stats.run_id, stats.seq, RunKind.RUN, parts=parts, raw_dir=raw,
                                   pipeline_version=PIPELINE_VERSION, stats=stats.to_dict()))
    manifest.parameters = dict(SIGNATURE_PARAMETERS)
    manifest.pipeline_version = PIPELINE_VERSION
    store.commit(manifest)  # the run exists from here on
    crash_point("after-commit")
    store.ensure_layout(manifest)  # after a reprocess: the tables' links move to the new versions
    write_card(store.root, manifest)
    if new:
        shutil.rmtree(stage_dir, ignore_errors=True)
