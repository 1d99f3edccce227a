"""Turn the page's meta chrome (title, byline, date, 来源, 责编, breadcrumb) into fields."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime

from transforms.article import POST_FLOOR, POSTER_NAME, ArticleLayout
from transforms.chrome import (BYLINE, CRUMB_PARTS, DATE, ENUMERATED, HANDLE, NAME, TEXT_KINDS, WIDE, Line, LineKind, ends_like_headline,
                               ends_terminal)
from transforms.dates import parse_date, slash_order
from transforms.lexicon import (ANSWER_WORKS, BREADCRUMB_LABELS, CLOCK_KEYS, COLLECTED_KEYS, DESK_ENDS, FIELD_STEMS, FIELDS, NO_WRITER, NOT_NAME_WORDS,
                                OUTLET_ENDS, OWN_WORK_MARKS, OWNED_WORKS, PROFILE_DATE_KEYS,
                                POSTED_BY_WRITER_KEYS, PUBLISHED_KEYS, REPORTER_RANKS, SITE_NAVIGATION, WIRE_ENDS,
                                alternation)
from transforms.reasons import LineReason

# Names in a row; one followed by a colon is the next field's label (作者：林某 选稿：王某).
NAMES = rf"{NAME}(?:[ 、，,]+{NAME}(?!\s*[:：]))*"
# A line that is only a name: 2-3 characters (4 with a separator), never a UI word.
_PURE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff·]{2,5}(?:[ 、，,]+[\u4e00-\u9fff·]{2,4})+")
_NOT_A_NAME = re.compile(alternation(NOT_NAME_WORDS))
_FIELD_WORDS = re.compile(alternation(FIELD_STEMS))
_POSITION_BYLINE = BYLINE
_MARKER_BYLINE = re.compile(rf"^[■□◎●▲◆]\s*({NAMES})$")
# 文/某, 文｜某, and a credit for text and pictures (文/图 某, 图文／某): 文 alone needs its
# separator, or 文化部 would name 化部.
_SLASH_BYLINE = re.compile(rf"(?:^|\s)(?:(?:文\s*[/／、]\s*图|图\s*[/／、]\s*文|图文)\s*[/／|｜丨:：]?|文\s*[/／|｜丨:：])\s*({NAMES})")
# 记者 as a word: alone, after an outlet (河南商报记者) or a reporter's rank (特约记者), never
# inside a compound (小记者训练营, a page's name).
REPORTER = "(?:" + "|".join([r"(?<![\u4e00-\u9fff])", f"(?<=[{OUTLET_ENDS}])", *(f"(?<={r})" for r in REPORTER_RANKS)]) + ")记者"
# 记者某某 with the name ending the words, or running into what closes a byline: 发自北京,
# /文, 报道 (本报记者张三李四发自北京: two names without a separator stay one value).
_REPORTER = re.compile(rf"(?:本报|本刊|特约|新华社|中新社|中新网)?{REPORTER}\s*[:：|｜丨/／]?\s*([\u4e00-\u9fff·]{{2,8}}?(?=发自|[/／]文|报道)|{NAMES})")
# A line ending in a photo's credit mark names who took a picture (新华社记者 张三 摄,
# 记者 张三 翻摄), not who wrote the text; 摄影报道 (reported, with pictures) ends no such line.
_PHOTO_CREDIT = re.compile(r"摄\s*[)）]?$")
# 作者 王某 高某: a space for the colon; 楼主 河边人: the opening post's floor over its poster's name
_AUTHOR_SPACED = re.compile(rf"^{alternation(FIELDS.writer[:2], ('楼主',))}\s+({NAMES})$")
_WRITER_KEYS = alternation(FIELDS.writer, ('文字', '楼主', '发帖人', '发信人', '帖主', '博主'))
# The label then a colon, a bar or a slash (作者：某, 撰文｜某, 作者／某), or the label in
# brackets ([作者]某, 【作者】某).
_AUTHOR_KEY = re.compile(rf"(?:[【\[]\s*{_WRITER_KEYS}\s*[】\]]|{_WRITER_KEYS}\s*[:：︱｜丨|/／])\s*({NAMES}|{HANDLE})")
# 原创 林晓 青山生活 2023-05-06: the writer, then the account (a date right after the mark's
# name means the account printed no writer: 原创 青山生活 2023-05-06).
_OWN_WORK_BYLINE = re.compile(rf"^{alternation(OWN_WORK_MARKS)}\s*[:：]?\s*({NAME}|{HANDLE})\s+(?![\d(（])\S")
# zboygirl 发表于 2005-9-15 11:46: the header of a post, naming who wrote it.
_POSTER = re.compile(rf"^({NAME}|{HANDLE})\s*{alternation(POSTED_BY_WRITER_KEYS)}\s*[:：]?\s*\d")
# A blog platform's own byline: posted by 林某 @ 2008-05-06 (over the post or under it), and
# cnblogs' footer, posted @ 2008-05-06 10:20 林某 阅读(123).
# (case folded for the English words only: re.I over the CJK range costs milliseconds to compile)
_POSTED_BY = re.compile(rf"^(?i:posted\s+by)\s*[:：]?\s*({NAME}|{HANDLE})")
_POSTED_AT = re.compile(rf"^(?i:posted)\s*@\s*\d{{4}}-\d{{1,2}}-\d{{1,2}}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+({NAME}|{HANDLE})(?:\s|$)")
# 林某 | blog.qingshan.example: a blog's owner over the blog's address.
_BLOG_ADDRESS_OWNER = re.compile(rf"^({NAME}|{HANDLE})\s*[|｜]\s*\S*(?i:blog)\S*$")
# The time line of a post header whose poster's name stands alone on the line above.
_POSTED_LINE = re.compile(rf"{alternation(POSTED_BY_WRITER_KEYS)}\s*[:：]?\s*\d")
# A label on its own line with the name on the next (作者 / 林晓): layouts put them in two cells.
_AUTHOR_LABEL = re.compile(alternation(FIELDS.writer, ("文", "记者", "本报记者")) + r"\s*[:：]?")
# 来源： or an issuing office's label (发文机关：), never a photo's (图片来源：); then its value.
_SOURCE_LABEL = rf"(?<!图片)({alternation(FIELDS.source, FIELDS.issuer)})\s*[:：]"
# [ 黄某 ] 来源：[ 某报 ]: the writer's name, unlabelled, before the source on its line.
_NAME_BEFORE_SOURCE = re.compile(rf"(?:^|\s)[\[【(（]?\s*({NAME})\s*[\]】)）]?\s*{_SOURCE_LABEL}")
_SOURCE = re.compile(_SOURCE_LABEL + r"\s*(?:[\[【]\s*(?=[^\]】]*[\]】]))?([^\s|｜,，;；【\[\]】]+)")  # 来源：[ 某报 ] too
_SOURCE_KEY = re.compile(_SOURCE_LABEL)
_EDITOR = re.compile(rf"{alternation(FIELDS.editor)}\s*[:：/／]\s*([^\s|｜;；)）】\]]+(?:[、,，][^\s|｜;；)）】\]]+)*)")
_CRUMB_LABEL = re.compile(rf"^\s*{alternation(BREADCRUMB_LABELS)}\s*[:：]?\s*")
# 首页, 网易首页, 社区首页: the site's home, which names no section.
_CRUMB_NOISE = re.compile(r"^(?:\S{0,4}首页|正文|主页)$")
# < 2006年12月 >, « 上一篇, ＜新竹新埔＞: an arrow pointing back is a pager or a link back, never
# a level of the site.
_BACK_ARROW = re.compile(r"[<«‹＜←]")
_CRUMB_TRIM = " -－—_|｜"
_COUNTER_VALUE = re.compile(r"[:：]\s*\d")
_SITE_NAVIGATION = re.compile(alternation(SITE_NAVIGATION))
# Labels with a count and nothing else (访问:121369, 在线用户:12066  当值版主:): a counter, never a
# headline (国家统计局：5月CPI上涨0.2% is one: its count runs into words).
_LABELLED_COUNT = re.compile(r"[\u4e00-\u9fff]{1,6}[:：]\s*\d+(?:[\s?|｜]+[\u4e00-\u9fff]{1,6}[:：]\s*\d*)*\s*")
_PUBLISHED_KEY = re.compile(alternation(PUBLISHED_KEYS), re.I)
_NOT_PUBLISHED_KEY = re.compile(alternation(COLLECTED_KEYS, CLOCK_KEYS, PROFILE_DATE_KEYS))
_SPECIAL_REPORT = re.compile(rf"^({NAMES})\s*[/／]\s*(?:特稿|专稿|专访|编译|整理|\S{{0,8}}?(?:报导|报道))$")
_OPENING_REPORT = re.compile(rf"^[〔【\[(（]\s*(?:记者\s*)?({NAMES})\s*[/／]\s*\S{{1,8}}?(?:报导|报道|电)\s*[〕】\])）]")
# 中央社记者张三台南4日电: the name runs into a two-character place name (the last of several: 记者张三、李四台南4日电).
# Distinct enough to be found anywhere in an opening paragraph (a caption glued before it).
_AGENCY_DATELINE = re.compile(r"[(（]\s*\S{0,6}?记者((?:[\u4e00-\u9fff]{2,3}、)*[\u4e00-\u9fff]{2,3})[\u4e00-\u9fff]{2}\d{1,2}日(?:专)?电\s*[)）]")
# 新华社巴黎12月9日电（记者唐某）, 本报讯（记者 张某 通讯员 李某）, 新京报快讯（记者 裴某）
# 某报记者马某/文 受访者供图: the writer's credit, with the photos', over the text; a name
# opening its line, 马某/文 王某/图, too.
_WRITER_CREDIT = re.compile(rf"(?:{REPORTER}\s*|^)([\u4e00-\u9fff·]{{2,4}}?)\s*[/／]\s*文")
_DATELINE_REPORTER = re.compile(r"^.{0,30}?(?:电|讯|快讯|消息)\s*[（(]\s*(?:本报|本刊)?(?:记者|\S{0,4}通讯员)\s*([^（()）]{2,40}?)\s*[）)]")
# （王某／台中报导） closing the text, even with a site's promotion after it on the line
# (文/图 刘某 易某), （文 王某）: the writers' credit closing the text
_CLOSING_CREDIT = re.compile(rf"[(（]\s*(?:文\s*[/／、]\s*图|文字|文)\s*[:：/／]?\s*({NAMES})\s*[)）]\s*$")
_CLOSING_SLASH_REPORT = re.compile(rf"[〔【\[(（]\s*(?:记者\s*)?({NAMES})\s*[/／]\s*\S{{1,8}}?(?:报导|报道)\s*[〕】\])）]")
# 杨某_NF4425, 杜某 PX209: a CMS's editor code after the name
_EDITOR_CODE = re.compile(r"(?:_[A-Za-z]*\d+|_[A-Z]{2,}|\s+[A-Z]{2,}\d+)$")
# （记者 胡某）, （评论员 罗某 萧某）, （通讯员 李某）: the writers' credit closing the text
_CLOSING_REPORTER = re.compile(rf"[(（]\s*(?:本报|本刊)?{alternation(FIELDS.reporter, ('评论员',))}\s*({NAMES})\s*[)）]\s*$")
# "上海报道" closing a byline note: where from, not a second name.
_REPORTED_FROM = re.compile(r"\s*\S{1,8}?(?:报道|报导)(?=\s*[)）】\]]\s*$)")
_CLOSING_NAME = re.compile(r"[。！？”][(（]([\u4e00-\u9fff]{2,3})[)）]\s*$")
# Common surnames: a bare two- or three-character name in brackets is a person's only
# when it starts with one (央视, 新华, 待续 do not).
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂"
    "章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解"
    "牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝")
# 原标题：X, （原标题：X）, （原题为《X》）, 本文原题为“X”: the title without its quotes and brackets.
_ORIGINAL_TITLE = re.compile(r"(?:原标题|原题为?)\s*[:：]?\s*(?:[《“\"「『](?P<quoted>.+?)[》”\"」』]|(?P<plain>.+?))\s*[)）】\]]?$")
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
    field_lines: dict[str, int] = field(default_factory=dict)  # field -> the line it was read from


# sets, not tuples of LineKind members: a page tests hundreds of lines against them
_FIELD_KINDS = frozenset((LineKind.META, LineKind.STOP))
_DATED_KINDS = frozenset((LineKind.META, LineKind.SHORT, LineKind.CHROME))
_NAVIGATION_KINDS = frozenset((LineKind.SHORT, LineKind.CHROME))


def extract_metadata(layout: ArticleLayout) -> Metadata:
    meta = Metadata()
    header = layout.header()
    article_meta = [ln for ln in layout.article() if ln.kind in _FIELD_KINDS]
    footer = layout.footer()
    _pick_title(layout, header, meta)
    page_title = header[0].text if header and header[0].index != meta.title_line else ""
    after_title = [ln for ln in header if meta.title_line is None or ln.index > meta.title_line]
    before_title = [ln for ln in header if meta.title_line is not None and ln.index < meta.title_line]
    ordered = after_title + article_meta + footer + before_title

    dated = [ln for ln in ordered if ln.kind in _DATED_KINDS]
    # 发布日期 is the publication date, whatever else is dated above it (成文日期, 更新时间).
    # (The key has no spaces, so one search of the joined lines says whether any line has it.)
    if _PUBLISHED_KEY.search("\n".join(ln.text for ln in dated)):
        dated.sort(key=lambda ln: not _PUBLISHED_KEY.search(ln.text))
    # The page's date order, asked only when a dated line has a slash date to read.
    day_first = any("/" in ln.text for ln in dated) and slash_order("\n".join(ln.text for ln in layout.lines))
    for ln in dated:
        if (when := _date_of(ln.text, day_first)) is not None:
            meta.published_at = when
            meta.field_lines["published_at"] = ln.index
            break
    meta.published_at = meta.published_at or _date_split_over_lines(after_title, day_first)
    issuer: tuple[str, int] | None = None  # 发文机关: the office that wrote an official document
    for ln in ordered:
        source, editor, original_title = _fields_of(ln.text)
        at = ln
        if ln.text[-1:] in ":：" and (label := _DANGLING_LABEL.search(ln.text)) and (value := _next_value(layout, ln)) is not None:
            # 来源： / 半月谈: the layout put the value on the next line.
            at, text = value, value.text.strip(_SOURCE_TRIM + " ")
            if label.group(1) in FIELDS.editor:
                editor = text
            else:
                source = text
        if issuer is None and source is not None and (m := _SOURCE_KEY.search(ln.text)) and m.group(1) in FIELDS.issuer:
            issuer = source, at.index
        if meta.source is None and source is not None:
            meta.source = source
            meta.field_lines["source"] = at.index
        if meta.editor is None and editor is not None:
            meta.editor = editor
            meta.field_lines["editor"] = at.index
        if meta.original_title is None and original_title is not None:
            meta.original_title = original_title
            meta.field_lines["original_title"] = ln.index
    found = _find_author(after_title, article_meta + footer, page_title, before_title)
    if found is None and (person := _person_as_source(meta.source)):
        found = person, meta.field_lines["source"]
    found = found or _opening_poster(layout) or _post_footer(footer) or _blog_address_owner(header)
    found = found or _owner(layout, header) or _module_owner(layout)
    # An official document's writer is the office that issued it, when no person signs it.
    found = found or issuer
    if found is not None:
        meta.author, meta.field_lines["author"] = found
    if (column := _find_column(header, meta.title_line)) is not None:
        meta.column, meta.field_lines["column"] = column
    meta.site = _site_from_page_title(layout)
    return meta


# A label closing its line, its value on the next (来源： / 半月谈; ) 稿件来源： / 河北日报)
_DANGLING_LABEL = re.compile(rf"({alternation(FIELDS.source, FIELDS.issuer, FIELDS.editor)})\s*[:：]$")


def _next_value(layout: ArticleLayout, label: Line) -> Line | None:
    """The line after a label with no value, when it reads as one (short, no sentence)."""
    for ln in layout.lines[label.index + 1 : label.index + 3]:
        if ln.kind is LineKind.BLANK:
            continue
        t = ln.text
        return ln if len(t) <= 20 and not _FIELD_WORDS.search(t) and not ends_terminal(t) and ln.kind is not LineKind.BODY else None
    return None


# Header and footer lines repeat on every page of a site: what they say is remembered.
@lru_cache(maxsize=1 << 16)
def _date_of(text: str, day_first: bool = False) -> datetime | None:
    # 更新时间：… 发布时间：… on one line: the date after the publication key. A date after
    # a key saying when the text was gathered (整理于) or what day it is (今天是) is not read.
    if other := _NOT_PUBLISHED_KEY.search(text):
        text = text[: other.start()]
    key = _PUBLISHED_KEY.search(text)
    return (key and parse_date(text[key.end():], day_first)) or parse_date(text, day_first)


@lru_cache(maxsize=1 << 16)
def _fields_of(text: str) -> tuple[str | None, str | None, str | None]:
    """The 来源, editor and 原标题 a line names, if any."""
    source = editor = original_title = None
    m = _SOURCE.search(text)
    if m and (value := m.group(2).strip(_SOURCE_TRIM)) and not _FIELD_WORDS.search(value):
        source = value
    m = _EDITOR.search(text)
    if m and not _FIELD_WORDS.search(m.group(1)):
        editor = _EDITOR_CODE.sub("", m.group(1).strip(_SOURCE_TRIM))
    if m := _ORIGINAL_TITLE.search(text):
        original_title = (m.group("quoted") or m.group("plain")).strip()
    return source, editor, original_title


# 首页 博文目录 图片 关于我: three or more short words between spaces are a menu, not a headline.
_MENU = re.compile(r"\S{1,4}(?: +\S{1,4}){2,}")
# 分 类： / 索 引 号： a form's label, its characters spread to the column's width: what
# follows is a field's value, never the headline (a headline's own colon follows a name).
_SPACED_LABEL = re.compile(r"[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff]){1,5}\s*[:：]")
_TITLE_SUFFIX = re.compile(r"(?:\s[-|｜—]\s?|_|--|\s?[-|｜—]\s)\s*([^_|｜\-—]{2,16}?)\s*$")


def _site_from_page_title(layout: ArticleLayout) -> str | None:
    """The site a page names: the last segment of its <title> line ("…_中国青年网")."""
    if layout.title_anchor is None:
        return None
    first = _first_line(layout)
    if first is None or first.index == layout.title_anchor:
        return None
    m = _TITLE_SUFFIX.search(first.text)
    return m.group(1).strip() if m else None


# 甜某的回答, 小林的博客, zboygirl的blog: the page's title naming whose page it is.
# (case folded for the works only: re.I over the whole CJK range makes it several times slower to compile)
_OWNED = re.compile(rf"(?P<name>[\u4e00-\u9fff·]{{2,8}}?|{HANDLE})\s*的\s*(?P<work>(?i:{alternation(OWNED_WORKS)}))")
# (an underscore between letters or digits is a handle's own: lin_xiao的专栏)
_TITLE_SEGMENTS = re.compile(r"\s+[-|｜—–]\s+|\s*(?:[|｜]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))\s*|--")
MAX_OWNER_LINE = 24  # a title segment saying whose page it is: a name and a few words
_BLOG_HOST = re.compile(r"博客|blog", re.I)
_OWNER_NAME = re.compile(rf"[\u4e00-\u9fff·]{{2,8}}|{HANDLE}")
_PRONOUN = re.compile(r"[我你您他她它]")


POST_FOOTER_LINES = 2  # a blog post's own footer comes right under its text; comments' come later


def _post_footer(footer: list[Line]) -> tuple[str, int] | None:
    """A blog post's footer right under its text naming who posted it (林某 发表于 2008-05-06
    10:20 | 阅读 123, posted @ 2008-05-06 10:20 林某 阅读(123), Posted by 林某 at 10:20)."""
    for ln in footer[:POST_FOOTER_LINES]:
        if ln.kind is LineKind.STOP:  # a comment section's header, an editor's line: no post footer below
            break
        if (found := _poster_named(ln, (_POSTER, _POSTED_BY, _POSTED_AT))) is not None:
            return found
    return None


def _blog_address_owner(header: list[Line]) -> tuple[str, int] | None:
    """The name a blog's header gives over its address (林某 | blog.qingshan.example)."""
    for ln in header:
        # (a substring test first: most header lines hold no bar)
        if ("|" in ln.text or "｜" in ln.text) and (found := _poster_named(ln, (_BLOG_ADDRESS_OWNER,))) is not None:
            return found
    return None


