"""One record's bytes -> one cleaned Document or one Reject with a reason code."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from transforms.article import ArticleLayout, densest_run, locate_article, start_after_card
from transforms.chrome import Line, LineKind
from transforms.decode import Decoded, Undecodable, decode
from transforms.density import CLAUSE, TreeReading, compare
from transforms.html import HtmlPage, declared_charset, html_page, with_markup_fields
from transforms.metadata import Metadata, answerer, author_from_notes, author_in_text, extract_metadata, opening_paragraphs
from transforms.normalize import Normalized, normalize
from transforms.degenerate import MAX_COMPRESSION_RATIO, MAX_PARAGRAPH_CHARS, is_repetitive, split_overlong
from transforms.reasons import LineReason, RejectReason
from transforms.segment import Paragraph, segment
from transforms.signals import LANGUAGE_NAMES, language_of

# A scraper that decoded a page with the wrong codec and saved U+FFFD in place of what it
# could not read has lost the text for good; a few such marks in a page are harmless.
GARBLED_SHARE = 0.2
# A page with no article but this many headline-like lines (short, at least this much CJK)
# lists other pages: a column index, a journal's contents, search results.
LIST_MIN_HEADLINES = 12
HEADLINE_MIN_WIDE = 6
ARTICLE, LIST = "article", "list"  # Document.page_type
# Finding the list in a list page: headlines count for it, other short lines (names,
# section labels, menu words) and chrome against it, so alternating headline/name lines
# form one run and a menu of short words falls outside.
LIST_HEADLINE_SCORE, LIST_OTHER_SCORE, LIST_CHROME_SCORE = 2.0, -1.0, -2.0
# Articles are written in sentences. Lines located as an article with hardly a clause mark
# among this many paragraphs are a list of headlines (a column's index read as text);
# on the 113 dev dumps, 101 dev HTML pages and the 2,000-page crawl, every article of 3 or
# more body paragraphs has 8 marks or more.
NO_PROSE_MIN_PARAGRAPHS, NO_PROSE_MAX_MARKS = 3, 1


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
    page_type: str = ARTICLE  # "list": no article, a page listing others (see _list_page)
    extraction_agreement: float | None = None  # HTML: the line and tree readings' agreement (transforms/density.py)

    @property
    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)


def clean(raw: bytes, declared: str | None = None, template: frozenset[str] = frozenset()) -> Document | Reject:
    return analyse_raw(raw, is_html=False, declared=declared, template=template).outcome


def clean_html(raw: bytes, declared: str | None = None, template: frozenset[str] = frozenset()) -> Document | Reject:
    return analyse_raw(raw, is_html=True, declared=declared, template=template).outcome


def analyse_raw(raw: bytes, is_html: bool, declared: str | None = None, template: frozenset[str] = frozenset(),
                url: str | None = None) -> Analysis:
    """A page's bytes through every step. A saved HTML page's visible blocks are read as a
    text dump would be, with chrome containers left out, and the markup's own fields fill
    what the text does not say. declared: the HTTP response's charset (WARC); for HTML the
    page's own <meta> declaration is the fallback. template: the site's template lines.
    url: the address the page was fetched from (WARC), over the one its markup states."""
    decoded = decode(raw, declared or (declared_charset(raw) if is_html else None))
    if isinstance(decoded, Undecodable):
        return Analysis(Reject(decoded.reason, decoded.message))
    if not is_html:
        analysis = analyse(decoded, template)
        analysis.text = decoded.text
        return analysis
    page = html_page(decoded.text)
    page.url = url or page.url
    analysis = analyse(replace(decoded, text=page.text), template, page.tree_reading)
    analysis.text, analysis.html = page.text, page
    if isinstance(analysis.outcome, Document):
        analysis.outcome = with_markup_fields(analysis.outcome, page)
    return analysis


def clean_text(decoded: Decoded) -> Document | Reject:
    return analyse(decoded).outcome


@dataclass
class Analysis:
    """Every step's output for one page, kept for `qingxi explain`; a run keeps only `outcome`."""
    outcome: Document | Reject
    layout: ArticleLayout | None = None
    meta: Metadata | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text: str = ""                # the text the line rules read (for HTML, the visible blocks)
    html: HtmlPage | None = None
    decoded: Decoded | None = None  # what a second reading starts from (analyse_again)
    norm: Normalized | None = None
    judged: list[Line] | None = None  # the lines' own verdicts (ArticleLayout.judged)


