"""One record's bytes -> one cleaned Document or one Reject with a reason code."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from transforms.chrome import LineKind, locate_article
from transforms.decode import Decoded, Undecodable, decode
from transforms.html import html_page, with_markup_fields
from transforms.metadata import author_from_notes, author_in_text, extract_metadata
from transforms.normalize import normalize
from transforms.reasons import RejectReason
from transforms.segment import Paragraph, segment

# A scraper that decoded a page with the wrong codec and saved U+FFFD in place of what it
# could not read has lost the text for good; a few such marks in a page are harmless.
GARBLED_SHARE = 0.2
# A page with no article but this many headline-like lines (short, at least this much CJK)
# lists other pages: a column index, a journal's contents, search results.
LIST_MIN_HEADLINES = 12
HEADLINE_MIN_WIDE = 6


@dataclass(frozen=True)
class Reject:
    reason: RejectReason
    message: str


@dataclass
class Document:
    paragraphs: list[Paragraph]
    title: str | None
    author: str | None
    published_at: datetime | None
    source: str | None
    editor: str | None
    column: str | None
    original_title: str | None
    page_site: str | None  # the site the page names (its <title> suffix)
    encoding: str
    encoding_confidence: float
    encoding_method: str
    truncated: bool
    bad_bytes: int
    script: str
    content_hash: str
    glosses_removed: int
    dropped_lines: Counter = field(default_factory=Counter)

    @property
    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


def clean(raw: bytes) -> Document | Reject:
    decoded = decode(raw)
    if isinstance(decoded, Undecodable):
        return Reject(decoded.reason, decoded.message)
    return clean_text(decoded)


def clean_html(raw: bytes) -> Document | Reject:
    """A saved HTML page: its visible blocks are read as a text dump would be, with chrome
    containers left out, and the markup's own fields fill what the text does not say."""
    decoded = decode(raw)
    if isinstance(decoded, Undecodable):
        return Reject(decoded.reason, decoded.message)
    page = html_page(decoded.text)
    doc = clean_text(replace(decoded, text=page.text))
    if isinstance(doc, Reject):
        return doc
    return with_markup_fields(doc, page)


def clean_text(decoded: Decoded) -> Document | Reject:
    replaced, visible = decoded.text.count("\ufffd"), len(decoded.text) - sum(map(decoded.text.count, " \t\r\n\u3000"))
    if visible and replaced >= GARBLED_SHARE * visible:
        return Reject(RejectReason.GARBLED, f"{replaced / visible:.0%} of the characters are U+FFFD: the text was lost before the file was saved")
    norm = normalize(decoded.text)
    layout = locate_article(norm.lines)
    if not layout.found:
        content_lines = [ln for ln in layout.lines if ln.kind is not LineKind.BLANK]
        if layout.error_debris and layout.error_debris * 2 >= len(content_lines):
            return Reject(RejectReason.ERROR_PAGE, "server error page (404/nginx debris), no article")
        return _list_page(layout) or Reject(RejectReason.CHROME_ONLY,
                                            f"no article text among {len(content_lines)} lines of navigation/chrome")
    meta = extract_metadata(layout)
    # The title is a field, not a paragraph, wherever the page repeats it.
    skip = {ln.index for ln in layout.lines if meta.title and ln.text == meta.title}
    paragraphs, notes = segment(layout, norm.original_lines, skip)
    if not any(p.kind == "body" for p in paragraphs):
        return _list_page(layout) or Reject(RejectReason.CHROME_ONLY, "article block held no body paragraph")
    author = meta.author or author_from_notes(notes) or author_in_text([p.text for p in paragraphs if p.kind == "body"])
    content = "\n".join([meta.title or ""] + [p.text for p in paragraphs])
    dropped = Counter(ln.reason or ln.kind.value for ln in layout.lines if ln.kind not in (LineKind.BLANK, LineKind.BODY, LineKind.SHORT))
    return Document(
        paragraphs=paragraphs,
        title=meta.title,
        author=author,
        published_at=meta.published_at,
        source=meta.source,
        editor=meta.editor,
        column=meta.column,
        original_title=meta.original_title,
        page_site=meta.site,
        encoding=decoded.encoding,
        encoding_confidence=decoded.confidence,
        encoding_method=decoded.method,
        truncated=decoded.truncated,
        bad_bytes=decoded.bad_bytes,
        script=norm.script,
        content_hash=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        glosses_removed=norm.glosses_removed,
        dropped_lines=dropped,
    )


def _list_page(layout) -> Reject | None:
    headlines = sum(1 for ln in layout.lines if ln.kind is LineKind.SHORT and ln.wide >= HEADLINE_MIN_WIDE)
    if headlines < LIST_MIN_HEADLINES:
        return None
    return Reject(RejectReason.LIST_PAGE, f"{headlines} headlines and no article: an index, contents or list page")
