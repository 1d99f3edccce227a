"""Each line of a page's text dump gets a kind and, when it is not content, a reason: from a
lexicon of chrome phrases (transforms/lexicon.py) and from its own features (length, share
of CJK, sentence punctuation). Hard "stop" lines (相关新闻, 责编, copyright/ICP, 推荐阅读...)
are marked here; transforms/article.py finds the article among the judged lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from transforms.lexicon import (BREADCRUMB_LABELS, COMMENT_NOUNS, COMMENT_SIGNS, COMMENT_UI, CRUMB_ARROWS, CRUMB_SEPARATORS, END_MARKERS,
                                FIELDS, FOOTER, NOTICES, OTHER_ANSWERS, OUTLET_ENDS, OUTLET_REMINDERS, READER_CALLS, TOOLBAR, alternation)
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
    r"(?:看|阅读)?更多.{0,12}(?:报导|报道|新闻|文章|内容|资讯)(?:请?点(?:这里|此|我))?[>》»]*|点我(?:看|下载|加入|订阅|追踪|收看|了解).{0,20}|"
    r"【?详细】?|\[?详细\]?|详情>*|进入.*频道>*|.*客户端下载.*|下载.*客户端.*|"
    r"打开.*app.*|.{0,30}(?:二维码|扫一扫).{0,30}(?:分享|关注|朋友圈|阅读).{0,20}|广告|ad•.*|广告意见.*|为什么(?:显示这个|你不喜欢这个)广告.*|这个广告.*|.*赞助内容|"
    r"(?:首页)?\|?<*\d+下一页>*\|?|.*(?:上一页|下一页|上一篇|下一篇|前一篇|后一篇|尾页|末页).*|"
    r".{0,12}(?:加载中|载入中|正在加载|请稍候|请稍后|无响应|刷新本页|刷新页面).{0,12}|"
    r"(?:[\[【]广告[\]】])?请?继续往下(?:阅读|看).{0,6}|继续阅读.{0,6}|.{0,4}(?:下滑|往下滑)(?:继续)?(?:阅读|看).{0,6}|"
    r".{0,12}(?:二维码|扫一扫|扫码).{0,12}|.{0,12}app(?:看新闻|下载|抽奖).{0,12}|"
    r"[(（]?本文来自.{0,20}(?:下载|关注).{0,20}|"
    r"(?=.*新闻)(?=.*下载)(?=.*app).{0,90}|.{0,30}(?:已过查询时效|付费会员|订阅后(?:即可)?阅读).{0,40}|"
    r"(?=.*浏览器)(?=.*(?:本页|本站|本网|网站|页面|浏览效果|浏览体验|版本过低|以上版本|分辨率)).{0,90}|"
    r"(?:[\[【]\d+[\]】])+|\d+)$",
    re.I,
)
# Image captions: a marker at the start (图为…) or a photo credit at the end (…摄).
_CAPTION_START = re.compile(r"图注|图为|图片|图\s*[:：/]|\(图|（图|【图】|资料图|上图|下图|左图|右图|[▲▼△]+")
_CAPTION_END = re.compile(
    r"(?:摄|供图|\(图\)|（图）|摄影|[(（](?:图|照片)\s*[/／:：][^)）]{0,20}|[(（][^()（）]{1,16}提供)\s*[)）]?\s*(?:分享)?\s*$"
    # a wire photo's credit with its day: 中央社记者某台北传真 112年5月6日
    r"|记者\S{2,12}传真\s*\d{2,4}年\d{1,2}月\d{1,2}日$"
)
_CAPTION_END_REACH = 48  # the end marks above read no more of a line than this
_PICTURE_SOURCE = re.compile(r"图片来源[:：]")  # 图片来源：… anywhere on the line
# A picture's credit alone on its line: （消防局提供）, （青山日报供图）, （林晓摄）.
CREDIT_ALONE = re.compile(r"[(（][^()（）]{1,16}(?:提供|供图|摄)[)）]")


def is_caption_text(text: str) -> bool:
    """Whether a line's words mark it an image's caption. (The end marks are searched in
    the line's tail only: a search of the whole line tried them at every character.)"""
    return bool(_CAPTION_START.match(text) or _CAPTION_END.search(text[-_CAPTION_END_REACH:])
                or "图片来源" in text and _PICTURE_SOURCE.search(text))


MAX_CAPTION = 120
# 一、培养目标 / 2、报名地点 / （三） / 第五条: an item of a numbered document, never its headline.
ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十百\d]{1,4}条)")
_TEASER_END = re.compile(r"(?:\.{3}|…{1,2})\s*(?:【详细】|\[详细\]|详细>*|更多>*)?$|【详细】$|\[详细\]$")
_STOP = re.compile(
    rf"^[【\[(（〈]?{alternation(*END_MARKERS)}[】\]）)〉]?[:：>]*$"
    r"|^[(（【\[]?完[)）】\]]?$"
)
# 免责声明： opening a line labels the whole line, however long (a platform's paragraph of terms).
_DISCLAIMER_LABEL = r"^[【\[(（]?(?:免责声明|版权声明)[】\]）)]?[:：]"
_FOOTER = re.compile(
    alternation(*FOOTER) + r"|\(c\)\d{4}|未经.{0,12}授权.{0,12}(?:禁止|不得)|"
    rf"{_DISCLAIMER_LABEL}|不代表本.{{0,4}}(?:观点|立场)|不代表.{{0,10}}(?:网|平台|客户端|集团)的?(?:观点|立场)",
    re.I,
)
_NOTICE = re.compile(alternation(NOTICES))
# An outlet's own reminder to the reader (☆青山时报电子报提醒您：酒后不开车, 《青山》关心你), a
# notice its stories end with: opening the line, the outlet's name, by how such names end,
# right before it (glued to a paragraph's end, it leaves the paragraph as it is). A pattern
# of its own, matched at the line's start: joined to the notices' phrases, it would cost their
# search its first-character shortcut on every short line.
_OUTLET_REMINDER = re.compile(rf"\W*\S{{0,14}}?(?:[{OUTLET_ENDS}》」]|新闻云?)\s*{alternation(OUTLET_REMINDERS)}")
_READER_CHANNEL = re.compile(alternation(READER_CALLS.channels))
_READER_ASK = re.compile(alternation(READER_CALLS.asks, READER_CALLS.promises))
# Speaking to the reader: opening with the ask (not a column tag, 关注：, nor a count, 下载量),
# or addressing them.
_READER_ADDRESS = re.compile(rf"^[^\w]*{alternation(READER_CALLS.asks)}(?![:：|｜】\]量数率度])|{alternation(READER_CALLS.address)}")
# Marks pointing at a link before a line's words (►, 👉, ▼): what the line says follows them.
# (▲ is left: it opens an image's caption.)
POINTER_MARKS = "►▶▷▸➤➜→⇒👉👇📌☞▼▽◆◇●○★☆※•·"
_BRACKETED_ASK = re.compile(rf"[【\[]{alternation(READER_CALLS.bracketed)}[^】\]]{{0,8}}[】\]]")
READER_CALL_MAX_WIDE = 30  # longer lines with a channel and an ask are prose about them
_EDITOR_LINE = re.compile(rf"^[(（【\[]?\s*{alternation(FIELDS.editor_line)}\s*[:：]")
# 编辑 周某 ｜ 排版 魏某: the same credit with a space for the colon.
_EDITOR_SPACED = re.compile(rf"^{alternation(FIELDS.editor_line, ('排版', '美编'))}\s+[\u4e00-\u9fff·]{{2,4}}(?:\s|$|[|｜])")
# ['楊某', '郭某'] or []: a scraper's label list printed into the dump, never the page's text.
_QUOTED_LIST = re.compile(r"\[(?:'[^'\n]{1,20}'(?:,'[^'\n]{1,20}')*)?\]")
# 页面功能 【推荐】【打印】【关闭】: four or more bracketed items of a few words, little else,
# are buttons or a menu, whatever they say (their words are no toolbar list's).
_BRACKETED_ITEMS = re.compile(r"\S{0,6}(?:【[^【】]{1,10}】[^【】]{0,2}){4,}")
# 阅读┊评论┊收藏┊转载, 阅读(123) | 评论(4) | 收藏: three or more words of a few characters, each
# with its count at most, between bars, are a toolbar or a menu whatever they say.
_BAR_ITEM = r"[^\s|｜┊¦丨]{1,4}(?:[(（]\d+[)）])?"
_BARRED_ITEMS = re.compile(rf"(?:{_BAR_ITEM}\s*[|｜┊¦丨]\s*){{2,}}{_BAR_ITEM}")
_ORIGINAL_TITLE_NOTE = re.compile(r"^[(（【\[]\s*(?:本文)?(?:原标题|原题为?)")
# A platform's disclaimer after a user-uploaded article: the article has ended.
_DISCLAIMER = re.compile(rf"^[“\"「]?\s*(?:特别声明|免责声明|声明)\s*[:：]\s*(?:以上|本文|该文)|{_DISCLAIMER_LABEL}")
# A closing credits line: 供稿 / 摄影/张三 编辑/李四 (two credits or more, slash or colon).
_CREDITS = re.compile(r"^(?:\S{0,24}供稿)?(?:\s*(?:摄影|图片|图|文字|文|编辑|责编|审核|校对|供稿)\s*[/／:：]\s*[\u4e00-\u9fff·、]{2,12}){2,}$")
# ...and only with a sign of a comment board: a reply button, a floor number or a vote
# count (a lone 举报, or 赞 0 under an article, is any page's toolbar).
_COMMENT_SIGN = re.compile(rf"{alternation(COMMENT_SIGNS)}|\d+楼|[顶踩]\d+|[+＋]1")
_RESPONSES_FOLLOW = re.compile(rf"(?:已有|共有|共)\d+[条件个篇则]?{alternation(COMMENT_NOUNS)}[:：]?$|^{alternation(OTHER_ANSWERS)}$")
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
    r"|^(?:民国|民國)?1[01]\d年\d{1,2}月\d{1,2}日$"  # 112年5月6日 (Taiwan's calendar)
    r"|^\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$|^\d{1,2}[/\-]\d{1,2}$")  # a time or a month/day alone: 19:02, 09/07
