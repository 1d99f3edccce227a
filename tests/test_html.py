"""Saved HTML pages: made-up pages, one chrome kind or metadata source each."""
from datetime import datetime

import pytest

from tests import pages
from transforms.document import Document, clean_html
from transforms.html import html_page


def page(body: str, head: str = "", title: str = f"{pages.TITLE}_青山网") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>")


ARTICLE = f"""<div class="article">
<h1>{pages.TITLE}</h1>
<div class="info">2023-05-06 09:15 来源：青山日报</div>
<p>{pages.PARA_1}</p>
<p>{pages.PARA_2}</p>
<p>{pages.PARA_3}</p>
</div>"""

CHROME = {
    "nav tag": "<nav><a href=/>首页</a> <a href=/n>新闻中心</a> <a href=/z>政务公开</a> <a href=/f>办事服务</a></nav>",
    "aside tag": "<aside><h3>热门文章</h3><ul><li><a href=1>县里召开春耕生产推进会议部署全年工作</a></li>"
                 "<li><a href=2>全县文化工作会议召开总结去年工作成效</a></li></ul></aside>",
    "footer tag": "<footer><p>主办：青山县人民政府办公室</p><p>地址：青山县人民路1号 电话：0000-1234567</p></footer>",
    "breadcrumb class": '<div class="breadcrumb"><a href=/>网站首页</a> <a href=/wh>文化频道</a> <span>正文</span></div>',
    "share id": '<div id="share-bar"><a>分享到微信</a><a>分享到微博</a><a>复制本文链接地址</a></div>',
    "sidebar class": '<div class="side-box"><a href=a>县委书记到乡镇调研春耕备耕工作</a><a href=b>青山县举办第二届读书节活动</a></div>',
    "related class": '<div class="related-news"><a href=a>县图书馆开展少儿阅读推广活动吸引众多家庭参加</a>'
                     '<a href=b>乡村书屋提升工程完成首批验收工作</a></div>',
    "comment class": '<div class="comment-list"><div>网友甲：写得好</div><div>网友乙：支持一下</div></div>',
}


def cleaned(markup: str, codec: str = "utf-8") -> Document:
    doc = clean_html(markup.encode(codec))
    assert isinstance(doc, Document), doc
    return doc


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


@pytest.mark.parametrize("kind", sorted(CHROME))
def test_each_chrome_container_is_left_out(kind):
    markup = page(CHROME[kind] + ARTICLE + CHROME[kind])
    assert html_page(markup).chrome_blocks == 2
    assert texts(cleaned(markup)) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_container_whose_class_says_nav_but_holds_the_article_is_kept():
    markup = page(f'<div class="main-wrap int-nav">{ARTICLE}</div>')
    assert texts(cleaned(markup)) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_scripts_styles_and_escaped_markup_are_never_text():
    markup = page(f"<script>var title = '不是正文的脚本内容';</script><style>.a{{color:red}}</style>"
                  f"<p>&lt;a class=&quot;link&quot; href=&quot;/x&quot;&gt;</p>{ARTICLE}")
    joined = "".join(texts(cleaned(markup)))
    assert "脚本" not in joined and "color" not in joined and "<a" not in joined


def test_hard_wrapped_chinese_in_the_markup_is_not_split_by_spaces():
    half = len(pages.PARA_1) // 2
    markup = page(f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1[:half]}\n    {pages.PARA_1[half:]}</p><p>{pages.PARA_2}</p>")
    assert texts(cleaned(markup))[0] == pages.PARA_1


