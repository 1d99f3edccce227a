"""Identities and the small numeric helpers every dedup step shares."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

_NOT_TEXT = re.compile(r"[\W_]+")

OrderKey = tuple[int, str]  # (run sequence, source_path): earlier is kept


def para_hash(text: str) -> str:
    """Paragraph identity, blind to spacing and punctuation style (， vs ,)."""
    return hashlib.sha1(_NOT_TEXT.sub("", text).encode("utf-8")).hexdigest()[:16]


def para_keys(hashes: Iterable[str]) -> list[int]:
    """para_hash values as 64-bit integers, for grouping a million of them as numbers."""
    return [int(h, 16) for h in hashes]


def runs(*sorted_columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of each run of equal values in already sorted columns."""
    n = len(sorted_columns[0])
    change = np.zeros(n, dtype=bool)
    change[:1] = True
    for column in sorted_columns:
        change[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(change)
    return starts, np.diff(np.r_[starts, n])


def pack(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per row pair, so pairs sort and deduplicate as plain numbers (rows < 2**31)."""
    return (a.astype(np.int64) << 32) | b.astype(np.int64)
