"""Which reader reads a raw file: by its name and its first bytes, so one raw folder may
mix text dumps, saved HTML, WARC files and gzip-compressed single pages."""
from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from flows.readers import HEAD_BYTES, HtmlReader, RawFile, Reader, Record, TextDumpReader
from flows.objects import is_url, open_object
from flows.warc import WarcReader
from transforms.document import Reject
from transforms.reasons import RejectReason

GZIP_MAGIC = b"\x1f\x8b"


class GzipReader(Reader):
    """A single page compressed with gzip (page.html.gz, dump.txt.gz): decompressed, then
    read by the reader its inner name and first bytes call for."""
    name = "gzip"

    @staticmethod
    def accepts(path: str, head: bytes) -> bool:
        return head.startswith(GZIP_MAGIC)

    def records(self, stream: BinaryIO, file: RawFile, max_bytes: int) -> Iterator[Record]:
        try:
            data = gzip.GzipFile(fileobj=stream).read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as err:
            yield Record(file, b"", "", file.size, refused=Reject(RejectReason.UNREADABLE, f"bad gzip data: {err}"))
            return
        if len(data) > max_bytes:
            yield Record(file, b"", "", file.size,
                         refused=Reject(RejectReason.TOO_LARGE, f"decompresses to more than the {max_bytes}-byte limit"))
            return
        inner = file.path.removesuffix(".gz").removesuffix(".GZ")
        reader = next(r for r in PAGE_READERS if r.accepts(inner, data[:HEAD_BYTES]))
        yield from reader.records(io.BytesIO(data), file, max_bytes=max(max_bytes, file.size))


PAGE_READERS: tuple[Reader, ...] = (HtmlReader(), TextDumpReader())
# WARC first: a .warc.gz is gzip too, and must not be read as one page.
READERS: tuple[Reader, ...] = (WarcReader(), GzipReader(), *PAGE_READERS)


def read_records(root: str, file: RawFile, max_bytes: int) -> Iterator[Record]:
    """The records of one raw file (root: the raw folder, or a URL: flows/objects.py); a
    file that cannot be opened or read is one refused record."""
    if file.problem is not None:
        yield Record(file, b"", "", file.size, refused=file.problem)
        return
    try:
        with open_object(root, file.path) if is_url(root) else open(Path(root) / file.path, "rb") as stream:
            head = stream.read(HEAD_BYTES)
            stream.seek(0)
            reader = next(r for r in READERS if r.accepts(file.path, head))
            yield from reader.records(stream, file, max_bytes)
    except OSError as err:
        yield Record(file, b"", "", file.size,
                     refused=Reject(RejectReason.UNREADABLE, f"cannot read file: {err.strerror or err}"))