@pytest.mark.parametrize("head, field, value", [
    ('<meta name="author" content="林晓">', "author", "林晓"),
    ('<meta property="article:author" content="赵一鸣">', "author", "赵一鸣"),
    ('<meta property="og:article:author" content="周明远">', "author", "周明远"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "王立新"}}</script>', "author", "王立新"),
    ('<meta property="article:published_time" content="2023-05-07T08:30:00+08:00">', "published_at", datetime(2023, 5, 7, 8, 30)),
    # an instant in UTC is the page's UTC+8 wall-clock time, as the page would print it
    ('<meta property="article:published_time" content="2023-05-07T06:05:02.000Z">', "published_at", datetime(2023, 5, 7, 14, 5, 2)),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-05-08 10:00"}</script>',
     "published_at", datetime(2023, 5, 8, 10, 0)),
    # the page's address gives its day where nothing else does
    ('<meta property="og:url" content="https://news.qingshan.example/2023-05/06/c_1129.htm">', "published_at", datetime(2023, 5, 6)),
    ('<link rel="canonical" href="https://www.qingshan.example/yaowen/202305/t20230506_1901.html">', "published_at",
     datetime(2023, 5, 6)),
    ('<link rel="canonical" href="https://www.qingshan.example/news/story/7315/3705102">', "published_at", None),
    # the time the page's own script states, where nothing else gives one: Unix seconds as UTC+8 wall-clock time
    ('<script>var ct = "1683339300";</script>', "published_at", datetime(2023, 5, 6, 10, 15)),
    ('<script>var info = {"pubtime": "2023-05-06 10:15:00"};</script>', "published_at", datetime(2023, 5, 6, 10, 15)),
    ('<script>var list = [{"pubtime": "2023-05-06 10:15"}, {"pubtime": "2023-05-07 08:00"}];</script>', "published_at", None),
    ('<script>var acct = "1683339300"; user.ct = "1683339300";</script>', "published_at", None),  # inside longer names
    ('<meta property="og:url" content="https://news.qingshan.example/2023-05/06/c_1129.htm"><script>var ct = "1683339300";'
     '</script>', "published_at", datetime(2023, 5, 6, 10, 15)),  # over the address's day alone
])
def test_markup_fields_fill_what_the_text_does_not_say(head, field, value):
    body = f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p>"
    assert getattr(cleaned(page(body, head)), field) == value


def test_time_element_and_og_title_are_read():
    body = f'<p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><time datetime="2023-05-09T07:00">昨天</time>'
    info = html_page(page(body, '<meta property="og:title" content="青山书屋改造完成">', title=""))
    assert info.headline == "青山书屋改造完成" and info.published == "2023-05-09T07:00"
    assert cleaned(page(body, '<meta property="og:title" content="青山书屋改造完成">', title="")).title == "青山书屋改造完成"


def test_a_site_or_desk_in_the_author_meta_is_not_a_byline():
    body = f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p>"
    for name in ("青山网", "新闻中心编辑部", "admin"):
        assert cleaned(page(body, f'<meta name="author" content="{name}">')).author is None


WRITER_CARD = '<div class="answer-author-info"><span class="name">{}</span></div>'
ANSWER = f"""<div class="answer">{{card}}
<div class="answer-text"><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>
{{after}}</div>"""


@pytest.mark.parametrize("card, after, author", [
    # the writer's card above the text (an answer, a blog's owner): a name and a description
    (WRITER_CARD.format("青山客，心理咨询师"), "", "青山客"),
    (WRITER_CARD.format("作者：林晓"), "", "林晓"),
    ('<p class="ArticleAuthor">陳嘉寧</p>', "", "陈嘉宁"),  # any case, in Simplified
    # the first writer's element names no one: a post header with its time, a counter
    (WRITER_CARD.format("网友甲 2023-05-06 10:15") + WRITER_CARD.format("LinXiao，退休教师"), "", None),
    ('<span class="author-views">人气(23925)</span>' + WRITER_CARD.format("林晓，退休教师"), "", None),
    # a site or a desk is no writer
    (WRITER_CARD.format("青山网"), "", None),
    (WRITER_CARD.format("责任编辑：赵一鸣"), "", None),
])
def test_the_element_whose_class_names_the_writer_gives_the_author(card, after, author):
    assert cleaned(page(ANSWER.format(card=card, after=after))).author == author


def test_a_writer_element_after_the_article_is_not_its_author():
    related = '<div class="more"><p class="author">林晓</p><a href=1>县里召开春耕生产推进会议部署全年工作</a></div>'
    body = f"<div class=main><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_3}</p></div>{related}"
    assert cleaned(page(body)).author is None
    assert cleaned(page(body.replace("<h1>", '<p class="author">林晓</p><h1>'))).author == "林晓"


def test_the_time_in_a_share_bar_is_the_pages_date_where_the_text_gives_none():
    body = f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p>"
    bar = '<div class="share-bar"><span>2023-05-06</span> · <a>分享到微信</a><a>分享到微博</a><style>.share-pop { position: absolute; top: 40px; left: 0; display: none; width: 120px; height: 150px }</style></div>'
    assert cleaned(page(bar + body)).published_at == datetime(2023, 5, 6)
    # the text's own date wins; a long chrome block's dates (dated links, copyright years) say nothing
    assert cleaned(page(bar + body.replace("</h1>", "</h1><p>2024-01-02 09:30 来源：青山日报</p>"))).published_at == datetime(2024, 1, 2, 9, 30)
    links = "".join(f"<li><a href={i}>2021-03-0{i} 县里召开第{i}次春耕生产推进会议</a></li>" for i in range(1, 6))
    assert cleaned(page(f'<div class="related-news"><ul>{links}</ul></div>' + body)).published_at is None


