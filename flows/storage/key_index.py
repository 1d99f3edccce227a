"""Sorted key sidecars for the committed parts of the tables a run looks rows up in (which
earlier documents hold a listed path, a URL, a text; which paragraphs a site printed before),
so a run reads the rows its new input touches instead of scanning the corpus
(bench/rerun_scale.py: a 1,000-page run against 10M stored documents).

Under OUT/_qingxi/index/<table>/, per committed part and key column:
  <part>.<column>.keys.npy   64-bit keys of the column's values, sorted (uint64)
  <part>.<column>.rows.npy   the row each key is on (uint32; rows of one key in file order)
  <part>.<column>.dir.npy    where each 16-bit key prefix starts in keys.npy (prefix_directory)
and for documents <part>.status.npy (a flag byte per row: superseded, deleted, duplicate)
and <part>.source_path.byrow.npy (the path key of each row, for the paths no longer listed).
<part>.stamp holds the part file's size and mtime: a part rewritten since (a run marks
rows superseded or deleted, drops a record) or a state from before the index gets its sidecars
rebuilt from the part when it is next opened. Read memory-mapped: a lookup touches the pages
its keys fall in.

Keys are hashes: a lookup reads the rows its keys point at and keeps only exact matches, so a
collision costs a read, never a wrong answer. The one place a collision could hide a row is
`not_listed` (a stored path whose key equals a listed path's); at 10M stored paths and 10M
listed ones that is about 5 in a million runs, and the row is then found on a later run."""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.schemas import SCHEMAS
from transforms.dedup.state import site_pair

# A key column is one column, or (site, para_hash): a site's paragraph, joined by site_pair.
KeyColumn = tuple[str, ...]
KEY_COLUMNS: dict[str, tuple[KeyColumn, ...]] = {
    "documents": (("source_path",), ("url",), ("content_hash",), ("doc_id",)),
    "rejects": (("source_path",),),
    "para_sites": (("para_hash",), ("site", "para_hash")),
    # the parts holding a superseded document's paragraphs, which the run rewrites without them
    "paragraphs": (("doc_id",),),
}
SUPERSEDED, DELETED, DUPLICATE = 1, 2, 4  # status flags of a documents row
STATUS_COLUMNS = {SUPERSEDED: "superseded_by", DELETED: "deleted_at", DUPLICATE: "duplicate_of"}
# Bytes of strings hashed at once: the per-byte work arrays take tens of bytes per byte, so
# this bounds the transient memory of hashing a table's keys. 688k para_sites-shaped keys
# (bench/key_hash_memory.py): 32 MB chunks peaked 933 MB over the keys in 0.89 s, 4 MB chunks
# 53 MB in 0.59 s (median of 5).
_HASH_CHUNK_BYTES = 4 << 20
PREFIX_BITS = 16

_MULTIPLIER = np.uint64(0x100000001B3)
_POWERS = np.cumprod(np.full(4096, _MULTIPLIER, np.uint64))  # _MULTIPLIER ** (i + 1), wrapping


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: neighbouring sums end up far apart."""
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def string_keys(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A 64-bit key per string, computed on the Arrow buffers (a million 24-character paths in
    0.26 s, median of 3): a polynomial of the UTF-8 bytes and the length, mixed. Nulls get
    key 0, which a lookup never asks for."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    values = values.cast(pa.large_string())
    out = np.zeros(len(values), np.uint64)
    offsets = np.frombuffer(values.buffers()[1], np.int64)[values.offset:values.offset + len(values) + 1]
    start = 0
    with np.errstate(over="ignore"):
        while start < len(values):
            # chunks of about _HASH_CHUNK_BYTES, so the per-byte arrays stay bounded
            stop = int(np.searchsorted(offsets, offsets[start] + _HASH_CHUNK_BYTES, "right")) - 1
            stop = min(max(stop, start + 1), len(values))
            out[start:stop] = _hash_span(values, offsets[start:stop + 1])
            start = stop
    valid = values.is_valid().to_numpy(zero_copy_only=False)
    out[~valid] = 0
    return out


def _hash_span(values: pa.Array, offsets: np.ndarray) -> np.ndarray:
    data = np.frombuffer(values.buffers()[2], np.uint8) if values.buffers()[2] is not None else np.zeros(0, np.uint8)
    first, last = int(offsets[0]), int(offsets[-1])
    lengths = np.diff(offsets)
    sums = np.zeros(len(lengths), np.uint64)
    if last > first:
        position = np.arange(last - first) - np.repeat(offsets[:-1] - first, lengths)
        weighted = (data[first:last].astype(np.uint64) + np.uint64(1)) * _POWERS[position % len(_POWERS)]
        filled = lengths > 0
        sums[filled] = np.add.reduceat(weighted, (offsets[:-1] - first)[filled])
    return _mix(sums ^ ((lengths.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)))


def key_values(table: pa.Table, key: KeyColumn) -> pa.Array:
    """The values a key column keys: one column, or a site's paragraph as site_pair makes it."""
    return table.column(key[0]) if len(key) == 1 else site_pair(*(table.column(c) for c in key))


