"""Find the article inside a page's text dump and say why every other line was dropped.

General rules, no per-site patches:
1. Each line gets a kind from a lexicon of chrome phrases and from its own features
   (length, share of CJK, sentence punctuation).
2. Hard "stop" lines (相关新闻, 责编, copyright/ICP, 推荐阅读...) cut the page into segments
   an article cannot span.
3. The article is the maximum-sum run of lines (body lines score their CJK length, short
   and chrome lines score negative), so navigation lists, link lists and footers fall out
   by shape. When the dump's first line is the page <title> and the page repeats that
   title further down, the search starts there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from transforms.lexicon import (BREADCRUMB_LABELS, COMMENT_SIGNS, COMMENT_UI, CRUMB_ARROWS, CRUMB_SEPARATORS, END_MARKERS,
                                FIELDS, FOOTER, NOTICES, POST_FLOORS, POSTED_KEYS, TOOLBAR, alternation)
from transforms.reasons import LineReason


class LineKind(str, Enum):
    BLANK = "blank"
    BODY = "body"      # long enough and punctuated like prose
    SHORT = "short"    # heading, label, link title, name...
    META = "meta"      # date/来源/作者/编辑 lines: become document fields
    CHROME = "chrome"  # toolbars, breadcrumbs, error debris, pagers
    STOP = "stop"      # end of article: related links, editor line, copyright


# Module names for the kinds the per-line loops test: reading LineKind.BODY off the enum
# class costs about 60 ns more each time, and a page's loops do it thousands of times.
_BLANK, _BODY, _SHORT = LineKind.BLANK, LineKind.BODY, LineKind.SHORT
TEXT_KINDS = frozenset((LineKind.BODY, LineKind.SHORT))


WIDE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WIDE_RUN = re.compile(WIDE.pattern + "+")
SENTENCE_PUNCT = re.compile(r"[，。；！？、：,;:!?]")
TERMINAL = set("。！？!?；;…：:—")
CLOSERS = "”’」』\"')）】]》"

DATE = re.compile(
    r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
    r"(?:[^\d\n]{0,12}?(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
)

# Whole-line chrome. Matched against the line with spaces removed.
_ERROR_DEBRIS = re.compile(
    r"^(?:\d{3})?(?:notfound|forbidden|badgateway|gatewaytime-?out|serviceunavailable|"
    r"servicetemporarilyunavailable|internalservererror|\d{3})$"
    r"|^(?:nginx|apache|openresty|tengine|microsoft-iis|iis)(?:/[\d.]+)?(?:\(.*\))?$"
    r"|页面不存在|页面未找到|找不到(?:该|此)?页面|访问的页面不存在|页面已删除|无法找到.{0,6}页面|"
    r"(?:资料|内容|文章|新闻)(?:不存在|已删除|已下线)",
    re.I,
)
BREADCRUMB_LABEL = re.compile(rf"^\s*{alternation(BREADCRUMB_LABELS)}\s*[:：]")
CRUMB_ARROW = re.compile(alternation(CRUMB_ARROWS))
# The one crumb splitter: what tells a breadcrumb (chrome) and what names the column (metadata).
CRUMB_PARTS = re.compile(rf"\s*{alternation(CRUMB_SEPARATORS)}\s*")
_TOOL_TOKENS = re.compile(
    alternation(*TOOLBAR) + r"|[\s:：|｜【】\[\]()（）<>《》/\-_·•,，、]",
    re.I,
)
_FULL_LINE_CHROME = re.compile(
    r"^(?:分享让更多人看到|点击进入.*|点击查看.*|点此.*|扫码.*|长按.*二维码.*|字级(?:设定)?[:：]?.{0,8}|"
    r"加载更多.*|查看更多.*|更多>*|阅读全文|展开全文|阅读原文|点击阅读全文|"
    r"【?详细】?|\[?详细\]?|详情>*|进入.*频道>*|.*客户端下载.*|下载.*客户端.*|"
    r"打开.*app.*|.{0,30}(?:二维码|扫一扫).{0,30}(?:分享|关注|朋友圈|阅读).{0,20}|广告|ad•.*|广告意见.*|为什么(?:显示这个|你不喜欢这个)广告.*|这个广告.*|.*赞助内容|"
    r"(?:首页)?\|?<*\d+下一页>*\|?|.*(?:上一页|下一页|上一篇|下一篇|尾页|末页).*|"
    r".{0,12}(?:加载中|载入中|正在加载|请稍候|请稍后|无响应|刷新本页|刷新页面).{0,12}|"
    r"请?继续往下(?:阅读|看).{0,6}|继续阅读.{0,6}|.{0,4}(?:下滑|往下滑)(?:继续)?(?:阅读|看).{0,6}|"
    r".{0,12}(?:二维码|扫一扫|扫码).{0,12}|.{0,12}app(?:看新闻|下载|抽奖).{0,12}|"
    r"[(（]?本文来自.{0,20}(?:下载|关注).{0,20}|"
    r"(?=.*新闻)(?=.*下载)(?=.*app).{0,90}|.{0,30}(?:已过查询时效|付费会员|订阅后(?:即可)?阅读).{0,40}|"
    r"(?=.*浏览器)(?=.*(?:本页|本站|本网|网站|页面|浏览效果|浏览体验|版本过低|以上版本|分辨率)).{0,90}|"
    r"(?:[\[【]\d+[\]】])+|\d+)$",
    re.I,
)
# Image captions: a marker at the start (图为…) or a photo credit at the end (…摄).
CAPTION = re.compile(
    r"^(?:图注|图为|图片|图\s*[:：/]|\(图|（图|【图】|资料图|上图|下图|左图|右图|[▲▼△]+)"
    r"|(?:摄|供图|图片来源[:：].*|\(图\)|（图）|摄影|[(（](?:图|照片)\s*[/／:：][^)）]{0,20})\s*[)）]?\s*(?:分享)?\s*$"
)
MAX_CAPTION = 120
_TEASER_END = re.compile(r"(?:\.{3}|…{1,2})\s*(?:【详细】|\[详细\]|详细>*|更多>*)?$|【详细】$|\[详细\]$")
_STOP = re.compile(
    rf"^[【\[(（]?{alternation(*END_MARKERS)}[】\]）)]?[:：>]*$"
    r"|^[(（【\[]?完[)）】\]]?$"
)
_FOOTER = re.compile(
    alternation(*FOOTER) + r"|\(c\)\d{4}|未经.{0,12}授权.{0,12}(?:禁止|不得)|"
    r"^[【\[(（]?(?:免责声明|版权声明)[】\]）)]?[:：]|不代表本.{0,4}(?:观点|立场)|不代表.{0,8}(?:网|平台|客户端)的?(?:观点|立场)",
    re.I,
)
_NOTICE = re.compile(alternation(NOTICES))
_EDITOR_LINE = re.compile(rf"^[(（【\[]?\s*{alternation(FIELDS.editor_line)}\s*[:：]")
# 编辑 周某 ｜ 排版 魏某: the same credit with a space for the colon.
_EDITOR_SPACED = re.compile(rf"^{alternation(FIELDS.editor_line, ('排版', '美编'))}\s+[\u4e00-\u9fff·]{{2,4}}(?:\s|$|[|｜])")
# ['楊某', '郭某'] or []: a scraper's label list printed into the dump, never the page's text.
_QUOTED_LIST = re.compile(r"\[(?:'[^'\n]{1,20}'(?:,'[^'\n]{1,20}')*)?\]")
_ORIGINAL_TITLE_NOTE = re.compile(r"^[(（【\[]\s*(?:本文)?(?:原标题|原题为?)")
# A platform's disclaimer after a user-uploaded article: the article has ended.
_DISCLAIMER = re.compile(r"^[“\"「]?\s*(?:特别声明|免责声明|声明)\s*[:：]\s*(?:以上|本文|该文)")
# A closing credits line: 供稿 / 摄影/张三 编辑/李四 (two credits or more, slash or colon).
_CREDITS = re.compile(r"^(?:\S{0,24}供稿)?(?:\s*(?:摄影|图片|图|文字|文|编辑|责编|审核|校对|供稿)\s*[/／:：]\s*[\u4e00-\u9fff·、]{2,12}){2,}$")
# ...and only with a sign of a comment board: a reply button, a floor number or a vote
# count (a lone 举报, or 赞 0 under an article, is any page's toolbar).
_COMMENT_SIGN = re.compile(rf"{alternation(COMMENT_SIGNS)}|\d+楼|[顶踩]\d+|[+＋]1")
_COMMENT_UI_LINE = re.compile(rf"^[|｜\s]*(?:[+＋]?\d*\s*(?:{alternation(COMMENT_UI)}|\d+楼)\s*[+＋]?\d*[|｜\s]*)+$")
_META_KEY = re.compile(
    rf"(?<!图片){alternation(FIELDS.source, FIELDS.author, FIELDS.reporter, FIELDS.editor, FIELDS.time, FIELDS.counter, FIELDS.original_title, FIELDS.japanese, FIELDS.disclosure, FIELDS.tags)}"
    r"\s*[:：]|^[(（【\[]?\s*(?:作者|记者|本报记者|通讯员)[系为\s]|^[■□◎●▲]\s*\S|^文\s*[/|｜丨]\s*\S"
)
# A bracketed note naming the author or the source: （作者系…）, 【来源：…】
NOTE_KEY = alternation(FIELDS.author, FIELDS.reporter, FIELDS.source, FIELDS.note_only)
_AUTHOR_NOTE = re.compile(rf"^[(（【\[]\s*{NOTE_KEY}[^)）】\]]{{0,200}}[)）】\]]$")
_DATE_ONLY = re.compile(r"^[\[【(（]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[\]】)）]?$"
    r"|^[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$"  # 二〇二三年五月六日
    r"|^(?:民国|民國)?1[01]\d年\d{1,2}月\d{1,2}日$")  # 112年5月6日 (Taiwan's calendar)
# A post's header on a forum or a comment board: its floor (楼主, 2楼, #3) or who posted
# when (河边人 发表于 2009-5-12 22:10). See _opening_post.
_POST_FLOOR = re.compile(rf"(?:^|\s)(?:{alternation(POST_FLOORS)}|第?\d{{1,4}}\s*楼|[#＃]\s*\d{{1,4}}|\d{{1,4}}\s*[#＃F])(?=$|\s|[:：])")
_POSTED = re.compile(rf"{alternation(POSTED_KEYS)}|posted\s+(?:on|at|by)", re.I)
MAX_POST_HEADER = 60
_READER_COUNTER = re.compile(r"第\s*\d+\s*[个位名]?\s*(?:阅览|浏览|访问|读)者|阅读次数\s*[:：]?\s*\d+|被阅读\s*\d+\s*次")
_TIME_AGO = re.compile(r"\d+\s*(?:分钟|小时|天)前|(?:昨日|昨天|前日|前天)$")
# A byline: a role or an outlet, then names ("吉林市委常委、组织部部长 董亮",
# "中央纪委国家监委网站 吕佳蓉 陆丽环", "本报记者 张三 自江西报道"). Shared with metadata.
NAME = r"[\u4e00-\u9fff·]{2,4}(?![\u4e00-\u9fff])"
BYLINE = re.compile(
    rf"^.{{0,40}}?(?:长|书记|主任|委员|常委|记者|通讯员|教授|研究员|主席|评论员|专家|学者|干部|副|员|网站|网|日报|晚报|报|社|台|客户端)"
    rf"\s+({NAME}(?:[ 、，,]+{NAME})*)(?:\s*自\S{{1,8}}报道|\s*报道)?$"
)
# Taiwanese and Hong Kong bylines: 〔记者林悦／台南报导〕
_SLASHED_REPORT = re.compile(rf"^[〔\[【(（]?记者{NAME}(?:[、,，]{NAME})*[/／]\S{{1,8}}报[导道][〕\]】)）]?$")

# How lines are told apart (classify). Widths count CJK characters ("wide"), lengths all
# characters. Hand-set values carried over from the earlier code; how each was chosen was
# not recorded. They were never fitted jointly: change them as a set and re-run both
# scorers (seeds, and the 25 dev pages with gold).
MAX_CHROME_LINE = 100   # longer lines are never toolbars, breadcrumbs or markers
FOOTER_MAX_WIDE = 80    # a copyright phrase in a line with more CJK than this is prose quoting it
MAX_META_LINE = 120     # a date/来源/作者 line longer than this is prose
META_DATE_MAX_WIDE = 30  # a dated line with fewer CJK characters is a meta line
BODY_MIN_WIDE = 10      # prose has at least this much CJK and some punctuation...
BODY_SURE_WIDE = 20     # ...and either this much CJK or a sentence-final mark
TIME_AGO_MAX_WIDE = 16  # "3小时前" in a line shorter than this is a timestamp
MAX_BYLINE = 60
VERDICT_CACHE_LINES = 50_000
_ANY_SPACE = re.compile(r"\s+")

# Cheap necessary conditions checked before costly patterns (a crawl's new short lines
# went through every pattern). Each must hold whenever its pattern can match.
_SPACE = re.compile(r"\s")  # BYLINE needs a space before the name
_DEBRIS_SIGN = re.compile(r"[页存删线]")  # in every CJK alternative of _ERROR_DEBRIS
# A line made only of toolbar tokens is made only of their characters (both cases: re.I).
_TOOL_CHARS = re.compile("[" + "".join(sorted({re.escape(c) for t in (p for ps in TOOLBAR for p in ps) for c in t + t.upper() + t.lower()}))
                         + r"\s:：|｜【】\[\]()（）<>《》/\-_·•,，、]*", re.I)
_META_HEADS = "(（【[作记本通■□◎●▲文"  # the first characters _META_KEY's anchored forms need


def _may_be_debris(compact: str) -> bool:
    # The other alternatives are status lines (ASCII, or opening with a digit of any script)
    # and server banners (nginx, apache, openresty, tengine, microsoft-iis, iis).
    return compact.isascii() or compact[:1].isdigit() or compact[:1] in "naotmiNAOTMI" or _DEBRIS_SIGN.search(compact) is not None


def _may_hold_meta_key(s: str) -> bool:
    return ":" in s or "：" in s or s[:1] in _META_HEADS


class BlockWeights(NamedTuple):
    """What each line kind adds to a run of lines in the maximum-sum article search
    (_score). A body line adds its CJK width (Latin characters count a fifth); every other
    kind costs. Hand-set like the widths above; what the values imply: six 8-character
    links score about -55, more than a two-sentence teaser adds, while one toolbar (-20)
    or meta line (-8) inside an article does not break it."""
    latin_share: float = 0.2
    short_amid_prose: float = -2.0   # a blogger's line break between sentences
    short_base: float = -6.0         # a short line elsewhere: -(6 + 0.4 per character) ...
    short_per_char: float = -0.4
    short_floor: float = -25.0       # ... down to -25
    meta: float = -8.0
    chrome: float = -20.0


WEIGHTS = BlockWeights()
MIN_ARTICLE_WIDE = 20  # an article's body lines hold at least this much CJK


@dataclass(slots=True)  # not frozen: a frozen dataclass is twice as slow to build, and a page makes hundreds
class Line:
    index: int
    text: str
    kind: LineKind
    reason: LineReason = LineReason.NONE  # why a CHROME/STOP/META line is not content
    wide: int = 0     # CJK characters (ideographs, kana, hangul)
    amid_prose: bool = False  # body text on both sides (see _read_in_context)


@dataclass
class ArticleLayout:
    lines: list[Line]
    start: int | None          # index of the first article line (a BODY line)
    end: int | None            # index of the last article line, inclusive
    title_anchor: int | None   # later line repeating the page <title>, when found
    error_debris: int = 0
    dropped: list[Line] = field(default_factory=list)
    judged: list[Line] = field(default_factory=list)  # each line as its own text alone decides (_classify_all)

    @property
    def found(self) -> bool:
        return self.start is not None

    def header(self) -> list[Line]:
        stop = self.start if self.start is not None else len(self.lines)
        return [ln for ln in self.lines[:stop] if ln.kind is not _BLANK]

    def article(self) -> list[Line]:
        if self.start is None or self.end is None:
            return []
        return [ln for ln in self.lines[self.start : self.end + 1] if ln.kind is not _BLANK]

    def footer(self, limit: int = 12) -> list[Line]:
        """Lines right after the article, up to and including the first STOP line."""
        if self.end is None:
            return []
        out: list[Line] = []
        for ln in self.lines[self.end + 1 :]:
            if ln.kind is LineKind.BLANK:
                continue
            out.append(ln)
            ends_fields = ln.reason is not LineReason.EDITOR_LINE and ln.reason is not LineReason.NOTICE
            if ln.kind is LineKind.STOP and ends_fields or len(out) >= limit:
                break
        return out


def ends_terminal(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL


def classify(index: int, text: str) -> Line:
    return _classify_all([text], index)[0]


Verdict = tuple[LineKind, LineReason, int]  # kind, reason, CJK width: all a line's own text decides


# A crawl repeats each site's chrome lines on every page: their verdicts are remembered
# (short lines only, where the checks cost most and repeats are). At the cap, measured on
# bench and dev lines (48 characters on average): 8 MB of entries plus 8 MB of kept strings.
@lru_cache(maxsize=VERDICT_CACHE_LINES)
def _short_verdict(s: str) -> Verdict:
    return _verdict(s)


def _verdict(s: str) -> Verdict:
    wide = len(s) - len(_WIDE_RUN.sub("", s))  # 6x faster than counting findall's matches
    if len(s) <= MAX_CHROME_LINE:
        chrome = _short_line_chrome(s, wide)
        if chrome is not None:
            return chrome[0], chrome[1], wide
    elif wide < FOOTER_MAX_WIDE and _FOOTER.search(s):
        return LineKind.STOP, LineReason.FOOTER, wide
    elif _DISCLAIMER.match(s):
        return LineKind.STOP, LineReason.NOTICE, wide
    elif len(s) <= 2 * MAX_META_LINE and _AUTHOR_NOTE.match(s):
        return LineKind.META, LineReason.AUTHOR_NOTE, wide
    if len(s) <= MAX_META_LINE and "。" not in s and (_may_hold_meta_key(s) and _META_KEY.search(s)
                                                     or (DATE.search(s) and wide < META_DATE_MAX_WIDE)):
        return LineKind.META, LineReason.META_LINE, wide
    if s[-1] in ".…】]>" and _TEASER_END.search(s):
        return LineKind.CHROME, LineReason.TEASER, wide
    # punctuated: a sentence mark, or clauses set apart by spaces (asked only without one)
    if wide >= BODY_MIN_WIDE and (wide >= BODY_SURE_WIDE or ends_terminal(s)) \
            and (SENTENCE_PUNCT.search(s) is not None or _spaced_clauses(s) >= 1):
        return LineKind.BODY, LineReason.NONE, wide
    return LineKind.SHORT, LineReason.NONE, wide


def _short_line_chrome(s: str, wide: int) -> tuple[LineKind, LineReason] | None:
    """Toolbars, breadcrumbs, stop markers and error debris are short lines; long prose
    lines skip these checks (they are most of the cost of classifying a page)."""
    compact = _ANY_SPACE.sub("", s)
    if _may_be_debris(compact) and _ERROR_DEBRIS.search(compact):
        return LineKind.CHROME, LineReason.ERROR_DEBRIS
    if _STOP.match(compact):
        return LineKind.STOP, LineReason.END_MARKER
    if _FOOTER.search(compact) and wide < FOOTER_MAX_WIDE:
        return LineKind.STOP, LineReason.FOOTER
    if _NOTICE.search(compact) or _DISCLAIMER.match(s):
        return LineKind.STOP, LineReason.NOTICE
    if (_EDITOR_LINE.match(compact) or _CREDITS.match(s) or _EDITOR_SPACED.match(s)) and not DATE.search(s) and len(s) <= MAX_META_LINE:
        return LineKind.STOP, LineReason.EDITOR_LINE
    if _COMMENT_UI_LINE.match(compact) and _COMMENT_SIGN.search(compact):
        return LineKind.STOP, LineReason.COMMENT_UI
    if _AUTHOR_NOTE.match(compact):
        return LineKind.META, LineReason.AUTHOR_NOTE
    if _ORIGINAL_TITLE_NOTE.match(compact):  # （原题为《…》）: a field, wherever the note stands
        return LineKind.META, LineReason.META_LINE
    if _is_breadcrumb(s, compact):
        return LineKind.CHROME, LineReason.BREADCRUMB
    if _FULL_LINE_CHROME.match(compact) or (_TOOL_CHARS.fullmatch(s) and not _TOOL_TOKENS.sub("", s)) \
            or _QUOTED_LIST.fullmatch(compact):
        return LineKind.CHROME, LineReason.TOOLBAR
    if _READER_COUNTER.search(compact):
        return LineKind.CHROME, LineReason.COUNTER
    if _DATE_ONLY.match(compact) or (("前" in s or "昨" in s) and _TIME_AGO.search(s) and wide < TIME_AGO_MAX_WIDE):
        return LineKind.CHROME, LineReason.TIMESTAMP
    if len(s) <= MAX_BYLINE and ((_SPACE.search(s) and BYLINE.match(s)) or _SLASHED_REPORT.match(compact)):
        return LineKind.META, LineReason.BYLINE
    return None


def _spaced_clauses(s: str) -> int:
    """Bloggers separate clauses with spaces: count those breaks as punctuation, but not
    the short tokens of a space-separated menu (首页 新闻 图片)."""
    if " " not in s:
        return 0
    parts = [p for p in s.split(" ") if WIDE.search(p)]
    if len(parts) < 2 or sum(len(p) for p in parts) / len(parts) < 6:
        return 0
    return len(parts) - 1


def _is_breadcrumb(s: str, compact: str) -> bool:
    if BREADCRUMB_LABEL.match(compact):
        return True
    if not CRUMB_ARROW.search(s) or len(s) > 80:
        return False
    parts = [p for p in CRUMB_PARTS.split(s) if p]
    return all(len(p) <= 14 for p in parts)


def _score(line: Line) -> float:
    if line.kind is LineKind.BODY:
        return line.wide + WEIGHTS.latin_share * (len(line.text) - line.wide)
    if line.kind is LineKind.SHORT:
        # Between sentences, a line without punctuation is a blogger's line break or a
        # subheading, not a link: it costs little. Elsewhere it looks like navigation.
        if line.amid_prose:
            return WEIGHTS.short_amid_prose
        return max(WEIGHTS.short_floor, WEIGHTS.short_base + WEIGHTS.short_per_char * len(line.text))
    if line.kind is LineKind.META:
        return WEIGHTS.meta
    if line.reason is LineReason.CONTENTS:  # it points into the article: neither for nor against it
        return 0.0
    return WEIGHTS.chrome


def _classify_all(lines: list[str], first_index: int = 0) -> list[Line]:
    """Each line's kind from its own text, in one loop (a crawl page has hundreds of lines)."""
    out = []
    blank, short, verdict = LineKind.BLANK, _short_verdict, _verdict
    for i, t in enumerate(lines, first_index):
        s = t.strip()
        if not s:
            out.append(Line(i, "", blank))
            continue
        kind, reason, wide = short(s) if len(s) <= MAX_CHROME_LINE else verdict(s)
        out.append(Line(i, s, kind, reason, wide))
    return out