def test_the_text_byline_wins_over_the_author_meta():
    assert cleaned(page(ARTICLE.replace("来源：青山日报", "作者：林晓"), '<meta name="author" content="赵一鸣">')).author == "林晓"


def test_a_meta_charset_that_lies_does_not_make_mojibake():
    markup = page(ARTICLE).replace('charset="utf-8"', 'charset="utf-8"')
    doc = cleaned(markup, "gb2312")  # declares UTF-8, is GB2312
    assert doc.encoding == "gb2312" and texts(doc)[0] == pages.PARA_1
    big5 = cleaned(page(ARTICLE).replace('charset="utf-8"', 'charset="gb2312"'), "utf-8")  # declares GB2312, is UTF-8
    assert big5.encoding == "utf-8" and texts(big5)[0] == pages.PARA_1


def test_pathologically_nested_markup_is_read_without_a_tree():
    from transforms.html import MAX_UNCLOSED_TAGS

    body = "<div>" * (MAX_UNCLOSED_TAGS + 1) + CHROME["nav tag"] + ARTICLE + "<script>var t = '不是正文的脚本';</script>"
    flat = html_page(page(body))
    assert "新闻中心" in flat.text and "不是正文" not in flat.text  # no tree: the nav is read as text, scripts still dropped
    doc = cleaned(page(body))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3] and doc.title == pages.TITLE  # the text rules still apply


def test_a_saved_forum_thread_is_its_opening_post():
    post = lambda header, *paras: (f'<div class="post"><div class="author">{header}</div><div class="content">'  # noqa: E731
                                   + "".join(f"<p>{p}</p>" for p in paras) + '</div></div>')  # no buttons between posts
    html = ('<html><head><meta charset="utf-8"><title>老街改造的几点建议 - 青山论坛</title></head><body>'
            '<div class="nav"><a href="/">论坛首页</a> &gt; <a>社会民生</a></div><div class="thread"><h1>老街改造的几点建议</h1>'
            + post("楼主：老街坊 发表于 2009-5-12 21:33:05", pages.POST_1, pages.POST_2)
            + post("2楼 河边人 发表于 2009-5-12 22:10:41", pages.REPLY_1, pages.REPLY_2)
            + '</div><div class="footer">Copyright © 青山论坛</div></body></html>')
    doc = clean_html(html.encode("utf-8"))
    assert isinstance(doc, Document)
    assert [p.text for p in doc.paragraphs] == [pages.POST_1, pages.POST_2]
    assert (doc.title, doc.author, doc.published_at) == ("老街改造的几点建议", "老街坊", datetime(2009, 5, 12, 21, 33, 5))


def test_fields_in_neighbouring_spans_stay_apart_and_ui_words_are_never_names():
    meta = ('<div class="meta">\n  <span class="time">2023-05-06 09:15</span>\n  <span class="source">来源：青山日报</span>\n'
            '  <span class="author">林晓</span>\n  <span>举报</span>\n</div>')
    doc = cleaned(page(f"<h1>{pages.TITLE}</h1>{meta}<p>{pages.PARA_1}</p><p>{pages.PARA_2}</p>"))
    assert (doc.source, doc.author) == ("青山日报", "林晓")  # not 青山日报林晓, nor 林晓、举报


def test_a_meta_author_who_is_the_pages_editor_stays_the_editor():
    markup = page(f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>责任编辑：周明</p>",
                  head='<meta name="author" content="周明">')
    doc = cleaned(markup)
    assert (doc.author, doc.editor) == (None, "周明")


TABLE_ROWS = [("阅览区", "周一至周五", "8:00-21:00"), ("少儿区", "周六至周日", "9:00-17:00"),
              ("自习区", "每天", "18:00-22:00"), ("电子阅览室", "每天", "9:00-21:00")]


