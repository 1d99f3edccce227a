"""A saved HTML page -> the text of its visible blocks, one per line (what a text dump
holds, so the same chrome, metadata and segmentation rules apply), plus what the markup
says and a dump cannot: meta tags, Open Graph, JSON-LD, <time>, and which blocks sit in
navigation, footers, sidebars, comment and share widgets.

Parsed with lexbor (selectolax): an HTML5 parser, so broken markup is repaired the way a
browser repairs it, and about twice as fast as lxml here (README, "Why lexbor").
"""
from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from selectolax.lexbor import LexborHTMLParser, LexborNode

from transforms.chrome import LITERAL_TAG, LineKind, classify
from transforms.dates import PAGE_ZONE, date_in_url, parse_date, parse_markup_time
from transforms.density import Block, TreeReading, block_of, densest, listed_entries
from transforms.lexicon import AUTHOR_MARKUP, CAPTION_MARKUP, FIELD_STEMS, FIELDS, NOT_NAME_WORDS, SCRIPT_TIME_KEYS, alternation
from transforms.normalize import to_simplified

# Never visible text.
INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "select",
                       "option", "textarea", "button", "head", "title", "-comment", "canvas", "video", "audio", "map"})
# Each starts a new line, as a browser's block layout would.
BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "caption", "blockquote",
    "pre", "figure", "figcaption", "address", "center", "form", "fieldset", "legend", "hr", "br", "body", "html",
    "details", "summary", "label",
})
CELLS = frozenset({"td", "th"})
# Containers that hold page chrome by their very tag.
CHROME_TAGS = frozenset({"nav", "aside", "footer", "menu"})
# class/id words naming chrome containers (matched as whole words of the attribute).
_CHROME_HINT = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|crumbs?|footer|foot|sidebar|side|"
    r"comments?|share|sharing|social|related|recommend|advert|ads?|banner|toolbar|copyright|topbar|"
    r"header-nav|friendlink|links)(?:$|[\s_-])",
)  # (matched against the lower-cased attribute)
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"[。！？!?]")
# A chrome-hinted container is kept when it holds prose: at least this many sentences and
# less than this share of its text inside links (a related-links list is nearly all links,
# an article body a few percent). Checked on the 59 dev pages (README).
CHROME_MIN_SENTENCES = 3
CHROME_LINK_DENSITY = 0.4
CHROME_MIN_PROSE_CHARS = 30
_ELEMENT_GAP = "\x1f"  # marks whitespace between two elements while a block's text is joined
_WHITESPACE = re.compile(r"[ \t\r\n\f\v\u00a0\x1f]+")
_WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)

# og:article:author: Open Graph's prefixed form (WeChat articles name their writer so).
AUTHOR_META = ("author", "article:author", "og:article:author", "byl", "dc.creator", "sailthru.author", "contentauthor")
DATE_META = ("article:published_time", "pubdate", "publishdate", "publish_date", "publication_date",
             "datepublished", "og:published_time", "dc.date", "dc.date.issued", "date", "weibo:article:create_at",
             "og:release_date", "sailthru.date", "parsely-pub-date", "article:published")


@dataclass
class HtmlPage:
    text: str                     # the page title line, then the visible blocks, blank-line separated
    title: str | None = None      # <title>
    headline: str | None = None   # og:title, JSON-LD headline or the first <h1>
    author: str | None = None     # meta author, JSON-LD author
    published: str | None = None  # as the markup gives it (ISO or a Chinese date)
    site_name: str | None = None  # og:site_name
    chrome_blocks: int = 0        # blocks dropped for sitting in a chrome container
    tree_reading: TreeReading | None = None  # the densest container's prose (transforms/density.py); None without a tree
    byline: str | None = None     # a name in an element whose class or id names the writer (AUTHOR_MARKUP), or a member's link
    chrome_date: datetime | None = None  # the first date in a short chrome container (a share bar's time)
    meta: dict[str, str] = field(default_factory=dict)
    url: str | None = None        # the page's address: the WARC record's, else og:url or the canonical link
    markup: str = ""              # the page as decoded, for the rare field read from it only when all else fails


