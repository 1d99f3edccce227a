"""One run's dedup decisions, against itself and every earlier run."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from transforms.dedup.lsh import DocRows, likely_pairs
from transforms.dedup.paragraphs import paragraph_decisions
from transforms.dedup.rules import DocKey, Duplicate, exact_duplicates, point_at_roots, resolve_near
from transforms.dedup.state import BatchKeys, IndexedStateReader, StateReader
from transforms.dedup.verify import NewTexts, verify


STEPS = 4


def _no_first_docs() -> pa.Table:
    return pa.table({"hash": pa.array([], pa.string()), "doc": pa.array([], pa.string())})


@dataclass
class Decisions:
    duplicates: dict[str, Duplicate] = field(default_factory=dict)  # dropped doc_id -> why
    boilerplate: set[tuple[str, str]] = field(default_factory=set)  # (site, para_hash) template text
    first_doc: pa.Table = field(default_factory=_no_first_docs)     # para_hash -> first doc holding it
    site_of: dict[str, str] = field(default_factory=dict)           # the run's doc_id -> site
    path_of: dict[str, str] = field(default_factory=dict)           # the run's doc_id -> source_path

    @property
    def duplicate_ids(self) -> pa.Array:
        return pa.array(list(self.duplicates), pa.string())


def deduplicate(batches: list[BatchKeys], seq: int, state: StateReader, new_texts: NewTexts,
                min_docs: int, progress: Callable[[str, int, int], None] | None = None,
                retired: frozenset[str] = frozenset(), seniority: dict[str, int] | None = None,
                excluded: frozenset[str] = frozenset()) -> Decisions:
    """Documents are handled as integer rows (new ones first, in source_path order, then
    earlier-run documents as candidates turn them up) so that pairs, counts and first
    occurrences are Arrow/numpy columns, not Python objects per paragraph or per pair.
    new_texts looks up this run's dedup texts (they stay on disk until a pair needs them).
    progress: told (the step under way, steps done, steps) as each step starts.
    retired: earlier documents that are no longer current (replaced by a newer version of
    their record): nothing is a duplicate of them, and their paragraphs count for no template.
    seniority: new documents that replace an earlier version, with that version's run number:
    they rank from then, not from this run (a correction is not a copy of a reprint).
    excluded: new documents the quality filter moves out: neither a duplicate nor the
    original of one (a reprint that passes is kept, not dropped as a copy of spam)."""
    if retired:
        state = without_retired(state, retired)
    step = (lambda what, done: progress(what, done, STEPS)) if progress else (lambda what, done: None)
    dec = Decisions()
    ids = [d for b in batches for d in b.doc_ids]
    if not ids:
        return dec
    paths = [p for b in batches for p in b.source_paths]
    hashes = [h for b in batches for h in b.content_hashes]
    dec.site_of = dict(zip(ids, (s for b in batches for s in b.sites)))
    dec.path_of = dict(zip(ids, paths))
    senior = seniority or {}
    order = {d: (senior.get(d, seq), p) for d, p in zip(ids, paths)}

    # Exact: identical cleaned text, here or in any earlier run.
    step("exact copies", 0)
    kept_before = state.kept_by_content(pa.array(sorted(set(hashes))))
    exact = exact_duplicates([DocKey(d, order[d], h) for d, h in zip(ids, hashes) if d not in excluded], kept_before)

    # Near: LSH candidates (same band key), MinHash estimate, then actual shingle similarity.
    step("candidate pairs", 1)
    alive = np.array([d not in exact and d not in excluded for d in ids])
    docs = DocRows(ids, np.concatenate([b.minhash for b in batches]))
    likely = likely_pairs(state, docs, np.concatenate([b.bands for b in batches]), alive, order)
    step(f"verifying {len(likely):,} pairs", 2)
    verified = [pair for pair in verify(state, new_texts, docs, {(docs.ids[a], docs.ids[b]) for a, b in likely})
                if pair[0] not in retired and pair[1] not in retired]
    dec.duplicates = point_at_roots(exact, resolve_near(verified, order, set(ids)))

    step("paragraphs", 3)
    paragraphs = paragraph_decisions(state, batches, ids, dec.duplicates, dec.site_of, min_docs)
    dec.first_doc, dec.boilerplate = paragraphs.first_doc, paragraphs.boilerplate
    step("done", STEPS)
    return dec


class _WithoutRetired:
    """A StateReader that no longer sees retired documents as holders of a text."""

    def __init__(self, state: StateReader, retired: frozenset[str]):
        self.state, self.retired = state, retired

    def kept_by_content(self, content_hashes: pa.Array) -> dict[str, str]:
        return {h: d for h, d in self.state.kept_by_content(content_hashes).items() if d not in self.retired}

    def signature_batches(self, columns: list[str]):
        return self.state.signature_batches(columns)  # row positions must hold: pairs are filtered after verify

    def dedup_texts(self, where):
        return self.state.dedup_texts(where)

    def para_sites(self, para_hashes: pa.Array, site_pairs: pa.Array, enough: int,
                   exclude: frozenset[str] = frozenset()) -> pa.Table:
        return self.state.para_sites(para_hashes, site_pairs, enough, exclude | self.retired)


class _IndexedWithoutRetired(_WithoutRetired):
    """The same over an indexed state: its band lookups pass through, as the scan does
    (retired documents' pairs are dropped after verification). Hidden, they made every run
    with a superseded document scan every stored signature."""

    state: IndexedStateReader

    def band_population(self, keys: np.ndarray) -> np.ndarray:
        return self.state.band_population(keys)

    def band_holders(self, keys: np.ndarray):
        return self.state.band_holders(keys)


def without_retired(state: StateReader, retired: frozenset[str]) -> StateReader:
    """The state as deduplication sees it once these documents are retired: indexed
    lookups stay indexed."""
    if isinstance(state, IndexedStateReader):
        return _IndexedWithoutRetired(state, retired)
    return _WithoutRetired(state, retired)