def table_page(table: str, between: str = "<p>附：各区开放时间</p>") -> bytes:
    return (f"<html><head><title>{pages.TITLE}</title></head><body><h1>{pages.TITLE}</h1><div>"
            f"<p>{pages.PARA_1}</p><p>{pages.PARA_2}</p>{between}{table}</div></body></html>").encode()


def rows(cell=lambda text: text) -> str:
    return "".join("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>" for row in TABLE_ROWS)


def test_a_data_table_right_under_the_text_is_the_articles():
    doc = clean_html(table_page(f'<table border="1">{rows()}</table>'))
    assert isinstance(doc, Document)
    texts = [p.text for p in doc.paragraphs if p.kind == "body"]
    assert texts[:3] == [pages.PARA_1, pages.PARA_2, "附：各区开放时间"]
    assert "阅览区 周一至周五 8:00-21:00" in texts and "电子阅览室 每天 9:00-21:00" in texts


@pytest.mark.parametrize("table, between", [
    (f"<table>{rows()}<tr><td><table><tr><td>网站导航</td></tr></table></td></tr></table>", ""),  # a layout table
    (f"<table>{rows(lambda c: f'<a href=/x>{c}</a>')}</table>", ""),                            # links: a menu
    (f"<table>{rows()[:rows().index('</tr>') + 5]}<tr><td>少儿区</td><td>周末</td></tr></table>", ""),  # two rows
    (f"<table>{rows()}</table>", "<p>附：各区开放时间</p><p>更多服务请咨询前台</p>"),          # not right under
    ("<table>" + "".join(f"<tr><td>{' '.join(r)}</td></tr>" for r in TABLE_ROWS) + "</table>", ""),  # one column: a list
], ids=["layout", "links", "two-rows", "apart", "one-column"])
def test_tables_that_are_no_data_or_stand_apart_are_left_out(table, between):
    doc = clean_html(table_page(table, between))
    assert isinstance(doc, Document)
    assert [p.text for p in doc.paragraphs] == [pages.PARA_1, pages.PARA_2]


def test_lines_of_two_containers_are_never_rejoined_into_one_paragraph():
    # a promotion's box over the article: its last line has no sentence end, and a one-sentence
    # lead then a shorter sentence follow, the shape of a caption between two halves
    promo = "青山县首届读书节暨全民阅读月评选活动火热进行中！【点击投票】选出你心目中的年度好书与最美读书人"
    lead = "青山日报讯（记者 林晓）青山县图书馆近日完成改造工程，新增阅览座位三百余个。"
    short = "馆长介绍，夜间自习区将长期开放。"
    markup = page(f'<h1>{pages.TITLE}</h1><div class="quote"><p>{promo}</p></div>'
                  f'<div class="content"><p>{lead}</p><p>{short}</p><p>{pages.PARA_2}</p></div>')
    doc = cleaned(markup)
    assert [(p.kind, p.text) for p in doc.paragraphs] == [("body", promo), ("body", lead), ("body", short), ("body", pages.PARA_2)]
    # in one container the same lines are a paragraph cut by the layout, with a caption between
    markup = page(f'<h1>{pages.TITLE}</h1><div class="content"><p>{promo}</p><p>{lead}</p><p>{short}</p><p>{pages.PARA_2}</p></div>')
    assert cleaned(markup).paragraphs[0].text == promo + short


CAPTION = "新装修的少儿阅览区里，孩子们正在安静地读书。"  # no caption mark in its words


@pytest.mark.parametrize("figure", [
    f'<figure><img src="a.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure>',
    f'<div class="pic"><img src="a.jpg"></div><div class="picinfo">{CAPTION}</div>',
    f'<p><img src="a.jpg"><span class="img_descr">{CAPTION}</span></p>',  # an inline caption: a line of its own
])
def test_a_caption_the_markup_names_is_a_caption_whatever_its_words(figure):
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p>{figure}"
                       f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("body", pages.PARA_1), ("caption", CAPTION), ("body", pages.PARA_2), ("body", pages.PARA_3)]


def test_a_paragraph_in_a_picture_and_text_module_is_no_caption():
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p>"
                       f"<div class='pic-txt'><p>{pages.PARA_2}</p></div><p>{pages.PARA_3}</p></div>"))
    assert [p.kind for p in doc.paragraphs] == ["body", "body", "body"]


CUT = pages.PARA_1.index("并开设")
# a paragraph the layout cut at a comma, its first half long enough to be a cut line (segment.MIN_BROKEN)
HALF_1, HALF_2 = pages.PARA_4 + pages.PARA_1[:CUT], pages.PARA_1[CUT:]