def _poster_named(ln: Line, patterns: tuple[re.Pattern[str], ...]) -> tuple[str, int] | None:
    """The name the first of patterns to match at the line's start reads (_named drops a UI
    word, 推荐, and a placeholder, 佚名)."""
    for pattern in patterns:
        if m := pattern.match(ln.text):
            return _named(m.group(1), ln)
    return None


def _opening_poster(layout: ArticleLayout) -> tuple[str, int] | None:
    """The name in the first post header by shape, where it heads the article (a thread's
    opening post): the thread's writer."""
    if not layout.posters or layout.start is None:
        return None
    at, name = layout.posters[0]
    if at > layout.start or _NOT_A_NAME.search(name):
        return None
    return _named(name, layout.lines[at])


def answerer(layout: ArticleLayout) -> str | None:
    """Who the page's <title> line says the page is the answer of (… - 甜某的回答 - 知乎)."""
    owner = _title_owner(layout)
    return owner[0] if owner is not None and owner[1] in ANSWER_WORKS else None


def _owner(layout: ArticleLayout, header: list[Line]) -> tuple[str, int] | None:
    """The person whose page it is, by the page's <title> line: a Q&A answer's or a blog
    post's writer. Only that line: a header's links say whose blog they lead to (进入我的博客,
    他的博客), not whose page it is."""
    owner = _title_owner(layout)
    if owner is None or not header or owner[2] is not header[0]:
        return None
    return owner[0], owner[2].index