def declared_charset(raw: bytes) -> str | None:
    """The charset a page's <meta> declares (it may lie: callers check it against the bytes)."""
    m = _META_CHARSET.search(raw[:8192])
    return m.group(1).decode("ascii").lower() if m else None


# Tags opened and never closed, beyond which a page is read without a DOM: lexbor's tree
# building slows sharply with nesting depth (20,000 unclosed <div>s: 0.5 s; 100,000: 14 s).
MAX_UNCLOSED_TAGS = 10_000
_OPEN_TAG = re.compile(r"<(?:div|span|font|p|td|tr|table|li|ul|b|i|a|center|blockquote)\b", re.I)
_CLOSE_TAG = re.compile(r"</(?:div|span|font|p|td|tr|table|li|ul|b|i|a|center|blockquote)\s*>", re.I)
_INVISIBLE_BLOCK = re.compile(r"<(script|style|noscript|template|svg|textarea|select)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(BLOCKS | {"title"})) + r")\b[^>]*>", re.I)


def html_page(markup: str) -> HtmlPage:
    if len(_OPEN_TAG.findall(markup)) - len(_CLOSE_TAG.findall(markup)) > MAX_UNCLOSED_TAGS:
        return _flat_page(markup)
    tree = LexborHTMLParser(markup)
    page = HtmlPage(text="", markup=markup)
    _read_head(tree, page)
    lines: list[str] = []
    if tree.body is not None:
        blocks: list[Block] = []
        writers: list[tuple[int, LexborNode]] = []
        dated: list[datetime] = []
        kinds: list[tuple[str, str]] = []
        cells: dict[int, int] = {}
        placed: list[tuple[tuple[int, ...], int]] = []
        captioning: set[int] = set()
        page.chrome_blocks = _visible_blocks(tree.body, lines, blocks, writers, dated, kinds, cells, placed, captioning)
        page.chrome_date = dated[0] if dated else None
        found = densest(blocks)
        # page.text's line numbers: the title's line, then the blocks', blank lines between
        numbers = range(2 if page.title else 0, 2 * (len(lines) + 1), 2)
        tabled = frozenset(numbers[i] for i in _data_table_lines(lines, placed, kinds, cells))
        # (the line's block element is its path's last; the one holding that, its container)
        containers = {at: path[-2] if len(path) >= 2 else -1 for at, (path, _) in zip(numbers, placed)}
        captions = frozenset(at for at, (path, _) in zip(numbers, placed) if captioning.intersection(path)) \
            if captioning else frozenset()
        links = frozenset(at for at, line, (_, linked) in zip(numbers, lines, placed)
                          if linked and linked >= LINK_LINE_SHARE * len(line))
        page.tree_reading = TreeReading.of(found.text, listed_entries(found, kinds), tabled, containers, captions, links)
        page.byline = _byline(writers, found.last)
    head = [page.title] if page.title else []
    page.text = "\n\n".join(head + lines) + "\n"
    return page


def _flat_page(markup: str) -> HtmlPage:
    """Pathologically nested markup read without a tree: invisible elements dropped, block
    tags as line breaks, other tags stripped. No chrome containers, no head fields beyond
    the title: the text rules still apply."""
    title = re.search(r"<title[^>]*>(.*?)</title>", markup, re.I | re.S)
    text = _BLOCK_TAG.sub("\n", _INVISIBLE_BLOCK.sub("", markup))
    text = htmllib.unescape(_TAG.sub("", text))
    lines = [line for line in (_join([part]) for part in text.split("\n")) if line]
    page = HtmlPage(text="", title=_SPACE.sub(" ", htmllib.unescape(title.group(1))).strip() if title else None)
    if page.title and lines[:1] == [page.title]:  # the <title> text is a block line too
        lines = lines[1:]
    page.text = "\n\n".join(([page.title] if page.title else []) + lines) + "\n"
    return page