def test_a_caption_the_markup_names_between_two_halves_of_a_paragraph_is_lifted_out():
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_2}</p><p>{HALF_1}</p>"
                       f"<figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption></figure>"
                       f"<p>{HALF_2}{pages.PARA_3}</p></div>"))
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("body", pages.PARA_2), ("body", HALF_1 + HALF_2 + pages.PARA_3), ("caption", CAPTION)]


def test_an_unfinished_last_paragraph_never_runs_into_the_caption_under_it():
    unfinished = pages.PARA_3.rstrip("。")
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p>"
                       f"<p>{unfinished}</p><img src='a.jpg'><p class='caption'>{CAPTION}</p></div>"))
    assert [p.text for p in doc.paragraphs][-2:] == [unfinished, CAPTION]
    assert doc.paragraphs[-1].kind == "caption"


def test_a_long_text_in_a_caption_container_is_no_caption():
    long_text = pages.PARA_1 + pages.PARA_2 + pages.PARA_4  # over MAX_CAPTION characters: a caption is never that long
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_3}</p>"
                       f"<div class='caption'>{long_text}</div><p>{pages.PARA_4}</p></div>"))
    assert [p.kind for p in doc.paragraphs] == ["body", "body", "body"]


PROMO = "►快加入青山新闻 LINE好友！"