def analyse(decoded: Decoded, template: frozenset[str] = frozenset(), tree_reading: TreeReading | None = None) -> Analysis:
    replaced, visible = decoded.text.count("\ufffd"), len(decoded.text) - sum(map(decoded.text.count, " \t\r\n\u3000"))
    if visible and replaced >= GARBLED_SHARE * visible:
        return Analysis(Reject(RejectReason.GARBLED, f"{replaced / visible:.0%} of the characters are U+FFFD: the text was lost before the file was saved"))
    return analyse_normalized(decoded, normalize(decoded.text), template, tree_reading=tree_reading)


def analyse_again(previous: Analysis, template: frozenset[str]) -> Analysis:
    """The same page read again with its site's template lines known, from the lines the
    first reading normalized (no decoding or HTML parsing again): a page that was read
    (not rejected before normalizing) has both."""
    assert previous.decoded is not None and previous.norm is not None
    analysis = analyse_normalized(previous.decoded, previous.norm, template, previous.judged,
                                  previous.html.tree_reading if previous.html is not None else None)
    analysis.text, analysis.html = previous.text, previous.html
    if previous.html is not None and isinstance(analysis.outcome, Document):
        analysis.outcome = with_markup_fields(analysis.outcome, previous.html)
    return analysis


def analyse_normalized(decoded: Decoded, norm: Normalized, template: frozenset[str] = frozenset(),
                       judged: list[Line] | None = None, tree_reading: TreeReading | None = None) -> Analysis:
    """tree_reading: a saved HTML page's densest container (transforms/density.py), which
    confirms the article's ends (with no bigrams when no container holds prose); None for a
    text dump."""
    analysis = _analyse_normalized(decoded, norm, template, judged, tree_reading)
    analysis.decoded, analysis.norm = decoded, norm  # what analyse_again starts from
    analysis.judged = analysis.layout.judged if analysis.layout is not None else None
    return analysis