# A blog's side modules headed by its owner's name in brackets ([某]个人类别, [某]最新文章,
# 作者[某]自己发表的最新评论, [某]的个人链接).
_MODULE_HEADING = re.compile(r"^(?:作者)?[\[【]([^\[\]【】\s]{2,12})[\]】]的?[\u4e00-\u9fff]{2,12}$")
MIN_OWNED_MODULES = 3


def _module_owner(layout: ArticleLayout) -> tuple[str, int] | None:
    """Whose blog it is, by the name heading three or more of its side modules, where the
    name also stands alone on a line (its profile's): the blog's owner writes its posts. (A
    list's tag heads its headlines, [组图]青山县图书馆开放, and stands alone nowhere.)"""
    named: dict[str, list[Line]] = {}
    for ln in [ln for ln in layout.lines if "[" in ln.text or "【" in ln.text]:
        if m := _MODULE_HEADING.match(ln.text):
            named.setdefault(m.group(1), []).append(ln)
    for name, headings in sorted(named.items(), key=lambda item: -len(item[1])):
        if len(headings) < MIN_OWNED_MODULES:
            break
        if any(ln.text == name for ln in layout.lines):
            return _named(name, headings[0])
    return None


def _title_owner(layout: ArticleLayout) -> tuple[str, str | None, Line] | None:
    """Whose page the page's first line says it is (… - 甜某的回答 - 知乎, 秋天的枫叶营地_小林的博客,
    标题_小林_新浪博客): the name, the work it names (回答, 博客; None for a blog host's
    segment) and the line."""
    first = _first_line(layout)
    if first is None or len(first.text) > 4 * MAX_OWNER_LINE:
        return None
    parts = [p.strip() for p in _TITLE_SEGMENTS.split(first.text)]
    for at, part in enumerate(parts):
        if len(part) > MAX_OWNER_LINE:
            continue
        work: str | None = None
        if m := _OWNED.fullmatch(part):
            name, work = m.group("name"), m.group("work")
        elif at + 2 == len(parts) and at and _BLOG_HOST.search(parts[-1]) and "的" not in parts[-1] + part \
                and _OWNER_NAME.fullmatch(part):
            name = part  # 标题_小林_新浪博客: the segment between the post's title and the blog host's
        else:
            continue
        if not _NOT_A_NAME.search(name) and name.lower() not in _NO_WRITER and not _PRONOUN.search(name):
            return name, work, first
    return None