# A post's header on a forum or a comment board: its floor (楼主, 2楼, #3) or who posted
# when (河边人 发表于 2009-5-12 22:10). See _opening_post.
_READER_COUNTER = re.compile(r"第\s*\d+\s*[个位名]?\s*(?:阅览|浏览|访问|读)者|阅读次数\s*[:：]?\s*\d+|被阅读\s*\d+\s*次")
_TIME_AGO = re.compile(r"\d+\s*(?:分钟|小时|天)前|(?:昨日|昨天|前日|前天)$")
# A byline: a role or an outlet, then names ("吉林市委常委、组织部部长 董亮",
# "中央纪委国家监委网站 吕佳蓉 陆丽环", "本报记者 张三 自江西报道"). Shared with metadata.
NAME = r"[\u4e00-\u9fff·]{2,4}(?![\u4e00-\u9fff])"
# A forum or blog user name (作者:zboygirl): Latin letters first, then letters, digits, _ or -.
# Taken only where a label or a post header says it is the writer's.
HANDLE = r"[A-Za-z][A-Za-z0-9_\-]{2,19}(?![A-Za-z0-9_\-])"
BYLINE = re.compile(
    rf"^.{{0,40}}?(?:长|书记|主任|委员|常委|记者|通讯员|实习生|教授|研究员|主席|评论员|专家|学者|干部|副|员|网站|网|日报|晚报|报|社|台|客户端)"
    rf"\s+({NAME}(?:[ 、，,]+{NAME})*)(?:\s*自\S{{1,8}}报道|\s*报道)?$"
)
# A mainland dispatch byline: 本报记者某某发自北京, 南方周末记者 某 某 发自广州 (names may run together).
_DISPATCH_BYLINE = re.compile(r"^.{0,16}?记者[\u4e00-\u9fff·、]{2,12}?发自[\u4e00-\u9fff]{1,8}(?:报道)?$")
# Taiwanese and Hong Kong bylines: 〔记者林悦／台南报导〕, the outlet's name before 记者
# (联合报 记者林悦／台北即时报导), or the name alone (林悦／台南报导). Read with spaces removed.
_SLASHED_REPORT = re.compile(rf"^[〔\[【(（]?(?:.{{0,20}}?记者)?{NAME}(?:[、,，]{NAME})*[/／]\S{{1,8}}报[导道][〕\]】)）]?$")

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


