"""The qingxi flow: pick the raw files not processed before, clean them in batches on all
cores (or a Dask cluster), deduplicate against the whole corpus, write the run's part
files and commit it, and report one RunStats record (log, CLI summary, Prefect artifact)."""
from __future__ import annotations

import math
import shutil
import os
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest import DEFAULT_MAX_BYTES, BatchOutcome, RawFile, process_batch, raw_digest
from flows.schemas import REMOVED, ROW_GROUP_ROWS, SCHEMAS
from flows.store import Manifest, Store
from transforms.dedup import (BOILERPLATE_MIN_DOCS, NEAR_MIN_JACCARD, DocKey, Duplicate, boilerplate_keys,
                             exact_duplicates, is_near_duplicate, para_keys, resolve_near)
from transforms.minhash import dedup_text, shingle_set, similarity

MAX_BUCKET = 64            # LSH bucket size cap: beyond it a band is template, not signal
SHINGLE_CACHE = 4000        # shingle sets held at once while verifying candidate pairs (~100 MB)
ESTIMATE_MARGIN = 0.10      # 2.5 std of the 128-permutation MinHash estimate below the Jaccard floor
MIN_BATCH, MAX_BATCH = 250, 1000
WAVE_FILES = 100_000   # new files per committed run: about 1 GB at peak, however large the backlog
POOL_MIN_FILES = 1500  # fewer new files are cleaned in this process: starting workers (about 1.1 s) costs more


@dataclass
class RunStats:
    run_id: str
    seq: int = 0
    files_seen: int = 0
    files_new: int = 0
    files_unchanged: int = 0
    documents: int = 0
    kept_documents: int = 0
    duplicates: int = 0
    paragraphs: int = 0
    rejects: int = 0
    raw_bytes: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    rejects_by_reason: Counter = field(default_factory=Counter)
    removed_by_rule: Counter = field(default_factory=Counter)
    dropped_lines_by_reason: Counter = field(default_factory=Counter)

    @property
    def mb_per_s(self) -> float:
        return self.raw_bytes / 1e6 / self.seconds if self.seconds else 0.0

    def rows(self) -> list[dict]:
        """One row per figure: the Prefect table artifact and `qingxi status` use these."""
        out = [{"figure": k, "value": v} for k, v in (
            ("files seen", self.files_seen), ("new files", self.files_new),
            ("already processed", self.files_unchanged), ("documents", self.documents),
            ("kept documents", self.kept_documents), ("duplicates", self.duplicates),
            ("paragraphs", self.paragraphs), ("rejects", self.rejects),
            ("raw MB (new)", round(self.raw_bytes / 1e6, 3)), ("seconds", round(self.seconds, 2)),
            ("MB/s", round(self.mb_per_s, 2)))]
        out += [{"figure": f"seconds: {k}", "value": round(v, 2)} for k, v in self.stage_seconds.items()]
        out += [{"figure": f"removed: {k}", "value": v} for k, v in sorted(self.removed_by_rule.items())]
        out += [{"figure": f"rejects: {k}", "value": v} for k, v in sorted(self.rejects_by_reason.items())]
        out += [{"figure": f"lines dropped: {k}", "value": v} for k, v in self.dropped_lines_by_reason.most_common()]
        return out

    def absorb(self, wave: RunStats) -> RunStats:
        """Fold in the figures of a later wave of the same run (see _run)."""
        for name in ("files_new", "documents", "kept_documents", "duplicates", "paragraphs", "rejects", "raw_bytes"):
            setattr(self, name, getattr(self, name) + getattr(wave, name))
        for stage, seconds in wave.stage_seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds
        self.rejects_by_reason += wave.rejects_by_reason
        self.removed_by_rule += wave.removed_by_rule
        self.dropped_lines_by_reason += wave.dropped_lines_by_reason
        self.run_id = f"{self.run_id.split('..')[0]}..{wave.run_id}"
        return self

    def summary(self) -> str:
        rejects = ", ".join(f"{k} {v}" for k, v in sorted(self.rejects_by_reason.items())) or "none"
        removed = ", ".join(f"{k} {v}" for k, v in sorted(self.removed_by_rule.items())) or "none"
        return (
            f"{self.files_seen} files ({self.files_new} new, {self.files_unchanged} already processed): "
            f"{self.documents} documents ({self.kept_documents} kept, {self.duplicates} duplicates), "
            f"{self.paragraphs} paragraphs, {self.rejects} rejects [{rejects}], removed [{removed}]; "
            f"{self.raw_bytes / 1e6:.2f} MB in {self.seconds:.2f} s = {self.mb_per_s:.2f} MB/s"
        )


# -- which files are new ----------------------------------------------------------------------