def _analyse_normalized(decoded: Decoded, norm: Normalized, template: frozenset[str], judged: list[Line] | None,
                        tree_reading: TreeReading | None) -> Analysis:
    layout = locate_article(norm.lines, template, judged, tree_reading)
    if tree_reading is not None and tree_reading.entries:
        return _entries_page(decoded, norm, layout, tree_reading.entries)
    if not layout.found:
        content_lines = [ln for ln in layout.lines if ln.kind is not LineKind.BLANK]
        overlong = sum(len(ln.text) > MAX_PARAGRAPH_CHARS for ln in content_lines)
        if overlong:  # not navigation: a blob no layout rule could read
            return Analysis(Reject(RejectReason.NO_STRUCTURE, f"{overlong} lines of over {MAX_PARAGRAPH_CHARS:,} characters "
                                   "with no sentence end, and no article besides"), layout)
        if layout.error_debris and layout.error_debris * 2 >= len(content_lines):
            return Analysis(Reject(RejectReason.ERROR_PAGE, "server error page (404/nginx debris), no article"), layout)
        if (lang := language_of("\n".join(ln.text for ln in content_lines))) not in ("zh", "und"):
            return Analysis(Reject(RejectReason.OTHER_LANGUAGE, f"the text is {LANGUAGE_NAMES[lang]}: the line rules read "
                                   "Chinese only"), layout)
        return _list_page(decoded, norm, layout) or Analysis(Reject(
            RejectReason.CHROME_ONLY, f"no article text among {len(content_lines)} lines of navigation/chrome"), layout)
    meta = extract_metadata(layout)
    if (writer := answerer(layout)) is not None:
        start_after_card(layout, writer)
    # The title is a field, not a paragraph, wherever the page repeats it.
    skip = {ln.index for ln in layout.lines if meta.title and ln.text == meta.title}
    if meta.title_line is not None:  # also a labelled title's line (主题：…)
        skip.add(meta.title_line)
    paragraphs, notes = segment(layout, norm.original_lines, skip, tree_reading)
    if (ratio := is_repetitive(paragraphs)) is not None:
        return Analysis(Reject(RejectReason.REPETITIVE, f"the text is one passage repeated: it compresses {ratio:.0f}x "
                               f"(prose: under {MAX_COMPRESSION_RATIO:g}x)"), layout, meta, paragraphs, notes)
    reshaped = split_overlong(paragraphs)
    paragraphs = reshaped.paragraphs
    if reshaped.dropped and not any(p.kind == "body" for p in paragraphs):
        return Analysis(Reject(RejectReason.NO_STRUCTURE, f"{reshaped.dropped} stretches of over {MAX_PARAGRAPH_CHARS:,} "
                               "characters with no sentence end, and no paragraph besides"), layout, meta, paragraphs, notes)
    if not any(p.kind == "body" for p in paragraphs):
        return _list_page(decoded, norm, layout) or Analysis(
            Reject(RejectReason.CHROME_ONLY, "article block held no body paragraph"), layout, meta, paragraphs, notes)
    if _no_prose(paragraphs, tree_reading) or layout.excerpt:
        return _list_page(decoded, norm, layout) or Analysis(
            _document(decoded, norm, layout, meta, paragraphs, meta.author, LIST), layout, meta, paragraphs, notes)
    agreement_with_tree = None
    if tree_reading is not None:
        paragraphs, agreement_with_tree = _confirmed_by_tree(layout, paragraphs, tree_reading)
    author = meta.author or author_from_notes(notes) or author_in_text([p.text for p in paragraphs if p.kind == "body"],
                                                                        opening_paragraphs([(p.kind, p.text) for p in paragraphs]))
    document = _document(decoded, norm, layout, meta, paragraphs, author)
    document.extraction_agreement = agreement_with_tree
    if reshaped.dropped:
        document.dropped_lines[LineReason.OVERLONG.value] += reshaped.dropped
    return Analysis(document, layout, meta, paragraphs, notes)


def _no_prose(paragraphs: list[Paragraph], tree_reading: TreeReading | None) -> bool:
    """Whether the lines located as an article are no prose: in saved HTML, no container of
    the page's tree holds sentences outside links (density.py); in a text dump, several
    paragraphs with hardly a clause mark among them."""
    if tree_reading is not None:
        return not tree_reading.total
    body = [p.text for p in paragraphs if p.kind == "body"]
    return len(body) >= NO_PROSE_MIN_PARAGRAPHS and sum(len(CLAUSE.findall(t)) for t in body) <= NO_PROSE_MAX_MARKS


def _confirmed_by_tree(layout: ArticleLayout, paragraphs: list[Paragraph],
                       tree_reading: TreeReading) -> tuple[list[Paragraph], float | None]:
    """The paragraphs without those at either end the tree's reading does not hold, where it
    holds most of the rest (density.compare), and the two readings' agreement; the lines of
    the paragraphs left out become chrome, with the reason. Never down to no body paragraph."""
    texts = [p.text_original for p in paragraphs]
    checked = compare(texts, tree_reading)
    formal = layout.formal()  # no prose: the tree reading never holds it
    first, end = checked.first, checked.end
    if first and all(set(p.lines) <= formal for p in paragraphs[:first]):
        first = 0
    if end < len(paragraphs) and all(set(p.lines) <= formal for p in paragraphs[end:]):
        end = len(paragraphs)
    kept = paragraphs[first:end]
    if len(kept) == len(paragraphs):
        return paragraphs, checked.agreement
    if not any(p.kind == "body" for p in kept):
        return paragraphs, compare(texts, tree_reading, trim=False).agreement
    cut = {i for p in paragraphs[:first] + paragraphs[end:] for i in p.lines}
    for at, ln in enumerate(layout.lines):
        if ln.index in cut:
            layout.lines[at] = ln.as_chrome(LineReason.NOT_IN_TREE)
    return kept, checked.agreement


