"""What deduplication reads of earlier runs, as one small interface, and the rows a run
leaves behind for the runs after it.

The Store implements StateReader over the committed Parquet state (flows/storage/state.py);
MemoryState implements it over in-memory tables, so dedup decisions across runs can be
tested without files, a flow or Prefect.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol, runtime_checkable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedup.minhash import BANDS, NUM_PERM


PAIR_SEPARATOR = "\x1f"  # a unit separator: in no site name or hash


class StateRef(NamedTuple):
    """Where a state row sits: the signatures part it is in and its row number there (the
    dedup texts part of the same name lines up row for row)."""
    part: str
    row: int


class StateReader(Protocol):
    def kept_by_content(self, content_hashes: pa.Array) -> dict[str, str]:
        """content_hash -> doc_id of the document earlier runs kept with that text."""

    def signature_batches(self, columns: list[str]) -> Iterator[tuple[StateRef, pa.RecordBatch]]:
        """Earlier kept documents' signature rows (doc_id, seq, source_path, minhash, bands),
        batch by batch in a stable order; StateRef is where each batch's first row sits."""

    def dedup_texts(self, where: dict[str, StateRef]) -> dict[str, str]:
        """The dedup texts of these earlier documents."""

    def para_sites(self, para_hashes: pa.Array, site_pairs: pa.Array, enough: int,
                   exclude: frozenset[str] = frozenset()) -> pa.Table:
        """Rows (site, para_hash, doc_id, seq, source_path) of earlier kept paragraphs, not of
        excluded documents: for each of para_hashes at least its first holder, and for each
        of site_pairs (site_pair(site, para_hash)) at least its first `enough` holders, when
        there are (first: earliest run, then source_path). More rows may come back."""



@runtime_checkable
class IndexedStateReader(StateReader, Protocol):
    """A state that indexes its band keys (flows/storage/band_index.py): likely_pairs looks keys up
    instead of scanning signature_batches."""

    def band_population(self, keys: np.ndarray) -> np.ndarray:
        """How many stored band keys equal each of these (sorted, distinct) keys."""

    def band_holders(self, keys: np.ndarray) -> Iterator[tuple[str, np.ndarray, np.ndarray, pa.Table, np.ndarray, np.ndarray]]:
        """Per signatures part: (part name, index into keys, row, the rows' doc_id/seq/
        source_path, their band keys, their signatures) of every stored holder."""


@dataclass
class BatchKeys:
    """What deduplication needs of one cleaned batch: ids, hashes and signatures, never
    text (the run's dedup texts are looked up on demand)."""
    doc_ids: list[str] = field(default_factory=list)
    source_paths: list[str] = field(default_factory=list)
    content_hashes: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    record_ids: list[str | None] = field(default_factory=list)  # with source_paths and urls: which record
    urls: list[str | None] = field(default_factory=list)        # a new version of it replaces
    minhash: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), np.uint32))
    bands: np.ndarray = field(default_factory=lambda: np.zeros((0, BANDS), np.uint64))
    # One entry per kept paragraph: its document's position in doc_ids, its para_hash, and
    # the same hash as a number (a run groups a million of these; strings cost 5x more).
    para_row: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    para_hashes: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    para_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))


def signature_rows(keys: BatchKeys, alive: np.ndarray, seq: int) -> pa.Table:
    """The signatures state rows of a batch's kept documents."""
    kept = pa.array(np.flatnonzero(alive))
    return pa.table({
        "doc_id": pa.array(keys.doc_ids, pa.string()).take(kept),
        "seq": pa.array(np.full(len(kept), seq, np.int32)),
        "source_path": pa.array(keys.source_paths, pa.string()).take(kept),
        "minhash": pa.FixedSizeListArray.from_arrays(pa.array(keys.minhash[alive].reshape(-1), pa.uint32()), NUM_PERM),
        "bands": pa.FixedSizeListArray.from_arrays(pa.array(keys.bands[alive].reshape(-1), pa.uint64()), BANDS),
    })


def para_site_rows(keys: BatchKeys, alive: np.ndarray, seq: int) -> pa.Table:
    """The para_sites state rows of a batch's kept documents' paragraphs."""
    para_kept = np.flatnonzero(alive[keys.para_row])
    rows = pa.array(keys.para_row[para_kept])
    return pa.table({
        "site": pa.array(keys.sites, pa.string()).take(rows),
        "para_hash": keys.para_hashes.take(pa.array(para_kept)),
        "doc_id": pa.array(keys.doc_ids, pa.string()).take(rows),
        "seq": pa.array(np.full(len(para_kept), seq, np.int32)),
        "source_path": pa.array(keys.source_paths, pa.string()).take(rows),
    })


class MemoryState:
    """StateReader over tables held in memory; `add` records a run the way the Store's
    commit would (kept documents only in the signature and paragraph state)."""

    def __init__(self, batch_rows: int = 2):
        self.batch_rows = batch_rows  # small batches exercise the batch-by-batch readers
        self.documents: list[tuple[str, str, str | None]] = []  # content_hash, doc_id, duplicate_of
        self.signatures: list[pa.Table] = []
        self.texts: dict[str, str] = {}
        self.sites: list[pa.Table] = []

    def add(self, batches: list[BatchKeys], texts: dict[str, str], duplicates: dict[str, str], seq: int) -> None:
        for keys in batches:
            alive = np.array([d not in duplicates for d in keys.doc_ids], dtype=bool)
            self.documents += [(h, d, duplicates.get(d)) for h, d in zip(keys.content_hashes, keys.doc_ids)]
            self.signatures.append(signature_rows(keys, alive, seq))
            self.sites.append(para_site_rows(keys, alive, seq))
            self.texts.update((d, texts[d]) for d in np.array(keys.doc_ids)[alive].tolist())

    def kept_by_content(self, content_hashes: pa.Array) -> dict[str, str]:
        wanted = set(content_hashes.to_pylist())
        return {h: d for h, d, dup in self.documents if h in wanted and dup is None}

    def signature_batches(self, columns: list[str]) -> Iterator[tuple[StateRef, pa.RecordBatch]]:
        for part, table in enumerate(self.signatures):
            for offset in range(0, table.num_rows, self.batch_rows):
                chunk = table.slice(offset, self.batch_rows).select(columns).combine_chunks()
                if chunk.num_rows:
                    yield StateRef(str(part), offset), chunk.to_batches()[0]

    def dedup_texts(self, where: dict[str, StateRef]) -> dict[str, str]:
        return {d: self.texts[d] for d in where if d in self.texts}

    def para_sites(self, para_hashes: pa.Array, site_pairs: pa.Array, enough: int,
                   exclude: frozenset[str] = frozenset()) -> pa.Table:
        if not self.sites:
            return pa.table({c: pa.array([], t) for c, t in (("site", pa.string()), ("para_hash", pa.string()),
                             ("doc_id", pa.string()), ("seq", pa.int32()), ("source_path", pa.string()))})
        table = pa.concat_tables(self.sites)  # every holder: more than asked for, as allowed
        table = table.filter(pc.is_in(table.column("para_hash"), para_hashes))
        return table.filter(pc.invert(pc.is_in(table.column("doc_id"), pa.array(sorted(exclude), pa.string()))))


def site_pair(sites: pa.Array, para_hashes: pa.Array) -> pa.Array:
    """The (site, para_hash) key of a paragraph of a site, as one string."""
    return pc.binary_join_element_wise(sites, para_hashes, PAIR_SEPARATOR)
