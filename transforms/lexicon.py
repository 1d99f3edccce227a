"""The phrase lists chrome and metadata rules are made of, one place for each.

Lists are named tuples of plain phrases (what a site prints), grouped by what they mean,
and joined into regex alternations by the modules that use them. A phrase is added here
once and every rule that needs that meaning sees it: the source keys, for instance, are
used by the meta-line test, the author-note test, the glued-note cutter and the 来源 field.
Order inside a list is kept: where an alternation is used to consume text (toolbars), a
longer phrase must come before its prefix.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple


def alternation(*lists: Iterable[str]) -> str:
    """Phrases as one non-capturing regex alternation, in the order given. No phrase at all
    is an error: "(?:)" would match everywhere, silently."""
    phrases = [p for group in lists for p in group]
    if not phrases or not all(phrases):
        raise ValueError("an alternation needs phrases, none of them empty")
    return "(?:" + "|".join(re.escape(p) for p in phrases) + ")"


class FieldKeys(NamedTuple):
    """Labels that introduce a document field ("来源：新华社")."""
    source: tuple[str, ...] = ("本文来源", "文章来源", "稿件来源", "来源于", "来源", "来自", "稿源", "转自", "出处")
    author: tuple[str, ...] = ("本文作者", "作者单位", "作者为", "作者", "楼主", "博主")
    # Who wrote it, as a label before the name: 作者：林晓, 撰文 王某 (the first two also with
    # only a space for the colon).
    writer: tuple[str, ...] = ("作者", "撰文", "撰稿", "执笔", "采写", "撰稿人", "主笔")
    reporter: tuple[str, ...] = ("记者", "通讯员")
    editor: tuple[str, ...] = ("责任编辑", "责编", "本文编辑", "网络编辑", "编辑")
    # Lines that name the editor end the article (the editor-line stop rule).
    editor_line: tuple[str, ...] = ("责编", "责任编辑", "编辑", "本文编辑", "网络编辑", "审核", "校对", "终审", "值班编辑")
    time: tuple[str, ...] = ("发布时间", "发布日期", "发稿时间", "更新时间", "时间", "日期")
    counter: tuple[str, ...] = ("阅读量", "浏览次数", "点击数", "访问量", "阅读", "浏览", "点击", "字数")
    original_title: tuple[str, ...] = ("原标题",)
    tags: tuple[str, ...] = ("标签", "关键词", "关键字", "tags", "Tags")  # a blog's or a story's labels
    japanese: tuple[str, ...] = ("出所", "発表時間")
    # The header table of a government information-disclosure page: fields, not content.
    disclosure: tuple[str, ...] = ("索引号", "主题分类", "信息分类", "发文机关", "发布机构", "成文日期", "发文日期",
                                   "发文字号", "文号", "主题词", "公开方式", "公开范围", "有效性")
    # The office that issued an official document: its source where it names no 来源, its
    # author where no person signs it.
    issuer: tuple[str, ...] = ("发文机关", "发布机构")
    # Only inside a bracketed note: (原载《…》), (译者：…)
    note_only: tuple[str, ...] = ("原载", "译者")


FIELDS = FieldKeys()

# Stems of field labels and bylines (编辑, 来源, 本报, 供稿...): a value holding one is a label
# or a credit read as a value, never a name or an outlet.
FIELD_STEMS = ("编辑", "来源", "作者", "记者", "时间", "日期", "通讯员", "实习生", "责任", "发布", "发表", "阅读", "浏览", "摄影",
               "本报", "本刊", "系", "供稿")

# A reporter's rank before 记者 (特约记者 某): what may stand right before the word in a byline.
REPORTER_RANKS = ("特约", "首席", "实习", "见习", "驻站", "专栏")

# The publication time's own keys, over any other date on the page (发布日期 over 成文日期).
PUBLISHED_KEYS = ("发布日期", "发布时间", "发表于", "发表时间", "发稿时间", "发文日期", "刊发时间", "published")
# When someone gathered or saved the text (搜集整理于 2023年6月1日), and the visitor's clock a
# portal prints over its pages (今天是 2023年6月1日 星期四): never when the text was published.
COLLECTED_KEYS = ("整理于", "搜集于", "收集于", "采集于", "收录于", "摘录于", "抓取于", "保存于")
CLOCK_KEYS = ("今天是", "今日是", "现在是", "当前时间", "现在时间", "服务器时间", "系统时间")
# When a forum's member joined or last came (a poster's card: 注册：2006-1-1, 最后登录): never
# when the post was written.
PROFILE_DATE_KEYS = ("注册时间", "注册日期", "注册:", "注册：", "最后登录", "上次登录", "加入时间")

# An official document's annex between its last paragraph and its signature: attachments
# and whom to contact (附件：1. 检查表, 联系人：王某 电话：…), part of the document.
ANNEX_LABELS = ("附件", "联系人", "联系电话", "电话", "传真", "地址", "邮编", "邮箱", "电子邮箱")

# What a self-media account prints before its writer's name and its own (原创 林晓 青山生活
# 2023-05-06): the piece is the account's own, and the first name its writer's.
OWN_WORK_MARKS = ("原创",)

# The last character of an outlet's name (新华社, 青山网, 黄河报), and of a desk's (编辑部, 新闻办).
OUTLET_ENDS = "社网报台刊站"
DESK_ENDS = OUTLET_ENDS + "部处局办厅委会组室"
# An agency's, a paper's or a broadcaster's (法新社, 青山日报, 电视台): the source of a story.
WIRE_ENDS = "社报台"

# "当前位置：首页 > 时政": the label, then the crumbs.
BREADCRUMB_LABELS = ("当前位置", "您的位置", "你的位置", "您现在的位置", "所在位置", "现在位置", "位置")
CRUMB_ARROWS = (">>", "»", "›", "＞", ">", "→")
# What separates crumbs: an arrow, or a slash between levels (新闻/国内).
CRUMB_SEPARATORS = (*CRUMB_ARROWS, "/")


class EndMarkers(NamedTuple):
    """A line that is only one of these ends the article: what follows is another list."""
    related: tuple[str, ...] = ("相关新闻", "相关阅读", "相关文章", "相关链接", "相关报道", "相关推荐", "相关专题", "相关内容")
    recommended: tuple[str, ...] = (
        "推荐阅读", "延伸阅读", "扩展阅读", "热点推荐", "热门推荐", "热门排行", "热门文章", "热门新闻", "热点新闻", "热点排行",
        "排行榜", "点击排行", "精彩推荐", "精彩图集", "猜你喜欢", "你可能还想看", "您可能感兴趣的", "您可能感兴趣",
        "可能感兴趣的", "可能感兴趣", "你可能还喜欢", "你可能喜欢", "更多报道", "更多新闻")
    comments: tuple[str, ...] = ("网友评论", "发表评论", "我要评论", "最新评论", "热门评论")
    site: tuple[str, ...] = ("免责声明", "版权声明", "联系我们", "关于我们", "网站地图")
    more_lists: tuple[str, ...] = (
        "为您推荐", "今日推荐", "编辑推荐", "图片新闻", "视频新闻", "专题推荐", "关注我们", "往期回顾", "其他新闻", "最新新闻",
        "最新文章", "新闻排行", "本周热点", "热图", "其他人也在看", "大家都在看", "看了又看", "还看了", "看过本文的人还看了",
        "更多精彩", "精彩视频推荐", "视频推荐", "相关影片", "热门影片", "相关图集", "今日热点", "热门话题", "猜你想看",
        "大家都爱看", "今日热门", "今日最新")
    guestbook: tuple[str, ...] = ("读者评论", "留言板", "发表留言", "网友留言")
    # The tabs over a Taiwanese or Hong Kong site's headline strip (最新 / 最多浏览).
    tabs: tuple[str, ...] = ("最新", "最多浏览", "最多阅读", "最热", "推荐", "人气")
    # An encyclopedia entry's apparatus after the text (its dates are not the page's).
    references: tuple[str, ...] = ("参考文献", "参考资料", "参考来源", "外部链接", "扩展阅读资料")


END_MARKERS = EndMarkers()


class ToolbarTokens(NamedTuple):
    """Words a toolbar, share bar or pager line is made of: a line holding nothing else is
    chrome. Consumed left to right, so a phrase precedes its prefixes."""
    font: tuple[str, ...] = ("小字号", "中字号", "大字号", "字号", "字体", "放大字体", "缩小字体", "恢复字体", "默认字体", "放大", "缩小", "恢复")
    actions: tuple[str, ...] = (
        "我要打印", "我要分享", "我要评论", "我要收藏", "打印本页", "打印本文", "打印", "关闭窗口", "关闭本页", "关闭", "编辑信箱",
        "我要纠错", "纠错", "收藏本文", "加入收藏", "收藏", "一键分享", "分享到", "分享至", "分享", "扫一扫", "二维码",
        "立即下载", "马上下载", "点击下载", "下载")
    navigation: tuple[str, ...] = ("返回顶部", "回到顶部", "顶部", "返回首页", "返回列表", "返回", "字大", "字小", "默认", "大", "中", "小")
    social: tuple[str, ...] = (
        "微信", "朋友圈", "微博", "新浪微博", "腾讯微博", "QQ空间", "QQ好友", "QQ", "豆瓣", "人人网", "领英",
        "facebook", "twitter", "line", "推特", "脸书", "复制链接", "复制网址", "手机版", "手机看", "评论", "点赞",
        "A+", "A-", "top")


TOOLBAR = ToolbarTokens()


class ReaderCalls(NamedTuple):
    """A short line sending the reader to the outlet's other channels: it names a channel,
    asks or promises more, and speaks to the reader, opening with the ask or addressing
    them (关注人民网微信, 更多精彩内容，请关注…公众号, 更多文章，都在…APP). A headline about
    a channel names one and may ask (抖音上线新功能，更多用户可直播) but speaks to no one."""
    # (an outlet's official accounts only: a blogger's 粉丝团 or FB page is their own line, kept)
    channels: tuple[str, ...] = ("公众号", "客户端", "APP", "App", "app", "微信", "微博", "二维码", "阅读原文", "在看",
                                 "朋友圈", "视频号", "抖音", "小程序", "关注我们", "LINE好友", "官方粉丝团",
                                 "GoogleNews", "YouTube频道")  # (matched with spaces removed)
    asks: tuple[str, ...] = ("关注", "点击", "扫描", "扫码", "长按", "下载", "转发", "分享", "订阅", "点赞", "点个", "星标", "置顶",
                             "加入")
    promises: tuple[str, ...] = ("更多", "精彩")
    address: tuple[str, ...] = ("请", "欢迎", "您", "你", "快来", "快加入", "点我", "一键", "立即", "马上", "都在", "尽在",
                                "第一时间")
    # A promotion's bracketed link label (【点击投票】, 【下载客户端】); not 【关注】, a column's tag.
    bracketed: tuple[str, ...] = ("点击", "下载", "扫码")


READER_CALLS = ReaderCalls()

# Words of a site's interface that are never a person's name (登录, 频道, 待续), besides the
# toolbar's own (分享, 打印: every toolbar token of two or more CJK characters counts too).
INTERFACE_WORDS = ("人人", "登录", "注册", "首页", "繁体", "简体", "订阅", "关注", "推荐", "热门", "更多", "专题", "视频",
                   "图片", "新闻", "频道", "导读", "摘要", "正文", "字级", "转寄", "列印", "翻摄", "待续", "未完", "全文", "举报")
# What closes a byline (记者 林某 王某 报道): never a name, though an outlet's may end in it (21世纪经济报道).
BYLINE_CLOSERS = ("报道", "报导")
NOT_NAME_WORDS = (*INTERFACE_WORDS, *BYLINE_CLOSERS, *(w for group in TOOLBAR for w in group
                                      if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)))


# What a byline says where it names no one: the writer unknown, the site itself, its staff.
NO_WRITER = ("佚名", "匿名", "未知", "不详", "本站", "本网", "管理员", "admin", "小编", "网友")


# What a page's title says it is someone's (标题 - 甜某的回答 - 知乎, 小林的博客): that one
# person's answer, blog or column, so its writer.
ANSWER_WORKS = ("回答",)  # a Q&A page's: the question above, the answer below its writer's card
OWNED_WORKS = (*ANSWER_WORKS, "博客", "博客空间", "blog", "空间", "个人空间", "日志", "专栏", "文集")


# Keys under which a page's own script states its publication time, as Unix seconds or a
# date (WeChat's var ct = "1620267600", publish_time: "2021-05-06 10:20"). Read only where
# the page prints no date and its markup and address give none, and only when every such
# key on the page gives the same time (a list of related stories gives many).
SCRIPT_TIME_KEYS = ("publish_time", "publishTime", "publish_date", "publishDate", "pubtime", "pubTime", "pubDate",
                    "pubdate", "ptime", "ct")

# Words in the class or id of the element that holds a page's writer, matched anywhere in
# the attribute, in any case (zm-item-answer-author-info, ArticleAuthor, author_baidu,
# ownernick, userNick): where the text gives no byline, what such an element says is one if
# it reads as a name and stands before the end of the article (transforms/html.py). The first
# such element is read: a WeChat article's writer (rich_media_meta_text) stands before its
# account's name (rich_media_meta_nickname), which names the writer only when no one else does.
AUTHOR_MARKUP = ("author", "byline", "writer", "nick", "username", "user-name", "rich_media_meta_text")
# Words of a class or id naming an image's caption (pic-caption, m-figure__caption, picinfo,
# img_descr), besides the <figcaption> tag; in any case, anywhere in the attribute. Not the
# words for a picture-and-text module (pic-txt, pictxt): portals use them for lists of links.
CAPTION_MARKUP = ("caption", "picinfo", "pic_info", "pic-info", "img_desc", "img-desc", "pic_desc", "pic-desc")


# Links that move around a site, never the name of a column: pagers, accessibility and
# search switches, "more" and "view" links (a column label above a title is none of these).
SITE_NAVIGATION = ("上一页", "下一页", "上一篇", "下一篇", "上一版", "下一版", "无障碍", "站内", "更多", "查看", "入驻")

class FooterPhrases(NamedTuple):
    """Copyright, licence and disclaimer text: the page footer, never the article's."""
    copyright: tuple[str, ...] = ("copyright", "©", "版权所有", "保留所有权利", "allrightsreserved")
    licence: tuple[str, ...] = (
        "icp备", "icp证", "公网安备", "违法和不良信息举报", "不良信息举报", "举报电话", "举报邮箱",
        "互联网新闻信息服务许可证", "增值电信业务经营许可证", "信息网络传播视听节目许可证", "主办单位", "承办单位")


