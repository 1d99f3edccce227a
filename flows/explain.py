"""`qingxi explain FILE`: every line of a raw file's pages with its verdict and the rule
behind it, read with the same readers and cleaning steps a run uses. Run-level decisions
(duplicates across documents, site template paragraphs) need the corpus: the `removed`
table records those."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flows.errors import NothingToExplain
from flows.ingest import analyse_record
from flows.readers import RawFile, Record
from flows.reading import read_records
from transforms.document import Analysis, Document
from transforms.explain import explain_lines
from transforms.quality import PRESETS, assess
from transforms.signals import SIGNAL_NAMES

TEXT_WIDTH = 60
SIGNALS_PER_LINE = 6


def explain_file(path: Path, max_bytes: int, url: str | None = None) -> Iterator[str]:
    stat = path.stat()
    file = RawFile(path.name, stat.st_size, stat.st_mtime_ns)
    shown = 0
    for record in read_records(str(path.parent), file, max_bytes):
        if url is not None and record.url != url:
            continue
        shown += 1
        yield from _explain_record(record)
    if shown == 0 and url:
        raise NothingToExplain(f"{path} has no record with url {url}")
    if shown == 0:
        yield f"{path}: no records"


def _explain_record(record: Record) -> Iterator[str]:
    where = record.url or record.source_path
    if record.refused is not None:
        yield f"{where}: rejected, {record.refused.reason.value}: {record.refused.message}"
        return
    analysis = analyse_record(record)
    yield from _summary(where, record, analysis)
    verdicts = explain_lines(analysis)
    if verdicts:
        width = max(len(v.verdict) + len(v.detail) for v in verdicts) + 3
        yield f"{'line':>6}  {'verdict':<{width}}  text"
    for v in verdicts:
        text = v.text if len(v.text) <= TEXT_WIDTH else v.text[: TEXT_WIDTH - 1] + "…"
        yield f"{v.index:>6}  {v.verdict + ' (' + v.detail + ')':<{width}}  {text}"
    yield ""


def _summary(where: str, record: Record, analysis: Analysis) -> Iterator[str]:
    doc = analysis.outcome
    if not isinstance(doc, Document):
        yield f"{where}: rejected, {doc.reason.value}: {doc.message}"
        return
    what = "a list page (page_type list: no article, a list of other pages)" if doc.page_type == "list" else "a document"
    yield (f"{where}: {what} of {len(doc.paragraphs)} paragraphs, {doc.char_count} characters "
           f"({record.media_type}, {doc.encoding} {doc.encoding_confidence:.2f} by {doc.encoding_method}, {doc.script})")
    for name in ("title", "author", "published_at", "source", "editor", "column", "original_title", "page_site"):
        if (value := getattr(doc, name)) is not None:
            yield f"  {name}: {value}"
    signals, verdict = assess([p.text for p in doc.paragraphs], PRESETS["standard"])
    for at in range(0, len(SIGNAL_NAMES), SIGNALS_PER_LINE):
        yield ("  signals: " if not at else "           ") + ", ".join(
            f"{name} {getattr(signals, name)}" for name in SIGNAL_NAMES[at : at + SIGNALS_PER_LINE])
    yield f"  --filter standard: {'keeps it' if verdict is None else 'moves it out, ' + verdict[1]}"
    if analysis.html is not None:
        yield (f"  html: {analysis.html.chrome_blocks} blocks left out as chrome containers (nav, footer, sidebar...);"
               " line numbers below count the visible blocks")
    for note in analysis.notes:
        yield f"  note cut from the text: {note}"

