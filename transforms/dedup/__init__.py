"""Deduplication as pure numpy/Arrow code: exact copies, near-duplicate reprints (MinHash
and LSH, verified on actual shingle sets), template paragraphs and first occurrences.

Earlier runs are read only through a StateReader (state.py); nothing here touches files,
the Store or Prefect. Modules, in the order a run uses them: keys (identities), rules
(thresholds and which copy is kept), minhash (signatures), lsh (candidates), verify,
paragraphs, decide (one run's decisions).
"""
from transforms.dedup.decide import Decisions, deduplicate
from transforms.dedup.keys import para_hash, para_keys
from transforms.dedup.rules import BOILERPLATE_MIN_DOCS, Duplicate
from transforms.dedup.state import BatchKeys, MemoryState, StateReader, StateRef

__all__ = ["BOILERPLATE_MIN_DOCS", "BatchKeys", "Decisions", "Duplicate", "MemoryState", "StateReader", "StateRef",
           "deduplicate", "para_hash", "para_keys"]
