"""Exact duplicates: documents whose cleaned text is identical.

The kept copy of each group is the one whose source_path sorts first, so the choice is
stable whatever order files were read in.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocKey:
    doc_id: str
    source_path: str
    content_hash: str


@dataclass(frozen=True)
class Duplicate:
    doc_id: str
    duplicate_of: str
    method: str
    similarity: float


def exact_duplicates(docs: list[DocKey]) -> dict[str, Duplicate]:
    kept: dict[str, DocKey] = {}
    out: dict[str, Duplicate] = {}
    for doc in sorted(docs, key=lambda d: d.source_path):
        first = kept.setdefault(doc.content_hash, doc)
        if first is not doc:
            out[doc.doc_id] = Duplicate(doc.doc_id, first.doc_id, "exact", 1.0)
    return out
