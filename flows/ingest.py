"""Per-file work: read bytes, clean them, return plain rows. Runs in worker processes."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from transforms.document import TOO_LARGE, UNREADABLE, Document, Reject, clean


@dataclass
class FileResult:
    source_path: str
    raw_sha256: str
    raw_bytes: int
    document: Document | None = None
    reject: Reject | None = None

    @property
    def doc_id(self) -> str:
        # Path and bytes together: byte-identical copies at two paths stay two rows,
        # and the same file at the same path keeps its id on every run.
        return hashlib.sha256(f"{self.source_path}\0{self.raw_sha256}".encode()).hexdigest()[:20]


@dataclass
class BatchResult:
    files: list[FileResult] = field(default_factory=list)
    dropped_lines: Counter = field(default_factory=Counter)


def process_files(raw_dir: str, paths: list[str], max_bytes: int) -> BatchResult:
    out = BatchResult()
    root = Path(raw_dir)
    for rel in paths:
        result = process_file(root / rel, rel, max_bytes)
        if result.document is not None:
            out.dropped_lines.update(result.document.dropped_lines)
            result.document.dropped_lines = Counter()  # counted once, not shipped back per file
        out.files.append(result)
    return out


def process_file(path: Path, rel: str, max_bytes: int) -> FileResult:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            # Hash a bounded prefix only: a huge file must not be read whole just to be refused.
            with path.open("rb") as fh:
                head = fh.read(1 << 20)
            digest = hashlib.sha256(head + str(size).encode()).hexdigest()
            return FileResult(rel, digest, size, reject=Reject(TOO_LARGE, f"{size} bytes exceeds the {max_bytes}-byte limit"))
        raw = path.read_bytes()
    except OSError as err:
        return FileResult(rel, "", 0, reject=Reject(UNREADABLE, f"cannot read file: {err.strerror or err}"))
    digest = hashlib.sha256(raw).hexdigest()
    try:
        cleaned = clean(raw)
    except Exception as err:  # one bad file must never stop the run
        return FileResult(rel, digest, len(raw), reject=Reject("internal_error", f"{type(err).__name__}: {err}"))
    if isinstance(cleaned, Reject):
        return FileResult(rel, digest, len(raw), reject=cleaned)
    return FileResult(rel, digest, len(raw), document=cleaned)
