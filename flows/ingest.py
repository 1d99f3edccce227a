"""Per-batch work, run in worker processes: read the records of a batch of files, clean
them, stage full rows as Parquet, and hand back only the light keys the global dedup step
needs (ids, hashes, MinHash signatures), so the flow's memory does not grow with the text."""
from __future__ import annotations

import gc
import logging
import os
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from flows.discover import SelectedFile
from flows.reading import read_records
from flows.readers import HTML, Record
from flows.rows import doc_id_for, document_row, paragraph_row, reject_row
from flows.schemas import DOCUMENTS, PARAGRAPHS, REJECTS
from transforms.dedup import BatchKeys, para_keys
from transforms.dedup.minhash import band_keys, dedup_text, signatures
from transforms.document import Analysis, Document, Reject, analyse_again, analyse_raw
from transforms.page import SiteRule, site_for, without_repeats
from transforms.quality import PRESETS, Preset, assess
from transforms.signals import mask_pii
from transforms.reasons import RejectReason
from transforms.segment import Paragraph
from transforms.templates import site_templates

def leave_interrupts_to_the_run() -> None:
    """A pool worker's initializer: Ctrl-C reaches the whole terminal's process group, and
    the run ends its workers itself (flows/interrupt.py); a worker unwinding on its own
    printed a traceback per batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


LOG = logging.getLogger("qingxi.ingest")  # in a pool worker: its stderr, which is the run's
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # larger files are rejected as too_large without being read whole


@dataclass(frozen=True)
class BatchJob:
    raw_dir: str
    files: list[SelectedFile]
    max_bytes: int
    stage_dir: str
    batch_no: int
    run_id: str
    site_rule: SiteRule = SiteRule.PAGE
    quality: Preset = PRESETS["none"]  # documents past its limits are moved out (transforms/quality.py)
    mask_pii: bool = False             # personal data in paragraph text replaced by typed placeholders


@dataclass(frozen=True)
class Filtered:
    """A document the quality filter moved out: its row stays, its paragraphs are not written."""
    doc_id: str
    rule: str    # quality:SIGNAL
    detail: str  # the figure against the limit: "spam_score 12.5 > 4"


@dataclass(frozen=True)
class RepeatedParagraph:
    """A paragraph a page holds twice: the second is dropped (an audit row)."""
    doc_id: str
    para_hash: str
    text: str


@dataclass
class BatchOutcome:
    """What one batch hands back to the flow: staged file paths and small keys."""
    keys: BatchKeys = field(default_factory=BatchKeys)
    staged: dict[str, str] = field(default_factory=dict)  # table -> staged parquet path
    repeats: list[RepeatedParagraph] = field(default_factory=list)
    filtered: list[Filtered] = field(default_factory=list)
    files: int = 0
    records_unchanged: int = 0
    raw_bytes: int = 0
    rejects: Counter = field(default_factory=Counter)
    dropped_lines: Counter = field(default_factory=Counter)


def filtered_ids(outcomes: list[BatchOutcome]) -> frozenset[str]:
    """The documents a run's quality filter moved out: no original for any duplicate."""
    return frozenset(f.doc_id for o in outcomes for f in o.filtered)