_NOT_DROPPED = frozenset((LineKind.BLANK, LineKind.BODY, LineKind.SHORT))  # a set: a tuple of members is rebuilt for every line


def _document(decoded: Decoded, norm, layout: ArticleLayout, meta: Metadata, paragraphs: list[Paragraph],
              author: str | None, page_type: str = ARTICLE) -> Document:
    content = "\n".join([meta.title or ""] + [p.text for p in paragraphs])
    dropped = Counter([ln.reason or ln.kind.value for ln in layout.lines if ln.kind not in _NOT_DROPPED])
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
        page_type=page_type,
    )


def _entries_page(decoded: Decoded, norm, layout: ArticleLayout, entries: tuple[str, ...]) -> Analysis:
    """A page the tree reads as a run of entries, each with its heading and prose (a blog's
    index, a collection of answers: density.listed_entries) lists them: a document of page_type
    "list" with their headings, as a contents page is; no entry's writer is the page's."""
    meta = extract_metadata(layout) if layout.found else Metadata()
    at = {text: i for i, text in reversed(list(enumerate(norm.lines)))}  # the line each heading is (for explain)
    paragraphs = []
    for h in (normalize(entry) for entry in entries):
        text = " ".join(h.lines)
        paragraphs.append(Paragraph("heading", text, " ".join(h.original_lines), (at[text],) if text in at else ()))
    return Analysis(_document(decoded, norm, layout, meta, paragraphs, None, LIST), layout, meta, paragraphs)


def _list_page(decoded: Decoded, norm, layout: ArticleLayout) -> Analysis | None:
    """A page with no article but many headline-like lines lists other pages: a journal's
    contents, a column index, search results. It is kept as a document of page_type
    "list" (its headlines and what sits between them, as headings), so the information
    stays and a user of articles only filters on page_type."""
    lines = [ln for ln in layout.lines if ln.kind is not LineKind.BLANK]
    headline = [ln.kind is LineKind.SHORT and ln.wide >= HEADLINE_MIN_WIDE for ln in lines]
    if sum(headline) < LIST_MIN_HEADLINES:
        return None
    # The list is the densest run of headlines: a name or a section label between two
    # headlines stays in it, a menu of short words or a toolbar around it does not.
    scores = [LIST_HEADLINE_SCORE if h else (LIST_OTHER_SCORE if ln.kind is LineKind.SHORT else LIST_CHROME_SCORE)
              for ln, h in zip(lines, headline)]
    best_span = densest_run(scores)
    if best_span is None:
        return None
    first, last = best_span
    if sum(headline[first : last + 1]) < LIST_MIN_HEADLINES:
        return None
    # Items of a headline and its byline: the last item's byline belongs to the list too.
    followed = [i for i in range(first, last) if headline[i] and not headline[i + 1] and lines[i + 1].kind is LineKind.SHORT]
    if last + 1 < len(lines) and lines[last + 1].kind is LineKind.SHORT and not headline[last + 1] \
            and len(followed) * 2 >= sum(headline[first:last]):
        last += 1
    listing = replace(layout, start=lines[first].index, end=lines[last].index)
    meta = extract_metadata(listing)
    items = [ln for ln in listing.article() if ln.kind in (LineKind.SHORT, LineKind.BODY)]
    meta.title, meta.title_line = items[0].text, items[0].index  # a list opens with its own heading
    paragraphs = [Paragraph("heading", ln.text, norm.original_lines[ln.index].strip(), (ln.index,)) for ln in items[1:]]
    return Analysis(_document(decoded, norm, listing, meta, paragraphs, meta.author, LIST), listing, meta, paragraphs)