def value_keys(values: Iterable[str] | pa.Array) -> np.ndarray:
    """Sorted distinct keys of these values (for (site, para_hash): values made by site_pair)."""
    array = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(list(values), pa.string())
    return np.unique(string_keys(array))


def prefix_directory(sorted_keys: np.ndarray) -> np.ndarray:
    """Offsets (int64, 2**PREFIX_BITS + 1) of each top-bits prefix's first key: a lookup
    searches its prefix's few hundred keys (one or two pages of a memory-mapped array) instead
    of binary-searching the whole array, whose first steps touch pages all over it."""
    starts = np.arange(1 << PREFIX_BITS, dtype=np.uint64) << np.uint64(64 - PREFIX_BITS)
    return np.append(np.searchsorted(sorted_keys, starts, "left"), len(sorted_keys)).astype(np.int64)


def directory_of(sorted_keys: np.ndarray, path: Path) -> np.ndarray:
    """The prefix directory saved beside a key array; sidecars written before there was one
    get it derived from their keys (one read of the array), not rebuilt from the part."""
    if not path.exists():
        _save(path, prefix_directory(sorted_keys))
    return np.load(path, mmap_mode="r")


# From this many wanted keys on, a lookup sorts them and searches the whole array in order:
# they touch most of its pages anyway, and numpy's search with sorted needles narrows each
# search by the one before. The dedup step of a 100,000-document wave: 7.6 s per stored
# 1M-document part by prefix, 1.76 s so (bench/rerun_scale.py --dedup-parts, in
# bench/RESULTS-rerun-scale.md); runs of 1,000 documents keep the prefix search.
SORTED_LOOKUP_MIN = 100_000


def key_ranges(keys: np.ndarray, directory: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each wanted key, the [left, right) range of sorted `keys` equal to it, as
    np.searchsorted's "left" and "right" would give: a few keys searched within their
    prefix only, many in sorted order over the whole array."""
    wanted = np.asarray(wanted, np.uint64)
    if len(wanted) >= SORTED_LOOKUP_MIN:
        order = np.argsort(wanted, kind="stable")
        in_order = wanted[order]
        starts = np.searchsorted(keys, in_order, "left")
        ends = starts.copy()  # most wanted keys are not held: only the held need their end searched
        held = np.flatnonzero(starts < len(keys))
        held = held[np.asarray(keys[starts[held]]) == in_order[held]]
        ends[held] = np.searchsorted(keys, in_order[held], "right")
        left, right = np.empty(len(wanted), np.int64), np.empty(len(wanted), np.int64)
        left[order], right[order] = starts, ends
        return left, right
    prefix = (wanted >> np.uint64(64 - PREFIX_BITS)).astype(np.int64)
    start, stop = np.asarray(directory[prefix], np.int64), np.asarray(directory[prefix + 1], np.int64)
    left = _bisect(keys, wanted, start.copy(), stop.copy(), right=False)
    return left, _bisect(keys, wanted, left.copy(), stop, right=True)


def _bisect(keys: np.ndarray, wanted: np.ndarray, lo: np.ndarray, hi: np.ndarray, right: bool) -> np.ndarray:
    """Vectorised bisection, every wanted key one step per round, within its own [lo, hi)."""
    active = np.flatnonzero(lo < hi)
    while len(active):
        mid = (lo[active] + hi[active]) >> 1
        found = np.asarray(keys[mid])
        goes_up = found <= wanted[active] if right else found < wanted[active]
        lo[active] = np.where(goes_up, mid + 1, lo[active])
        hi[active] = np.where(goes_up, hi[active], mid)
        active = active[lo[active] < hi[active]]
    return lo


def _name(key: KeyColumn) -> str:
    return "+".join(key)


def stamp_holds(stamp: Path, part: Path) -> bool:
    """The one staleness rule of every sidecar index: sidecars hold while the stamp written
    with them still matches their part's size and mtime."""
    return stamp.exists() and stamp.read_text() == part_stamp(part)


def part_stamp(path: Path) -> str:
    """A rewrite makes a new file (a new mtime); a copy that keeps mtimes (cp -a, rsync -t)
    keeps the sidecars valid."""
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns}"


