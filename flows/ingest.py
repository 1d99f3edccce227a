"""Per-batch work, run in worker processes: read bytes, clean them, stage full rows as
Parquet, and hand back only the light keys the global dedup step needs (ids, hashes,
MinHash signatures), so the flow's memory does not grow with the text it processes."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from flows.schemas import DOCUMENTS, PARAGRAPHS, REJECTS
from transforms.dedup import para_hash, para_keys
from transforms.document import INTERNAL_ERROR, TOO_LARGE, UNREADABLE, Document, Reject, clean
from transforms.minhash import band_keys, dedup_text, signatures

try:
    from importlib.metadata import version

    PIPELINE_VERSION = version("qingxi")
except Exception:  # running from a source tree
    PIPELINE_VERSION = "0+source"


DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # larger files are rejected as too_large without being read whole


@dataclass(frozen=True)
class RawFile:
    path: str          # relative, '/'-separated
    size: int
    mtime_ns: int


@dataclass
class BatchOutcome:
    """What one batch hands back to the flow: staged file paths and small keys."""
    staged: dict[str, str] = field(default_factory=dict)  # table -> staged parquet path
    doc_ids: list[str] = field(default_factory=list)
    source_paths: list[str] = field(default_factory=list)
    content_hashes: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    minhash: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.uint32))
    bands: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.uint64))
    # One entry per kept paragraph: its document's position in doc_ids, its para_hash, and
    # the same hash as a number (the flow groups a million of these; strings cost 5x more).
    para_row: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    para_hashes: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    para_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    repeats_in_doc: list[dict] = field(default_factory=list)
    files: int = 0
    raw_bytes: int = 0
    rejects: Counter = field(default_factory=Counter)
    dropped_lines: Counter = field(default_factory=Counter)


def doc_id_for(source_path: str, raw_sha256: str) -> str:
    # Path and bytes together: byte-identical copies at two paths stay two rows, and the
    # same file at the same path keeps its id on every run.
    return hashlib.sha256(f"{source_path}\0{raw_sha256}".encode()).hexdigest()[:20]


def site_for(source_path: str, page_site: str | None, rule: str) -> str:
    folder = source_path.split("/", 1)[0] if "/" in source_path else "."
    if rule == "folder":
        return folder
    return page_site or folder


def process_batch(raw_dir: str, files: list[RawFile], max_bytes: int, stage_dir: str, batch_no: int,
                  run_id: str, site_rule: str = "page") -> BatchOutcome:
    out = BatchOutcome()
    docs, paras, rejects = [], [], []
    dedup_texts: list[str] = []
    para_row: list[int] = []
    para_hashes: list[str] = []
    root = Path(raw_dir)
    for f in files:
        out.files += 1
        out.raw_bytes += f.size
        digest, result = _clean_file(root / f.path, f.size, max_bytes)
        base = {"source_path": f.path, "raw_sha256": digest, "raw_bytes": f.size, "raw_mtime_ns": f.mtime_ns,
                "run_id": run_id, "pipeline_version": PIPELINE_VERSION}
        if isinstance(result, Reject):
            rejects.append({**base, "reason": result.reason, "message": result.message})
            out.rejects[result.reason] += 1
            continue
        d = result
        doc_id = doc_id_for(f.path, digest)
        site = site_for(f.path, d.site, site_rule)
        out.dropped_lines.update(d.dropped_lines)
        docs.append({**base, "doc_id": doc_id, "encoding": d.encoding, "encoding_confidence": d.encoding_confidence,
                     "encoding_method": d.encoding_method, "truncated": d.truncated, "script": d.script,
                     "title": d.title, "author": d.author, "published_at": d.published_at, "source": d.source,
                     "editor": d.editor, "column": d.column, "original_title": d.original_title, "site": site,
                     "content_hash": d.content_hash, "char_count": d.char_count,
                     "paragraph_count": len(d.paragraphs), "glosses_removed": d.glosses_removed})
        out.doc_ids.append(doc_id)
        out.source_paths.append(f.path)
        out.content_hashes.append(d.content_hash)
        out.sites.append(site)
        dedup_texts.append(dedup_text([p.text for p in d.paragraphs]))
        seen: set[str] = set()
        for p in d.paragraphs:
            h = para_hash(p.text)
            if h in seen:  # same text twice in one page: keep the first, say so
                out.repeats_in_doc.append({"rule": "repeat_in_document", "source_path": f.path, "doc_id": doc_id,
                                           "para_hash": h, "text": p.text, "duplicate_of": doc_id, "site": site,
                                           "run_id": run_id})
                continue
            seen.add(h)
            paras.append({"doc_id": doc_id, "para_index": len(seen) - 1, "kind": p.kind, "text": p.text,
                          "text_original": p.text_original, "para_hash": h, "char_count": len(p.text)})
            para_row.append(len(out.doc_ids) - 1)
            para_hashes.append(h)
    out.para_row = np.array(para_row, dtype=np.int32)
    out.para_hashes = pa.array(para_hashes, pa.string())
    out.para_keys = np.array(para_keys(para_hashes), dtype=np.uint64)
    out.minhash = signatures(dedup_texts)
    out.bands = band_keys(out.minhash)
    stage = Path(stage_dir)
    for name, table in (("documents", pa.Table.from_pylist(docs, schema=DOCUMENTS)),
                        ("paragraphs", pa.Table.from_pylist(paras, schema=PARAGRAPHS)),
                        ("rejects", pa.Table.from_pylist(rejects, schema=REJECTS)),
                        ("dedup_texts", pa.table({"doc_id": pa.array(out.doc_ids, pa.string()),
                                                  "dedup_text": pa.array(dedup_texts, pa.string())}))):
        path = stage / f"{name}-{batch_no:05d}.parquet"
        pq.write_table(table, path)
        out.staged[name] = str(path)
    return out


def raw_digest(path: Path, size: int, max_bytes: int) -> str:
    """The identity of a raw file's bytes: SHA-256 of the file, or for a file over the size
    limit, of its first MB and its size (a huge file is never read whole just to be refused)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        if size > max_bytes:
            h.update(fh.read(1 << 20) + str(size).encode())
        else:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _clean_file(path: Path, size: int, max_bytes: int) -> tuple[str, Document | Reject]:
    try:
        if size > max_bytes:
            return raw_digest(path, size, max_bytes), Reject(TOO_LARGE, f"{size} bytes exceeds the {max_bytes}-byte limit")
        raw = path.read_bytes()
    except OSError as err:
        return "", Reject(UNREADABLE, f"cannot read file: {err.strerror or err}")
    digest = hashlib.sha256(raw).hexdigest()
    try:
        return digest, clean(raw)
    except Exception as err:  # one bad file must never stop the run
        return digest, Reject(INTERNAL_ERROR, f"{type(err).__name__}: {err}")
