"""Dedup state at corpus scale, by simulation: synthetic signature state of N stored
documents (random MinHash signatures, banded by the real band_keys, written as the store
writes them, with their band-key index), then the LSH candidate search for 1,000 new
documents, 100 of them planted near copies of stored ones. Figures: the indexed lookup
against the full scan of stored signatures (what every run did before the index).

usage: python bench/state_scale.py [--sizes 100000,1000000,10000000] [--workdir /tmp/qingxi-state-scale]
       [--scan-max 1000000]   (the scan is timed up to this size; beyond it, one run)
Prints figures; nothing here is a test. Needs about 1.5 KB of disk per stored document.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.storage.band_index import sidecars, write_index  # noqa: E402
from flows.runinfo import RunKind, RunRecord  # noqa: E402
from flows.schemas import ROW_GROUP_ROWS, SIGNATURES  # noqa: E402
from flows.storage.state import StoreState  # noqa: E402
from flows.storage.manifest import Manifest  # noqa: E402
from flows.storage.store import Store  # noqa: E402
from transforms.dedup.lsh import DocRows, likely_pairs  # noqa: E402
from transforms.dedup.minhash import BANDS, NUM_PERM, band_keys  # noqa: E402

PART_ROWS = 1_000_000  # one part per earlier run of a million documents
NEW_DOCS, PLANTED = 1000, 100
CHUNK = 100_000


def build(root: Path, n: int, rng: np.random.Generator) -> tuple[Store, Manifest, np.ndarray, float]:
    """A store whose signatures state holds n documents; returns the signatures of PLANTED of them."""
    shutil.rmtree(root, ignore_errors=True)
    store = Store(root)
    manifest = Manifest()
    folder = store.table_dir("signatures", manifest)
    folder.mkdir(parents=True)
    planted_at = np.sort(rng.choice(n, PLANTED, replace=False))
    planted = np.zeros((PLANTED, NUM_PERM), np.uint32)
    started = time.perf_counter()
    for seq, first in enumerate(range(0, n, PART_ROWS), 1):
        name = f"part-{seq:06d}-synthetic.parquet"
        rows = min(PART_ROWS, n - first)
        with pq.ParquetWriter(folder / name, SIGNATURES, compression="zstd") as writer:
            for start in range(first, first + rows, CHUNK):
                count = min(CHUNK, first + rows - start)
                minhash = rng.integers(0, 2**32, size=(count, NUM_PERM), dtype=np.uint32)
                hit = (planted_at >= start) & (planted_at < start + count)
                planted[hit] = minhash[planted_at[hit] - start]
                ids = np.arange(start, start + count)
                writer.write_table(pa.table({
                    "doc_id": pa.array([f"d{i:019d}" for i in ids]),
                    "seq": pa.array(np.full(count, seq, np.int32)),
                    "source_path": pa.array([f"site{i % 500}/{i}.txt" for i in ids]),
                    "minhash": pa.FixedSizeListArray.from_arrays(pa.array(minhash.reshape(-1)), NUM_PERM),
                    "bands": pa.FixedSizeListArray.from_arrays(pa.array(band_keys(minhash).reshape(-1)), BANDS),
                }, schema=SIGNATURES), row_group_size=ROW_GROUP_ROWS["signatures"])
        write_index(folder / name)
        manifest.runs.append(RunRecord(f"synthetic-{seq}", seq, RunKind.RUN, parts={"signatures": [name]}))
    store.commit(manifest)
    return store, manifest, planted, time.perf_counter() - started


def new_documents(planted: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """NEW_DOCS signatures: fresh ones, and near copies of the planted stored documents
    (a fifth of their permutations changed: estimated Jaccard about 0.8)."""
    minhash = rng.integers(0, 2**32, size=(NEW_DOCS, NUM_PERM), dtype=np.uint32)
    copies = planted.copy()
    changed = rng.random(copies.shape) < 0.2
    copies[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint32)
    minhash[:PLANTED] = copies
    return minhash


class ScanOnly:
    """The same state read the way every run did before the index: all signature batches."""

    def __init__(self, state: StoreState):
        self.signature_batches = state.signature_batches


def search(state, minhash: np.ndarray) -> tuple[float, int]:
    ids = [f"new{i}" for i in range(len(minhash))]
    docs, bands = DocRows(ids, minhash), band_keys(minhash)
    order = {d: (10**6, d) for d in ids}
    started = time.perf_counter()
    pairs = likely_pairs(state, docs, bands, np.ones(len(ids), bool), order)
    seconds = time.perf_counter() - started
    found = {min(a, b) for a, b in pairs if min(a, b) < PLANTED and max(a, b) >= len(ids)}
    return seconds, len(found)


def drop_caches() -> bool:
    """Cold reads where the machine allows it (root, a writable /proc/sys/vm)."""
    subprocess.run(["sync"], check=False)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/qingxi-state-scale"))
    ap.add_argument("--scan-max", type=int, default=1_000_000)
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    print(f"{'stored':>11} {'build s':>8} {'index MB':>9} {'lookup s (median of 3, warm)':>29} {'cold s':>7} "
          f"{'scan s':>8} {'planted found':>14}")
    lookups = {}
    for n in (int(x) for x in args.sizes.split(",")):
        store, manifest, planted, built = build(args.workdir / f"state-{n}", n, rng)
        minhash = new_documents(planted, rng)
        index_mb = sum(p.stat().st_size for f in store.files("signatures", manifest) for p in sidecars(f)) / 1e6
        cold = None
        if drop_caches():
            cold, _ = search(StoreState(store, manifest), minhash)
        runs = [search(StoreState(store, manifest), minhash) for _ in range(3)]
        lookups[n] = statistics.median(s for s, _ in runs)
        scans = [search(ScanOnly(StoreState(store, manifest)), minhash) for _ in range(3 if n <= args.scan_max else 1)]
        assert {f for _, f in runs} == {f for _, f in scans}, "the index and the scan disagree"
        print(f"{n:>11,} {built:>8.1f} {index_mb:>9.0f} {lookups[n]:>29.3f} "
              f"{cold if cold is not None else float('nan'):>7.3f} {statistics.median(s for s, _ in scans):>8.2f} "
              f"{runs[0][1]:>11}/{PLANTED}")
        shutil.rmtree(args.workdir / f"state-{n}", ignore_errors=True)
    sizes = sorted(lookups)
    if len(sizes) > 1:
        print(f"lookup at {sizes[-1]:,} / at {sizes[0]:,} stored: {lookups[sizes[-1]] / lookups[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