def _save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        np.save(f, array)
    os.replace(tmp, path)


@functools.lru_cache(maxsize=256)
def _opened(path: str, size: int, mtime_ns: int) -> tuple[pq.ParquetFile, np.ndarray]:
    file = pq.ParquetFile(path)
    meta = file.metadata
    return file, np.fromiter((meta.row_group(i).num_rows for i in range(meta.num_row_groups)), np.int64, meta.num_row_groups)


def opened_part(path: Path) -> tuple[pq.ParquetFile, np.ndarray]:
    """A part opened once while it stays among the process's last 256 opened (keyed by size
    and mtime, so a rewritten part is opened anew), with its row groups' sizes: a part of a
    million documents' paragraphs has thousands of row groups, and every lookup in it would
    parse its footer again."""
    st = os.stat(path)
    return _opened(str(path), st.st_size, st.st_mtime_ns)


def read_rows(path: Path, rows: np.ndarray, columns: list[str], schema: pa.Schema) -> pa.Table:
    """These rows (sorted, distinct) of a part, from the row groups holding them only; a
    column the part was written without comes back as nulls."""
    file, sizes = opened_part(path)
    ends = np.cumsum(sizes)
    groups = np.unique(np.searchsorted(ends, rows, side="right"))
    present = [c for c in columns if c in file.schema_arrow.names]
    t = file.read_row_groups(groups.tolist(), columns=present)
    for c in columns:
        if c not in present:  # a part written before the column existed
            t = t.append_column(c, pa.nulls(len(t), schema.field(c).type))
    read = np.concatenate([np.arange(ends[g] - sizes[g], ends[g]) for g in groups]) if len(groups) else np.zeros(0, np.int64)
    # Parquet stores timestamp[s] as milliseconds: back to the schema's types
    return t.take(pa.array(np.searchsorted(read, rows))).select(columns).cast(pa.schema([schema.field(c) for c in columns]))


@dataclass
class KeyedPart:
    path: Path
    sidecar: Path  # OUT/_qingxi/index/<table>/<part>: the prefix of its sidecars

    def _file(self, suffix: str) -> Path:
        return self.sidecar.with_name(f"{self.sidecar.name}.{suffix}")

    def _sidecars(self, key: KeyColumn) -> tuple[Path, Path, Path]:
        name = _name(key)
        return self._file(f"{name}.keys.npy"), self._file(f"{name}.rows.npy"), self._file(f"{name}.dir.npy")

    def index(self, key: KeyColumn) -> SortedKeys:
        return SortedKeys.load(*self._sidecars(key))

    def status(self) -> np.ndarray:
        return np.load(self._file("status.npy"), mmap_mode="r")

    def path_key_by_row(self) -> np.ndarray:
        return np.load(self._file("source_path.byrow.npy"), mmap_mode="r")

    def ensure(self, table: str) -> None:
        stamp = self._file("stamp")
        if stamp_holds(stamp, self.path):
            return
        self.sidecar.parent.mkdir(parents=True, exist_ok=True)
        keys = KEY_COLUMNS[table]
        columns = sorted({c for key in keys for c in key} | (set(STATUS_COLUMNS.values()) if table == "documents" else set()))
        names = opened_part(self.path)[0].schema_arrow.names
        t = pq.read_table(self.path, columns=[c for c in columns if c in names])
        for c in columns:
            if c not in t.column_names:
                t = t.append_column(c, pa.nulls(len(t), SCHEMAS[table].field(c).type))
        for key in keys:
            hashed = string_keys(key_values(t, key))
            SortedKeys.build(hashed).save(*self._sidecars(key))
            if table == "documents" and key == ("source_path",):
                _save(self._file("source_path.byrow.npy"), hashed)
        if table == "documents":
            flags = np.zeros(len(t), np.uint8)
            for flag, column in STATUS_COLUMNS.items():
                flags |= np.where(t.column(column).is_valid().to_numpy(zero_copy_only=False), flag, 0).astype(np.uint8)
            _save(self._file("status.npy"), flags)
        tmp = stamp.with_name(f".{stamp.name}.tmp")
        tmp.write_text(part_stamp(self.path))
        os.replace(tmp, stamp)  # last: sidecars without a stamp are rebuilt