# A forum post's floor by name (楼主 is the opening post) and the words of a post header's
# time (河边人 发表于 2009-5-12).
POST_FLOORS = ("楼主", "沙发", "板凳", "地板")
# A post header's time key: these head a post by its writer, the others a reply (作者：某
# 回复日期：…).
POSTED_BY_WRITER_KEYS = ("发表于", "发表时间", "发帖时间", "发布于")
POSTED_KEYS = (*POSTED_BY_WRITER_KEYS, "回复于", "回复日期")
# Labels before a post header's name (作者：老张 时间：…, 来自: 河边人 2021-05-06 10:20).
POSTER_LABELS = ("作者", "楼主", "来自", "发帖人", "帖主", "发布者")

# A comment board's own buttons and counters (回复, 顶51, 3楼, 举报): a line of nothing else
# ends the article, whatever the replies below say. Any page's toolbar has 举报 and 赞; the
# others are signs of a comment board (COMMENT_SIGNS).
COMMENT_UI = ("回复", "引用", "举报", "顶", "踩", "赞", "盖楼", *POST_FLOORS)
COMMENT_SIGNS = tuple(w for w in COMMENT_UI if w not in ("举报", "顶", "踩", "赞"))
# What a comment section's header counts (《标题》已有3条评论, 共 12 条回复): the article has ended.
COMMENT_NOUNS = ("评论", "回复", "留言", "跟帖", "回应")
# A link to the rest of an excerpt (阅读全文(23) | 评论(1)): several on a page, one of them
# closing the text found, make the page an index of excerpts (a blog's front page, a
# collection of answers), not an article.
READ_MORE = ("阅读全文", "查看全文", "显示全部", "展开全文", "全文阅读", "阅读更多", "继续阅读")
# A question-and-answer page's other answers, under the one the page is for.
OTHER_ANSWERS = ("更多回答", "其他回答", "其它回答")


