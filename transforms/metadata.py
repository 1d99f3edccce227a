"""Turn the page's meta chrome (title, byline, date, 来源, 责编, breadcrumb) into fields."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from transforms.chrome import BYLINE, DATE, NAME, ArticleLayout, Line, LineKind, ends_terminal
from transforms.lexicon import BREADCRUMB_LABELS, CRUMB_ARROWS, FIELDS, alternation
from transforms.reasons import LineReason

NAMES = rf"{NAME}(?:[ 、，,]+{NAME})*"
# A line that is only a name: 2-3 characters (4 with a separator), never a UI word.
_PURE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff·]{2,5}(?:[ 、，,]+[\u4e00-\u9fff·]{2,4})+")
_NOT_A_NAME = re.compile(r"人人|分享|评论|收藏|打印|登录|注册|首页|繁体|简体|订阅|关注|推荐|热门|更多|专题|视频|图片|新闻|频道|导读|摘要|正文|返回|下载")
_FIELD_WORDS = re.compile(r"编辑|来源|作者|记者|时间|日期|通讯员|责任|发布|阅读|浏览|摄影|本报|本刊|系|供稿")
_POSITION_BYLINE = BYLINE
_MARKER_BYLINE = re.compile(rf"^[■□◎●▲◆]\s*({NAMES})$")
_SLASH_BYLINE = re.compile(rf"(?:^|\s)文\s*[/|｜丨]\s*({NAMES})")
_REPORTER = re.compile(rf"(?:本报|本刊|特约|新华社|中新社|中新网)?记者\s*[:：]?\s*({NAMES})")
_AUTHOR_KEY = re.compile(rf"(?:作者|撰文|文字)\s*[:：]\s*({NAMES})")
_SOURCE = re.compile(rf"(?<!图片){alternation(FIELDS.source)}\s*[:：]\s*([^\s|｜,，;；【\[]+)")
_EDITOR = re.compile(rf"{alternation(FIELDS.editor)}\s*[:：]\s*([^\s|｜;；)）】\]]+(?:[、,，][^\s|｜;；)）】\]]+)*)")
_CRUMB_SPLIT = re.compile(rf"\s*{alternation(CRUMB_ARROWS)}\s*")
_CRUMB_LABEL = re.compile(rf"^\s*{alternation(BREADCRUMB_LABELS)}\s*[:：]?\s*")
_CRUMB_NOISE = re.compile(r"^(?:首页|正文|主页|网站首页)$")
_ORIGINAL_TITLE = re.compile(r"原标题\s*[:：]\s*(.+)$")
_SOURCE_TRIM = "《》“”\"'「」『』()（）[]【】:：,，.。"


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    editor: str | None = None
    column: str | None = None
    original_title: str | None = None
    site: str | None = None
    title_line: int | None = None
    used_lines: set[int] = field(default_factory=set)


def extract_metadata(layout: ArticleLayout) -> Metadata:
    meta = Metadata()
    header = layout.header()
    article_meta = [ln for ln in layout.article() if ln.kind in (LineKind.META, LineKind.STOP)]
    footer = layout.footer()
    _pick_title(layout, header, meta)
    page_title = header[0].text if header and header[0].index != meta.title_line else ""
    after_title = [ln for ln in header if meta.title_line is None or ln.index > meta.title_line]
    before_title = [ln for ln in header if meta.title_line is not None and ln.index < meta.title_line]
    ordered = after_title + article_meta + footer + before_title

    for ln in ordered:
        if meta.published_at is None and ln.kind in (LineKind.META, LineKind.SHORT, LineKind.CHROME):
            meta.published_at = parse_date(ln.text)
        if meta.source is None:
            m = _SOURCE.search(ln.text)
            if m and (value := m.group(1).strip(_SOURCE_TRIM)) and not _FIELD_WORDS.search(value):
                meta.source = value
        if meta.editor is None:
            m = _EDITOR.search(ln.text)
            if m and not _FIELD_WORDS.search(m.group(1)):
                meta.editor = m.group(1).strip(_SOURCE_TRIM)
        if meta.original_title is None and (m := _ORIGINAL_TITLE.search(ln.text)):
            meta.original_title = m.group(1).strip()
    meta.author = _find_author(after_title, article_meta + footer, page_title)
    meta.column = _find_column(header, meta.title_line)
    meta.site = _site_from_page_title(layout)
    return meta


_TITLE_SUFFIX = re.compile(r"(?:\s[-|｜—]\s?|_|--|\s?[-|｜—]\s)\s*([^_|｜\-—]{2,16}?)\s*$")


def _site_from_page_title(layout: ArticleLayout) -> str | None:
    """The site a page names: the last segment of its <title> line ("…_中国青年网")."""
    if layout.title_anchor is None:
        return None
    first = next(ln for ln in layout.lines if ln.kind is not LineKind.BLANK)
    m = _TITLE_SUFFIX.search(first.text)
    return m.group(1).strip() if m and first.index != layout.title_anchor else None


def author_from_notes(notes: list[str]) -> str | None:
    """Author named in a note cut off the end of the text: 【作者：…】, （作者:…,系…）."""
    for note in notes:
        if m := _AUTHOR_KEY.search(note):
            return _clean_names(m.group(1))
    return None


def parse_date(text: str) -> datetime | None:
    for m in DATE.finditer(text):
        y, mo, d, h, mi, s = m.groups()
        try:
            return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            continue
    return None


def _is_title_candidate(ln: Line) -> bool:
    t = ln.text
    # Headlines may ask or exclaim (…吗？), never end a sentence with 。; a bare time is not one.
    return (
        ln.kind is LineKind.SHORT
        or (ln.kind is LineKind.BODY and (not ends_terminal(t) or t[-1] in "？！?!") and "。" not in t)
    ) and 4 <= len(t) <= 80 and ln.wide >= 2 and not _is_byline(t)


def _pick_title(layout: ArticleLayout, header: list[Line], meta: Metadata) -> None:
    if layout.title_anchor is not None:
        line = layout.lines[layout.title_anchor]
        meta.title, meta.title_line = line.text, line.index
        return
    candidates = [ln for ln in header if _is_title_candidate(ln)]
    if not candidates:
        return
    first_meta = next(
        (ln.index for ln in header if ln.kind is LineKind.META or _is_byline(ln.text)), None
    )
    above_meta = [ln for ln in candidates if first_meta is None or ln.index < first_meta]
    pool = above_meta or candidates
    # Column labels (各地实践) sit above the title and are shorter: prefer the nearest
    # candidate to the meta line, skipping very short labels when a longer one exists.
    longer = [ln for ln in pool if len(ln.text) > 6]
    chosen = (longer or pool)[-1]
    meta.title, meta.title_line = chosen.text, chosen.index


def _is_byline(text: str) -> bool:
    return bool(_MARKER_BYLINE.match(text) or _POSITION_BYLINE.match(text) or _SLASH_BYLINE.search(text))


def _clean_names(raw: str) -> str | None:
    names = [n for n in re.split(r"[ 、，,]+", raw) if n and not _FIELD_WORDS.search(n)]
    return "、".join(names) or None


def _find_author(after_title: list[Line], tail: list[Line], page_title: str = "") -> str | None:
    for pos, ln in enumerate(after_title):
        t = ln.text
        for pattern in (_MARKER_BYLINE, _POSITION_BYLINE):
            if m := pattern.match(t):
                return _clean_names(m.group(1))
        for pattern in (_AUTHOR_KEY, _SLASH_BYLINE, _REPORTER):
            if m := pattern.search(t):
                return _clean_names(m.group(1))
        if _bare_name_byline(after_title, pos) and t not in page_title:
            return _clean_names(t)
    for ln in tail:
        if ln.reason is LineReason.BYLINE and (m := _POSITION_BYLINE.match(ln.text)):
            return _clean_names(m.group(1))
        for pattern in (_AUTHOR_KEY, _REPORTER, _SLASH_BYLINE):
            if m := pattern.search(ln.text):
                return _clean_names(m.group(1))
    return None


def _bare_name_byline(after_title: list[Line], pos: int) -> bool:
    """A line holding only a name is a byline only right under the title, next to the
    date/来源 line; anywhere else a two-character line is far more often a UI word."""
    ln = after_title[pos]
    if pos > 3 or ln.kind is not LineKind.SHORT or not _PURE_NAME.fullmatch(ln.text):
        return False
    if _NOT_A_NAME.search(ln.text) or ln.text[-1] in "社网报台刊站":
        return False
    neighbours = after_title[max(0, pos - 1) : pos] + after_title[pos + 1 : pos + 2]
    return any(n.kind is LineKind.META for n in neighbours)


def _find_column(header: list[Line], title_line: int | None) -> str | None:
    for ln in header:
        if ln.reason is LineReason.BREADCRUMB:
            crumb = _CRUMB_LABEL.sub("", ln.text)
            parts = [p for p in (_CRUMB_NOISE.sub("", x.strip()) for x in _CRUMB_SPLIT.split(crumb)) if p]
            if parts:
                return " > ".join(parts)
    above = [ln for ln in header if title_line is not None and ln.index < title_line]
    # A column label (各地实践) sits right above the title; anything further up is site chrome.
    if above and above[-1].kind is LineKind.SHORT and 2 <= len(above[-1].text) <= 8 and not _NOT_A_NAME.search(above[-1].text):
        return above[-1].text
    return None
