"""Near-duplicate candidates: documents sharing an LSH band key, kept when their MinHash
estimate could reach the Jaccard floor. Documents are integer rows (this run's first,
then earlier runs' as the state turns them up), pairs are packed int64s."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedup.rules import NEAR_MIN_JACCARD
from transforms.dedup.keys import OrderKey, pack, runs
from transforms.dedup.state import IndexedStateReader, StateReader, StateRef

MAX_BUCKET = 64         # LSH bucket size cap: beyond it a band is template, not signal
ESTIMATE_MARGIN = 0.10  # 2.5 std of the 128-permutation MinHash estimate below the Jaccard floor
ESTIMATE_CHUNK = 20_000  # pairs estimated at once: bounded scratch memory (about 10 MB)


class DocRows:
    """doc_id <-> row number, each row's MinHash signature, and for documents of earlier
    runs, where their state row is."""

    def __init__(self, ids: list[str], minhash: np.ndarray):
        self.ids = list(ids)
        self.row = {d: i for i, d in enumerate(ids)}
        self.where: dict[str, StateRef] = {}
        self._matrix = minhash
        self._rows = len(ids)

    def add(self, doc: str, sig: np.ndarray, where: StateRef) -> int:
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


def likely_pairs(state: StateReader, docs: DocRows, bands: np.ndarray, alive: np.ndarray,
                 order: dict[str, OrderKey]) -> set[tuple[int, int]]:
    """Row pairs sharing a band whose MinHash estimate is near the Jaccard floor or above.
    Earlier runs' documents met here are added to `docs` and `order`."""
    live = np.flatnonzero(alive).astype(np.int64)
    if not len(live):
        return set()
    # Within this run, one band at a time (memory stays at one column of keys).
    within = [bucket_pairs(bands[live, band], live) for band in range(bands.shape[1])]
    candidates = [estimate_filter(docs, np.concatenate(within))]
    # Against every earlier run, one state batch at a time. Buckets are capped over their
    # whole population: a band key shared by thousands of documents is a stock phrase
    # (习近平新时代中国特色社会主义思想...), not evidence of a reprint.
    keys, rows = bands[live].reshape(-1), np.repeat(live, bands.shape[1])
    new_keys = pa.table({"key": pa.array(keys, pa.uint64()), "doc": pa.array(rows, pa.int64())})
    if isinstance(state, IndexedStateReader):  # look the keys up, read nothing else
        candidates += _indexed_candidates(state, docs, order, keys, new_keys)
        pairs = np.concatenate(candidates)
        return set(zip((pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist()))
    key_set = keys_within_cap(state, keys)
    batches = state.signature_batches(["doc_id", "seq", "source_path", "bands", "minhash"]) if len(key_set) else ()
    for ref, batch in batches:
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
            global_row[i] = docs.add(doc, sig, StateRef(ref.part, ref.row + i))
            order.setdefault(doc, (s, source))
        old = pa.table({"key": flat.filter(hit), "old": pa.array(global_row[parents], pa.int64())})
        joined = old.join(new_keys, "key")
        candidates.append(estimate_filter(docs, pack(joined.column("old").to_numpy(), joined.column("doc").to_numpy())))
    pairs = np.concatenate(candidates)
    return set(zip((pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist()))


def _indexed_candidates(state, docs: DocRows, order: dict[str, OrderKey], keys: np.ndarray,
                        new_keys: pa.Table) -> list[np.ndarray]:
    """The pairs the scan below finds, from a state whose band keys are indexed: the same
    bucket cap over the whole population, the same rows, the same estimate filter."""
    unique, population = _within_run(keys)
    key_set = unique[population + state.band_population(unique) <= MAX_BUCKET]
    out = []
    for part, which, inverse, details, sigs, distinct in state.band_holders(key_set) if len(key_set) else ():
        global_row = np.empty(len(distinct), np.int64)
        for i, (doc, sig, row, s, source) in enumerate(zip(details.column("doc_id").to_pylist(), sigs, distinct.tolist(),
                                                           details.column("seq").to_pylist(),
                                                           details.column("source_path").to_pylist())):
            global_row[i] = docs.add(doc, sig, StateRef(part, row))
            order.setdefault(doc, (s, source))
        old = pa.table({"key": pa.array(key_set[which], pa.uint64()), "old": pa.array(global_row[inverse], pa.int64())})
        joined = old.join(new_keys, "key")
        out.append(estimate_filter(docs, pack(joined.column("old").to_numpy(), joined.column("doc").to_numpy())))
    return out


def bucket_pairs(keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Packed (lower row, higher row) pairs of rows sharing a key, in buckets of 2..MAX_BUCKET."""
    by_key = np.argsort(keys, kind="stable")
    rows = rows[by_key]
    starts, sizes = runs(keys[by_key])
    out = [np.zeros(0, np.int64)]
    for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_BUCKET)]):
        members = rows[starts[sizes == size][:, None] + np.arange(size)]  # one bucket per line
        i, j = np.triu_indices(size, 1)
        a, b = members[:, i].ravel(), members[:, j].ravel()
        out.append(pack(np.minimum(a, b), np.maximum(a, b)))
    return np.concatenate(out)


def keys_within_cap(state: StateReader, keys: np.ndarray) -> pa.Array:
    """New band keys whose bucket (this run's documents plus earlier runs') stays within MAX_BUCKET."""
    unique, population = _within_run(keys)
    small = population <= MAX_BUCKET
    unique = pa.array(unique[small], pa.uint64())
    population = population[small]
    for _, batch in state.signature_batches(["bands"]):
        flat = pc.list_flatten(batch.column("bands"))
        found = pc.index_in(flat.filter(pc.is_in(flat, unique)), value_set=unique)
        if len(found):
            population += np.bincount(found.to_numpy(), minlength=len(unique))
    return unique.filter(pa.array(population <= MAX_BUCKET))


def _within_run(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """This run's distinct band keys, sorted, and how many of its documents hold each."""
    keys = np.sort(keys)
    starts, population = runs(keys)
    return keys[starts], population


def estimate_filter(docs: DocRows, packed: np.ndarray) -> np.ndarray:
    """The distinct packed row pairs whose estimated Jaccard could pass the floor."""
    packed = np.sort(packed)
    packed = packed[runs(packed)[0]]
    matrix = docs.matrix()
    keep = np.zeros(len(packed), dtype=bool)
    for start in range(0, len(packed), ESTIMATE_CHUNK):
        chunk = packed[start : start + ESTIMATE_CHUNK]
        left, right = matrix[chunk >> 32], matrix[chunk & 0xFFFFFFFF]
        keep[start : start + len(chunk)] = (left == right).mean(axis=1) >= NEAR_MIN_JACCARD - ESTIMATE_MARGIN
    return packed[keep]
