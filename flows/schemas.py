"""The output contract: every Parquet table qingxi writes, with its explicit schema.

Column names in TABLES are read by users and by our checks: add columns freely, never
rename. STATE tables are qingxi's own (dedup state for later runs), under OUT/_qingxi.
"""
from __future__ import annotations

from typing import get_type_hints

import pyarrow as pa

from transforms.dedup.minhash import BANDS, NUM_PERM
from transforms.signals import QualitySignals

# Where a record sits in a file holding many pages (null for a file that is one page).
RECORD_PROVENANCE = (
    pa.field("record_id", pa.string()),  # WARC-Record-ID
    pa.field("url", pa.string()),        # WARC-Target-URI
    pa.field("fetched_at", pa.timestamp("s", tz="UTC")),  # WARC-Date
    pa.field("http_status", pa.int16()),
    pa.field("file_bytes", pa.int64()),  # size of the raw file the record was read from
    pa.field("source_path_bytes", pa.binary()),  # the path's exact bytes when they are not UTF-8
)

_SIGNAL_TYPES = {str: pa.string(), float: pa.float32(), int: pa.int32()}
QUALITY_SIGNALS = tuple(pa.field(name, _SIGNAL_TYPES[kind]) for name, kind in get_type_hints(QualitySignals).items())

DOCUMENTS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("source_path", pa.string(), nullable=False),
    pa.field("encoding", pa.string(), nullable=False),
    pa.field("encoding_confidence", pa.float32()),
    pa.field("encoding_method", pa.string()),
    pa.field("truncated", pa.bool_()),
    pa.field("bad_bytes", pa.int32()),  # bytes no codec could read, replaced by U+FFFD (0 nearly always)
    pa.field("script", pa.string()),
    pa.field("title", pa.string()),
    pa.field("author", pa.string()),
    # Wall-clock time as printed on the page (China Standard Time on nearly all sources).
    pa.field("published_at", pa.timestamp("s")),
    # The same moment as an instant: published_at read in UTC+8 (mainland, HK, Macau, Taiwan).
    pa.field("published_at_utc", pa.timestamp("s", tz="UTC")),
    pa.field("source", pa.string()),
    pa.field("editor", pa.string()),
    pa.field("column", pa.string()),
    pa.field("original_title", pa.string()),
    pa.field("site", pa.string()),
    pa.field("duplicate_of", pa.string()),
    pa.field("dup_method", pa.string()),
    pa.field("dup_similarity", pa.float32()),
    # Not current any more: a newer version of the same record (same path, or same URL) or
    # the same text at a new path replaced it (its paragraphs are gone; see README "Updates").
    pa.field("superseded_by", pa.string()),
    # "article", or "list": a page with no article that lists others (a journal's contents,
    # a column index); its paragraphs are the listed headlines, all labelled heading.
    pa.field("page_type", pa.string()),
    # Saved HTML only: how far the line reading's text and the tree's densest container agree
    # (character-bigram F1, 0-1; transforms/density.py). Low: one of the two readings is wrong.
    pa.field("extraction_agreement", pa.float32()),
    # Quality signals (transforms/signals.py; each documented in the README), then the filter's
    # verdict: the limit a document is past ("spam_score 12.5 > 4"), null when it passes or
    # no filter ran. A filtered document keeps this row; its paragraphs are not written.
    *QUALITY_SIGNALS,
    pa.field("filtered_by", pa.string()),
    pa.field("pii_masked", pa.int32()),  # pieces of personal data replaced (--mask-pii); null without it
    # The run that found the raw file gone; the row and its paragraphs stay (raw folders are
    # often emptied once read), and the current view leaves it out.
    pa.field("deleted_at", pa.timestamp("s", tz="UTC")),
    pa.field("content_hash", pa.string(), nullable=False),
    pa.field("raw_sha256", pa.string(), nullable=False),
    pa.field("raw_bytes", pa.int64()),
    pa.field("raw_mtime_ns", pa.int64()),
    pa.field("char_count", pa.int32()),
    pa.field("paragraph_count", pa.int32()),
    pa.field("glosses_removed", pa.int32()),
    pa.field("run_id", pa.string()),
    pa.field("pipeline_version", pa.string()),
    *RECORD_PROVENANCE,
])