def scan_raw(raw_dir: Path) -> list[RawFile]:
    """Every regular file under raw/, sorted by '/'-separated path. Hidden files (crawler
    state, partial downloads) and the folder's own top-level README are not scrapes.
    Symlinked folders are not followed (a crawl mirror can loop). scandir and plain strings:
    a re-run lists every file, and this is 2.5x faster than os.walk with Path objects."""
    out: list[RawFile] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                elif entry.is_file() and (prefix or not entry.name.upper().startswith("README")):
                    st = entry.stat()
                    out.append(RawFile(prefix + entry.name, st.st_size, st.st_mtime_ns))

    walk(str(raw_dir), "")
    return sorted(out, key=lambda f: f.path)


def select_new(store: Store, manifest: Manifest, raw_dir: Path, files: list[RawFile], max_bytes: int) -> list[RawFile]:
    """Files never processed at this path with these bytes. Unchanged size and mtime skip
    the hashing; a touched file whose bytes are the same is not processed again."""
    seen_stat: set[tuple[str, int, int]] = set()
    seen_hash: set[tuple[str, str]] = set()
    for table in ("documents", "rejects"):
        for batch in store.scan(table, manifest, ["source_path", "raw_bytes", "raw_mtime_ns", "raw_sha256"]):
            for path, size, mtime, sha in zip(*(batch.column(i).to_pylist() for i in range(4))):
                seen_stat.add((path, size, mtime))
                seen_hash.add((path, sha))
    if not seen_stat:
        return files
    known_paths = {p for p, _ in seen_hash}
    new = []
    for f in files:
        if (f.path, f.size, f.mtime_ns) in seen_stat:
            continue
        if f.path in known_paths and (f.path, raw_digest(raw_dir / f.path, f.size, max_bytes)) in seen_hash:
            continue
        new.append(f)
    return new


# -- the flow ---------------------------------------------------------------------------------

_LOCAL_POOL: ProcessPoolExecutor | None = None


@task(name="clean-batch")
def clean_batch(raw_dir: str, files: list[RawFile], max_bytes: int, stage_dir: str, batch_no: int,
                run_id: str, site_rule: str) -> BatchOutcome:
    """One task per batch of files, never per file: Prefect's per-task overhead is tens of ms.
    On this machine the work goes to the local process pool; on Dask it runs in the worker."""
    args = (raw_dir, files, max_bytes, stage_dir, batch_no, run_id, site_rule)
    if _LOCAL_POOL is not None:
        return _LOCAL_POOL.submit(process_batch, *args).result()
    return process_batch(*args)


