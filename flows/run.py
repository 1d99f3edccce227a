"""The qingxi flow: list raw files, clean them in batches on all cores, deduplicate,
write the three tables atomically, and report one RunStats record."""
from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from multiprocessing import get_context
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.ingest import BatchResult, FileResult, process_files
from flows.store import write_tables
from transforms.dedup import DocKey, exact_duplicates

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BATCH_SIZE = 200
# Below this many files a process pool costs more (spawn + imports) than it saves.
MIN_FILES_FOR_POOL = 400

try:
    PIPELINE_VERSION = version("qingxi")
except PackageNotFoundError:  # running from a source tree
    PIPELINE_VERSION = "0+source"


@dataclass
class RunStats:
    run_id: str
    files_seen: int = 0
    documents: int = 0
    kept_documents: int = 0
    duplicates: int = 0
    paragraphs: int = 0
    rejects: int = 0
    raw_bytes: int = 0
    seconds: float = 0.0
    rejects_by_reason: Counter = field(default_factory=Counter)
    duplicates_by_method: Counter = field(default_factory=Counter)
    dropped_lines_by_reason: Counter = field(default_factory=Counter)

    @property
    def mb_per_s(self) -> float:
        return self.raw_bytes / 1e6 / self.seconds if self.seconds else 0.0

    def rows(self) -> list[dict]:
        """One row per figure, for the Prefect table artifact and the CLI summary."""
        out = [
            {"figure": "files seen", "value": self.files_seen},
            {"figure": "documents", "value": self.documents},
            {"figure": "kept documents", "value": self.kept_documents},
            {"figure": "duplicates", "value": self.duplicates},
            {"figure": "paragraphs", "value": self.paragraphs},
            {"figure": "rejects", "value": self.rejects},
            {"figure": "raw MB", "value": round(self.raw_bytes / 1e6, 3)},
            {"figure": "seconds", "value": round(self.seconds, 2)},
            {"figure": "MB/s", "value": round(self.mb_per_s, 2)},
        ]
        out += [{"figure": f"duplicates: {k}", "value": v} for k, v in sorted(self.duplicates_by_method.items())]
        out += [{"figure": f"rejects: {k}", "value": v} for k, v in sorted(self.rejects_by_reason.items())]
        out += [{"figure": f"lines dropped: {k}", "value": v} for k, v in self.dropped_lines_by_reason.most_common()]
        return out

    def summary(self) -> str:
        rejects = ", ".join(f"{k} {v}" for k, v in sorted(self.rejects_by_reason.items())) or "none"
        return (
            f"{self.files_seen} files: {self.documents} documents ({self.kept_documents} kept, "
            f"{self.duplicates} duplicates), {self.paragraphs} paragraphs, {self.rejects} rejects "
            f"[{rejects}]; {self.raw_bytes / 1e6:.2f} MB in {self.seconds:.2f} s = {self.mb_per_s:.2f} MB/s"
        )


