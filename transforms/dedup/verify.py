"""Candidate pairs checked on their actual shingle sets (the MinHash estimate only chose them)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from transforms.dedup.rules import is_near_duplicate
from transforms.dedup.lsh import DocRows
from transforms.dedup.minhash import shingle_set, similarity
from transforms.dedup.state import StateReader

SHINGLE_CACHE = 4000  # shingle sets held at once while verifying candidate pairs (~100 MB)

NewTexts = Callable[[pa.Array], dict[str, str]]  # this run's doc_ids -> dedup texts


def verify(state: StateReader, new_texts: NewTexts, docs: DocRows,
           pairs: set[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """(a, b, Jaccard) of the pairs that are reprints. One dedup text per document is held;
    shingle sets are built on demand in a bounded cache (pairs are visited sorted, so the
    first document of a run of pairs stays cached)."""
    if not pairs:
        return []
    wanted = sorted({d for p in pairs for d in p})
    texts = new_texts(pa.array(wanted, pa.string()))
    texts.update(state.dedup_texts({d: docs.where[d] for d in wanted if d not in texts and d in docs.where}))
    cache: dict[str, np.ndarray] = {}

    def shingles(doc: str) -> np.ndarray:
        if doc not in cache:
            if len(cache) >= SHINGLE_CACHE:
                cache.pop(next(iter(cache)))
            cache[doc] = shingle_set(texts[doc])
        return cache[doc]

    verified = []
    for a, b in sorted(pairs):
        if a in texts and b in texts:
            jac, cont = similarity(shingles(a), shingles(b))
            if is_near_duplicate(jac, cont):
                verified.append((a, b, jac))
    return verified
