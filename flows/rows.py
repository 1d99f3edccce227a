"""One mapping from what cleaning produced to table rows: a record's provenance columns,
a cleaned Document's fields (every Document attribute named like a documents column goes
to it, so a new field is added in two places: the dataclass and the schema), a reject."""
from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path

from flows.readers import Record, path_bytes
from flows.schemas import DOCUMENTS
from transforms.dates import as_utc
from transforms.document import Document, Reject
from transforms.page import HashedParagraph
from transforms.signals import SIGNAL_NAMES, QualitySignals



def _pipeline_version() -> str:
    """The package version and a digest of the cleaning code: any change to a rule in
    transforms/ makes a new pipeline_version, so stored rows say which rules made them."""
    import transforms

    try:
        from importlib.metadata import version

        package = version("qingxi")
    except Exception:  # running from a source tree
        package = "0"
    root = Path(transforms.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{package}+rules.{digest.hexdigest()[:8]}"


PIPELINE_VERSION = _pipeline_version()

DOCUMENT_FIELDS = tuple(f.name for f in fields(Document) if f.name in DOCUMENTS.names)


def doc_id_for(source_path: str, raw_sha256: str, record_id: str | None = None) -> str:
    # Path and bytes together: byte-identical copies at two paths stay two rows, and the
    # same record at the same path keeps its id on every run.
    key = f"{source_path}\0{raw_sha256}" if record_id is None else f"{source_path}\0{record_id}\0{raw_sha256}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def provenance(record: Record, run_id: str) -> dict:
    return {"source_path": record.source_path, "record_id": record.record_id, "url": record.url,
            "fetched_at": record.fetched_at, "http_status": record.http_status, "file_bytes": record.file.size,
            "source_path_bytes": path_bytes(record.file.path),
            "raw_sha256": record.raw_sha256, "raw_bytes": record.raw_bytes, "raw_mtime_ns": record.file.mtime_ns,
            "run_id": run_id, "pipeline_version": PIPELINE_VERSION}


def document_row(record: Record, doc: Document, doc_id: str, site: str, kept: list[HashedParagraph],
                 run_id: str, signals: QualitySignals, filtered_by: str | None = None,
                 pii_masked: int | None = None) -> dict:
    """kept: the paragraphs left once the page's own repeats are dropped (the counts are of
    those; writing corrects them again for template paragraphs). signals: its quality
    signals, a column each; filtered_by: the quality limit it is past, if any."""
    return {**provenance(record, run_id), **{name: getattr(doc, name) for name in DOCUMENT_FIELDS}, **{name: getattr(signals, name) for name in SIGNAL_NAMES},
            "filtered_by": filtered_by, "pii_masked": pii_masked,
            "doc_id": doc_id, "site": site, "paragraph_count": len(kept), "published_at_utc": as_utc(doc.published_at),
            "char_count": sum(len(p.paragraph.text) for p in kept),
            "truncated": doc.truncated or record.truncated}


def reject_row(record: Record, reject: Reject, run_id: str) -> dict:
    return {**provenance(record, run_id), "reason": reject.reason, "message": reject.message}


def paragraph_row(doc_id: str, index: int, p: HashedParagraph) -> dict:
    return {"doc_id": doc_id, "para_index": index, "kind": p.paragraph.kind, "text": p.paragraph.text,
            "text_original": p.paragraph.text_original, "para_hash": p.para_hash, "char_count": len(p.paragraph.text)}