def list_raw_files(raw_dir: Path) -> list[str]:
    """Every regular file under raw/, as sorted '/'-separated paths. Hidden files (crawler
    state, our staging) and the folder's own top-level README are not scrapes."""
    out = []
    for dirpath, dirnames, filenames in os.walk(raw_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or (Path(dirpath) == raw_dir and name.upper().startswith("README")):
                continue
            rel = Path(dirpath, name).relative_to(raw_dir).as_posix()
            out.append(rel)
    return sorted(out)


@task(name="clean-batch")
def clean_batch(raw_dir: str, paths: list[str], max_bytes: int, workers: int) -> BatchResult:
    """One task per batch, never per file: Prefect's per-task overhead is tens of ms."""
    if workers <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        return process_files(raw_dir, paths, max_bytes)
    chunks = [paths[i : i + BATCH_SIZE] for i in range(0, len(paths), BATCH_SIZE)]
    merged = BatchResult()
    logger = get_run_logger()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for part in pool.map(process_files, [raw_dir] * len(chunks), chunks, [max_bytes] * len(chunks)):
            merged.files.extend(part.files)
            merged.dropped_lines.update(part.dropped_lines)
            logger.info("cleaned %d/%d files", len(merged.files), len(paths))
    return merged


@flow(name="qingxi-run", log_prints=False)
def curate(raw_dir: str, out_dir: str, max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None) -> RunStats:
    logger = get_run_logger()
    started = time.perf_counter()
    raw, out = Path(raw_dir), Path(out_dir)
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    paths = list_raw_files(raw)
    logger.info("run %s: %d raw files under %s", run_id, len(paths), raw)
    batch = clean_batch(str(raw), paths, max_bytes, workers or os.cpu_count() or 1)
    stats = RunStats(run_id=run_id, files_seen=len(paths))
    stats.dropped_lines_by_reason = batch.dropped_lines
    rows = build_rows(batch.files, run_id, stats)
    write_tables(out, rows, run_id)
    stats.seconds = time.perf_counter() - started
    logger.info(stats.summary())
    create_table_artifact(key="qingxi-run-stats", table=stats.rows(), description=f"qingxi run {run_id}")
    create_markdown_artifact(key="qingxi-run-summary", markdown=f"**qingxi run {run_id}**\n\n{stats.summary()}")
    return stats


def build_rows(files: list[FileResult], run_id: str, stats: RunStats) -> dict[str, list[dict]]:
    docs = [f for f in files if f.document is not None]
    dups = exact_duplicates([DocKey(f.doc_id, f.source_path, f.document.content_hash) for f in docs])
    documents, paragraphs, rejects = [], [], []
    for f in files:
        stats.raw_bytes += f.raw_bytes
        if f.reject is not None:
            rejects.append({
                "source_path": f.source_path, "reason": f.reject.reason, "message": f.reject.message,
                "raw_sha256": f.raw_sha256, "raw_bytes": f.raw_bytes, "run_id": run_id,
                "pipeline_version": PIPELINE_VERSION,
            })
            stats.rejects_by_reason[f.reject.reason] += 1
            continue
        d, doc_id = f.document, f.doc_id
        dup = dups.get(doc_id)
        documents.append({
            "doc_id": doc_id, "source_path": f.source_path, "encoding": d.encoding,
            "encoding_confidence": d.encoding_confidence, "encoding_method": d.encoding_method,
            "truncated": d.truncated, "script": d.script, "title": d.title, "author": d.author,
            "published_at": d.published_at, "source": d.source, "editor": d.editor, "column": d.column,
            "original_title": d.original_title,
            "duplicate_of": dup.duplicate_of if dup else None,
            "dup_method": dup.method if dup else None,
            "dup_similarity": dup.similarity if dup else None,
            "content_hash": d.content_hash, "raw_sha256": f.raw_sha256, "raw_bytes": f.raw_bytes,
            "char_count": d.char_count, "paragraph_count": len(d.paragraphs),
            "glosses_removed": d.glosses_removed, "run_id": run_id, "pipeline_version": PIPELINE_VERSION,
        })
        if dup:
            stats.duplicates_by_method[dup.method] += 1
            continue
        for i, p in enumerate(d.paragraphs):
            paragraphs.append({
                "doc_id": doc_id, "para_index": i, "kind": p.kind, "text": p.text,
                "text_original": p.text_original,
                "para_hash": hashlib.sha256(p.text.encode("utf-8")).hexdigest()[:16],
                "char_count": len(p.text),
            })
    stats.documents = len(documents)
    stats.duplicates = len(dups)
    stats.kept_documents = stats.documents - stats.duplicates
    stats.paragraphs = len(paragraphs)
    stats.rejects = len(rejects)
    return {"documents": documents, "paragraphs": paragraphs, "rejects": rejects}


def stats_dict(stats: RunStats) -> dict:
    d = asdict(stats)
    d["mb_per_s"] = stats.mb_per_s
    return d