def author_from_notes(notes: list[str]) -> str | None:
    """Author named in a note cut off the end of the text: 【作者：…】, （作者:…,系…）, （记者 胡某）."""
    for note in notes:
        note = _REPORTED_FROM.sub("", note)
        for pattern in (_AUTHOR_KEY, _REPORTER):
            if m := pattern.search(note):
                return _clean_names(m.group(1))
    return None


OPENING_PARAGRAPHS = 3


def opening_paragraphs(paragraphs: list[tuple[str, str]]) -> list[str]:
    """The texts of a document's (kind, text) paragraphs, headings left out, up to its third
    body paragraph: captions over the text may be a lead the segmenter took for one, and
    however many there are, the text's own first paragraphs come after them."""
    openings: list[str] = []
    bodies = 0
    for kind, text in paragraphs:
        if kind == "heading":
            continue
        openings.append(text)
        bodies += kind == "body"
        if bodies == OPENING_PARAGRAPHS:
            break
    return openings


def author_in_text(paragraphs: list[str], openings: list[str] | None = None) -> str | None:
    """Bylines printed inside the text: opening one of the first paragraphs (〔记者林悦／台南报导〕,
    【王某／台北报导】, （中央社记者张三台南4日电）) or closing the last one ((记者 胡某
    上海报道), a bare (胡某)). openings: the paragraphs to look in for an opening byline, when
    not the body's first three (a lead the segmenter took for a caption still opens the text:
    opening_paragraphs)."""
    if not paragraphs:
        return None
    # A photo's caption or a lead-in may come before the paragraph the byline opens.
    openings, last = (openings if openings is not None else paragraphs[:OPENING_PARAGRAPHS]), _REPORTED_FROM.sub("", paragraphs[-1])
    for pattern, text in ([(p, t) for t in openings for p in (_OPENING_REPORT, _AGENCY_DATELINE, _DATELINE_REPORTER, _WRITER_CREDIT)]
                          + [(_CLOSING_REPORTER, last), (_CLOSING_SLASH_REPORT, paragraphs[-1]), (_CLOSING_CREDIT, last)]):
        if (m := pattern.search(text)) and (names := _people(m.group(1))):
            return names
    if (m := _CLOSING_NAME.search(last)) and _is_person(m.group(1)):
        return m.group(1)
    return None