# Every post header (_POST_FLOOR, _POSTED) holds one of these, or posted, or a digit before F
# (a numbered floor's 楼 or #, a floor's name, a posted key): a page with none has no post
# header to look for. tests/test_documented_rules.py checks it against the lexicon.
_POST_WORDS = ("楼", "#", "＃", *POST_FLOORS, *POSTED_KEYS)
_DIGIT_F = re.compile(r"\d\s*F")
_CONTENTS_LABEL = re.compile(r"(?:本文|文章)?(?:目录|目次)|contents", re.I)
_CONTENTS_ENTRY = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s*\S.{0,30}")


def _mark_contents(lines: list[Line]) -> None:
    """An entry's table of contents (目录 / 1 历史 / 2 地理 …) links to its headings: chrome,
    or the headings would be read twice."""
    content = [ln for ln in lines if ln.kind is not LineKind.BLANK]
    for i, ln in enumerate(content):
        if len(ln.text) > 8 or not _CONTENTS_LABEL.fullmatch(ln.text):
            continue
        entries = []
        for nxt in content[i + 1 :]:
            if nxt.kind is LineKind.BODY or not _CONTENTS_ENTRY.fullmatch(nxt.text):
                break
            entries.append(nxt)
        if len(entries) >= 2:
            for x in [ln, *entries]:
                lines[x.index] = replace(x, kind=LineKind.CHROME, reason=LineReason.CONTENTS)


