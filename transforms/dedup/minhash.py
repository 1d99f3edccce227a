"""MinHash signatures and LSH band keys over character n-grams of Simplified text.

Whitespace tokens are useless for Chinese (a paragraph is one "word"), so documents are
shingled into overlapping character 5-grams after dropping spaces and punctuation. The text
is the Simplified one, so a Traditional reprint shingles like its Simplified original.
Shingle hashes for a whole batch are computed in one vectorised numpy pass and handed to
rensa's Rust MinHash; see bench/dedup.py for why these parameters.
"""
from __future__ import annotations

import re

import numpy as np
from rensa import RMinHash

SHINGLE_CHARS = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS  # 4: P(candidate) = 1-(1-J^4)^32, 50% at J≈0.42, 98% at J=0.6
SEED = 20240601
# Signatures and band keys are comparable only between runs made with the same values:
# the dataset's state records them, and a run with other values refuses to compare.
SIGNATURE_PARAMETERS = {"seed": SEED, "shingle_chars": SHINGLE_CHARS, "num_perm": NUM_PERM, "bands": BANDS}

_NOT_TEXT = re.compile(r"[\W_]+")
_FNV = np.uint64(1099511628211)
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def dedup_text(paragraphs: list[str]) -> str:
    """The text duplicates are judged on: paragraphs joined, spaces and punctuation gone."""
    return _NOT_TEXT.sub("", "".join(paragraphs))


def shingle_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """All n-gram hashes of all texts, flat, with row offsets (repeats are harmless to MinHash)."""
    n = SHINGLE_CHARS
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    counts = np.maximum(lengths - n + 1, 0)
    offsets = np.zeros(len(texts) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum(counts)
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < n:
        return np.zeros(0, dtype=np.uint64), offsets
    windows = len(codes) - n + 1
    h = codes[:windows].copy()
    for k in range(1, n):
        h *= _FNV
        h += codes[k : windows + k]
    h ^= h >> np.uint64(31)
    h *= _MIX1
    h ^= h >> np.uint64(29)
    # Drop windows that straddle two documents.
    ends = np.repeat(np.cumsum(lengths), lengths)[:windows]
    valid = np.arange(windows, dtype=np.int64) + n <= ends
    return h[valid], offsets


def signatures(texts: list[str]) -> np.ndarray:
    """(len(texts), NUM_PERM) uint32 MinHash matrix; texts shorter than a shingle hash whole."""
    padded = [t if len(t) >= SHINGLE_CHARS else t.ljust(SHINGLE_CHARS, "\0") for t in texts]
    flat, offsets = shingle_hashes(padded)
    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(len(texts), NUM_PERM)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) uint64: one key per band; equal keys in the same band make a candidate pair."""
    bands = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    key = np.arange(BANDS, dtype=np.uint64)[None, :] * _MIX2  # band index mixed in
    for r in range(ROWS):
        key = (key ^ bands[:, :, r]) * _FNV
    key ^= key >> np.uint64(32)
    return key


def shingle_set(text: str) -> np.ndarray:
    """Sorted distinct shingle hashes. Sort-and-mask, not np.unique: numpy 2's hash-based
    unique is several times slower on a page-sized array (the factor moves with numpy's
    version: 12x when this was written, 2.9x with numpy 2.4)."""
    flat, _ = shingle_hashes([text if len(text) >= SHINGLE_CHARS else text.ljust(SHINGLE_CHARS, "\0")])
    flat.sort()
    return flat[np.r_[True, flat[1:] != flat[:-1]]] if len(flat) else flat


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Actual (Jaccard, containment of the smaller in the larger) of two shingle sets."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))