def _people(raw: str) -> str | None:
    """Names from a byline, without desks and wires (即时新闻／综合报导, 社会中心／特稿)."""
    names = [n for n in (_clean_names(raw) or "").split("、") if n and not _names_a_desk(n)]
    return "、".join(names) or None


def _names_a_desk(name: str) -> bool:
    """A UI word, a desk or an outlet (即时新闻, 社会中心, 青山网), not a person."""
    return bool(_NOT_A_NAME.search(name)) or name[-1] in DESK_ENDS or name.endswith("中心")


def _person_as_source(source: str | None) -> str | None:
    """来源：胡某 names a person, not an outlet: the author."""
    return source if source and _is_person(source) else None


def _starts_with_surname(names: str) -> bool:
    """Whether each name of a bare name line starts with a common surname: a UI word of two
    or three characters (小字型, 收起) does not."""
    return all(n[0] in _SURNAMES for n in re.split(r"[ 、，,]+", names) if n)


def _name_beside_outlet(text: str) -> str | None:
    """A header line of an outlet and one person's name, in any order, with its date or
    without (林某 青山日报 2023-05-06, 青山日报 林某): the name is the writer's. Nothing else
    may stand on the line, and the other word must name an outlet: a name beside a place or
    a column (林某 北京 2023-05-06) may be anything."""
    words = DATE.sub(" ", text).split()
    if len(words) != 2:
        return None
    people = [w for w in words if _is_person(w)]
    return people[0] if len(people) == 1 and any(_names_an_outlet(w) for w in words) else None