PARAGRAPHS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("para_index", pa.int32(), nullable=False),
    pa.field("kind", pa.string(), nullable=False),  # heading | body | caption
    pa.field("text", pa.string(), nullable=False),  # Simplified, cleaned
    pa.field("text_original", pa.string(), nullable=False),  # the page's own script
    pa.field("para_hash", pa.string(), nullable=False),  # blind to spacing and punctuation style
    # The document where this paragraph text first appeared (itself when it is the first):
    # filter `first_doc_id == doc_id` to drop quotes and sections repeated across sites.
    pa.field("first_doc_id", pa.string()),
    pa.field("char_count", pa.int32()),
])

REJECTS = pa.schema([
    pa.field("source_path", pa.string(), nullable=False),
    pa.field("reason", pa.string(), nullable=False),  # short code: empty, binary, too_large...
    pa.field("message", pa.string()),
    pa.field("raw_sha256", pa.string()),
    pa.field("raw_bytes", pa.int64()),
    pa.field("raw_mtime_ns", pa.int64()),
    pa.field("run_id", pa.string()),
    pa.field("pipeline_version", pa.string()),
    *RECORD_PROVENANCE,
])

# What deduplication removed and why: one row per dropped document or paragraph.
REMOVED = pa.schema([
    # exact_duplicate | near_duplicate | site_boilerplate | repeat_in_document | superseded,
    # or quality:SIGNAL for a document the quality filter moved out (the figure in `detail`)
    pa.field("rule", pa.string(), nullable=False),
    pa.field("source_path", pa.string(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("para_hash", pa.string()),
    pa.field("text", pa.string()),
    pa.field("duplicate_of", pa.string()),  # kept document, or first document holding the paragraph
    pa.field("similarity", pa.float32()),
    pa.field("site", pa.string()),
    pa.field("run_id", pa.string()),
    pa.field("detail", pa.string()),  # quality rules: the figure against the limit
])

SIGNATURES = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("seq", pa.int32(), nullable=False),
    pa.field("source_path", pa.string(), nullable=False),
    pa.field("minhash", pa.list_(pa.uint32(), NUM_PERM), nullable=False),
    pa.field("bands", pa.list_(pa.uint64(), BANDS), nullable=False),
])

# The text near-duplicates are verified on (Simplified, no spaces or punctuation). Rows
# line up with SIGNATURES (same part names, same order), in small row groups, so a later run
# reads the few KB holding its candidates instead of the whole paragraphs table.
DEDUP_TEXTS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("dedup_text", pa.string(), nullable=False),
])

PARA_SITES = pa.schema([
    pa.field("site", pa.string(), nullable=False),
    pa.field("para_hash", pa.string(), nullable=False),
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("seq", pa.int32(), nullable=False),
    pa.field("source_path", pa.string(), nullable=False),
])

# Small row groups where later runs look rows up by position (see flows/storage/state.py).
# dedup_texts and signatures are read by row position (a candidate's text, an indexed
# band key's document), and so are documents, rejects and para_sites rows found by key
# (flows/storage/key_index.py): small row groups keep such a read to a few KB.
ROW_GROUP_ROWS = {"dedup_texts": 64, "signatures": 4096, "para_sites": 4096, "documents": 16384, "rejects": 16384}

TABLES = {"documents": DOCUMENTS, "paragraphs": PARAGRAPHS, "rejects": REJECTS, "removed": REMOVED}
STATE = {"signatures": SIGNATURES, "dedup_texts": DEDUP_TEXTS, "para_sites": PARA_SITES}
SCHEMAS = {**TABLES, **STATE}