def locate_article(lines: list[str], template: frozenset[str] = frozenset(),
                   judged: list[Line] | None = None) -> ArticleLayout:
    """template: the page's site's template lines (transforms/templates.py): prose-like or
    short lines among them are chrome. If that left no article (the site's pages all carry
    this text), the page is read without them. judged: these lines' own verdicts from an
    earlier reading (ArticleLayout.judged), which a second reading need not work out again."""
    judged = judged if judged is not None else _classify_all(lines)
    if template:
        layout = _locate(lines, judged, template)
        if layout.found:
            return layout
    return _locate(lines, judged, frozenset())


def _mark_template(lines: list[Line], template: frozenset[str]) -> None:
    # Stop and meta lines keep their kind: they bound the article and carry its fields.
    for i, ln in enumerate(lines):
        if ln.kind in TEXT_KINDS and ln.text in template:
            # not dataclasses.replace: a second reading marks dozens of lines a page, and replace()
            # is several times the cost of building the Line
            lines[i] = Line(ln.index, ln.text, LineKind.CHROME, LineReason.SITE_TEMPLATE, ln.wide, ln.amid_prose)


def _locate(lines: list[str], judged: list[Line], template: frozenset[str]) -> ArticleLayout:
    classified = list(judged)  # the rules below replace lines, never change one in place
    if template:
        _mark_template(classified, template)
    # Whether a rare rule can apply at all, from plain substring tests of the whole page
    # (a regex search of a 5 KB page took 26-70 us; these take a few).
    joined = "\n".join(lines)
    folded = joined.casefold()  # what re.I matches, near enough for the ASCII words below
    if "目录" in joined or "目次" in joined or "contents" in folded:
        _mark_contents(classified)
    _read_in_context(classified)
    anchor = _title_anchor(classified)
    start = end = None
    if anchor is not None:
        # The article follows its own title: search the first stretch after it, up to
        # the first stop marker that comes after some body text.
        start, end = _best_block(classified, anchor + 1, first_segment_only=True)
    if start is None:
        start, end = _best_block(classified, 0)
    if any(word in joined for word in _POST_WORDS) or "posted" in folded or ("F" in joined and _DIGIT_F.search(joined)):
        start, end = _opening_post(classified, start, end)
    end = _without_trailing_headlines(classified, start, end)
    if end is not None:
        end = _with_trailing_captions(classified, end)
    layout = ArticleLayout(classified, start, end, anchor, judged=judged)
    debris = LineReason.ERROR_DEBRIS
    layout.error_debris = sum([ln.reason is debris for ln in classified])
    return layout