def _is_person(name: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name)) and name[0] in _SURNAMES and not _names_a_desk(name)


# 2019 / 09/07 / 19:02: the year alone over the month and day, as a share bar prints them.
_YEAR_ALONE = re.compile(r"(?:19|20)\d{2}年?")
_MONTH_DAY = re.compile(r"(\d{1,2})[/\-.](\d{1,2})")


def _date_split_over_lines(lines: list[Line], day_first: bool = False) -> datetime | None:
    """2014年 / 03月 / 20日 / 00:43 or 2019 / 09/07 / 19:02: a date a layout spread over short
    lines. day_first: the page writes dd/mm (dates.slash_order)."""
    for i in range(len(lines)):
        window = [ln.text for ln in lines[i : i + 4] if len(ln.text) <= 8]
        if len(window) < 3:
            continue
        if _YEAR_ALONE.fullmatch(window[0]) and (md := _MONTH_DAY.fullmatch(window[1])):
            month, day = md.group(2, 1) if day_first else md.group(1, 2)
            window[:2] = [f"{window[0].rstrip('年')}-{month}-{day}"]
        if when := parse_date(" ".join(window)):
            return when
    return None


def _is_title_candidate(ln: Line) -> bool:
    return ln.kind in TEXT_KINDS and _title_like(ln.kind is not LineKind.SHORT, ln.text, ln.wide)


@lru_cache(maxsize=1 << 16)  # asked of every header line, and a site's header lines repeat on all its pages
def _title_like(prose: bool, t: str, wide: int) -> bool:
    # (a bare time is no headline)
    return (not prose or ends_like_headline(t)) \
        and 4 <= len(t) <= 80 and wide >= 2 and not _is_byline(t) and not (" " in t and _MENU.fullmatch(t)) \
        and not ((":" in t or "：" in t) and _LABELLED_COUNT.fullmatch(t)) and not ENUMERATED.match(t) \
        and not _SPACED_LABEL.match(t) and not ("日" in t and _DATELINE_ALONE.match(t))


# 新华社北京5月6日电, 中新网5月6日电 on a line of their own: the dispatch's dateline over its text.
_DATELINE_ALONE = re.compile(r"^\S{0,16}?\d{1,2}月\d{1,2}日\s*(?:专?电|讯|消息)$")
MAX_OPENING_TITLE = 60


# 主题：… / 标 题： …: a forum thread's or a disclosure page's labelled title, the value on
# the label's line or on the next; looked for above the text and in its first lines.
_TITLE_LABEL = re.compile(r"(?:主\s*题|标\s*题)\s*[:：]\s*")
TITLE_LABEL_SEARCH = 6  # article lines searched after the header


def _labelled_title(layout: ArticleLayout, header: list[Line]) -> Line | None:
    """The line a title label gives, with the label cut off, where it reads as a title."""
    opening = layout.lines[layout.start : layout.start + 2 * TITLE_LABEL_SEARCH] if layout.start is not None else []
    near = header + [ln for ln in opening if ln.kind is not LineKind.BLANK][:TITLE_LABEL_SEARCH]
    for at, ln in enumerate(near):
        # (a substring test first: the label's 题 is on few lines, and this asks every page)
        if "题" not in ln.text[:8] or not (m := _TITLE_LABEL.match(ln.text)):
            continue
        value = ln.text[m.end() :]
        if not value and at + 1 < len(near):
            ln, value = near[at + 1], near[at + 1].text
        if value and _title_like(False, value, len(WIDE.findall(value))):
            return Line(ln.index, value, ln.kind, ln.reason, ln.wide, ln.amid_prose)
    return None