def _start_local_pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from a server that imported only the cleaning code: about a second to
    start, against 4-5 s for Prefect's ProcessPoolTaskRunner, whose workers import Prefect."""
    ctx = get_context("forkserver")
    ctx.set_forkserver_preload(["flows.ingest"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def configured_flow(workers: int | None, dask_address: str | None):
    """The flow with the task runner these options ask for, and the parameters that go with
    it (for a direct call or a scheduled deployment alike)."""
    workers = workers or os.cpu_count() or 1
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = ThreadPoolTaskRunner(max_workers=workers)
    return curate.with_options(task_runner=runner), {"workers": workers, "local_pool": not dask_address}


def run_curate(raw_dir: str, out_dir: str, *, workers: int | None = None, dask_address: str | None = None,
               **options) -> RunStats:
    runnable, parameters = configured_flow(workers, dask_address)
    return runnable(raw_dir, out_dir, **parameters, **options)


@flow(name="qingxi-run", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def curate(raw_dir: str, out_dir: str, max_bytes: int = DEFAULT_MAX_BYTES, workers: int = os.cpu_count() or 1,
           site_rule: str = "page", boilerplate_min_docs: int = BOILERPLATE_MIN_DOCS,
           acquire_lock: bool = True, lock_wait_seconds: float = 0.0, local_pool: bool = True,
           wave_files: int = WAVE_FILES) -> RunStats:
    """local_pool: clean batches in a process pool on this machine (both cores by default);
    False when the task runner is a Dask cluster, which brings its own workers.
    wave_files: the most new files committed as one run (see _run)."""
    logger = get_run_logger()
    started = time.perf_counter()
    store = Store(Path(out_dir))
    if acquire_lock:
        store.lock(lock_wait_seconds)
    options = _Options(max_bytes, workers if local_pool else 1, workers, site_rule, boilerplate_min_docs, wave_files)
    try:
        return _run(store, Path(raw_dir), options, started, logger)
    finally:
        if acquire_lock:
            store.unlock()


@dataclass(frozen=True)
class _Options:
    max_bytes: int
    workers: int        # local processes for cleaning (1 = in this process)
    batch_workers: int  # batches that can run at once, which sets the batch size
    site_rule: str
    min_docs: int       # template-paragraph threshold
    wave_files: int


def _run(store: Store, raw: Path, options: _Options, started: float, logger) -> RunStats:
    """More than wave_files new files are committed as several runs of wave_files each (in
    path order), each deduplicated against the ones before it: memory follows the wave,
    not the backlog."""
    manifest = store.manifest()
    leftovers = store.recover(manifest)
    if leftovers:
        logger.warning("removed %d part files of a run that did not commit", leftovers)
    store.ensure_layout(manifest)
    files = scan_raw(raw)
    new = select_new(store, manifest, raw, files, options.max_bytes)
    logger.info("%d raw files, %d new", len(files), len(new))
    size = options.wave_files
    waves = [new[i : i + size] for i in range(0, len(new), size)] or [[]]
    total: RunStats | None = None
    for number, wave in enumerate(waves, 1):
        marks = {"start": started, "list": time.perf_counter()} if number == 1 else {"start": time.perf_counter()}
        stats = RunStats(run_id=time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6], seq=manifest.next_seq,
                         files_seen=len(files), files_new=len(wave), files_unchanged=len(files) - len(new))
        _run_wave(store, manifest, raw, wave, options, logger, marks, stats)
        if len(waves) > 1:
            logger.info("wave %d/%d committed as run %s: %s", number, len(waves), stats.run_id, stats.summary())
        total = stats if total is None else total.absorb(stats)
    total.seconds = time.perf_counter() - started
    logger.info(total.summary())
    create_table_artifact(key="qingxi-run-stats", table=total.rows(), description=f"qingxi run {total.run_id}")
    create_markdown_artifact(key="qingxi-run-summary", markdown=f"**qingxi run {total.run_id}**\n\n{total.summary()}")
    return total


def _run_wave(store: Store, manifest: Manifest, raw: Path, new: list[RawFile], options: _Options, logger,
              marks: dict[str, float], stats: RunStats) -> None:
    """Clean, deduplicate, write and commit one run, filling in its stats."""
    def mark(stage: str) -> None:
        marks[stage] = time.perf_counter()

    seq, run_id = stats.seq, stats.run_id
    workers = options.workers
    outcomes: list[BatchOutcome] = []
    global _LOCAL_POOL
    if new:
        stage_dir = store.staging(run_id)
        size = max(MIN_BATCH, min(MAX_BATCH, math.ceil(len(new) / (options.batch_workers * 4))))
        batches = [new[i : i + size] for i in range(0, len(new), size)]
        task_args = (options.max_bytes, str(stage_dir))
        if len(batches) == 1 or (workers > 1 and len(new) < POOL_MIN_FILES):
            outcomes.append(clean_batch(str(raw), new, *task_args, 0, run_id, options.site_rule))
        else:
            _LOCAL_POOL = _start_local_pool(workers) if workers > 1 else None
            try:
                futures = [clean_batch.submit(str(raw), b, *task_args, i, run_id, options.site_rule)
                           for i, b in enumerate(batches)]
                for i, fut in enumerate(futures, 1):
                    outcomes.append(fut.result())
                    logger.info("cleaned batch %d/%d (%d files)", i, len(futures), sum(o.files for o in outcomes))
            finally:
                if _LOCAL_POOL is not None:
                    _LOCAL_POOL.shutdown()
                    _LOCAL_POOL = None
    mark("clean")

    decisions = deduplicate(store, manifest, seq, outcomes, options.min_docs)
    mark("dedup")
    parts = write_run(store, manifest, seq, run_id, outcomes, decisions, stats)
    manifest.runs.append({"run_id": run_id, "seq": seq, "kind": "run", "raw_dir": str(raw),
                          "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "parts": parts, "stats": {}})
    mark("write")
    for o in outcomes:
        stats.raw_bytes += o.raw_bytes
        stats.rejects_by_reason.update(o.rejects)
        stats.dropped_lines_by_reason.update(o.dropped_lines)
    stats.rejects = sum(stats.rejects_by_reason.values())
    stats.seconds = time.perf_counter() - marks["start"]
    names = list(marks)
    stats.stage_seconds = {b: marks[b] - marks[a] for a, b in zip(names, names[1:])}
    manifest.runs[-1]["stats"] = {r["figure"]: r["value"] for r in stats.rows()}
    store.commit(manifest)  # the run exists from here on
    if new:
        shutil.rmtree(stage_dir, ignore_errors=True)


# -- deduplication against the whole corpus ---------------------------------------------------

@dataclass
class Decisions:
    duplicates: dict[str, Duplicate] = field(default_factory=dict)
    boilerplate: set[tuple[str, str]] = field(default_factory=set)
    first_doc: pa.Table = field(default_factory=lambda: pa.table({"hash": pa.array([], pa.string()),
                                                                  "doc": pa.array([], pa.string())}))
    site_of: dict[str, str] = field(default_factory=dict)    # new doc_id -> site
    path_of: dict[str, str] = field(default_factory=dict)

    @property
    def duplicate_ids(self) -> pa.Array:
        return pa.array(list(self.duplicates), pa.string())


def deduplicate(store: Store, manifest: Manifest, seq: int, outcomes: list[BatchOutcome], min_docs: int) -> Decisions:
    """Documents are handled as integer rows (new ones first, in source_path order, then
    earlier-run documents as candidates turn them up) so that pairs, counts and first
    occurrences are Arrow/numpy columns, not Python objects per paragraph or per pair."""
    dec = Decisions()
    ids = [d for o in outcomes for d in o.doc_ids]
    if not ids:
        return dec
    paths = [p for o in outcomes for p in o.source_paths]
    hashes = [h for o in outcomes for h in o.content_hashes]
    dec.site_of = dict(zip(ids, (s for o in outcomes for s in o.sites)))
    dec.path_of = dict(zip(ids, paths))
    order = {d: (seq, p) for d, p in zip(ids, paths)}

    # Exact: identical cleaned text, here or in any earlier run.
    kept_before = {}
    wanted = pa.array(sorted(set(hashes)))
    for batch in store.scan("documents", manifest, ["content_hash", "doc_id", "duplicate_of"],
                            filter=pc.field("content_hash").isin(wanted) & pc.field("duplicate_of").is_null()):
        kept_before.update(zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()))
    dec.duplicates = exact_duplicates([DocKey(d, order[d], h) for d, h in zip(ids, hashes)], kept_before)

    # Near: LSH candidates (same band key), MinHash estimate, then actual shingle similarity.
    alive = np.array([d not in dec.duplicates for d in ids])
    docs = _DocRows(ids, np.concatenate([o.minhash for o in outcomes]))
    bands = np.concatenate([o.bands for o in outcomes])
    likely = _likely_pairs(store, manifest, docs, bands, alive, order)
    verified = _verify(store, manifest, outcomes, docs, {(docs.ids[a], docs.ids[b]) for a, b in likely})
    near = resolve_near(verified, order, set(ids))
    for doc, dup in near.items():
        dec.duplicates[doc] = dup
    for doc, dup in list(dec.duplicates.items()):  # an exact copy of a near duplicate: point at the root
        if dup.method == "exact" and dup.duplicate_of in near:
            root = near[dup.duplicate_of]
            dec.duplicates[doc] = Duplicate(doc, root.duplicate_of, "near", root.similarity)
    _paragraph_decisions(store, manifest, dec, outcomes, ids, min_docs)
    return dec


class _DocRows:
    """doc_id <-> row number, each row's MinHash signature, and for documents of earlier
    runs, where their state row is (file, row number)."""

    def __init__(self, ids: list[str], minhash: np.ndarray):
        self.ids = list(ids)
        self.row = {d: i for i, d in enumerate(ids)}
        self.where: dict[str, tuple[Path, int]] = {}
        self._matrix = minhash
        self._rows = len(ids)

    def add(self, doc: str, sig: np.ndarray, where: tuple[Path, int]) -> int:
        if doc not in self.row:
            if self._rows == len(self._matrix):  # grow by doubling: adding is amortised O(1)
                grown = np.empty((max(2 * self._rows, 1024), self._matrix.shape[1]), np.uint32)
                grown[: self._rows] = self._matrix[: self._rows]
                self._matrix = grown
            self._matrix[self._rows] = sig
            self.row[doc] = self._rows
            self.ids.append(doc)
            self.where[doc] = where
            self._rows += 1
        return self.row[doc]

    def matrix(self) -> np.ndarray:
        return self._matrix[: self._rows]


def _likely_pairs(store: Store, manifest: Manifest, docs: _DocRows, bands: np.ndarray, alive: np.ndarray,
                  order: dict) -> set[tuple[int, int]]:
    """Row pairs sharing a band whose MinHash estimate is near the Jaccard floor or above
    (the estimate's std at 128 permutations is about 0.04, the floor 0.4)."""
    live = np.flatnonzero(alive).astype(np.int64)
    if not len(live):
        return set()
    # Within this run, one band at a time (memory stays at one column of keys): buckets of
    # 2..MAX_BUCKET documents.
    within = [_bucket_pairs(bands[live, band], live) for band in range(bands.shape[1])]
    candidates = [_estimate_filter(docs, np.concatenate(within))]
    # Against every earlier run, one state part at a time. Buckets are capped as above, over
    # their whole population: a band key shared by thousands of documents is a stock phrase
    # (习近平新时代中国特色社会主义思想...), not evidence of a reprint.
    if manifest.parts("signatures"):
        keys, rows = bands[live].reshape(-1), np.repeat(live, bands.shape[1])
        new_keys = pa.table({"key": pa.array(keys, pa.uint64()), "doc": pa.array(rows, pa.int64())})
        key_set = _keys_within_cap(store, manifest, keys)
        for path, offset, batch in _state_batches(store, manifest, ["doc_id", "seq", "source_path", "bands", "minhash"]) if len(key_set) else ():
            flat = pc.list_flatten(batch.column("bands"))
            hit = pc.is_in(flat, key_set)
            if not pc.any(hit).as_py():
                continue
            parents = pc.list_parent_indices(batch.column("bands")).filter(hit).to_numpy()
            hit_rows = np.unique(parents)
            hit_batch = batch.take(pa.array(hit_rows))
            sigs = np.asarray(pc.list_flatten(hit_batch.column("minhash")).to_numpy(), dtype=np.uint32).reshape(len(hit_rows), -1)
            global_row = np.empty(len(batch), dtype=np.int64)
            for i, doc, sig, s, source in zip(hit_rows.tolist(), hit_batch.column("doc_id").to_pylist(), sigs,
                                               hit_batch.column("seq").to_pylist(), hit_batch.column("source_path").to_pylist()):
                global_row[i] = docs.add(doc, sig, (path, offset + i))
                order.setdefault(doc, (s, source))
            old = pa.table({"key": flat.filter(hit), "old": pa.array(global_row[parents], pa.int64())})
            joined = old.join(new_keys, "key")
            candidates.append(_estimate_filter(docs, _pack(joined.column("old").to_numpy(), joined.column("doc").to_numpy())))
    pairs = np.concatenate(candidates)
    return set(zip((pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist()))


def _state_batches(store: Store, manifest: Manifest, columns: list[str]):
    """(file, row offset, batch) over the signatures state, in file order, so a row found
    here can be read again by position. Whole row groups, about 64k rows at a time, through
    the dataset reader: ParquetFile's readers decode these list columns 3-7x slower."""
    for path in store.files("signatures", manifest):
        fragment = next(ds.dataset(str(path), format="parquet").get_fragments())
        sizes = [group.num_rows for group in fragment.row_groups]
        offset, first = 0, 0
        while first < len(sizes):
            last, rows = first, 0
            while last < len(sizes) and rows < 65_536:
                rows += sizes[last]
                last += 1
            if rows:
                table = fragment.subset(row_group_ids=list(range(first, last))).to_table(columns=columns)
                yield path, offset, table.combine_chunks().to_batches()[0]
            offset, first = offset + rows, last


def _pack(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per row pair, so pairs sort and deduplicate as plain numbers (rows < 2**31)."""
    return (a.astype(np.int64) << 32) | b.astype(np.int64)


def _bucket_pairs(keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Packed (lower row, higher row) pairs of rows sharing a key, in buckets of 2..MAX_BUCKET."""
    by_key = np.argsort(keys, kind="stable")
    rows = rows[by_key]
    starts, sizes = _runs(keys[by_key])
    out = [np.zeros(0, np.int64)]
    for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_BUCKET)]):
        members = rows[starts[sizes == size][:, None] + np.arange(size)]  # one bucket per line
        i, j = np.triu_indices(size, 1)
        a, b = members[:, i].ravel(), members[:, j].ravel()
        out.append(_pack(np.minimum(a, b), np.maximum(a, b)))
    return np.concatenate(out)


def _keys_within_cap(store: Store, manifest: Manifest, keys: np.ndarray) -> pa.Array:
    """New band keys whose bucket (this run's documents plus earlier runs') stays within MAX_BUCKET."""
    keys = np.sort(keys)
    starts, population = _runs(keys)
    small = population <= MAX_BUCKET
    unique = pa.array(keys[starts][small], pa.uint64())
    population = population[small]
    for _, _, batch in _state_batches(store, manifest, ["bands"]):
        flat = pc.list_flatten(batch.column("bands"))
        found = pc.index_in(flat.filter(pc.is_in(flat, unique)), value_set=unique)
        if len(found):
            population += np.bincount(found.to_numpy(), minlength=len(unique))
    return unique.filter(pa.array(population <= MAX_BUCKET))


def _estimate_filter(docs: _DocRows, packed: np.ndarray) -> np.ndarray:
    """The distinct packed row pairs whose estimated Jaccard could pass the floor."""
    packed = np.sort(packed)
    packed = packed[_runs(packed)[0]]
    matrix = docs.matrix()
    keep = np.zeros(len(packed), dtype=bool)
    for start in range(0, len(packed), 20_000):  # bounded scratch memory (about 10 MB)
        chunk = packed[start : start + 20_000]
        left, right = matrix[chunk >> 32], matrix[chunk & 0xFFFFFFFF]
        keep[start : start + len(chunk)] = (left == right).mean(axis=1) >= NEAR_MIN_JACCARD - ESTIMATE_MARGIN
    return packed[keep]


def _paragraph_decisions(store: Store, manifest: Manifest, dec: Decisions, outcomes: list[BatchOutcome],
                         ids: list[str], min_docs: int) -> None:
    """Template paragraphs per site and first occurrences. A run of 100k pages holds a
    million (site, paragraph) keys: they are grouped as numbers (site code, 64-bit hash) by
    sorting, and only the few results become Python objects."""
    starts = np.cumsum([0] + [len(o.doc_ids) for o in outcomes])[:-1]
    row = np.concatenate([o.para_row.astype(np.int64) + start for o, start in zip(outcomes, starts)])
    key = np.concatenate([o.para_keys for o in outcomes])
    hash_text = pa.concat_arrays([o.para_hashes for o in outcomes])
    kept = np.array([d not in dec.duplicates for d in ids])[row]
    position = np.flatnonzero(kept)  # where each kept paragraph's hash text sits
    row, key = row[kept], key[kept]
    site_names, site_of_row = np.unique(np.array([dec.site_of[d] for d in ids], dtype=object), return_inverse=True)
    site = site_of_row[row]
    id_array = pa.array(ids, pa.string())

    # Per paragraph text: how many documents hold it, and the first of them (rows are in
    # source_path order). In-page repeats were removed by the workers, so rows are distinct.
    by_hash = np.lexsort((row, key))
    first_at, holders = _runs(key[by_hash])
    repeated = by_hash[first_at[holders > 1]]
    first = pa.table({"hash": hash_text.take(pa.array(position[repeated])), "doc": id_array.take(pa.array(row[repeated]))})

    # Per (site, paragraph text): documents of that site holding it.
    by_site = np.lexsort((site, key))
    group_at, docs_per_site = _runs(key[by_site], site[by_site])
    counts = pa.table({"site": pa.array(site[by_site][group_at], pa.int64()),
                       "key": pa.array(key[by_site][group_at], pa.uint64()),
                       "docs": pa.array(docs_per_site, pa.int64()),
                       "text_at": pa.array(position[by_site][group_at], pa.int64())})

    old = store.read("para_sites", manifest, ["site", "para_hash", "doc_id", "seq", "source_path"],
                     filter=pc.field("para_hash").isin(pc.unique(hash_text))) if manifest.parts("para_sites") else None
    if old is not None and old.num_rows:
        old_keys = np.array(para_keys(old.column("para_hash").to_pylist()), dtype=np.uint64)
        old_site = pc.index_in(old.column("site"), value_set=pa.array(site_names.tolist(), pa.string()))
        old_counts = (pa.table({"site": old_site.cast(pa.int64()), "key": pa.array(old_keys, pa.uint64()),
                                "doc": old.column("doc_id")})
                      .filter(pc.is_valid(old_site))  # a site this run has no pages of cannot gain a template
                      .group_by(["site", "key"]).aggregate([("doc", "count_distinct")]))
        counts = counts.join(old_counts, ["site", "key"], join_type="left outer")
        counts = counts.set_column(counts.schema.get_field_index("docs"), "docs",
                                   pc.add(counts.column("docs"), pc.fill_null(counts.column("doc_count_distinct"), 0)))
        # Earlier runs come first: their earliest (seq, source_path) holder wins.
        old = old.sort_by([("para_hash", "ascending"), ("seq", "ascending"), ("source_path", "ascending")])
        old_first_at = pa.array(_runs(old.column("para_hash").to_numpy())[0])
        old_first = pa.table({"hash": old.column("para_hash").take(old_first_at), "doc": old.column("doc_id").take(old_first_at)})
        first = pa.concat_tables([first.filter(pc.invert(pc.is_in(first.column("hash"), old_first.column("hash")))),
                                  old_first])
    dec.first_doc = first
    templates = counts.filter(pc.field("docs") >= min_docs)
    template_hashes = hash_text.take(templates.column("text_at")).to_pylist()
    dec.boilerplate = boilerplate_keys(
        {(site_names[s], h): n for s, h, n in zip(templates.column("site").to_pylist(), template_hashes,
                                                  templates.column("docs").to_pylist())}, min_docs)


def _runs(*sorted_columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of each run of equal values in already sorted columns."""
    n = len(sorted_columns[0])
    change = np.zeros(n, dtype=bool)
    change[:1] = True
    for column in sorted_columns:
        change[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(change)
    return starts, np.diff(np.r_[starts, n])


def _verify(store: Store, manifest: Manifest, outcomes: list[BatchOutcome], docs: _DocRows,
            pairs: set[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """Actual Jaccard and containment of each candidate pair. One dedup text per document is
    held; shingle sets are built on demand in a bounded cache (pairs are visited sorted, so
    the first document of a run of pairs stays cached)."""
    if not pairs:
        return []
    wanted = sorted({d for p in pairs for d in p})
    texts = _dedup_texts(store, manifest, outcomes, docs, wanted)
    cache: dict[str, np.ndarray] = {}

    def shingles(doc: str) -> np.ndarray:
        if doc not in cache:
            if len(cache) >= SHINGLE_CACHE:
                cache.pop(next(iter(cache)))
            cache[doc] = shingle_set(texts[doc])
        return cache[doc]

    verified = []
    for a, b in sorted(pairs):
        if a in texts and b in texts:
            jac, cont = similarity(shingles(a), shingles(b))
            if is_near_duplicate(jac, cont):
                verified.append((a, b, jac))
    return verified


def _dedup_texts(store: Store, manifest: Manifest, outcomes: list[BatchOutcome], docs: _DocRows,
                 wanted: list[str]) -> dict[str, str]:
    """Dedup texts of these documents: this run's from the workers' staged files, earlier
    runs' by position, from the row groups of the dedup_texts part that lines up with the
    signatures part they were found in (a few KB each, where the paragraphs table would be
    read whole). Rows are checked by doc_id; anything not found is rebuilt from paragraphs."""
    texts: dict[str, str] = {}
    wanted_set, wanted_array = set(wanted), pa.array(wanted, pa.string())
    for o in outcomes:
        t = pq.read_table(o.staged["dedup_texts"], filters=pc.field("doc_id").isin(wanted_array))
        texts.update(zip(t.column("doc_id").to_pylist(), t.column("dedup_text").to_pylist()))
    by_file: dict[Path, list[int]] = defaultdict(list)
    for doc in wanted:
        if doc not in texts and doc in docs.where:
            path, row = docs.where[doc]
            by_file[path].append(row)
    for signature_file, rows in by_file.items():
        path = store.table_dir("dedup_texts", manifest) / signature_file.name
        if not path.exists():
            continue
        file = pq.ParquetFile(path)
        ends = np.cumsum([file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)])
        groups = sorted(set(np.searchsorted(ends, rows, side="right").tolist()))
        t = file.read_row_groups(groups, columns=["doc_id", "dedup_text"])
        texts.update((d, x) for d, x in zip(t.column("doc_id").to_pylist(), t.column("dedup_text").to_pylist())
                     if x is not None and d in wanted_set)
    missing = pa.array([d for d in wanted if d not in texts], pa.string())
    if len(missing):  # state written before dedup texts were kept: rebuild them from paragraphs
        table = store.read("paragraphs", manifest, ["doc_id", "para_index", "text"], filter=pc.field("doc_id").isin(missing))
        table = table.sort_by([("doc_id", "ascending"), ("para_index", "ascending")])
        parts: dict[str, list[str]] = defaultdict(list)
        for doc, text in zip(table.column("doc_id").to_pylist(), table.column("text").to_pylist()):
            parts[doc].append(text)
        texts.update((doc, dedup_text(t)) for doc, t in parts.items())
    return texts


# -- writing the run --------------------------------------------------------------------------

def write_run(store: Store, manifest: Manifest, seq: int, run_id: str, outcomes: list[BatchOutcome],
              dec: Decisions, stats: RunStats) -> dict[str, list[str]]:
    part = f"part-{seq:06d}-{run_id}.parquet"
    staged: list[Path] = []
    parts: dict[str, list[str]] = {}
    removed: list[dict] = []

    def emit(name: str, tables) -> int:
        schema = SCHEMAS[name]
        folder = store.table_dir(name, manifest)
        tmp = folder / f".{part}.tmp"
        rows = 0
        writer = None
        for table in tables:
            if table.num_rows == 0:
                continue
            writer = writer or pq.ParquetWriter(tmp, schema, compression="zstd")
            writer.write_table(table.cast(schema), row_group_size=ROW_GROUP_ROWS.get(name))
            rows += table.num_rows
        if writer is not None:
            writer.close()
            staged.append(tmp)
            parts[name] = [part]
        return rows

    def documents():
        for o in outcomes:
            t = pq.read_table(o.staged["documents"])
            dups = [dec.duplicates.get(d) for d in t.column("doc_id").to_pylist()]
            for d in dups:
                if d:
                    removed.append({"rule": f"{d.method}_duplicate", "source_path": dec.path_of[d.doc_id],
                                    "doc_id": d.doc_id, "duplicate_of": d.duplicate_of, "similarity": d.similarity,
                                    "site": dec.site_of[d.doc_id], "run_id": run_id})
            t = t.set_column(t.schema.get_field_index("duplicate_of"), "duplicate_of", pa.array([d and d.duplicate_of for d in dups], pa.string()))
            t = t.set_column(t.schema.get_field_index("dup_method"), "dup_method", pa.array([d and d.method for d in dups], pa.string()))
            t = t.set_column(t.schema.get_field_index("dup_similarity"), "dup_similarity", pa.array([d and d.similarity for d in dups], pa.float32()))
            yield t

    first_keys = dec.first_doc.column("hash").combine_chunks()  # para_hash -> first document holding it
    first_values = dec.first_doc.column("doc").combine_chunks()
    boiler_hashes = pa.array(sorted({h for _, h in dec.boilerplate}), pa.string())
    duplicate_ids = dec.duplicate_ids

    def paragraphs():
        """Column operations per staged batch; Python only touches template paragraphs."""
        for o in outcomes:
            t = pq.read_table(o.staged["paragraphs"])
            t = t.filter(pc.invert(pc.is_in(t.column("doc_id"), duplicate_ids)))
            first = pc.take(first_values, pc.index_in(t.column("para_hash"), value_set=first_keys))
            t = t.set_column(t.schema.get_field_index("first_doc_id"), "first_doc_id", pc.coalesce(first, t.column("doc_id")))
            maybe = pc.is_in(t.column("para_hash"), boiler_hashes)
            if pc.any(maybe).as_py():
                drop = np.zeros(len(t), dtype=bool)
                for i in np.flatnonzero(maybe.to_numpy(zero_copy_only=False)):
                    r = {k: t.column(k)[int(i)].as_py() for k in ("doc_id", "para_hash", "text", "first_doc_id")}
                    site = dec.site_of[r["doc_id"]]
                    if (site, r["para_hash"]) in dec.boilerplate:
                        drop[i] = True
                        removed.append({"rule": "site_boilerplate", "source_path": dec.path_of[r["doc_id"]],
                                        "doc_id": r["doc_id"], "para_hash": r["para_hash"], "text": r["text"], "site": site,
                                        "duplicate_of": r["first_doc_id"], "run_id": run_id})
                t = t.filter(pa.array(~drop))
            if not len(t):
                continue
            # Staged rows are in document order, then reading order: renumber within each document.
            starts, sizes = _runs(pc.dictionary_encode(t.column("doc_id")).combine_chunks().indices.to_numpy())
            para_index = np.arange(len(t)) - np.repeat(starts, sizes)
            t = t.set_column(t.schema.get_field_index("para_index"), "para_index", pa.array(para_index, pa.int32()))
            yield t

    # Per outcome, which of its documents are kept: the rows of every state table.
    alive_rows = [np.array([d not in dec.duplicates for d in o.doc_ids], dtype=bool) for o in outcomes]

    def signatures():
        for o, alive in zip(outcomes, alive_rows):
            kept = pa.array(np.flatnonzero(alive))
            yield pa.table({
                "doc_id": pa.array(o.doc_ids, pa.string()).take(kept),
                "seq": pa.array(np.full(len(kept), seq, np.int32)),
                "source_path": pa.array(o.source_paths, pa.string()).take(kept),
                "minhash": pa.FixedSizeListArray.from_arrays(pa.array(o.minhash[alive].reshape(-1), pa.uint32()), o.minhash.shape[1]),
                "bands": pa.FixedSizeListArray.from_arrays(pa.array(o.bands[alive].reshape(-1), pa.uint64()), o.bands.shape[1]),
            })

    def dedup_texts():  # row for row with signatures()
        for o, alive in zip(outcomes, alive_rows):
            yield pq.read_table(o.staged["dedup_texts"]).filter(pa.array(alive))

    def para_sites():
        for o, alive in zip(outcomes, alive_rows):
            para_kept = np.flatnonzero(alive[o.para_row])
            rows = pa.array(o.para_row[para_kept])
            yield pa.table({
                "site": pa.array(o.sites, pa.string()).take(rows),
                "para_hash": o.para_hashes.take(pa.array(para_kept)),
                "doc_id": pa.array(o.doc_ids, pa.string()).take(rows),
                "seq": pa.array(np.full(len(para_kept), seq, np.int32)),
                "source_path": pa.array(o.source_paths, pa.string()).take(rows),
            })

    stats.documents = emit("documents", documents())
    stats.paragraphs = emit("paragraphs", paragraphs())
    emit("rejects", (pq.read_table(o.staged["rejects"]) for o in outcomes))
    for o in outcomes:
        removed.extend(o.repeats_in_doc)
    stats.removed_by_rule = Counter(r["rule"] for r in removed)
    emit("removed", [pa.Table.from_pylist(removed, schema=REMOVED)])
    emit("signatures", signatures())
    emit("dedup_texts", dedup_texts())
    emit("para_sites", para_sites())
    stats.duplicates = len(dec.duplicates)
    stats.kept_documents = stats.documents - stats.duplicates
    _crash_point("before-publish")
    for tmp in staged:  # publish one by one so the kill test can stop us half way
        store.publish([tmp])
        _crash_point("mid-publish")
    _crash_point("before-commit")
    return parts


def _crash_point(name: str) -> None:
    """Test hook: QINGXI_CRASH_AT=<name> kills the process here with SIGKILL (as kill -9 would)."""
    if os.environ.get("QINGXI_CRASH_AT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