@lru_cache(maxsize=1 << 16)  # asked of every short line, and a site's chrome lines repeat on all its pages
def _names_a_post(t: str) -> bool:
    return _POST_FLOOR.search(t) is not None or (_POSTED.search(t) is not None and DATE.search(t) is not None)


def _opening_post(lines: list[Line], start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """A forum thread or a commented post is a run of posts, each under a header (楼主 …
    发表于 …, 2楼 …): the article is the opening post, even when a reply is longer, and
    it ends at the next post's header, even when no button line (回复 引用) comes between."""
    if start is None or end is None:
        return start, end
    headers = [ln.index for ln in lines if ln.kind is not _BODY and ln.kind is not _BLANK
               and len(ln.text) <= MAX_POST_HEADER and _names_a_post(ln.text)]
    if not headers:
        return start, end
    opening = headers[0] if headers[0] < start else None
    boundary = next((h for h in headers if h > (opening if opening is not None else start)), None)
    if boundary is None:
        return start, end
    if opening is not None and start > boundary:  # the block found is a reply
        first_start, first_end = _best_block(lines, opening + 1, stop_at=boundary)
        if first_start is not None:
            return first_start, first_end
        return start, end
    if end > boundary:
        before_next_post = [ln.index for ln in lines[start:boundary] if ln.kind is LineKind.BODY]
        return (start, before_next_post[-1]) if before_next_post else (start, end)
    return start, end


HEADLINE_RUN_MIN = 3  # unlabeled related-story lists after the body are at least this long
MAX_HEADLINE = 40
MIN_HEADLINE_WIDE = 8


def _is_headline(ln: Line) -> bool:
    return (ln.kind is LineKind.BODY or ln.kind is LineKind.SHORT) and len(ln.text) <= MAX_HEADLINE \
        and ln.wide >= MIN_HEADLINE_WIDE and "。" not in ln.text and not ends_terminal(ln.text)


def _without_trailing_headlines(lines: list[Line], start: int | None, end: int | None) -> int | None:
    """Headlines of other stories often follow the body with no 相关新闻 line above them, and
    the longer ones, with a comma, read as prose. A run of three or more headline-like lines
    (short, no sentence end) closing an article whose paragraphs end their sentences is that
    list, not the article's last paragraphs."""
    if start is None or end is None:
        return end
    content = [ln for ln in lines[start : end + 1] if ln.kind is not LineKind.BLANK]
    run = 0
    while run < len(content) and _is_headline(content[-1 - run]):
        run += 1
    if run < HEADLINE_RUN_MIN:
        return end
    rest = [ln for ln in content[: len(content) - run] if ln.kind is LineKind.BODY]
    if sum(ends_terminal(ln.text) for ln in rest) < 2:
        return end
    return rest[-1].index


def _with_trailing_captions(lines: list[Line], end: int) -> int:
    """An image's caption or photo credit right after the last paragraph is the article's
    (新华社发（…摄）): segmenting labels it caption."""
    for ln in lines[end + 1 : end + 6]:
        if ln.kind is LineKind.BLANK:
            continue
        if ln.kind is not LineKind.SHORT or len(ln.text) > MAX_CAPTION or not CAPTION.search(ln.text):
            break
        end = ln.index
    return end


def _read_in_context(lines: list[Line]) -> None:
    """Lines judged on their own are judged again by their neighbours: a 'teaser' (a line
    ending in an ellipsis) with prose on both sides is a sentence that trails off, and a
    short line with prose on both sides is marked as amid prose (see _score). Related-link
    lists are runs of such lines, so their neighbours are not prose and they stay as they are."""
    content = [ln for ln in lines if ln.kind is not _BLANK]
    body = [ln.kind is _BODY for ln in content] + [False, False]  # padded: i + 1, i + 2 never overrun
    teaser = LineReason.TEASER
    for i, ln in enumerate(content):
        if ln.kind is _SHORT or ln.reason is teaser:
            if (body[i - 1] and i >= 1 or body[i - 2] and i >= 2) and (body[i + 1] or body[i + 2]):
                kind = (LineKind.BODY if ln.wide >= BODY_MIN_WIDE else LineKind.SHORT) if ln.reason is LineReason.TEASER else ln.kind
                lines[ln.index] = replace(ln, kind=kind, reason=LineReason.NONE, amid_prose=True)


def _best_block(lines: list[Line], begin: int, first_segment_only: bool = False,
                stop_at: int | None = None) -> tuple[int | None, int | None]:
    """Maximum-sum run of non-blank lines within segments bounded by STOP lines."""
    best: tuple[float, int | None, int | None] = (0.0, None, None)
    run_sum, run_start = 0.0, None
    seen_body = False
    blank, stop, body, latin_share = LineKind.BLANK, LineKind.STOP, LineKind.BODY, WEIGHTS.latin_share
    for k in range(begin, len(lines) if stop_at is None else stop_at):  # not lines[begin:]: no copy of a long page
        ln = lines[k]
        kind = ln.kind
        if kind is blank:
            continue
        if kind is stop:
            if first_segment_only and seen_body:
                break
            run_sum, run_start = 0.0, None
            continue
        if kind is body:
            seen_body = True
            score = ln.wide + latin_share * (len(ln.text) - ln.wide)  # _score's first case, inline: most lines
        else:
            score = _score(ln)
        if run_start is None or run_sum <= 0:
            run_sum, run_start = 0.0, ln.index
        run_sum += score
        if run_sum > best[0]:
            best = (run_sum, run_start, ln.index)
    _, start, end = best
    if start is None or end is None:
        return None, None
    kept = [ln for ln in lines[start : end + 1] if ln.kind is LineKind.BODY]
    if not kept or sum(ln.wide for ln in kept) < MIN_ARTICLE_WIDE:
        return None, None
    return kept[0].index, kept[-1].index


_TITLE_SEPARATORS = re.compile(r"^\s*(?:[_\-|｜—–·:：]+|--)\s*")


def _title_anchor(lines: list[Line]) -> int | None:
    """Index of the first later line that the page's <title> line (line 0) starts with."""
    first = next((ln for ln in lines if ln.kind is not _BLANK), None)
    if first is None or first.kind not in TEXT_KINDS or ends_terminal(first.text):
        return None
    head = first.text
    prefixes = [ln for ln in lines[first.index + 1 :] if head.startswith(ln.text)]  # blank lines too: filtered below
    for ln in prefixes:
        t = ln.text
        if len(t) < 2 or ln.kind in (LineKind.BLANK, LineKind.STOP):
            continue
        # An encyclopedia entry's name may be two or three characters (青山县 - 维基百科): a
        # separator after it must say so; a whole-line repeat needs four.
        if (head == t and len(t) >= 4) or _TITLE_SEPARATORS.match(head[len(t) :]):
            return ln.index
    return None
