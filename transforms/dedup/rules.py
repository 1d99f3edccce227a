"""Duplicate rules: exact copies, near-duplicate reprints and which copy is kept.

The kept copy is the earliest ingested (earlier run first, then source_path order), so the
choice does not depend on the order files were read in, and documents kept by an earlier
run are never re-labelled: a new document can only point at them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from transforms.dedup.keys import OrderKey
from transforms.reasons import DupMethod

# A reprint keeps most of the article (containment of the shorter in the longer) and is
# not just a quote from it (Jaccard floor); see bench/dedup.py for the measurements.
NEAR_MIN_CONTAINMENT = 0.8
NEAR_MIN_JACCARD = 0.4
BOILERPLATE_MIN_DOCS = 3  # a paragraph in this many documents of one site is template text


@dataclass(frozen=True)
class DocKey:
    doc_id: str
    order: OrderKey
    content_hash: str


@dataclass(frozen=True)
class Duplicate:
    doc_id: str
    duplicate_of: str
    method: DupMethod
    similarity: float


def exact_duplicates(new: Iterable[DocKey], kept_before: dict[str, str]) -> dict[str, Duplicate]:
    """kept_before: content_hash -> doc_id kept by earlier runs."""
    first: dict[str, str] = dict(kept_before)
    out: dict[str, Duplicate] = {}
    for doc in sorted(new, key=lambda d: d.order):
        root = first.setdefault(doc.content_hash, doc.doc_id)
        if root != doc.doc_id:
            out[doc.doc_id] = Duplicate(doc.doc_id, root, DupMethod.EXACT, 1.0)
    return out


def is_near_duplicate(jaccard: float, containment: float) -> bool:
    return containment >= NEAR_MIN_CONTAINMENT and jaccard >= NEAR_MIN_JACCARD


def resolve_near(
    verified: Iterable[tuple[str, str, float]], order: dict[str, OrderKey], new_ids: set[str]
) -> dict[str, Duplicate]:
    """Union verified pairs; every new document in a group points at the group's earliest
    member (so chains resolve to the root). Older documents keep their rows as they are."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[tuple[str, str], float] = {}
    for a, b, sim in verified:
        ra, rb = find(a), find(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=order.__getitem__)
            parent[second] = first
        best[(a, b)] = best[(b, a)] = max(sim, best.get((a, b), 0.0))
    out: dict[str, Duplicate] = {}
    for doc in list(parent):
        root = find(doc)
        if doc == root or doc not in new_ids:
            continue
        sim = best.get((doc, root)) or max(s for (x, _), s in best.items() if x == doc)
        out[doc] = Duplicate(doc, root, DupMethod.NEAR, round(sim, 4))
    return out


def point_at_roots(duplicates: dict[str, Duplicate], near: dict[str, Duplicate]) -> dict[str, Duplicate]:
    """Near duplicates added to the exact ones; an exact copy of a near duplicate points at
    that duplicate's root (it is a reprint of the root, not a copy of a dropped row)."""
    out = {**duplicates, **near}
    for doc, dup in list(out.items()):
        if dup.method is DupMethod.EXACT and dup.duplicate_of in near:
            root = near[dup.duplicate_of]
            out[doc] = Duplicate(doc, root.duplicate_of, DupMethod.NEAR, root.similarity)
    return out