def _visible_blocks(body: LexborNode, lines: list[str], blocks: list[Block], writers: list[tuple[int, LexborNode]],
                    dated: list[datetime], kinds: list[tuple[str, str]], cells: dict[int, int],
                    placed: list[tuple[tuple[int, ...], int]], captioning: set[int]) -> int:
    """Walk the DOM in document order; text runs between block boundaries become lines, and
    `blocks` (the tree reading's view of them: link share and enclosing block elements,
    transforms/density.py). Subtrees that are chrome by tag or class/id are left out of both
    (walking them for the tree reading too cost about 0.6 ms a page, 3.3 against 2.7 ms on
    the dev HTML and 400 crawl pages, for the same dev F1). `writers`: the elements whose
    class or id names the writer, or that link to a member's page (_MEMBER_PAGE), each with
    the number of block elements entered before it;
    `dated`: the date the first short chrome container left out shows (_chrome_date);
    `kinds`: each block element's tag and class, in the order entered; `cells`: how many
    cells each table row holds; `placed`: for each line, the block elements holding it and its
    characters inside links; `captioning`: the elements that hold an image's caption
    (<figcaption>, or a class or id in CAPTION_MARKUP; an inline one is read as a block, the
    caption a line of its own).
    Iterative: real pages nest deeper than Python's recursion limit."""
    current: list[str] = []  # the text nodes of the open block
    linked = 0               # characters of them inside links
    path: list[int] = []     # the open block elements, numbered in the order they are entered
    entered = dropped = 0

    def flush() -> None:
        nonlocal linked
        if not current:
            return
        if (block := block_of(current, linked, tuple(path))) is not None:
            blocks.append(block)
        text = _join(current)
        current.clear()
        if text:
            lines.append(text)
            placed.append((tuple(path), linked))
        linked = 0

    stack: list[tuple[LexborNode, bool, bool]] = [(body, False, False)]  # node, closing, inside a link
    while stack:
        node, closing, in_link = stack.pop()
        tag = node.tag
        if closing:
            flush()
            path.pop()
            continue
        if tag == "-text":
            text = node.text(deep=False)
            current.append(text)
            if in_link:
                linked += len(text.strip())
            continue
        if tag in INVISIBLE:
            continue
        attrs = node.attributes
        # (lower-cased once: the hint patterns then match case-sensitively, which the regex
        # engine does several times faster over a class attribute than case-folding)
        hint = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower() if attrs else ""
        if tag is not None and (chrome_text := _chrome_text(node, tag, hint)) is not None:
            flush()
            dropped += 1
            if len(chrome_text) <= MAX_COMMENT_HEADER and _COMMENT_HINT.search(hint):
                # A comment section's header (已有3条评论) left out would let the article run on
                # into the comments below it, which hold prose: it stays as the line it is,
                # where the line rules read it as the article's end.
                if (header := _join([node.text()])) and classify(0, header).kind is LineKind.STOP:
                    lines.append(header)
                    placed.append((tuple(path), 0))
            if not dated and (when := _chrome_date(node, chrome_text)) is not None:
                dated.append(when)
            continue
        # (only a link leads to a member's page: other elements' addresses are not read)
        if attrs and (_AUTHOR_HINT.search(hint) or tag == "a" and _links_a_member(attrs.get("href"))):
            writers.append((entered, node))
        caption = tag == "figcaption" or (bool(attrs) and _CAPTION_HINT.search(hint) is not None)
        if tag is not None and (tag in BLOCKS or caption):
            flush()
            if caption:
                captioning.add(entered)
            path.append(entered)
            entered += 1
            kinds.append((tag, (attrs.get("class") or "") if attrs else ""))
            stack.append((node, True, in_link))
        elif tag in CELLS:
            if path and kinds[path[-1]][0] == "tr":
                cells[path[-1]] = cells.get(path[-1], 0) + 1
            # Cells of a row read side by side (索引号： 000014349/2023-00045), apart: an
            # ideographic space survives the rule that joins hanzi across line breaks.
            current.append("\u3000")
        link = in_link or tag == "a"
        stack.extend((child, False, link) for child in reversed(list(node.iter(include_text=True))))
    flush()
    return dropped


