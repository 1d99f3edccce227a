"""WARC files (Heritrix, `wget --warc-file`, Common Crawl, webrecorder): one record per
HTTP response, read as a stream, so a file of several GB never sits in memory.

Response records become records for cleaning when their payload is HTML or text; a
response with no article in it (an image, a PDF, a 4xx/5xx, a redirect, an empty body)
becomes a refused record, so it gets one rejects row. Request, warcinfo, metadata and
revisit records are not pages and yield nothing.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import replace
from datetime import datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flows.readers import HTML, TEXT, RawFile, Reader, Record
from transforms.document import Reject
from transforms.reasons import RejectReason

_WARC_NAME = re.compile(r"\.warc(?:\.gz)?$", re.I)
_TEXT_TYPES = {"text/html": HTML, "application/xhtml+xml": HTML, "text/plain": TEXT}


class _Archive(ArchiveIterator):
    INC_RECORD = ""  # warcio's own warning on stderr: the damaged_record reject says it, per record


class WarcReader(Reader):
    name = "warc"

    @staticmethod
    def accepts(path: str, head: bytes) -> bool:
        if head.startswith(b"WARC/"):
            return True
        return bool(_WARC_NAME.search(path)) and head.startswith((b"\x1f\x8b", b"WARC/"))

    def records(self, stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
        pages = 0
        for record in _read_all(stream, file, max_bytes):
            pages += 1
            yield record
        if not pages:  # else the file has no row, and is read again on every run
            yield Record(file, b"", "", file.size, refused=Reject(
                RejectReason.NO_RESPONSES, "a WARC file with no response records (warcinfo, requests, metadata only)"))


def _read_all(stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
    """Every record, damage skipped to the next readable one."""
    gzipped = stream.read(2) == b"\x1f\x8b"  # one gzip member per record, as WARC writers make them
    start: int | None = 0
    while start is not None:
        start = yield from _read_from(stream, file, max_bytes, start, gzipped)


def _read_from(stream: BinaryIO, file: RawFile, max_bytes: int, start: int,
               gzipped: bool) -> Generator[Record, None, int | None]:
    """The records from `start` on; at damage, one reject for the bytes skipped and the
    offset of the next readable record (None: no more). A bad record costs that record,
    never the file's others."""
    stream.seek(start)
    archive = _Archive(stream)
    end = start  # where the last record that could be read ends
    try:
        for warc in archive:
            if warc.rec_type != "response":
                end = archive.get_record_offset() + archive.get_record_length()  # skips to the record's end
                continue
            try:
                record = _response(warc, file, max_bytes)
            except ValueError as err:  # a header that says nothing readable (Content-Length: zzz, 2OO)
                record = Record(file, b"", "", 0, record_id=warc.rec_headers.get_header("WARC-Record-ID"),
                                url=warc.rec_headers.get_header("WARC-Target-URI"),
                                refused=Reject(RejectReason.DAMAGED_RECORD, f"unreadable WARC or HTTP header: {err}"))
            # Only once the payload is read: asking earlier makes warcio skip to the record's end.
            offset = archive.get_record_offset()
            end = offset + archive.get_record_length()
            yield replace(record, offset=offset)
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as err:
        resume = _next_record(stream, end + (end == start), gzipped)  # never the place that failed again
        skipped = (resume if resume is not None else file.size) - end
        yield Record(file, b"", "", max(skipped, 0), record_id=f"<damaged at {end}>", offset=end,
                     refused=Reject(RejectReason.DAMAGED_RECORD,
                                    f"WARC data unreadable from about byte {end} ({err}); "
                                    + (f"reading resumed at the next record, byte {resume}" if resume is not None
                                       else "no readable record after it")))
        return resume
    return None


SCAN_CHUNK = 1 << 20
_MARKERS = (b"WARC/1.", b"\x1f\x8b\x08")


def _next_record(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """The offset of the next place after `after` where a WARC record can be read: a
    header line (plain) or a gzip member (one per record) that warcio parses."""
    markers = _MARKERS[::-1] if gzipped else _MARKERS
    position = after
    while True:
        stream.seek(position)
        chunk = stream.read(SCAN_CHUNK + 8)
        if not chunk:
            return None
        # Either kind of record start: a damaged head can hide which kind the file is.
        candidates = sorted({i for m in markers for i in _all(chunk, m)})
        for found in candidates:
            if _readable_at(stream, position + found):
                return position + found
        if len(chunk) <= SCAN_CHUNK:
            return None
        position += SCAN_CHUNK


def _all(chunk: bytes, marker: bytes) -> Iterator[int]:
    found = chunk.find(marker)
    while found != -1:
        yield found
        found = chunk.find(marker, found + 1)


def _readable_at(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    try:
        next(iter(_Archive(stream)))
        return True
    except (StopIteration, ArchiveLoadFailed, ValueError, EOFError, zlib.error):
        return False


def _response(warc, file: RawFile, max_bytes: int) -> Record:
    headers = warc.rec_headers
    http = warc.http_headers
    status = int(http.get_statuscode() or 0) if http is not None else 0
    media = (http.get_header("Content-Type") or "").split(";")[0].strip().lower() if http is not None else ""
    provenance = dict(record_id=headers.get_header("WARC-Record-ID"),
                      url=headers.get_header("WARC-Target-URI"), fetched_at=_warc_date(headers.get_header("WARC-Date")),
                      http_status=status or None,
                      http_headers=tuple(http.headers) if http is not None else ())
    length = int(headers.get_header("Content-Length") or 0)
    refused = None
    if 300 <= status < 400:
        refused = Reject(RejectReason.REDIRECT, f"HTTP {status} redirect to {http.get_header('Location') or '?'}")
    elif status >= 400:
        refused = Reject(RejectReason.HTTP_ERROR, f"HTTP {status}: the server sent no article")
    elif media and media not in _TEXT_TYPES and not media.startswith("text/"):
        refused = Reject(RejectReason.NOT_TEXT, f"payload is {media}, not a page")
    elif length > max_bytes:
        refused = Reject(RejectReason.TOO_LARGE, f"{length} bytes exceeds the {max_bytes}-byte limit")
    if refused is not None:
        return Record(file, b"", headers.get_header("WARC-Payload-Digest") or "", length, refused=refused, **provenance)
    body = warc.content_stream().read()
    # The file ended inside the record: the bytes before the cut are kept, and flagged.
    truncated = getattr(warc.raw_stream, "limit", 0) > 0
    if not body.strip():
        refused = Reject(RejectReason.DAMAGED_RECORD, "the file ends inside this record, before its body") if truncated \
            else Reject(RejectReason.EMPTY, "response has an empty body")
    return Record(file, b"" if refused else body, hashlib.sha256(body).hexdigest(), len(body), refused=refused,
                  media_type=_TEXT_TYPES.get(media, TEXT), truncated=truncated, **provenance)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