def _pick_title(layout: ArticleLayout, header: list[Line], meta: Metadata) -> None:
    if (labelled := _labelled_title(layout, header)) is not None:
        meta.title, meta.title_line = labelled.text, labelled.index
        return
    if layout.title_anchor is not None:
        line = layout.lines[layout.title_anchor]
        meta.title, meta.title_line = line.text, line.index
        return
    candidates = [ln for ln in header if _is_title_candidate(ln)]
    if not candidates:
        # Nothing above the text: a headline opening the article block, right before its
        # prose, is the title (a dump that starts with the headline and runs into the body).
        if (opening := _opening_headline(layout)) is not None:
            meta.title, meta.title_line = opening.text, opening.index
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
    if chosen is header[0] and (opening := _opening_headline(layout)) is not None:
        # The only candidate is the page's <title> line, which repeats nowhere (评论——某网站: a
        # column and the site), and a headline opens the text: that is the title.
        chosen = opening
    elif not _dated_below(layout, chosen) and (opening := _opening_headline(layout)) is not None \
            and _dated_below(layout, opening) and _line_above(layout, opening) is not chosen:
        # The article block opens with a headline over its own 来源/时间 line, and the
        # header's candidate stands over no such line, apart from it (a menu's longest item):
        # the opening headline is the title. Right above it, the candidate is the title and
        # the opening line its subtitle (主题 / 副题 / 来源).
        chosen = opening
    meta.title, meta.title_line = chosen.text, chosen.index
    if chosen is header[0] and chosen is _first_line(layout) and len(parts := _TITLE_SEGMENTS.split(chosen.text)) >= 2 \
            and len(parts[0].strip()) >= MIN_TITLE_SEGMENT:
        # Nothing on the page repeats its <title> line (老街改造 - 社会民生 - 青山论坛): the
        # headline is its first segment, the rest the column's and the site's names.
        meta.title = parts[0].strip()


MIN_TITLE_SEGMENT = 4


def _first_line(layout: ArticleLayout) -> Line | None:
    """The page's first line: the <title> line, where the page has one."""
    return next((ln for ln in layout.lines if ln.kind is not LineKind.BLANK), None)


def _line_above(layout: ArticleLayout, line: Line) -> Line | None:
    return next((ln for ln in reversed(layout.lines[: line.index]) if ln.kind is not LineKind.BLANK), None)


def _dated_below(layout: ArticleLayout, headline: Line) -> bool:
    """Whether the line right under a headline is a meta line (its source, its time)."""
    below = next((ln for ln in layout.lines[headline.index + 1 :] if ln.kind is not LineKind.BLANK), None)
    return below is not None and below.kind is LineKind.META


def _opening_headline(layout: ArticleLayout) -> Line | None:
    """A headline-like line opening the article block, with prose next (its date and 来源
    lines may come between)."""
    article = layout.article()
    if not article or not _is_title_candidate(article[0]) or len(article[0].text) > MAX_OPENING_TITLE \
            or article[0].index in (layout.first_item, layout.lead):  # a document's first part heading (第一章 总则), a clause
        return None
    after = next((ln for ln in article[1:] if ln.kind in TEXT_KINDS), None)  # past its meta lines and a counter
    return article[0] if after is not None and after.kind is LineKind.BODY else None


@lru_cache(maxsize=1 << 16)  # asked of every header line, and a site's header lines repeat on all its pages
def _is_byline(text: str) -> bool:
    return bool(_MARKER_BYLINE.match(text) or _POSITION_BYLINE.match(text) or _SLASH_BYLINE.search(text)
                or _AUTHOR_KEY.match(text) or _WRITER_CREDIT.search(text) or _DATELINE_REPORTER.fullmatch(text))


# 作者：某某出自[出版社] / 某某摘自《…》: a book's credit runs into the name with no space.
_TAKEN_FROM = re.compile(r"(?<=[\u4e00-\u9fff]{2})[摘选出转节]自$")


_NO_WRITER = frozenset(NO_WRITER)


def _clean_names(raw: str) -> str | None:
    names = [_TAKEN_FROM.sub("", n) for n in re.split(r"[ 、，,]+", raw)]
    names = [n for n in names if n and not _FIELD_WORDS.search(n) and not _NOT_A_NAME.search(n)
             and n.lower() not in _NO_WRITER and not _names_an_outlet(n)]
    return "、".join(names) or None


def _names_an_outlet(name: str) -> bool:
    """新华社, 人民网, 青山日报: three characters or more ending as an outlet's name does (a
    person's two-character name may end in one of them)."""
    return len(name) >= 3 and name[-1] in OUTLET_ENDS and "\u4e00" <= name[0] <= "\u9fff"


BYLINE_ABOVE_TITLE = 4