# A line that is a link and little else (►快加入青山新闻 LINE好友！, a related story's
# headline or teaser): transforms/article.py reads it so.
LINK_LINE_SHARE = 0.8


# A data table (an admission plan, a schedule, a price list) holds rows of two or more cells,
# no table inside it (a layout table holds the page's others) and mostly text, not links.
TABLE_MIN_ROWS = 3
TABLE_MAX_LINK_SHARE = 0.5


def _data_table_lines(lines: list[str], placed: list[tuple[tuple[int, ...], int]], kinds: list[tuple[str, str]],
                      cells: dict[int, int]) -> list[int]:
    """The lines (numbers in `lines`) inside data tables."""
    if not cells:  # no row of cells: no table to look at (most pages since CSS layouts)
        return []
    table_of: list[int | None] = []
    rows: dict[int, set[int]] = {}
    nested: set[int] = set()
    text: dict[int, int] = {}
    links: dict[int, int] = {}
    for (path, linked), line in zip(placed, lines):
        tables = [e for e in path if kinds[e][0] == "table"]
        if not tables:
            table_of.append(None)
            continue
        nested.update(tables[:-1])
        table = tables[-1]
        table_of.append(table)
        if row := next((e for e in path[path.index(table) :] if kinds[e][0] == "tr"), None):
            rows.setdefault(table, set()).add(row)
        text[table] = text.get(table, 0) + len(line)
        links[table] = links.get(table, 0) + linked
    data = set()
    for table, its_rows in rows.items():
        counts = sorted(cells.get(r, 0) for r in its_rows)
        if table not in nested and len(its_rows) >= TABLE_MIN_ROWS and counts[len(counts) // 2] >= 2 \
                and links[table] < TABLE_MAX_LINK_SHARE * text[table]:
            data.add(table)
    return [i for i, table in enumerate(table_of) if table in data]


_COMMENT_HINT = re.compile(r"(?:^|[\s_-])comments?(?:$|[\s_-])")
MAX_COMMENT_HEADER = 60
_AUTHOR_HINT = re.compile(alternation(AUTHOR_MARKUP))
# A link to a member's page names a poster: Discuz's space-uid-12.html and mod=space&uid=12,
# phpwind's u.php?uid=12, dvbbs' dispuser.asp?id=12, Tieba's /home/main?un=.
_MEMBER_PAGE = re.compile(r"space-uid-\d|[?&](?:uid|userid|user_id)=\d|dispuser\.asp\?|/home/main\?un=")


_CAPTION_HINT = re.compile(alternation(CAPTION_MARKUP))


def _links_a_member(href: str | None) -> bool:
    # (a substring test first: a page's links are many, and few lead to a member)
    return href is not None and ("uid" in href or "user" in href or "un=" in href) and _MEMBER_PAGE.search(href) is not None


# What opens a writer's element before the name: 作者：, 文/, 本报记者, 楼主
_WRITER_LABEL = re.compile(r"^(?:本报|本刊|特约)?" + alternation(FIELDS.writer, ("文", "记者", "楼主", "博主")) + r"\s*[:：/／|｜]?\s*")
# The name: Chinese (a nickname may run to eight characters) or a handle, ending the text or
# followed by what separates it from a description, a place or a count (甜阁下，心理咨询师).
_WRITER_NAME = re.compile(r"([\u4e00-\u9fff·]{2,8}|[A-Za-z][A-Za-z0-9_\-]{2,19})(?:$|[\s，,、|｜(（\[【:：])")
_NOT_A_WRITER = re.compile(alternation(NOT_NAME_WORDS, FIELD_STEMS))
# A writer's element holds a name and a few words: not a paragraph, and no figures (a post's
# time or a counter: the headers of comments and the page's statistics carry them).
MAX_WRITER_ELEMENT_CHARS = 40
_FIGURE = re.compile(r"\d")


def _byline(writers: list[tuple[int, LexborNode]], article_end: int | None) -> str | None:
    """The name the page's first writer's element gives, if it stands before the end of the
    article and reads as a person's: a page states its own writer before any comment's, a
    site or a desk is no person, and a first element that names no one (a post header with
    its time, a counter) means the class marks some other list."""
    if article_end is None:
        return None
    for entered, node in writers:
        if entered > article_end:
            return None
        text = _SPACE.sub(" ", node.text()).strip()
        if not text:
            continue  # an icon
        if len(text) > MAX_WRITER_ELEMENT_CHARS or _FIGURE.search(text) or not (m := _WRITER_NAME.match(_WRITER_LABEL.sub("", text))):
            return None
        name = to_simplified(m.group(1))
        return None if _NOT_PERSON.search(name) or _NOT_A_WRITER.search(name) else name
    return None


# A share bar or an answer's action bar holds the page's time with its buttons: a short
# chrome container's date is the page's when the text gives none. A longer one (a list of
# dated links, a footer's copyright years) says nothing of this page.
MAX_DATED_CHROME_CHARS = 80


def _chrome_date(node: LexborNode, squeezed: str) -> datetime | None:
    """The date a chrome container shows, if it is short. squeezed: its text without
    whitespace (at least as long as what it shows, unless a style or a script is inside)."""
    if len(squeezed) > MAX_DATED_CHROME_CHARS and "{" not in squeezed:
        return None
    text = node.text()
    for invisible in node.css("script, style") if "{" in squeezed else ():
        text = text.replace(invisible.text(), "")
    text = _SPACE.sub(" ", text).strip()
    return parse_date(text) if len(text) <= MAX_DATED_CHROME_CHARS else None


def _chrome_text(node: LexborNode, tag: str, hint: str) -> str | None:
    """The text without whitespace of a nav/aside/footer, or of a block whose class or id
    names chrome, that reads like chrome: mostly link text, or no prose (None for any other
    element). Hints alone are not enough: real pages put "nav" or "links" in the class of
    the container holding the whole article."""
    if tag not in CHROME_TAGS:
        if tag in ("body", "html", "article", "main") or not hint.strip() or not _CHROME_HINT.search(hint):
            return None
    text = _SPACE.sub("", node.text())
    if len(text) < CHROME_MIN_PROSE_CHARS:
        return text
    linked = sum(len(_SPACE.sub("", a.text())) for a in node.css("a"))
    sentences = len(_SENTENCE_END.findall(text))
    return text if linked >= CHROME_LINK_DENSITY * len(text) or sentences < CHROME_MIN_SENTENCES else None


def _join(parts: list[str]) -> str:
    """Text nodes of one block: whitespace collapsed as a browser does, except that a line
    break between two CJK characters (hard-wrapped markup) is no space at all."""
    # Whitespace that is a text node of its own sits between two elements (<span>来源：新华社</span>
    # <span>王某</span>): it separates them, even between hanzi, where a hard wrap inside one
    # text node does not. (An ideographic space between table cells is kept as it is.)
    text = "".join(_ELEMENT_GAP if part.isspace() and "\u3000" not in part else part for part in parts)

    def collapse(m: re.Match) -> str:
        if _ELEMENT_GAP in m.group():
            return " "
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        return "" if "\n" in m.group() and _WIDE.match(before) and _WIDE.match(after) else " "

    # Escaped markup (&lt;a class=…&gt;) shows as literal tags: never text.
    return _WHITESPACE.sub(collapse, LITERAL_TAG.sub("", text)).strip()


def _read_head(tree: LexborHTMLParser, page: HtmlPage) -> None:
    title = tree.css_first("title")
    if title is not None:
        # <title> is raw text: pages that put markup in it show the tags literally.
        page.title = _SPACE.sub(" ", _TAG.sub("", title.text())).strip() or None
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv") or "").strip().lower()
        value = (attrs.get("content") or "").strip()
        if key and value and key not in meta:
            meta[key] = value
    page.meta = meta
    page.site_name = meta.get("og:site_name")
    page.author = next((meta[k] for k in AUTHOR_META if meta.get(k)), None)
    page.published = next((meta[k] for k in DATE_META if meta.get(k)), None)
    page.headline = meta.get("og:title")
    canonical = tree.css_first('link[rel="canonical"]')
    page.url = meta.get("og:url") or (canonical.attributes.get("href") if canonical is not None else None)
    _read_json_ld(tree, page)
    if page.published is None and (t := tree.css_first("time[datetime]")) is not None:
        page.published = t.attributes.get("datetime")
    if page.headline is None and (h1 := tree.css_first("h1")) is not None:
        page.headline = _SPACE.sub(" ", h1.text()).strip() or None


def _read_json_ld(tree: LexborHTMLParser, page: HtmlPage) -> None:
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text())
        except (ValueError, TypeError):
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            page.headline = page.headline or item.get("headline")
            page.published = page.published or item.get("datePublished")
            author = item.get("author")
            if isinstance(author, list):
                author = author[0] if author else None
            if isinstance(author, dict):
                author = author.get("name")
            if isinstance(author, str) and not page.author:
                page.author = author