@dataclass(slots=True)  # not frozen: a frozen dataclass is twice as slow to build, and a page makes hundreds
class Line:
    index: int
    text: str
    kind: LineKind
    reason: LineReason = LineReason.NONE  # why a CHROME/STOP/META line is not content
    wide: int = 0     # CJK characters (ideographs, kana, hangul)
    amid_prose: bool = False  # body text on both sides (see _read_in_context)

    def as_chrome(self, reason: LineReason) -> Line:
        """The line judged chrome, for a reason (not dataclasses.replace: a page's rules mark
        dozens of lines, and replace() is several times the cost of building the Line)."""
        return Line(self.index, self.text, LineKind.CHROME, reason, self.wide, self.amid_prose)


def ends_terminal(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL


def ends_like_headline(text: str) -> bool:
    """A headline may ask or exclaim (…吗？), never end a sentence with 。 or hold one."""
    return (not ends_terminal(text) or text[-1] in "？！?!") and "。" not in text


def classify(index: int, text: str) -> Line:
    return classify_lines([text], index)[0]


Verdict = tuple[LineKind, LineReason, int]  # kind, reason, CJK width: all a line's own text decides


# A crawl repeats each site's chrome lines on every page: their verdicts are remembered
# (short lines only, where the checks cost most and repeats are). At the cap, measured on
# bench and dev lines (48 characters on average): 8 MB of entries plus 8 MB of kept strings.
@lru_cache(maxsize=VERDICT_CACHE_LINES)
def _short_verdict(s: str) -> Verdict:
    return _verdict(s)


# An HTML tag printed as text (a dump kept it, or a page escaped it): a name, then attributes.
LITERAL_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def _verdict(s: str) -> Verdict:
    wide = len(s) - len(_WIDE_RUN.sub("", s))  # 6x faster than counting findall's matches
    if s[0] == "<" and s[-1] == ">" and not LITERAL_TAG.sub("", s).strip():
        return LineKind.CHROME, LineReason.MARKUP, wide
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
    unpointed = compact.lstrip(POINTER_MARKS) if compact[:1] in POINTER_MARKS else compact  # ►延伸阅读: what follows the mark
    if _may_be_debris(compact) and _ERROR_DEBRIS.search(compact):
        return LineKind.CHROME, LineReason.ERROR_DEBRIS
    if _STOP.match(unpointed):
        return LineKind.STOP, LineReason.END_MARKER
    if _FOOTER.search(compact) and wide < FOOTER_MAX_WIDE:
        return LineKind.STOP, LineReason.FOOTER
    if _NOTICE.search(compact) or _DISCLAIMER.match(s) \
            or (("提醒" in compact or "关心" in compact) and _OUTLET_REMINDER.match(compact)):
        return LineKind.STOP, LineReason.NOTICE
    if (_EDITOR_LINE.match(compact) or _CREDITS.match(s) or _EDITOR_SPACED.match(s)) and not DATE.search(s) and len(s) <= MAX_META_LINE:
        return LineKind.STOP, LineReason.EDITOR_LINE
    if _COMMENT_UI_LINE.match(compact) and _COMMENT_SIGN.search(compact):
        return LineKind.STOP, LineReason.COMMENT_UI
    if ("共" in compact or "已有" in compact or "回答" in compact) and _RESPONSES_FOLLOW.search(compact):
        return LineKind.STOP, LineReason.RESPONSES
    if _AUTHOR_NOTE.match(compact):
        return LineKind.META, LineReason.AUTHOR_NOTE
    if _ORIGINAL_TITLE_NOTE.match(compact):  # （原题为《…》）: a field, wherever the note stands
        return LineKind.META, LineReason.META_LINE
    if _is_breadcrumb(s, compact):
        return LineKind.CHROME, LineReason.BREADCRUMB
    if _FULL_LINE_CHROME.match(unpointed) or (_TOOL_CHARS.fullmatch(s) and not _TOOL_TOKENS.sub("", s)) \
            or _QUOTED_LIST.fullmatch(compact) or "】【" in compact and _BRACKETED_ITEMS.fullmatch(compact) \
            or _BARRED_ITEMS.fullmatch(s):
        return LineKind.CHROME, LineReason.TOOLBAR
    if wide <= READER_CALL_MAX_WIDE and (("【" in compact or "[" in compact) and _BRACKETED_ASK.search(compact) or (
            compact[-1] not in "？?"  # a question is a headline's
            and _READER_CHANNEL.search(compact) and _READER_ASK.search(compact) and _READER_ADDRESS.search(compact))):
        return LineKind.CHROME, LineReason.PROMOTION
    if _READER_COUNTER.search(compact):
        return LineKind.CHROME, LineReason.COUNTER
    if _DATE_ONLY.match(compact) or (("前" in s or "昨" in s) and _TIME_AGO.search(s) and wide < TIME_AGO_MAX_WIDE):
        return LineKind.CHROME, LineReason.TIMESTAMP
    if len(s) <= MAX_BYLINE and ((_SPACE.search(s) and BYLINE.match(s)) or _SLASHED_REPORT.match(compact)
                                  or ("发自" in compact and _DISPATCH_BYLINE.match(compact))):
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


def classify_lines(lines: list[str], first_index: int = 0) -> list[Line]:
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