# Pages learned from together (transforms/templates.py), so memory stays bounded in a batch
# that is one WARC file of a hundred thousand records.
TEMPLATE_WINDOW = 1000


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """A batch makes millions of small objects that form no cycles, and a window's worth of
    them (every line of a thousand pages, until the site templates are learned) stays alive:
    the cyclic collector's repeated passes over them took 23% of a batch (6 batches of the
    crawl corpus: 10.1 s, 7.7 s without). Reference counting frees them all the same; the
    collector runs again after the batch, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def process_batch(job: BatchJob) -> BatchOutcome:
    with without_cycle_collection():
        return _process_batch(job)


def _process_batch(job: BatchJob) -> BatchOutcome:
    out = BatchOutcome()
    keys = out.keys
    docs, paras, rejects, dedup_texts, para_row, para_hashes = [], [], [], [], [], []

    def add(record: Record, result: Document | Reject) -> None:
        if isinstance(result, Reject):
            rejects.append(reject_row(record, result, job.run_id))
            out.rejects[result.reason] += 1
            return
        path = record.source_path
        doc_id = doc_id_for(path, record.raw_sha256, record.record_id)
        site = site_for(path, result.page_site, job.site_rule, record.url)
        signals, verdict = assess([p.text for p in result.paragraphs], job.quality)
        masked = 0
        if job.mask_pii:
            result.paragraphs, masked = _masked(result.paragraphs)
        kept, repeated = without_repeats(result.paragraphs)
        out.dropped_lines.update(result.dropped_lines)
        docs.append(document_row(record, result, doc_id, site, kept, job.run_id, signals,
                                 filtered_by=verdict[1] if verdict else None, pii_masked=masked if job.mask_pii else None))
        keys.doc_ids.append(doc_id)
        keys.source_paths.append(path)
        keys.content_hashes.append(result.content_hash)
        keys.sites.append(site)
        keys.record_ids.append(record.record_id)
        keys.urls.append(record.url)
        dedup_texts.append(dedup_text([p.text for p in result.paragraphs]))
        if verdict is not None:  # out of the dataset: no paragraphs, an audit row
            out.filtered.append(Filtered(doc_id, *verdict))
            return
        out.repeats += [RepeatedParagraph(doc_id, r.para_hash, r.paragraph.text) for r in repeated]
        for index, p in enumerate(kept):
            paras.append(paragraph_row(doc_id, index, p))
            para_row.append(len(keys.doc_ids) - 1)
            para_hashes.append(p.para_hash)

    window: list[tuple[Record, Read | Reject]] = []
    for selected in job.files:
        out.files += 1
        out.raw_bytes += selected.file.size
        for record in read_records(job.raw_dir, selected.file, job.max_bytes):
            if record.key in selected.known:
                out.records_unchanged += 1
                continue
            window.append((record, record.refused or _read(_analyse(record))))
            if len(window) >= TEMPLATE_WINDOW:
                _finish(window, add)
                window = []
    _finish(window, add)
    keys.para_row = np.array(para_row, dtype=np.int32)
    keys.para_hashes = pa.array(para_hashes, pa.string())
    keys.para_keys = np.array(para_keys(para_hashes), dtype=np.uint64)
    keys.minhash = signatures(dedup_texts)
    keys.bands = band_keys(keys.minhash)
    stage = Path(job.stage_dir)
    for name, table in (("documents", pa.Table.from_pylist(docs, schema=DOCUMENTS)),
                        ("paragraphs", pa.Table.from_pylist(paras, schema=PARAGRAPHS)),
                        ("rejects", pa.Table.from_pylist(rejects, schema=REJECTS)),
                        ("dedup_texts", pa.table({"doc_id": pa.array(keys.doc_ids, pa.string()),
                                                  "dedup_text": pa.array(dedup_texts, pa.string())}))):
        path = stage / f"{name}-{job.batch_no:05d}.parquet"
        # A batch run again after its Dask worker died (or still running on a lost one)
        # writes the same names: each file appears whole, in one rename.
        tmp = stage / f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, path)
        out.staged[name] = str(path)
    return out


def _masked(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], int]:
    """The paragraphs with personal data replaced (--mask-pii), in both scripts, and how many
    pieces were replaced."""
    out, total = [], 0
    for p in paragraphs:
        text, found = mask_pii(p.text)
        if found:
            p = replace(p, text=text, text_original=mask_pii(p.text_original)[0])
            total += found
        out.append(p)
    return out, total


def http_charset(headers: tuple[tuple[str, str], ...]) -> str | None:
    """The charset of a response's Content-Type header, if it names one."""
    for name, value in headers:
        if name.lower() == "content-type" and (m := _CHARSET.search(value)):
            return m.group(1).lower()
    return None


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def analyse_record(record: Record) -> Analysis:
    """A record through every cleaning step, with what its reader knows of it (the HTTP
    charset and address of a WARC response): the run and `explain` read pages the same way."""
    return analyse_raw(record.raw, record.media_type == HTML, http_charset(record.http_headers), url=record.url)


def _analyse(record: Record) -> Analysis | Reject:
    try:
        return analyse_record(record)
    except Exception as err:  # one bad record must never stop the run
        return internal_error(record, err)


def internal_error(record: Record, err: Exception) -> Reject:
    """A bug met on one record: its reject keeps the message, the log the whole traceback
    (where in the code, which a message alone does not say)."""
    LOG.error("internal error cleaning %s%s", record.source_path, f" ({record.url})" if record.url else "", exc_info=err)
    return Reject(RejectReason.INTERNAL_ERROR, f"{type(err).__name__}: {err}")


def _template_site(record: Record) -> str:
    """The pages that share a template: a URL's host, else the top folder (--site-from folder)."""
    return site_for(record.source_path, None, SiteRule.FOLDER, record.url)


@dataclass(frozen=True)
class Read:
    """What a window keeps of a page's analysis: its outcome, the lines its site's template
    is learned from, which of them the kept text came from, and what a second reading needs."""
    outcome: Document | Reject
    lines: list[str]
    kept_lines: frozenset[int]
    analysis: Analysis | None  # without its layout (documents only)


def _read(analysis: Analysis | Reject) -> Read | Reject:
    if isinstance(analysis, Reject):
        return analysis
    lines = [ln.text for ln in analysis.layout.lines] if analysis.layout is not None else []
    if not isinstance(analysis.outcome, Document) or analysis.norm is None:
        return Read(analysis.outcome, lines, frozenset(), None)
    kept = frozenset(i for p in analysis.paragraphs for i in p.lines)
    analysis.layout = analysis.meta = None
    analysis.paragraphs = []
    return Read(analysis.outcome, lines, kept, analysis)


def _finish(window: list[tuple[Record, Read | Reject]], add: Callable[[Record, Document | Reject], None]) -> None:
    """Learn the window's site templates, read again the pages whose kept text holds one of
    their template lines, and add every page's row."""
    sites = [_template_site(record) for record, _ in window]
    templates = site_templates((site, r.raw_sha256, read.lines) for site, (r, read) in zip(sites, window) if isinstance(read, Read))
    for site, (record, read) in zip(sites, window):
        if isinstance(read, Reject):
            add(record, read)
            continue
        result = read.outcome
        template = templates.get(site)
        if template and read.analysis is not None and any(read.lines[i] in template for i in read.kept_lines):
            try:
                result = analyse_again(read.analysis, template).outcome
            except Exception as err:  # one bad record must never stop the run
                result = internal_error(record, err)
        add(record, result)