# A meta author that names a site, a desk or a role is not a byline.
_NOT_PERSON = re.compile(r"网|报|社|台|站|中心|编辑|部|频道|新闻|admin|editor|www|\.com|http|@", re.I)
_PERSON = re.compile(r"[\u4e00-\u9fff·]{2,5}(?:[ 、，,]+[\u4e00-\u9fff·]{2,5}){0,3}|[A-Z][a-z]+(?: [A-Z][a-z.]+){1,3}")
# Explicit publication keys are trusted over a date read from the text; a bare "date" is not.
_PUBLICATION_KEYS = ("article:published_time", "pubdate", "publishdate", "publish_date", "datepublished")


# (The key opens the pattern, so the search skips ahead on its first letters; the character
# before it is checked after a match: a lookbehind first made the scan 3x slower.)
_SCRIPT_TIME = re.compile(rf"""{alternation(SCRIPT_TIME_KEYS)}["']?\s*[:=]\s*["']?"""
                          r"(\d{10}|\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)(?![\d:])")


def script_time(markup: str) -> datetime | None:
    """The publication time the page's script states (SCRIPT_TIME_KEYS), where every such key
    on the page gives the same; Unix seconds are read as the page zone's wall-clock time. A
    key inside a longer name (acct, obj.ct, window.pubDate) is none."""
    values = set()
    for m in _SCRIPT_TIME.finditer(markup):
        before = markup[m.start() - 1] if m.start() else ""
        if not (before.isalnum() or before in ("_", ".", "$")):
            values.add(m.group(1))
    if len(values) != 1:
        return None
    value = values.pop()
    if value.isdigit():
        return datetime.fromtimestamp(int(value), timezone.utc).astimezone(PAGE_ZONE).replace(tzinfo=None)
    return parse_markup_time(value)


