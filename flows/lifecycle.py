"""Which earlier documents stop being current in this run, read from the committed
documents table. The rules (README "Updates, moves and deletions"):

- a new document for the same record as an earlier current one (the same URL, or for a
  record without a URL the same path and record id) supersedes it: a corrected article
  replaces its stale version instead of becoming its near duplicate;
- an earlier document whose raw file is no longer listed is superseded by a new document
  with the same text at another path (a rename or move), else marked deleted.

Superseded documents leave the paragraphs table and no longer count in deduplication;
deleted ones keep their rows (many crawls empty the raw folder once it is read) and are
left out of the current view only."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pyarrow as pa

from flows.storage.key_index import SUPERSEDED, KeyedTable
from flows.storage.manifest import Manifest
from flows.storage.store import Store
from transforms.dedup import BatchKeys

COLUMNS = ["doc_id", "source_path", "record_id", "url", "content_hash", "site", "superseded_by", "deleted_at", "run_id"]


@dataclass
class Retirements:
    at: datetime
    superseded: dict[str, str] = field(default_factory=dict)  # earlier doc_id -> the new doc_id replacing it
    moved: set[str] = field(default_factory=set)              # of those, replaced by the same text at a new path
    deleted: list[str] = field(default_factory=list)          # earlier doc_ids whose raw file is gone
    earlier: set[str] = field(default_factory=set)            # superseded by earlier runs
    path_of: dict[str, str] = field(default_factory=dict)     # retired doc_id -> its source_path
    site_of: dict[str, str] = field(default_factory=dict)
    # new doc_id -> the run number of the earliest version it replaces: a corrected page
    # keeps its seniority over a copy that arrived after its first version
    seniority: dict[str, int] = field(default_factory=dict)

    @property
    def retired(self) -> frozenset[str]:
        """Documents deduplication must not match: no longer current text."""
        return frozenset(self.earlier | self.superseded.keys())


def plan_retirements(store: Store, manifest: Manifest, batches: list[BatchKeys], gone_paths: frozenset[str],
                     at: datetime) -> Retirements:
    out = Retirements(at)
    by_url: dict[str, str] = {}
    by_record: dict[tuple[str, str | None], str] = {}
    by_content: dict[str, str] = {}
    new_ids: set[str] = set()
    for keys in batches:
        for doc, path, record, url, content in zip(keys.doc_ids, keys.source_paths, keys.record_ids, keys.urls,
                                                   keys.content_hashes):
            new_ids.add(doc)
            if url:
                by_url[url] = doc
            else:
                by_record[(path, record)] = doc
            by_content.setdefault(content, doc)
    documents = KeyedTable(store, manifest, "documents")
    for part in documents.parts:  # superseded by earlier runs: what updates made, not the corpus
        superseded = np.flatnonzero(np.asarray(part.status()) & SUPERSEDED)
        if len(superseded):
            out.earlier.update(documents.rows(part, superseded, ["doc_id"]).column(0).to_pylist())
    paths = pa.array(sorted({p for p, _ in by_record} | gone_paths), pa.string())
    found = pa.concat_tables([documents.read(("url",), pa.array(sorted(by_url), pa.string()), COLUMNS),
                              documents.read(("source_path",), paths, COLUMNS)])
    seen: set[str] = set()
    run_seq = {r.run_id: r.seq for r in manifest.runs}
    for batch in found.to_batches():
        for doc, path, record, url, content, site, superseded_by, deleted_at, run_id in zip(
                *(batch.column(c).to_pylist() for c in COLUMNS)):
            if superseded_by is not None or doc in new_ids or doc in seen:
                continue
            seen.add(doc)  # found by its URL and by its path
            newer = by_url.get(url) if url else by_record.get((path, record))
            moved_to = by_content.get(content) if newer is None and path in gone_paths and deleted_at is None else None
            replacement = newer or moved_to
            if replacement is not None:
                out.superseded[doc] = replacement
                if moved_to:
                    out.moved.add(doc)
                if run_id in run_seq:
                    out.seniority[replacement] = min(run_seq[run_id], out.seniority.get(replacement, run_seq[run_id]))
            elif path in gone_paths and deleted_at is None:
                out.deleted.append(doc)
            else:
                continue
            out.path_of[doc], out.site_of[doc] = path, site
    return out