def spread(rows: np.ndarray, left: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of the wanted key, row) for the first `sizes` rows of each key from `left`."""
    which = np.repeat(np.arange(len(sizes)), sizes)
    at = np.repeat(left - np.cumsum(np.r_[0, sizes[:-1]]), sizes) + np.arange(int(sizes.sum()))
    return which, np.asarray(rows[at], np.int64)


@dataclass(frozen=True)
class SortedKeys:
    """The store's one index type: a part's 64-bit keys in ascending order, the row of the
    part each belongs to, and the prefix directory a lookup searches within. The key
    sidecars of documents, rejects and para_sites and the band keys of a signatures part
    (band_index.py) are each one of these, saved as three .npy files and memory-mapped."""
    keys: np.ndarray
    rows: np.ndarray
    directory: np.ndarray

    @classmethod
    def build(cls, values: np.ndarray, per_row: int = 1) -> SortedKeys:
        """From a part's keys in row order, `per_row` keys to a row (a signature's bands)."""
        flat = values.reshape(-1)
        order = np.argsort(flat, kind="stable")
        keys = flat[order]
        return cls(keys, (order // per_row).astype(np.uint32), prefix_directory(keys))

    @classmethod
    def load(cls, keys: Path, rows: Path, directory: Path) -> SortedKeys:
        array = np.load(keys, mmap_mode="r")
        return cls(array, np.load(rows, mmap_mode="r"), directory_of(array, directory))

    def save(self, keys: Path, rows: Path, directory: Path) -> None:
        for path, array in ((keys, self.keys), (directory, self.directory), (rows, self.rows)):
            _save(path, array)

    def ranges(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each wanted key (sorted, distinct): where its entries start, and how many."""
        left, right = key_ranges(self.keys, self.directory, wanted)
        return left, right - left

    def holders(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into wanted, row of the part) for every entry of the wanted keys."""
        left, sizes = self.ranges(wanted)
        return spread(self.rows, left, sizes)


class KeyedTable:
    """A table's committed parts, oldest run first, each with current sidecars."""

    def __init__(self, store, manifest, table: str):
        self.table = table
        folder = store.meta / "index" / table
        self.parts = [KeyedPart(p, folder / p.name) for p in store.files(table, manifest)]
        for part in self.parts:
            part.ensure(table)

    def read(self, key: KeyColumn, values: list[str] | pa.Array, columns: list[str]) -> pa.Table:
        """The rows whose key column holds one of these values, exactly."""
        array = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(list(values), pa.string())
        tables = []
        if len(array) and self.parts:
            wanted = value_keys(array)
            for part in self.parts:
                _, found = part.index(key).holders(wanted)
                if len(found):
                    tables.append(self.rows(part, np.unique(found), columns, key))
        table = pa.concat_tables(tables) if tables else self.empty(columns + list(key))
        if not table.num_rows:
            return table.select(columns)
        return table.filter(pc.is_in(key_values(table, key), array)).select(columns)

    def rows(self, part: KeyedPart, rows: np.ndarray, columns: list[str], extra: Iterable[str] = ()) -> pa.Table:
        wanted = list(dict.fromkeys([*columns, *extra]))
        return read_rows(part.path, rows, wanted, SCHEMAS[self.table])

    def empty(self, columns: list[str]) -> pa.Table:
        schema = SCHEMAS[self.table]
        return pa.Table.from_pylist([], schema=pa.schema([schema.field(c) for c in dict.fromkeys(columns)]))


def stale_sidecars(index_dir: Path, parts: set[str]) -> list[Path]:
    """Sidecars of parts no longer committed (compacted away, a reprocess replaced them)."""
    if not index_dir.exists():
        return []
    return [p for p in index_dir.iterdir() if p.name.split(".parquet.", 1)[0] + ".parquet" not in parts]


# Per row and key column: a uint64 key and a uint32 row; per key column and part: the prefix
# directory (int64, 2**PREFIX_BITS + 1). documents add a status byte and a path key per row.
_ROW_KEY_BYTES, DIRECTORY_BYTES, _DOCUMENT_ROW_EXTRA = 12, 8 * ((1 << PREFIX_BITS) + 1), 9


def rebuild_bytes(store, manifest) -> int:
    """Disk the next lookups need for sidecars that are missing or stale (an index folder
    deleted, a compaction's merged parts): the run's space check counts them."""
    need = 0
    for table, keys in KEY_COLUMNS.items():
        folder = store.meta / "index" / table
        for path in store.files(table, manifest):
            if stamp_holds(folder / f"{path.name}.stamp", path):
                continue
            rows = pq.read_metadata(path).num_rows
            need += len(keys) * (rows * _ROW_KEY_BYTES + DIRECTORY_BYTES)
            need += rows * _DOCUMENT_ROW_EXTRA if table == "documents" else 0
    return need