def markup_author(page: HtmlPage) -> str | None:
    name = to_simplified((page.author or "").strip())
    return name if _PERSON.fullmatch(name) and not _NOT_PERSON.search(name) else None


def with_markup_fields(doc, page: HtmlPage):
    """The Document with the markup's author, date and title where the text gave none
    (and the markup's explicit publication time over a date read from the text)."""
    changes: dict[str, object] = {}
    published = parse_markup_time(page.published) if page.published else None
    explicit = any(page.meta.get(k) for k in _PUBLICATION_KEYS)
    if published and (doc.published_at is None or explicit):
        changes["published_at"] = published
    elif doc.published_at is None and page.chrome_date is not None:
        changes["published_at"] = page.chrome_date
    elif doc.published_at is None and (when := script_time(page.markup)) is not None:
        changes["published_at"] = when
    elif doc.published_at is None and (day := date_in_url(page.url)) is not None:
        changes["published_at"] = day  # the address's day (/2019-12/10/, t20220507_): no time of day
    # Many sites put the page's editor in <meta name="author">: the editor stays editor.
    # The first writer's element of a list page ("list": document.LIST) is its first entry's.
    byline = page.byline if doc.page_type != "list" else None
    if doc.author is None and (author := markup_author(page) or byline) and to_simplified(author) != doc.editor:
        changes["author"] = author
    if doc.title is None and page.headline:
        changes["title"] = to_simplified(page.headline.strip())
    return replace(doc, **changes) if changes else doc
