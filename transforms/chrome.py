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


class LineKind(str, Enum):
    BLANK = "blank"
    BODY = "body"      # long enough and punctuated like prose
    SHORT = "short"    # heading, label, link title, name...
    META = "meta"      # date/来源/作者/编辑 lines: become document fields
    CHROME = "chrome"  # toolbars, breadcrumbs, error debris, pagers
    STOP = "stop"      # end of article: related links, editor line, copyright


WIDE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
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
_BREADCRUMB_LABEL = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置|现在位置|位置)[:：]")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|»|›|＞|>|→|/)\s*")
_TOOL_TOKENS = re.compile(
    r"小字号|中字号|大字号|字号|字体|放大字体|缩小字体|恢复字体|默认字体|放大|缩小|恢复|"
    r"我要打印|我要分享|我要评论|我要收藏|打印本页|打印本文|打印|关闭窗口|关闭本页|关闭|编辑信箱|我要纠错|纠错|"
    r"收藏本文|加入收藏|收藏|一键分享|分享到|分享至|分享|扫一扫|二维码|"
    r"返回顶部|回到顶部|顶部|返回首页|返回列表|返回|字大|字小|默认|大|中|小|"
    r"微信|朋友圈|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|豆瓣|人人网|领英|"
    r"facebook|twitter|line|推特|脸书|复制链接|复制网址|手机版|手机看|评论|点赞|"
    r"A\+|A-|top|[\s:：|｜【】\[\]()（）<>《》/\-_·•,，、]",
    re.I,
)
_FULL_LINE_CHROME = re.compile(
    r"^(?:分享让更多人看到|点击进入.*|点击查看.*|点此.*|扫码.*|长按.*二维码.*|"
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
    r"^[【\[(（]?(?:相关新闻|相关阅读|相关文章|相关链接|相关报道|相关推荐|相关专题|相关内容|"
    r"推荐阅读|延伸阅读|扩展阅读|热点推荐|热门推荐|热门排行|热门文章|热门新闻|热点新闻|热点排行|"
    r"排行榜|点击排行|精彩推荐|精彩图集|猜你喜欢|你可能还想看|您可能感兴趣的?|可能感兴趣的?|"
    r"你可能(?:还)?喜欢|更多报道|更多新闻|网友评论|发表评论|我要评论|最新评论|热门评论|"
    r"免责声明|版权声明|联系我们|关于我们|网站地图|为您推荐|今日推荐|编辑推荐|图片新闻|视频新闻|"
    r"专题推荐|关注我们|往期回顾|其他新闻|最新新闻|最新文章|新闻排行|本周热点|热图|其他人也在看|"
    r"大家都在看|看了又看|还看了|看过本文的人还看了|更多精彩|精彩视频推荐|视频推荐|相关影片|热门影片|"
    r"相关图集|今日热点|热门话题|猜你想看|读者评论|留言板|发表留言|网友留言)"
    r"[】\]）)]?[:：>]*$"
    r"|^[(（【\[]?完[)）】\]]?$"
)
_FOOTER = re.compile(
    r"copyright|©|\(c\)\d{4}|版权所有|保留所有权利|allrightsreserved|icp备|icp证|公网安备|"
    r"违法和不良信息举报|不良信息举报|举报电话|举报邮箱|未经.{0,12}授权.{0,12}(?:禁止|不得)|"
    r"互联网新闻信息服务许可证|增值电信业务经营许可证|信息网络传播视听节目许可证|主办单位|承办单位|"
    r"^[【\[(（]?(?:免责声明|版权声明)[】\]）)]?[:：]|不代表本.{0,4}(?:观点|立场)|不代表.{0,8}(?:网|平台|客户端)的?(?:观点|立场)",
    re.I,
)
_EDITOR_LINE = re.compile(
    r"^[(（【\[]?\s*(?:责编|责任编辑|编辑|本文编辑|网络编辑|审核|校对|终审|值班编辑)\s*[:：]"
)
_META_KEY = re.compile(
    r"(?<!图片)(?:来源于|来源|来自|稿源|出处|作者|记者|通讯员|编辑|责编|发布时间|发布日期|发稿时间|"
    r"更新时间|时间|日期|阅读|浏览|点击|阅读量|浏览次数|点击数|访问量|字数|原标题|出所|発表時間)"
    r"\s*[:：]|^[(（【\[]?\s*(?:作者|记者|本报记者|通讯员)[系为\s]|^[■□◎●▲]\s*\S|^文\s*[/|｜丨]\s*\S"
)
_AUTHOR_NOTE = re.compile(
    r"^[(（【\[]\s*(?:作者|本文作者|作者单位|作者为|记者|来源|本文来源|稿件来源|原载|转自|译者)[^)）】\]]{0,200}[)）】\]]$"
)
_DATE_ONLY = re.compile(r"^[\[【(（]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[\]】)）]?$")
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
MAX_META_LINE = 120
MAX_CHROME_LINE = 100