@pytest.mark.parametrize("line", [f'<a href="/line">{PROMO}</a>', '►<a href="/line">快加入青山新闻 LINE好友！</a>'])
def test_a_short_line_inside_the_article_that_is_a_link_sends_the_reader_away(line):
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{line}</p>"
                       f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_link_inside_a_sentence_and_a_headline_that_links_to_its_page_stay():
    linked = '县图书馆<a href="/lib">官网</a>同步开通了预约服务。'
    doc = cleaned(page(f"<div class='article'><h1><a href='/this'>{pages.TITLE}</a></h1><p>{pages.PARA_1}</p>"
                       f"<p>{linked}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert (doc.title, texts(doc)) == (pages.TITLE, [pages.PARA_1, "县图书馆官网同步开通了预约服务。", pages.PARA_2, pages.PARA_3])


def test_a_paragraph_that_is_one_long_link_stays():
    quoted = f'<a href="/report">{pages.PARA_4}</a>'  # over MAX_LINK_LINE: prose, whatever it links to
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{quoted}</p>"
                       f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert texts(doc) == [pages.PARA_1, pages.PARA_4, pages.PARA_2, pages.PARA_3]


def test_a_linked_name_under_the_date_line_is_still_the_byline():
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><div>2023-05-06 09:15 来源：青山日报</div>"
                       f"<div><a href='/u/1'>林晓</a></div><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert (doc.author, texts(doc)) == ("林晓", [pages.PARA_1, pages.PARA_2, pages.PARA_3])


def test_a_linked_field_line_inside_the_text_still_gives_its_field():
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p><a href='/s'>来源：青山日报</a></p>"
                       f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert (doc.source, texts(doc)) == ("青山日报", [pages.PARA_1, pages.PARA_2, pages.PARA_3])


def related_box(heading: str, items: int, after: str) -> str:
    links = "".join(f"<p><a href='/n{i}'>青山县第{i}届读书节开幕 万人参与</a></p>" for i in range(items))
    return f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{heading}</p>{links}{after}</div>"


@pytest.mark.parametrize("items", [0, 2, 4])
def test_a_related_stories_box_inside_the_text_is_left_out_and_the_text_goes_on(items):
    doc = cleaned(page(related_box("延伸阅读", items, f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p>")))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_related_headline_that_reads_as_a_sentence_is_one_of_the_boxs_items():
    box = "<p>延伸阅读</p><p><a href='/n'>青山县读书节开幕，万人参与！</a></p>"
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p>{box}"
                       f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_related_stories_heading_over_another_storys_dateline_ends_the_text():
    doc = cleaned(page(related_box("相关新闻", 2, f"<p>2023-05-06 09:15 来源：青山日报</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p>")))
    assert texts(doc) in ([pages.PARA_1], [pages.PARA_2, pages.PARA_3])


@pytest.mark.parametrize("after", [
    f"<div class='list'><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>",       # teasers in a container of their own
    f"<p><a href='/t'>{pages.PARA_2}</a></p><p><a href='/u'>{pages.PARA_3}</a></p>",  # teasers that are links
])
def test_a_related_stories_heading_with_teasers_under_it_still_ends_the_text(after):
    doc = cleaned(page(related_box("相关新闻", 2, after) + f"<p>{pages.PARA_4}</p>"))
    assert texts(doc)[0] == pages.PARA_1 and pages.PARA_2 not in texts(doc)


def test_a_related_stories_heading_over_a_long_list_ends_the_text():
    doc = cleaned(page(related_box("相关新闻", 5, f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p>")))
    assert texts(doc) in ([pages.PARA_1], [pages.PARA_2, pages.PARA_3])  # one side of the heading, never both


def test_a_related_stories_heading_not_right_under_the_text_ends_it():
    # a share bar between: the text has ended, whatever the same container holds below
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>分享到：微信 微博 QQ空间</p>"
                       f"<p>相关新闻</p><p><a href='/n'>青山县第1届读书节开幕 万人参与</a></p>"
                       f"<p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"))
    assert texts(doc) in ([pages.PARA_1], [pages.PARA_2, pages.PARA_3])


TEASERS = [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4]


def test_cards_headed_by_a_bare_linked_headline_are_a_list_page():
    cards = "".join(f"<div class='item'><a href='/n{i}'>青山县第{i}届读书节开幕万人参与</a><p>{t}</p></div>"
                    for i, t in enumerate(TEASERS))
    doc = cleaned(page(f"<div class='list'>{cards}</div>"))
    assert doc.page_type == "list"


def test_posts_opened_by_a_posters_linked_name_are_no_list():
    # a commenter's or a poster's name is a link too, but no headline's length
    posts = "".join(f"<div class='post'><a href='/u{i}'>网友{i}</a><p>{t}</p></div>" for i, t in enumerate(TEASERS))
    doc = cleaned(page(f"<div class='thread'><h1>{pages.TITLE}</h1>{posts}</div>"))
    assert doc.page_type == "article"


def test_a_headline_link_inside_an_entrys_text_does_not_head_it():
    cards = "".join(f"<div class='item'><p>{t}</p><a href='/n{i}'>青山县第{i}届读书节开幕万人参与</a></div>"
                    for i, t in enumerate(TEASERS))
    doc = cleaned(page(f"<div class='article'><h1>{pages.TITLE}</h1>{cards}</div>"))
    assert doc.page_type == "article"


def wechat_article(meta_list: str) -> str:
    return page(f"<div class='rich_media_area_primary'><h1 class='rich_media_title'>{pages.TITLE}</h1>"
                f"<div class='rich_media_meta_list'>\n{meta_list}\n"
                "<em id='publish_time' class='rich_media_meta rich_media_meta_text'>2023-05-06 10:00</em></div>"
                f"<div id='js_content'><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p></div></div>")


WECHAT_ACCOUNT = "<span class='rich_media_meta rich_media_meta_nickname'><a id='js_name'>青山生活</a></span>"


def test_a_wechat_articles_writer_is_its_author_not_the_account_publishing_it():
    doc = cleaned(wechat_article(f"<span class='rich_media_meta rich_media_meta_text'>林晓明</span>\n{WECHAT_ACCOUNT}"))
    assert (doc.author, doc.published_at) == ("林晓明", datetime(2023, 5, 6, 10, 0))


def test_a_wechat_article_naming_no_writer_is_its_accounts():
    assert cleaned(wechat_article(WECHAT_ACCOUNT)).author == "青山生活"


@pytest.mark.parametrize("href", ["space-uid-12.html", "home.php?mod=space&uid=12", "u.php?uid=12", "dispuser.asp?id=12"])
def test_a_link_to_a_members_page_over_the_text_names_its_poster(href):
    doc = cleaned(page(f"<h1>{pages.TITLE}</h1><div class='pls'><a href='{href}'>河边人</a><p>新手上路</p></div>"
                       f"<div class='plc'><p>楼主</p><p>发表于 2021-05-06 10:20</p><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p></div>"))
    assert doc.author == "河边人"


def test_a_link_to_a_members_page_under_the_text_names_no_poster():
    doc = cleaned(page(f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p>"
                       "<div class='footer'><p>网友 <a href='space-uid-12.html'>河边人</a> 推荐了本文</p></div>"))
    assert doc.author is None