def _find_author(after_title: list[Line], tail: list[Line], page_title: str = "",
                 before_title: Sequence[Line] = ()) -> tuple[str, int] | None:
    for pos, ln in enumerate(after_title):
        t = ln.text
        if _PHOTO_CREDIT.search(t):
            continue
        for pattern in (_MARKER_BYLINE, _POSITION_BYLINE):
            if m := pattern.match(t):
                return _with_credits_below(_named(m.group(1), ln), after_title[pos + 1 :])
        for pattern in (_AUTHOR_KEY, _SLASH_BYLINE, _REPORTER, _AUTHOR_SPACED, _WRITER_CREDIT):
            if m := pattern.search(t):
                return _named(m.group(1), ln)
        if (m := _NAME_BEFORE_SOURCE.search(t)) and _is_person(m.group(1)):
            return m.group(1), ln.index
        if (beside := _name_beside_outlet(t)) is not None:
            return beside, ln.index
        if (found := _poster_named(ln, (_POSTER, _OWN_WORK_BYLINE, _POSTED_BY))) is not None:
            return found
        if pos + 1 < len(after_title) and _POSTED_LINE.match(after_title[pos + 1].text) and POSTER_NAME.fullmatch(t) \
                and ln.kind is LineKind.SHORT and not _NOT_A_NAME.search(t):
            # 河边人 / 发表于 2009-5-12 22:10: a post header over two lines (a floor's 楼主
            # over the time is a comment board's word, not a name)
            return _named(t, ln)
        if (m := _SPECIAL_REPORT.match(t)) and (names := _people(m.group(1))):
            return names, ln.index
        if _bare_name_byline(after_title, pos) and t not in page_title:
            return _named(t, ln)
        if (_AUTHOR_LABEL.fullmatch(t) and pos + 1 < len(after_title)
                and _PURE_NAME.fullmatch(name := after_title[pos + 1].text) and not _names_a_desk(name)):
            return _named(name, after_title[pos + 1])
    for ln in tail:
        if POST_FLOOR.search(ln.text):
            break  # the next post's floor (xiaoxi 第1楼): what follows is another poster's
        if _PHOTO_CREDIT.search(ln.text):
            continue
        if ln.reason is LineReason.BYLINE and (m := _POSITION_BYLINE.match(ln.text)):
            return _named(m.group(1), ln)
        for pattern in (_AUTHOR_KEY, _REPORTER, _SLASH_BYLINE, _AUTHOR_SPACED):
            if m := pattern.search(ln.text):
                return _named(m.group(1), ln)
    # Layouts that put the date and byline line above the headline (02日14:25 作者：某, a BBS
    # post's 发信人: id): a labelled byline among the few header lines right above the title,
    # nearest first. A sentence there (a writer's biography) is no byline.
    for ln in reversed(before_title[-BYLINE_ABOVE_TITLE:]):
        if ln.kind is not LineKind.BODY and (m := _AUTHOR_KEY.search(ln.text) or _REPORTER.search(ln.text)):
            return _named(m.group(1), ln)
    return None


def _with_credits_below(found: tuple[str, int] | None, below: list[Line]) -> tuple[str, int] | None:
    """A byline split over lines by role (本报实习生 某 / 本报记者 某 / 通讯员 某): the
    names of the credit lines right under the first are the writers too."""
    if found is None:
        return None
    names = [found[0]]
    for ln in below:  # (header lines: no blank ones among them)
        if not (m := _POSITION_BYLINE.match(ln.text)) or (more := _clean_names(m.group(1))) is None:
            break
        names.append(more)
    return "、".join(names), found[1]


def _named(raw: str, ln: Line) -> tuple[str, int] | None:
    names = _clean_names(raw)
    return (names, ln.index) if names else None


def _bare_name_byline(after_title: list[Line], pos: int) -> bool:
    """A line holding only a name is a byline only right under the title, next to the
    date/来源 line or one line under it (an outlet's name between: date / 中时 / 谢某);
    anywhere else a two-character line is far more often a UI word."""
    ln = after_title[pos]
    if pos > 3 or ln.kind is not LineKind.SHORT or not _PURE_NAME.fullmatch(ln.text):
        return False
    if _NOT_A_NAME.search(ln.text) or ln.text[-1] in OUTLET_ENDS or not _starts_with_surname(ln.text):
        return False
    if pos and after_title[pos - 1].text[-1:] in ":：" and _DANGLING_LABEL.search(after_title[pos - 1].text):
        return False  # 来源： / 半月谈: the value of the label above, not a byline
    neighbours = after_title[max(0, pos - 2) : pos] + after_title[pos + 1 : pos + 2]
    return any(n.kind is LineKind.META for n in neighbours)


def _find_column(header: list[Line], title_line: int | None) -> tuple[str, int] | None:
    for ln in header:
        if ln.reason is LineReason.BREADCRUMB and not _BACK_ARROW.search(ln.text):
            crumb = _CRUMB_LABEL.sub("", ln.text)
            parts = [p for p in (_CRUMB_NOISE.sub("", x.strip(_CRUMB_TRIM)) for x in CRUMB_PARTS.split(crumb))
                     if p and _names_a_section(p)]
            if parts:
                return " > ".join(parts), ln.index
    above = [ln for ln in header if title_line is not None and ln.index < title_line]
    # A column label (各地实践) sits right above the title; anything further up is site chrome.
    # An outlet's name there (法新社) is a source, not a column; the last of a run of short
    # lines (游戏 / 旅游 / 保险 / 直销) is a menu's last item.
    if above and above[-1].kind is LineKind.SHORT and not _ends_a_menu(above) and 2 <= len(above[-1].text) <= 8 \
            and not _NOT_A_NAME.search(above[-1].text) \
            and _names_a_section(above[-1].text) and above[-1].text[-1] not in WIRE_ENDS and not ends_terminal(above[-1].text):
        # (a label names a section: it exclaims nothing, as a greeting does: 游客 欢迎你！)
        return above[-1].text, above[-1].index
    return None



def _ends_a_menu(above: list[Line]) -> bool:
    """Whether the lines right above the last one are short lines or chrome too (a menu's
    items, a share bar's buttons)."""
    return len(above) >= 3 and all(ln.kind in _NAVIGATION_KINDS for ln in above[-3:-1])


def _names_a_section(text: str) -> bool:
    """A crumb or a column label names a part of the site: two CJK characters at least, no
    counter (留言:31), no pager or switch link (下一页, 无障碍浏览, 站内)."""
    return (len(WIDE.findall(text)) >= 2 and not _COUNTER_VALUE.search(text)
            and not _SITE_NAVIGATION.search(text))
