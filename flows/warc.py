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
from collections.abc import Iterator
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


class WarcReader(Reader):
    name = "warc"

    @staticmethod
    def accepts(path: str, head: bytes) -> bool:
        if head.startswith(b"WARC/"):
            return True
        return bool(_WARC_NAME.search(path)) and head.startswith((b"\x1f\x8b", b"WARC/"))

    def records(self, stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
        archive = ArchiveIterator(stream)
        try:
            for warc in archive:
                if warc.rec_type != "response":
                    continue
                record = _response(warc, file, max_bytes)
                # Only once the payload is read: asking earlier makes warcio skip to the record's end.
                yield replace(record, offset=archive.get_record_offset())
        except ArchiveLoadFailed as err:  # a crawler still writing, or a damaged file: keep what was read
            yield Record(file, b"", "", 0, record_id=f"<unreadable at {archive.get_record_offset()}>",
                         refused=Reject(RejectReason.UNREADABLE, f"WARC stops being readable: {err}"))


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
    if not body.strip():
        refused = Reject(RejectReason.EMPTY, "response has an empty body")
    return Record(file, b"" if refused else body, hashlib.sha256(body).hexdigest(), len(body), refused=refused,
                  media_type=_TEXT_TYPES.get(media, TEXT), **provenance)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