@dataclass(frozen=True)
class Line:
    index: int
    text: str
    kind: LineKind
    reason: str = ""  # why a CHROME/STOP/META line is not content
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

    @property
    def found(self) -> bool:
        return self.start is not None

    def header(self) -> list[Line]:
        stop = self.start if self.start is not None else len(self.lines)
        return [ln for ln in self.lines[:stop] if ln.kind is not LineKind.BLANK]

    def article(self) -> list[Line]:
        if self.start is None or self.end is None:
            return []
        return [ln for ln in self.lines[self.start : self.end + 1] if ln.kind is not LineKind.BLANK]

    def footer(self, limit: int = 12) -> list[Line]:
        """Lines right after the article, up to and including the first STOP line."""
        if self.end is None:
            return []
        out: list[Line] = []
        for ln in self.lines[self.end + 1 :]:
            if ln.kind is LineKind.BLANK:
                continue
            out.append(ln)
            if ln.kind is LineKind.STOP and not _EDITOR_LINE.match(ln.text) or len(out) >= limit:
                break
        return out


def ends_terminal(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL


def classify(index: int, text: str) -> Line:
    s = text.strip()
    if not s:
        return Line(index, "", LineKind.BLANK)
    wide = len(WIDE.findall(s))
    if len(s) <= MAX_CHROME_LINE:
        chrome = _short_line_chrome(index, s, wide)
        if chrome is not None:
            return chrome
    elif wide < 80 and _FOOTER.search(s):
        return Line(index, s, LineKind.STOP, "footer", wide)
    elif len(s) <= 2 * MAX_META_LINE and _AUTHOR_NOTE.match(s):
        return Line(index, s, LineKind.META, "author_note", wide)
    if len(s) <= MAX_META_LINE and "。" not in s and (_META_KEY.search(s) or (DATE.search(s) and wide < 30)):
        return Line(index, s, LineKind.META, "meta_line", wide)
    if s[-1] in ".…】]>" and _TEASER_END.search(s):
        return Line(index, s, LineKind.CHROME, "teaser", wide)
    punct = len(SENTENCE_PUNCT.findall(s)) + _spaced_clauses(s)
    if wide >= 10 and punct >= 1 and (wide >= 20 or ends_terminal(s)):
        return Line(index, s, LineKind.BODY, "", wide)
    return Line(index, s, LineKind.SHORT, "", wide)


def _short_line_chrome(index: int, s: str, wide: int) -> Line | None:
    """Toolbars, breadcrumbs, stop markers and error debris are short lines; long prose
    lines skip these checks (they are most of the cost of classifying a page)."""
    compact = re.sub(r"\s+", "", s)
    if _ERROR_DEBRIS.search(compact):
        return Line(index, s, LineKind.CHROME, "error_debris", wide)
    if _STOP.match(compact):
        return Line(index, s, LineKind.STOP, "related_or_end_marker", wide)
    if _FOOTER.search(compact) and wide < 80:
        return Line(index, s, LineKind.STOP, "footer", wide)
    if _EDITOR_LINE.match(compact) and not DATE.search(s) and len(s) <= MAX_META_LINE:
        return Line(index, s, LineKind.STOP, "editor_line", wide)
    if _AUTHOR_NOTE.match(compact):
        return Line(index, s, LineKind.META, "author_note", wide)
    if _is_breadcrumb(s, compact):
        return Line(index, s, LineKind.CHROME, "breadcrumb", wide)
    if _FULL_LINE_CHROME.match(compact) or not _TOOL_TOKENS.sub("", s):
        return Line(index, s, LineKind.CHROME, "toolbar_or_link", wide)
    if _DATE_ONLY.match(compact) or (_TIME_AGO.search(s) and wide < 16):
        return Line(index, s, LineKind.CHROME, "timestamp", wide)
    if len(s) <= 60 and (BYLINE.match(s) or _SLASHED_REPORT.match(compact)):
        return Line(index, s, LineKind.META, "byline", wide)
    return None


def _spaced_clauses(s: str) -> int:
    """Bloggers separate clauses with spaces: count those breaks as punctuation, but not
    the short tokens of a space-separated menu (首页 新闻 图片)."""
    parts = [p for p in s.split(" ") if WIDE.search(p)]
    if len(parts) < 2 or sum(len(p) for p in parts) / len(parts) < 6:
        return 0
    return len(parts) - 1


def _is_breadcrumb(s: str, compact: str) -> bool:
    if _BREADCRUMB_LABEL.match(compact):
        return True
    if not re.search(r">>|»|›|＞|>|→", s) or len(s) > 80:
        return False
    parts = [p for p in _CRUMB_SPLIT.split(s) if p]
    return all(len(p) <= 14 for p in parts)


def _score(line: Line) -> float:
    if line.kind is LineKind.BODY:
        return line.wide + 0.2 * (len(line.text) - line.wide)
    if line.kind is LineKind.SHORT:
        # Between sentences, a line without punctuation is a blogger's line break or a
        # subheading, not a link: it costs little. Elsewhere it looks like navigation.
        return -2.0 if line.amid_prose else -min(25.0, 6.0 + 0.4 * len(line.text))
    if line.kind is LineKind.META:
        return -8.0
    return -20.0  # CHROME


def locate_article(lines: list[str]) -> ArticleLayout:
    classified = [classify(i, t) for i, t in enumerate(lines)]
    _read_in_context(classified)
    anchor = _title_anchor(classified)
    start = end = None
    if anchor is not None:
        # The article follows its own title: search the first stretch after it, up to
        # the first stop marker that comes after some body text.
        start, end = _best_block(classified, anchor + 1, first_segment_only=True)
    if start is None:
        start, end = _best_block(classified, 0)
    if end is not None:
        end = _with_trailing_captions(classified, end)
    layout = ArticleLayout(classified, start, end, anchor)
    layout.error_debris = sum(1 for ln in classified if ln.reason == "error_debris")
    return layout


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
    content = [ln for ln in lines if ln.kind is not LineKind.BLANK]
    for i, ln in enumerate(content):
        if ln.kind is LineKind.SHORT or ln.reason == "teaser":
            before = sum(x.kind is LineKind.BODY for x in content[max(0, i - 2) : i])
            after = sum(x.kind is LineKind.BODY for x in content[i + 1 : i + 3])
            if before and after:
                kind = (LineKind.BODY if ln.wide >= 10 else LineKind.SHORT) if ln.reason == "teaser" else ln.kind
                lines[ln.index] = replace(ln, kind=kind, reason="", amid_prose=True)


def _best_block(lines: list[Line], begin: int, first_segment_only: bool = False) -> tuple[int | None, int | None]:
    """Maximum-sum run of non-blank lines within segments bounded by STOP lines."""
    best: tuple[float, int | None, int | None] = (0.0, None, None)
    run_sum, run_start = 0.0, None
    seen_body = False
    for ln in lines[begin:]:
        if ln.kind is LineKind.BLANK:
            continue
        if ln.kind is LineKind.STOP:
            if first_segment_only and seen_body:
                break
            run_sum, run_start = 0.0, None
            continue
        seen_body = seen_body or ln.kind is LineKind.BODY
        score = _score(ln)
        if run_start is None or run_sum <= 0:
            run_sum, run_start = 0.0, ln.index
        run_sum += score
        if run_sum > best[0]:
            best = (run_sum, run_start, ln.index)
    _, start, end = best
    if start is None or end is None:
        return None, None
    body = [ln for ln in lines[start : end + 1] if ln.kind is LineKind.BODY]
    if not body or sum(ln.wide for ln in body) < 20:
        return None, None
    return body[0].index, body[-1].index


_TITLE_SEPARATORS = re.compile(r"^\s*(?:[_\-|｜—–·:：]+|--)\s*")


def _title_anchor(lines: list[Line]) -> int | None:
    """Index of the first later line that the page's <title> line (line 0) starts with."""
    first = next((ln for ln in lines if ln.kind is not LineKind.BLANK), None)
    if first is None or first.kind not in (LineKind.SHORT, LineKind.BODY) or ends_terminal(first.text):
        return None
    head = first.text
    for ln in lines[first.index + 1 :]:
        t = ln.text
        if len(t) < 4 or ln.kind in (LineKind.BLANK, LineKind.STOP):
            continue
        if head == t or (head.startswith(t) and _TITLE_SEPARATORS.match(head[len(t) :])):
            return ln.index
    return None
