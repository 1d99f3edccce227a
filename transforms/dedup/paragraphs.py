"""Paragraph decisions: template paragraphs per site, and where each paragraph text first
appeared. A run of 100k pages holds a million (site, paragraph) keys: they are grouped as
numbers (site code, 64-bit hash) by sorting, and only the few results become Python objects."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedup.keys import para_keys, runs
from transforms.dedup.state import BatchKeys, StateReader, site_pair


@dataclass
class ParagraphDecisions:
    first_doc: pa.Table              # hash -> doc: the first document holding a repeated paragraph
    boilerplate: set[tuple[str, str]]  # (site, para_hash) pairs that are template text


def paragraph_decisions(state: StateReader, batches: list[BatchKeys], ids: list[str], dropped: set[str] | dict,
                        site_of: dict[str, str], min_docs: int) -> ParagraphDecisions:
    """dropped: the run's duplicate documents (their paragraphs count for nothing)."""
    starts = np.cumsum([0] + [len(b.doc_ids) for b in batches])[:-1]
    row = np.concatenate([b.para_row.astype(np.int64) + start for b, start in zip(batches, starts)])
    key = np.concatenate([b.para_keys for b in batches])
    hash_text = pa.concat_arrays([b.para_hashes for b in batches])
    alive = np.array([d not in dropped for d in ids])[row]
    position = np.flatnonzero(alive)  # where each kept paragraph's hash text sits
    row, key = row[alive], key[alive]
    site_names, site_of_row = np.unique(np.array([site_of[d] for d in ids], dtype=object), return_inverse=True)
    site = site_of_row[row]
    id_array = pa.array(ids, pa.string())

    # Per paragraph text: how many documents hold it, and the first of them (rows are in
    # source_path order). In-page repeats were removed when cleaning, so rows are distinct.
    by_hash = np.lexsort((row, key))
    first_at, holders = runs(key[by_hash])
    repeated = by_hash[first_at[holders > 1]]
    first = pa.table({"hash": hash_text.take(pa.array(position[repeated])), "doc": id_array.take(pa.array(row[repeated]))})

    # Per (site, paragraph text): documents of that site holding it.
    by_site = np.lexsort((site, key))
    group_at, docs_per_site = runs(key[by_site], site[by_site])
    counts = pa.table({"site": pa.array(site[by_site][group_at], pa.int64()),
                       "key": pa.array(key[by_site][group_at], pa.uint64()),
                       "docs": pa.array(docs_per_site, pa.int64()),
                       "text_at": pa.array(position[by_site][group_at], pa.int64())})

    pairs = site_pair(pa.array(site_names[counts.column("site").to_numpy()].tolist(), pa.string()),
                      hash_text.take(counts.column("text_at")))
    old = state.para_sites(pc.unique(hash_text), pairs, min_docs)
    if old.num_rows:
        counts, first = _with_earlier_runs(old, counts, first, site_names)
    templates = counts.filter(pc.field("docs") >= min_docs)
    template_hashes = hash_text.take(templates.column("text_at")).to_pylist()
    boilerplate = {(site_names[s], h) for s, h in zip(templates.column("site").to_pylist(), template_hashes)}
    return ParagraphDecisions(first, boilerplate)


def _with_earlier_runs(old: pa.Table, counts: pa.Table, first: pa.Table,
                       site_names: np.ndarray) -> tuple[pa.Table, pa.Table]:
    """Counts grown by earlier runs' documents of the same site; earlier runs' first holders win."""
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
    old_first_at = pa.array(runs(old.column("para_hash").to_numpy())[0])
    old_first = pa.table({"hash": old.column("para_hash").take(old_first_at), "doc": old.column("doc_id").take(old_first_at)})
    first = pa.concat_tables([first.filter(pc.invert(pc.is_in(first.column("hash"), old_first.column("hash")))),
                              old_first])
    return counts, first
