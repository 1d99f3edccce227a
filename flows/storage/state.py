"""The committed dedup state of an output folder, read for a new run through the
StateReader interface (transforms/dedup/state.py)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from flows.storage.band_index import BandIndex
from flows.storage.key_index import KeyedTable, key_values, read_rows, spread, value_keys
from flows.schemas import DEDUP_TEXTS
from flows.storage.manifest import Manifest
from flows.storage.store import Store
from transforms.dedup import StateRef
from transforms.dedup.minhash import dedup_text

STATE_BATCH_ROWS = 65_536  # signature rows decoded at once
PARA_SITE_COLUMNS = ["site", "para_hash", "doc_id", "seq", "source_path"]


class StoreState:
    def __init__(self, store: Store, manifest: Manifest):
        self.store, self.manifest = store, manifest
        self._index: BandIndex | None = None
        self._keyed_documents: KeyedTable | None = None

    def band_index(self) -> BandIndex:
        if self._index is None:
            self._index = BandIndex(self.store.files("signatures", self.manifest))
        return self._index

    def band_population(self, keys: np.ndarray) -> np.ndarray:
        return self.band_index().population(keys)

    def band_holders(self, keys: np.ndarray):
        return self.band_index().holders(keys)

    def kept_by_content(self, content_hashes: pa.Array) -> dict[str, str]:
        rows = self._documents().read(("content_hash",), content_hashes, ["content_hash", "doc_id", "duplicate_of", "filtered_by"])
        # A document the quality filter moved out is no original: its text is not in the dataset.
        rows = rows.filter(pc.and_(pc.is_null(rows.column("duplicate_of")), pc.is_null(rows.column("filtered_by"))))
        return dict(zip(rows.column(0).to_pylist(), rows.column(1).to_pylist()))

    def _documents(self) -> KeyedTable:
        if self._keyed_documents is None:
            self._keyed_documents = KeyedTable(self.store, self.manifest, "documents")
        return self._keyed_documents

    def signature_batches(self, columns: list[str]) -> Iterator[tuple[StateRef, pa.RecordBatch]]:
        """Whole row groups, about 64k rows at a time, in file order, through the dataset
        reader: ParquetFile's readers decode these list columns 3-7x slower."""
        for path in self.store.files("signatures", self.manifest):
            fragment = next(ds.dataset(str(path), format="parquet").get_fragments())
            sizes = [group.num_rows for group in fragment.row_groups]
            offset, first = 0, 0
            while first < len(sizes):
                last, rows = first, 0
                while last < len(sizes) and rows < STATE_BATCH_ROWS:
                    rows += sizes[last]
                    last += 1
                if rows:
                    table = fragment.subset(row_group_ids=list(range(first, last))).to_table(columns=columns)
                    yield StateRef(path.name, offset), table.combine_chunks().to_batches()[0]
                offset, first = offset + rows, last

    def dedup_texts(self, where: dict[str, StateRef]) -> dict[str, str]:
        """By position, from the row groups of the dedup_texts part that lines up with the
        signatures part each row was found in (a few KB each, where the paragraphs table
        would be read whole). Rows are checked by doc_id; anything not found is rebuilt
        from paragraphs (state written before dedup texts were kept)."""
        texts: dict[str, str] = {}
        by_part: dict[str, list[int]] = defaultdict(list)
        for ref in where.values():
            by_part[ref.part].append(ref.row)
        folder = self.store.table_dir("dedup_texts", self.manifest)
        for part, rows in by_part.items():
            path = folder / part
            if not path.exists():
                continue
            t = read_rows(path, np.unique(rows), ["doc_id", "dedup_text"], DEDUP_TEXTS)
            texts.update((d, x) for d, x in zip(t.column("doc_id").to_pylist(), t.column("dedup_text").to_pylist())
                         if x is not None and d in where)
        missing = pa.array([d for d in where if d not in texts], pa.string())
        if len(missing):
            table = self.store.read("paragraphs", self.manifest, ["doc_id", "para_index", "text"],
                                    filter=pc.field("doc_id").isin(missing))
            table = table.sort_by([("doc_id", "ascending"), ("para_index", "ascending")])
            parts: dict[str, list[str]] = defaultdict(list)
            for doc, text in zip(table.column("doc_id").to_pylist(), table.column("text").to_pylist()):
                parts[doc].append(text)
            texts.update((doc, dedup_text(t)) for doc, t in parts.items())
        return texts

    def para_sites(self, para_hashes: pa.Array, site_pairs: pa.Array, enough: int,
                   exclude: frozenset[str] = frozenset()) -> pa.Table:
        """Per paragraph hash its first holder, and per (site, para_hash) pair its first
        `enough` holders, leaving out excluded documents: what template counts and first
        holders need, never the millions of rows a site's footer has after years of runs.
        Holders come in the order rows were written: by run, then source_path."""
        keyed = KeyedTable(self.store, self.manifest, "para_sites")
        tables = [self._first_holders(keyed, ("para_hash",), para_hashes, 1, exclude),
                  self._first_holders(keyed, ("site", "para_hash"), site_pairs, enough, exclude)]
        return pa.concat_tables(tables).select(PARA_SITE_COLUMNS)

    @staticmethod
    def _first_holders(keyed: KeyedTable, key, values: pa.Array, enough: int, exclude: frozenset[str]) -> pa.Table:
        if not keyed.parts:  # a first run: nothing to look up, so nothing to hash (0.5 s at 20k pages)
            return keyed.empty(PARA_SITE_COLUMNS)
        wanted = value_keys(values)
        need = np.full(len(wanted), enough, np.int64)
        tables = []
        for part in keyed.parts:
            index = part.index(key)
            left, sizes = index.ranges(wanted)
            taken = np.zeros(len(wanted), np.int64)
            while True:
                take = np.minimum(need, sizes - taken)
                if not take.any():
                    break
                which, found = spread(index.rows, left + taken, take)
                taken += take
                order = np.argsort(found, kind="stable")
                t = keyed.rows(part, found[order], PARA_SITE_COLUMNS)
                docs = t.column("doc_id").to_pylist()
                kept = np.array([d not in exclude for d in docs], bool)
                # a hash collision's row is not a holder either
                kept &= pc.is_in(key_values(t, key), values).to_numpy(zero_copy_only=False)
                need -= np.bincount(which[order][kept], minlength=len(wanted))
                tables.append(t.filter(pa.array(kept)))
        return pa.concat_tables(tables) if tables else keyed.empty(PARA_SITE_COLUMNS)

def staged_texts(staged_files: list[str]):
    """This run's dedup texts, looked up in the workers' staged files when a pair needs them."""
    def lookup(wanted: pa.Array) -> dict[str, str]:
        texts: dict[str, str] = {}
        for path in staged_files:
            t = pq.read_table(path, filters=pc.field("doc_id").isin(wanted))
            texts.update(zip(t.column("doc_id").to_pylist(), t.column("dedup_text").to_pylist()))
        return texts
    return lookup
