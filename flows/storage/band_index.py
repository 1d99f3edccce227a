"""The LSH band keys of each signatures part as a sorted index beside it, so a run looks
up the keys its new documents have instead of scanning every stored signature: the cost
of a re-run follows its new documents, not the corpus (bench/state_scale.py).

Beside `part-N.parquet` in the signatures folder:
  part-N.parquet.keys.npy     every band key of the part, sorted (uint64)
  part-N.parquet.rows.npy     the row in the part each key belongs to (uint32)
  part-N.parquet.minhash.npy  the part's signatures, row by row (uint32, rows x NUM_PERM)
  part-N.parquet.dir.npy      where each key prefix starts in keys.npy (key_index.prefix_directory)
read memory-mapped: a lookup touches the pages its keys fall in. They are derived data,
rebuilt from the part whenever missing (state from before the index, a compaction)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.storage.key_index import DIRECTORY_BYTES, SortedKeys, part_stamp, read_rows, stamp_holds
from flows.schemas import SIGNATURES
from transforms.dedup.minhash import BANDS, NUM_PERM

SUFFIXES = (".keys.npy", ".rows.npy", ".minhash.npy", ".dir.npy")
# The part's size and mtime when its sidecars were made: the staleness rule of the key
# sidecars too (key_index.part_stamp), so a part changed since gets them rebuilt.
STAMP = ".stamp"


def sidecars(part: Path) -> list[Path]:
    return [part.with_name(part.name + s) for s in SUFFIXES]


def is_sidecar_of(name: str, parts: set[str]) -> bool:
    return any(name.endswith(s) and name[: -len(s)] in parts for s in (*SUFFIXES, STAMP))


def write_index(part: Path) -> None:
    """Build the sidecars of a committed signatures part from the part itself."""
    t = pq.read_table(part, columns=["bands", "minhash"])
    bands = np.asarray(pc.list_flatten(t.column("bands")).to_numpy(), np.uint64).reshape(-1, BANDS)
    minhash = np.asarray(pc.list_flatten(t.column("minhash")).to_numpy(), np.uint32).reshape(-1, NUM_PERM)
    for target in stage_index(part.parent, part.name, bands, minhash, part_stamp(part), suffix=".building"):
        os.replace(target, part.with_name(target.name[1:].removesuffix(".building")))  # the stamp last


def stage_index(folder: Path, part_name: str, bands: np.ndarray, minhash: np.ndarray, stamp: str,
                suffix: str = ".tmp") -> list[Path]:
    """The sidecars of a part from its rows' bands (rows x BANDS) and signatures, in row
    order, as hidden files (`.part.keys.npy.tmp`) for publish() to rename with the part:
    a run builds them from the arrays it holds, not by reading the part back (16k documents:
    0.06 s against 0.11 s, median of 5)."""
    index = SortedKeys.build(bands, per_row=BANDS)
    staged = []
    for name, array in zip(SUFFIXES, (index.keys, index.rows, minhash, index.directory)):
        target = folder / f".{part_name}{name}{suffix}"
        with open(target, "wb") as f:
            np.save(f, array)
        staged.append(target)
    target = folder / f".{part_name}{STAMP}{suffix}"
    target.write_text(stamp)
    return [*staged, target]


@dataclass
class BandPart:
    """A signatures part with its band keys' index and its signatures, memory-mapped."""
    path: Path
    index: SortedKeys
    minhash: np.ndarray

    @classmethod
    def open(cls, part: Path) -> BandPart:
        keys, rows, minhash, directory = sidecars(part)
        stamp = part.with_name(part.name + STAMP)
        if not stamp.exists() and all(p.exists() for p in (keys, rows, minhash)):  # from before the stamp: trusted, as then
            stamp.write_text(part_stamp(part))
        elif not stamp_holds(stamp, part) or not all(p.exists() for p in (keys, rows, minhash)):
            write_index(part)
        return cls(part, SortedKeys.load(keys, rows, directory), np.load(minhash, mmap_mode="r"))

    def details(self, rows: np.ndarray) -> pa.Table:
        """doc_id, seq, source_path of these rows (sorted, distinct), read from the row groups holding them."""
        return read_rows(self.path, rows, ["doc_id", "seq", "source_path"], SIGNATURES)


class BandIndex:
    """The indexed signatures parts of a state, looked up as one (transforms/dedup/lsh.py)."""

    def __init__(self, parts: list[Path]):
        self.parts = [BandPart.open(p) for p in parts]

    def population(self, keys: np.ndarray) -> np.ndarray:
        """How many stored band keys equal each of these (sorted, distinct) keys."""
        return sum((part.index.ranges(keys)[1] for part in self.parts), np.zeros(len(keys), np.int64))

    def holders(self, keys: np.ndarray) -> Iterator[tuple[str, np.ndarray, np.ndarray, pa.Table, np.ndarray, np.ndarray]]:
        """Per part holding any of the keys: its name, for each stored occurrence (index
        into keys, index into the distinct rows), and the distinct rows' doc_id/seq/
        source_path, signatures and row numbers."""
        for part in self.parts:
            which, rows = part.index.holders(keys)
            if not len(rows):
                continue
            distinct, inverse = np.unique(rows, return_inverse=True)
            yield (part.path.name, which, inverse, part.details(distinct),
                   np.asarray(part.minhash[distinct], np.uint32), distinct)


def rebuild_bytes(parts: list[Path]) -> int:
    """Disk the sidecars missing beside these signatures parts will take when rebuilt."""
    need = 0
    for part in parts:
        if all(p.exists() for p in sidecars(part)):
            continue
        rows = pq.read_metadata(part).num_rows
        need += rows * (BANDS * (8 + 4) + NUM_PERM * 4) + DIRECTORY_BYTES
    return need
