"""Raw files -> records. A record is one page's raw bytes and where they came from; a
reader turns one raw file into records. A text dump is one record; a WARC file will hold
thousands (one per response), so readers stream from an open file and yield.

Adding a reader: subclass Reader, say which files it takes in `accepts` (by name and by
the first bytes, so a mixed raw folder needs no flags), yield Records, and put it in
READERS (flows/reading.py) ahead of TextDumpReader, which takes whatever no other reader
does.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import BinaryIO, ClassVar

from transforms.document import Reject
from transforms.reasons import RejectReason

HEAD_BYTES = 1024       # what `accepts` sees of a file
TEXT, HTML = "text/plain", "text/html"
TOO_LARGE_DIGEST_BYTES = 1 << 20  # a huge file's identity: its first MB and its size
READ_ATTEMPTS = 3


@dataclass(frozen=True)
class RawFile:
    path: str          # relative to the raw folder, '/'-separated, as the OS names it (see display_path)
    size: int
    mtime_ns: int
    problem: Reject | None = None  # an entry that is not a readable file: its rejects row says why


def display_path(path: str) -> str:
    """A path as the tables store it: itself when its bytes are UTF-8; otherwise the bytes
    that are not UTF-8 written as \\xNN (the exact bytes go to source_path_bytes)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def path_bytes(path: str) -> bytes | None:
    """The exact bytes of a path that is not UTF-8 (None for the usual UTF-8 path)."""
    raw = os.fsencode(path)
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        return raw


@dataclass(frozen=True)
class Record:
    """One page's bytes (or why there are none) and where they came from."""
    file: RawFile
    raw: bytes
    raw_sha256: str
    raw_bytes: int
    record_id: str | None = None   # within a many-record file (WARC-Record-ID); None: the file is the record
    offset: int | None = None      # byte offset of the record in its file
    url: str | None = None
    http_headers: tuple[tuple[str, str], ...] = ()
    fetched_at: datetime | None = None
    refused: Reject | None = None  # the reader could not give the bytes (too large, unreadable)
    media_type: str = TEXT         # how the bytes are cleaned: TEXT (a text dump) or HTML
    http_status: int | None = None
    truncated: bool = False        # the file ended inside the record: its bytes are cut off

    @property
    def source_path(self) -> str:
        return display_path(self.file.path)

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies this record's content within its file, across runs."""
        return self.record_id, self.raw_sha256


class Reader(ABC):
    name: ClassVar[str]

    @staticmethod
    @abstractmethod
    def accepts(path: str, head: bytes) -> bool:
        """Does this reader read this file? `head` is its first HEAD_BYTES bytes."""

    @abstractmethod
    def records(self, stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
        """The file's records, from a stream positioned at its start."""


def _whole_file(stream: BinaryIO, file: RawFile, max_bytes: int, media_type: str) -> Iterator[Record]:
    if file.size > max_bytes:  # never read whole just to be refused
        digest = hashlib.sha256(stream.read(TOO_LARGE_DIGEST_BYTES) + str(file.size).encode()).hexdigest()
        yield Record(file, b"", digest, file.size, media_type=media_type,
                     refused=Reject(RejectReason.TOO_LARGE, f"{file.size} bytes exceeds the {max_bytes}-byte limit"))
        return
    read = _stable_read(stream, file)
    if read is None:
        yield Record(file, b"", "", file.size, media_type=media_type,
                     refused=Reject(RejectReason.CHANGING, f"the file changed while it was read {READ_ATTEMPTS} times "
                                                          "(a crawler still writing it?); it is read again next run"))
        return
    raw, file = read
    yield Record(file, raw, hashlib.sha256(raw).hexdigest(), file.size, media_type=media_type)


def _stable_read(stream: BinaryIO, file: RawFile) -> tuple[bytes, RawFile] | None:
    """The whole file, with the size and mtime of the bytes actually read (not the
    listing's: a crawler may have appended since). A file that changes while it is read is
    read again; None if it never holds still."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):  # decompressed in memory
        return stream.read(), file
    for _ in range(READ_ATTEMPTS):
        before = os.fstat(fd)
        raw = stream.read()
        after = os.fstat(fd)
        if before.st_size == after.st_size == len(raw) and before.st_mtime_ns == after.st_mtime_ns:
            return raw, replace(file, size=after.st_size, mtime_ns=after.st_mtime_ns)
        stream.seek(0)
    return None


_HTML_NAME = re.compile(r"\.(?:html?|shtml|xhtml|php|aspx?|jsp)$", re.I)
_ANY_TAG = re.compile(rb"<(?:[a-zA-Z][a-zA-Z0-9]*[\s>/]|!--|!doctype)", re.I)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)[\s>]", re.I | re.S)


class HtmlReader(Reader):
    """A saved page (wget, scrapy's response.body, a browser's "save as"): one page per file.
    Known by starting like markup whatever its name, or by its name and some markup."""
    name = "html"

    @staticmethod
    def accepts(path: str, head: bytes) -> bool:
        head = _ascii_head(head)
        # By name only when there is markup at all: a text dump saved as .html is a dump.
        return bool(_HTML_START.match(head)) or (bool(_HTML_NAME.search(path)) and bool(_ANY_TAG.search(head)))

    def records(self, stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
        yield from _whole_file(stream, file, max_bytes, HTML)


def _ascii_head(head: bytes) -> bytes:
    """UTF-16 markup starts <\0h\0...: drop the NULs so one pattern sees both."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head[2:]
    return head.replace(b"\x00", b"") if head[:200].count(0) > 20 else head


class TextDumpReader(Reader):
    """A crawler's text dump: the whole file is one page."""
    name = "text"

    @staticmethod
    def accepts(path: str, head: bytes) -> bool:
        return True

    def records(self, stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
        yield from _whole_file(stream, file, max_bytes, TEXT)