FOOTER = FooterPhrases()

# Reprint notices and the help lines Taiwanese and Hong Kong news append to every story:
# the article has ended, but its fields (来源, 作者) may still follow.
NOTICES = ("转载请注明", "转载请保留", "如有侵权", "授权转载", "安心专线", "生命线协谈专线", "张老师专线", "自杀防治专线", "自杀防治咨询",
           # a comment board's rules under the article
           "留言规则", "留言板使用规则", "发表留言即表示", "评论规则", "跟帖规则", "网友评论仅供其表达个人看法")
# What an outlet's reminder to the reader says after its own name (青山电子报提醒您：…).
OUTLET_REMINDERS = ("提醒您", "提醒你", "关心您", "关心你")


class SpamPhrases(NamedTuple):
    """Phrases of pages that are not articles but advertising for what a corpus leaves out,
    per kind (transforms/signals.py counts them per 1,000 characters). Written for this
    project from what such pages sell; each is rare in news and notices (the dev pages' rate
    is in bench/quality_filter.py's table)."""
    gambling: tuple[str, ...] = ("博彩", "赌场", "百家乐", "老虎机", "真人娱乐", "真人荷官", "网上赌博", "在线赌博", "娱乐城",
                                 "线上娱乐", "体育投注", "投注", "下注", "彩金", "注册送", "首存", "返水", "洗码", "赌球",
                                 "网投", "电子游艺", "德州扑克", "捕鱼游戏", "棋牌游戏", "提款秒到", "开户送", "赌博平台")
    lottery: tuple[str, ...] = ("时时彩", "六合彩", "双色球", "大乐透", "福彩3D", "排列三", "北京赛车", "北京PK10", "快三",
                                "开奖结果", "开奖号码", "开奖直播", "特码", "杀号", "必中", "稳赚", "包中", "计划群", "码报",
                                "一肖", "平特", "跟单", "倍投", "精准计划", "彩票平台", "彩票代理")
    adult: tuple[str, ...] = ("色情", "成人视频", "成人电影", "裸聊", "约炮", "一夜情", "援交", "上门服务", "激情视频", "无码",
                              "福利视频", "小姐上门", "同城约", "同城交友", "特殊服务", "性感美女", "午夜影院", "夫妻交友",
                              "私密视频", "宅男福利")
    seo: tuple[str, ...] = ("代发外链", "快速排名", "关键词排名", "SEO优化", "seo优化", "百度收录", "刷排名", "站群", "蜘蛛池",
                            "排名优化", "整站优化", "包上首页", "代开发票", "办证", "刻章", "加微信", "加QQ", "联系QQ",
                            "咨询热线", "优惠多多", "欢迎来电", "厂家直销", "价格优惠")


SPAM = SpamPhrases()
