"""Chrome removal, metadata and segmentation on made-up pages, one chrome kind each."""
from datetime import datetime

import pytest

from tests import pages
from transforms.chrome import LineKind, classify
from transforms.document import Document, Reject, clean
from transforms.reasons import LineReason, RejectReason


def texts(doc: Document, kind: str | None = None) -> list[str]:
    return [p.text for p in doc.paragraphs if kind is None or p.kind == kind]


def cleaned(page: str, codec: str = "utf-8") -> Document:
    doc = clean(page.encode(codec))
    assert isinstance(doc, Document), doc
    return doc


def test_people_style_page_keeps_only_the_article_and_fills_fields():
    doc = cleaned(pages.PEOPLE_STYLE)
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]
    assert doc.title == pages.TITLE
    assert doc.author == "林晓"
    assert doc.published_at == datetime(2023, 5, 6, 9, 15)
    assert doc.source == "青山日报"
    assert doc.editor == "周明、吴芳"
    assert doc.column == "青山网 > 文化频道"


def test_error_debris_breadcrumb_toolbar_and_related_links_are_dropped():
    doc = cleaned(pages.GOV_STYLE)
    assert texts(doc) == [pages.PARA_1, "一、坚持问题导向", pages.PARA_2, pages.PARA_3]
    assert texts(doc, "heading") == ["一、坚持问题导向"]
    assert doc.title == pages.TITLE and doc.author == "王立新" and doc.source == "青山工作"
    assert doc.published_at == datetime(2023, 5, 6, 10, 20)
    joined = "\n".join(texts(doc))
    for chrome in ("404", "nginx", "当前位置", "放大字体", "相关新闻", "全县文化工作会议", "作者系"):
        assert chrome not in joined


def test_meta_line_becomes_fields_and_editor_is_not_author():
    doc = cleaned(pages.PORTAL_STYLE)
    assert texts(doc) == [pages.PARA_1, "强化服务功能 打造书香青山", pages.PARA_2]
    assert doc.title == pages.TITLE
    assert doc.author is None and doc.editor == "县融媒体中心"
    assert doc.source == "青山县人民政府" and doc.column == "地方新闻"


def test_broken_paragraphs_caption_two_line_heading_and_glued_note():
    doc = cleaned(pages.MAGAZINE_STYLE)
    assert doc.title == pages.TITLE and doc.author == "赵一鸣" and doc.column == "基层探索"
    assert texts(doc, "heading") == ["以阅读服务凝聚文化发展合力"]
    assert texts(doc, "caption") == ["青山县图书馆志愿者为小读者讲解借阅流程。"]
    body = texts(doc, "body")
    assert pages.PARA_2 + "实施乡村书屋提升工程,将流动借阅点覆盖到每一个行政村。" in body
    assert pages.PARA_1 + pages.PARA_4 in body  # the halves around the caption are one paragraph again
    assert body[-1] == pages.PARA_3  # 【作者系…】 cut off the end


def test_page_title_line_anchors_the_article_and_names_the_site():
    doc = cleaned(pages.TITLE_LINE_STYLE)
    assert texts(doc) == [pages.PARA_1, pages.PARA_2]
    assert doc.title == pages.TITLE and doc.original_title == pages.TITLE
    assert doc.editor == "李华" and doc.source == "青山日报"
    assert doc.page_site == "青山网"  # the <title> line's last segment
    assert cleaned(pages.PEOPLE_STYLE).page_site is None  # no <title> line: the folder decides


def test_teasers_of_other_stories_after_the_article_are_dropped_without_a_stop_line():
    doc = cleaned(pages.TEASERS_AFTER_ARTICLE)
    assert texts(doc) == [pages.PARA_1, pages.PARA_2]


def test_question_headline_source_variant_image_credit_and_app_promotion():
    doc = cleaned(pages.QUESTION_TITLE_STYLE)
    assert doc.title == pages.QUESTION_TITLE and doc.source == "青山日报"
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("body", pages.PARA_1), ("caption", "图/青山日报"), ("body", pages.PARA_2)]


def test_taiwanese_byline_caption_app_promotion_and_paywall_notice():
    doc = cleaned(pages.TW_STYLE)
    assert doc.title == pages.TITLE and doc.author == "林晓"
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("caption", pages.TW_CAPTION), ("body", pages.PARA_1), ("body", pages.PARA_2)]


def test_a_photo_credit_after_the_last_paragraph_is_kept_as_its_caption():
    page = pages.PEOPLE_STYLE.replace(pages.PARA_3 + "\n", pages.PARA_3 + "\n\n青山日报发（林晓摄）\n")
    doc = cleaned(page)
    assert [(p.kind, p.text) for p in doc.paragraphs][-2:] == [("body", pages.PARA_3), ("caption", "青山日报发（林晓摄）")]


NOTICE = ("青山县文化局关于图书馆延长开放时间的通告", "发布日期：2023-05-08", pages.PARA_1, pages.PARA_2)


@pytest.mark.parametrize("signature", [
    ("特此通告。", "青山县文化局", "2023年5月6日"),
    ("青山县文化局", "青山县图书馆", "二〇二三年五月六日"),
], ids=["closing-signer-date", "two-signers-numeral-date"])
def test_an_official_documents_signature_is_its_last_lines(signature):
    doc = cleaned("\n\n".join((*NOTICE, *signature, "扫一扫在手机打开当前页", "网站地图 | 联系我们")))
    assert [(p.kind, p.text) for p in doc.paragraphs][-len(signature) - 1 :] == \
        [("body", pages.PARA_2)] + [("body", line) for line in signature]


@pytest.mark.parametrize("tail", [
    ("2023年5月6日",),                         # a date alone: the post's or the next one's
    ("阅读(35) 评论(2)", "2023年5月6日"),       # a counter is no signer
    ("青山县博物馆新展开幕", "2023年5月6日", "青山县文化馆招募志愿者", "2023年5月5日"),  # other stories, dated
    ("青山县文化局", "2023年5月6日 10:30"),     # a post's time, not a day signed
], ids=["date-alone", "counter", "dated-headlines", "timed"])
def test_short_lines_and_a_date_after_the_text_are_no_signature_unless_shaped_as_one(tail):
    doc = cleaned("\n\n".join((*NOTICE, *tail)))
    assert texts(doc)[-1] == pages.PARA_2


def test_a_signature_stays_where_the_tree_reading_leaves_the_short_lines_out():
    from transforms.document import clean_html

    body = "".join(f"<p>{t}</p>" for t in (*NOTICE[2:], "特此通告。", "青山县文化局", "2023年5月6日"))
    markup = f"<html><head><title>{NOTICE[0]}</title></head><body><h1>{NOTICE[0]}</h1><div>{body}</div></body></html>"
    doc = clean_html(markup.encode())
    assert texts(doc)[-3:] == ["特此通告。", "青山县文化局", "2023年5月6日"]


@pytest.mark.parametrize("first, second", [("一、总体目标", "二、开放安排"), ("（一）总体目标", "（二）开放安排"),
                                           ("第一章 总则", "第二章 开放安排"), ("1. 总体目标", "2. 开放安排")])
def test_a_documents_first_part_heading_above_its_first_paragraph_is_kept(first, second):
    doc = cleaned("\n\n".join((NOTICE[0], NOTICE[1], first, pages.PARA_1, second, pages.PARA_2, pages.PARA_3)))
    assert texts(doc)[:2] == [first, pages.PARA_1]


@pytest.mark.parametrize("second", ["（二）开放安排", "开放安排"], ids=["another-form", "no-second-part"])
def test_a_numbered_line_above_the_text_is_left_out_where_no_second_part_follows_in_its_form(second):
    doc = cleaned("\n\n".join((NOTICE[0], NOTICE[1], "一、总体目标", pages.PARA_1, second, pages.PARA_2, pages.PARA_3)))
    assert texts(doc)[0] == pages.PARA_1


def test_a_first_part_heading_stays_where_the_tree_reading_leaves_short_lines_out():
    from transforms.document import clean_html

    body = "".join(f"<p>{t}</p>" for t in ("一、总体目标", pages.PARA_1, "二、开放安排", pages.PARA_2, pages.PARA_3))
    markup = f"<html><head><title>{NOTICE[0]}</title></head><body><h1>{NOTICE[0]}</h1><div>{body}</div></body></html>"
    assert texts(clean_html(markup.encode()))[:2] == ["一、总体目标", pages.PARA_1]


def test_blog_lines_without_punctuation_and_a_trailing_ellipsis_are_kept_but_related_posts_are_not():
    doc = cleaned(pages.BLOG_STYLE)
    assert "".join(texts(doc)).replace(" ", "") == "".join(pages.BLOG_LINES).replace(" ", "")


@pytest.mark.parametrize("page", [pages.FORUM_THREAD, pages.FORUM_PLAIN], ids=["with-buttons", "headers-only"])
def test_a_forum_thread_is_its_opening_post_not_the_longer_reply(page):
    doc = cleaned(page)
    assert texts(doc) == [pages.POST_1, pages.POST_2]
    assert doc.title == "老街改造的几点建议"
    assert doc.author == "老街坊"  # 楼主：老街坊 / 作者：老街坊, without the 发表于 that follows
    assert doc.published_at.date() == datetime(2009, 5, 12).date()


@pytest.mark.parametrize("floor", ["{}F", "{} F"])
def test_a_thread_numbered_by_floors_alone_is_its_opening_post(floor):
    page = (pages.FORUM_PLAIN.replace("作者：老街坊  发表于 2009-5-12 21:33", f"{floor.format(1)} 老街坊 2009-5-12 21:33")
            .replace("河边人 发表于 2009-5-12 22:10", f"{floor.format(2)} 河边人 2009-5-12 22:10")
            .replace("小雨 发表于 2009-5-13 08:02", f"{floor.format(3)} 小雨 2009-5-13 08:02").replace("同意楼上", "同意").replace("楼主说得", "你说得"))
    assert "楼" not in page and texts(cleaned(page)) == [pages.POST_1, pages.POST_2]


def test_comments_under_an_article_end_it_at_the_first_comment_header():
    page = pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", f"河边人 发表于 2023-05-06 10:02\n\n{pages.REPLY_1}\n\n(责编:周明、吴芳)")
    assert texts(cleaned(page)) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


@pytest.mark.parametrize("header", ["《青山县图书馆改造后重新开放》已有2条评论", "共 2 条回复"])
def test_a_comment_sections_count_ends_the_article_before_the_comments_prose(header):
    page = pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", f"{header}\n\n河边人的评论\n\n{pages.REPLY_1}\n\n{pages.PARA_4}")
    assert texts(cleaned(page)) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_comment_sections_header_ends_the_article_in_html_where_its_container_is_left_out():
    from transforms.document import clean_html

    post = "".join(f"<p>{t}</p>" for t in (pages.PARA_1, pages.PARA_2))
    comments = (f'<h3 id="comments">《{pages.TITLE}》已有1条评论</h3><ol class="commentlist"><li><cite>河边人</cite>的评论'
                f"<small>2023-05-07 10:02</small><p>{pages.REPLY_1}</p><p>{pages.PARA_4}</p><p>{pages.PARA_3}</p></li></ol>")
    markup = f"<html><head><title>{pages.TITLE}</title></head><body><h1>{pages.TITLE}</h1><div>{post}</div>{comments}</body></html>"
    doc = clean_html(markup.encode())
    assert texts(doc) == [pages.PARA_1, pages.PARA_2]


def test_an_answer_page_ends_where_the_other_answers_begin():
    page = "\n\n".join(["老街改造该怎么提意见？", "2023-05-06 09:15", pages.POST_1, pages.POST_2, "收藏 举报",
                         "更多回答", "河边人", pages.REPLY_1, pages.REPLY_2, pages.PARA_4])
    assert texts(cleaned(page)) == [pages.POST_1, pages.POST_2]


def test_unlabeled_headlines_of_other_stories_after_the_body_are_not_its_last_paragraphs():
    strip = "\n".join(["青山县图书馆夜间自习区开放，学生排队入场", "河滨公园步道整修完工，周末涌入大批游客",
                       "老街改造方案公示，居民：排水设计要再斟酌，雨季巷子常积水", "台风外围环流影响，北部山区慎防豪雨，气象部门发布预警"])
    doc = cleaned(pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", strip))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]
    # Two such lines are not a list: a short closing paragraph stays.
    two = strip.split("\n")[2:]
    assert texts(cleaned(pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", "\n".join(two))))[-2:] == two


def test_a_blog_post_is_titled_and_dated_by_its_own_lines_not_its_menu_tags_or_comments():
    doc = cleaned(pages.BLOG)
    assert doc.title == "老街的雨季"
    assert doc.published_at == datetime(2009, 5, 12, 21, 33, 5)
    assert texts(doc) == [pages.POST_1, pages.POST_2, pages.REPLY_2]


def test_an_encyclopedia_entry_keeps_lead_and_sections_without_contents_edit_links_or_references():
    doc = cleaned(pages.WIKI)
    assert doc.title == "青山县"
    assert texts(doc) == [pages.WIKI_LEAD, "历史", pages.PARA_1, "地理", pages.PARA_2, "经济", pages.PARA_3]
    assert texts(doc, "heading") == ["历史", "地理", "经济"]
    assert doc.published_at is None  # the reference list's date is not the page's


def test_spaced_credits_and_a_platform_disclaimer_close_a_self_media_article():
    tail = ("作者 林晓 王明\n\n编辑 周明 ｜ 排版 吴芳\n\n“特别声明：以上作品内容(包括在内的视频、图片或音频)为青山网旗下自媒体平台"
            "用户上传并发布，本平台仅提供信息存储空间服务。\n\n[责任编辑：吴芳]")
    doc = cleaned(pages.PEOPLE_STYLE.replace("青山日报记者 林晓\n", "").replace("(责编:周明、吴芳)", tail))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]
    assert doc.author == "林晓、王明" and doc.editor == "吴芳"


@pytest.mark.parametrize("disclaimer", [
    "特别声明：本文为青山号作者上传并发布，仅代表该作者观点。",
    "“特别声明：以上作品内容(包括在内的视频、图片或音频)为青山网旗下自媒体平台“青山号”用户上传并发布，本平台仅提供信息存储"
    "空间服务。Notice: The content above (including the videos, pictures and audios if any) is uploaded and posted by a user.",
], ids=["short", "long"])
def test_a_platform_disclaimer_right_after_the_text_is_not_its_last_paragraph(disclaimer):
    doc = cleaned(pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", disclaimer))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_headline_opening_the_text_with_nothing_above_it_is_the_title():
    headline = "独家／青山县图书馆改造后重新开放，夜间自习区周末一座难求！"  # long enough to read as prose
    doc = cleaned(f"[]\n{headline}\n{pages.PARA_1}\n{pages.PARA_2}\n")
    assert doc.title == headline and texts(doc) == [pages.PARA_1, pages.PARA_2]


def test_a_page_title_naming_only_the_column_and_site_gives_way_to_the_headline_opening_the_text():
    headline = "青山县图书馆改造后重新开放，夜间自习区一座难求"
    doc = cleaned(f"评论——青山新闻网\n\n{headline}\n\n来源：青山日报 发布时间：2023-05-06 09:15\n\n{pages.PARA_1}\n\n{pages.PARA_2}\n")
    assert doc.title == headline and texts(doc) == [pages.PARA_1, pages.PARA_2]


@pytest.mark.parametrize("line", ["['林晓', '王明']", "[]", "立即下载"])
def test_label_lists_and_download_buttons_are_chrome(line):
    assert classify(0, line).kind is LineKind.CHROME


@pytest.mark.parametrize("line", ["404 Not Found", "nginx/1.18.0 (Ubuntu 中文)", "４０４", "页面不存在", "文章已删除", "内容已下线"])
def test_error_debris_passes_its_cheap_precheck(line):
    assert classify(0, line).reason is LineReason.ERROR_DEBRIS


def test_every_toolbar_token_and_meta_key_passes_its_cheap_precheck():
    from transforms.chrome import _TOOL_CHARS
    from transforms.lexicon import TOOLBAR

    for token in (t for tokens in TOOLBAR for t in tokens):
        assert _TOOL_CHARS.fullmatch(token) and _TOOL_CHARS.fullmatch(token.upper()), token
        assert classify(0, f"{token} | {token}").kind is LineKind.CHROME, token
    for line in ("本报记者 林晓", "■ 林晓", "（作者 林晓）", "文/林晓"):
        assert classify(0, line).kind is LineKind.META, line


@pytest.mark.parametrize("tail", [
    "★網友留言規則：請遵守言論自由尺度，勿人身攻擊，違者刪除。\n青山縣舉辦讀書節 民眾踴躍參與，現場氣氛熱絡，攤商生意好",
    "最新\n最多瀏覽\n青山縣舉辦讀書節 民眾踴躍參與，現場氣氛熱絡，攤商生意好",
], ids=["comment-rules", "strip-tabs"])
def test_comment_board_rules_and_headline_tabs_end_the_article(tail):
    assert texts(cleaned(pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", tail))) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_reader_counter_is_chrome():
    assert classify(0, "您是本文第 1234 个阅览者").kind is LineKind.CHROME


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_same_page_in_other_encodings_and_crlf_cleans_the_same(codec):
    reference = cleaned(pages.PEOPLE_STYLE)
    doc = cleaned(pages.PEOPLE_STYLE.replace("\n", "\r\n"), codec)
    assert texts(doc) == texts(reference)
    assert doc.content_hash == reference.content_hash


def test_traditional_big5_page_is_simplified_with_original_kept():
    doc = cleaned(pages.TRADITIONAL, "big5")
    assert doc.script == "traditional" and doc.encoding in ("big5", "cp950")
    assert doc.paragraphs[0].text.startswith("县图书馆近日完成了老馆改造工程")
    assert doc.paragraphs[0].text_original.startswith("縣圖書館近日完成了老館改造工程")
    assert doc.author == "林晓"  # from the (作者:…) note line, in Simplified


def test_author_note_glued_to_the_last_paragraph_is_cut_and_names_the_author():
    doc = cleaned(pages.TRADITIONAL_GLUED_NOTE, "big5")
    assert doc.author == "林晓"
    assert doc.paragraphs[-1].text.endswith("已全部采纳。") and doc.paragraphs[-1].text_original.endswith("已全部採納。")


@pytest.mark.parametrize("page, reason", [(pages.ERROR_ONLY, RejectReason.ERROR_PAGE), (pages.CHROME_ONLY, RejectReason.CHROME_ONLY)])
def test_pages_without_an_article_are_rejected_with_a_reason(page, reason):
    result = clean(page.encode("utf-8"))
    assert isinstance(result, Reject) and result.reason == reason


def test_text_lost_to_replacement_characters_is_rejected_but_a_few_marks_are_not():
    lost = "".join("\ufffd\ufffd" + ch for ch in pages.PARA_1[:200])  # a scraper's wrong-codec save
    result = clean(lost.encode("utf-8"))
    assert isinstance(result, Reject) and result.reason is RejectReason.GARBLED and "U+FFFD" in result.message
    assert pages.PARA_1[:12] in pages.PEOPLE_STYLE
    marked = pages.PEOPLE_STYLE.replace(pages.PARA_1[:12], pages.PARA_1[:10] + "\ufffd\ufffd", 1)
    assert isinstance(clean(marked.encode("utf-8")), Document)


@pytest.mark.parametrize(
    "line, kind",
    [
        ("【放大字体】 【恢复字体】 【缩小字体】 【我要打印】", LineKind.CHROME),
        ("首页 > 时政要闻 > 正文", LineKind.CHROME),
        ("分享到： 微信 微博 QQ空间", LineKind.CHROME),
        ("返回顶部", LineKind.CHROME),
        ("调查问题加载中，请稍候。", LineKind.CHROME),
        ("请继续往下阅读...", LineKind.CHROME),
        ("为获得最佳浏览效果，建议使用新版浏览器访问本站。", LineKind.CHROME),
        ("专家建议用户及时升级浏览器，以防范新发现的安全漏洞。", LineKind.BODY),
        ("用微信扫描二维码", LineKind.CHROME),
        ("免责声明：本文来自青山号自媒体，不代表青山网的观点和立场。", LineKind.STOP),
        ("他说，这一说法并不代表政府的观点，只是个人看法，希望大家理性看待。", LineKind.BODY),
        ("nginx/1.18.0", LineKind.CHROME),
        ("相关新闻", LineKind.STOP),
        ("Copyright © 2023 青山网 版权所有 京ICP备00000000号", LineKind.STOP),
        ("（责编:周明）", LineKind.STOP),
        ("2023年05月06日 11:26 阅读:2310 来源:青山日报 收藏本文", LineKind.META),
        (pages.PARA_1, LineKind.BODY),
        ("强化服务功能 打造书香青山", LineKind.SHORT),
        ("|回复", LineKind.STOP),  # a comment board's buttons end the article
        ("+1顶51 | +1踩0", LineKind.STOP),
        ("3楼 回复 举报", LineKind.STOP),
        ("举报", LineKind.SHORT),  # alone it is any page's toolbar button, not the end of the article
        ("他回复群众来信说，问题已经解决。", LineKind.BODY),
        ("赞 0", LineKind.SHORT),  # an article's like button, not a comment board
        ("青山县文化馆供稿 摄影/张艳 编辑/苏芳", LineKind.STOP),
        ("字级设定：小中大特", LineKind.CHROME),
        ("自杀防治咨询安心专线：0800-000000；生命线协谈专线：1995", LineKind.STOP),
        ("转载请注明：青山县图书馆改造完成 | 青山日报", LineKind.STOP),
        ("页面功能 【我来说两句】【纠错】【推荐】【字体：大 中 小】【打印】 【关闭】", LineKind.CHROME),  # buttons, bracketed
        ("【编者按】【导读】【正文】", LineKind.SHORT),  # three bracketed words are not yet a bar
        ("【编者按】图书馆改造完成后，我们走访了几位老读者，请他们谈谈感受。", LineKind.BODY),
        ("《青山县图书馆改造后重新开放》已有3条评论", LineKind.STOP),  # a comment section's count
        ("共 12 条回复", LineKind.STOP),
        ("截至发稿，该帖已有3000条评论。", LineKind.BODY),
        ("更多回答", LineKind.STOP),  # a question's other answers follow the page's own
        ("页面功能??【我来说两句】【纠错】【推荐】【字体：大?中?小】【打印】?【关闭】", LineKind.CHROME),  # marks between
        ('<SCRIPT LANGUAGE="JavaScript" SRC="http://ad.example.com/show?site=qs|book&js=on"></SCRIPT>', LineKind.CHROME),
        ('<span class="date-wrap">', LineKind.CHROME),  # a dump's kept markup, nothing outside the tags
        ("阅读┊评论┊收藏┊转载┊喜欢▼┊打印┊举报", LineKind.CHROME),  # a blog's bar: short words between bars
        ("阅读全文(736) | 回复(0) | 引用(1)", LineKind.CHROME),
        ("北京 | 上海", LineKind.SHORT),  # two words are not yet a bar
        ("青山县图书馆 | 青山县文化馆 | 青山县博物馆", LineKind.SHORT),  # names, not a bar's words
        ("后一篇：秋天的枫叶营地", LineKind.CHROME),  # a blog's link to its next post
        ("19:02", LineKind.CHROME),  # a time or a month/day alone is a share bar's stamp, never a heading
        ("09/07", LineKind.CHROME),
        ("2:1", LineKind.SHORT),  # a score
    ],
)
def test_line_classification(line, kind):
    assert classify(0, line).kind is kind


def test_pathological_lines_are_classified_not_hung_on():
    # Regression: nested quantifiers once backtracked for minutes on long digit runs.
    for line in ("1" * 5000, "<" * 3000 + "1" * 3000, "首页|" * 2000, "【1】" * 2000, "12345678901234"):
        assert classify(0, line).kind in (LineKind.SHORT, LineKind.CHROME)


@pytest.mark.parametrize("line", ["图为志愿者在社区开展便民服务。", "小读者在新馆阅览区看书。 记者林晓／摄影 分享",
                                  "县图书馆新馆外景。（青山县图书馆供图）"])
def test_marked_captions_are_kept_apart(line):
    doc = cleaned(pages.PEOPLE_STYLE.replace(pages.PARA_2, line + "\n\n" + pages.PARA_2))
    assert [p.text for p in doc.paragraphs if p.kind == "caption"] == [line]
    assert [p.text for p in doc.paragraphs if p.kind == "body"] == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_contents_page_of_headlines_is_a_list_document_without_its_menu():
    headlines = [f"第{i}篇：青山县推进乡村文化振兴的实践与思考" for i in range(14)]
    menu = "\n\n".join(["首页", "新闻", "图片", "视频", "English", "检索"])
    result = clean((f"{menu}\n\n青山文化第3期目录\n\n" + "\n\n".join(f"{h}\n\n张三" for h in headlines) + "\n").encode())
    assert isinstance(result, Document) and result.page_type == "list" and result.title == "青山文化第3期目录"
    assert [p.text for p in result.paragraphs] == [x for h in headlines for x in (h, "张三")]
    assert {p.kind for p in result.paragraphs} == {"heading"}
    assert clean(pages.PEOPLE_STYLE.encode()).page_type == "article"
    assert clean(pages.CHROME_ONLY.encode()).reason is RejectReason.CHROME_ONLY  # a few menu words are not a list


def test_lines_without_sentences_read_as_an_article_are_a_list_of_headlines():
    # Two headlines to a line, as a column index saved as text puts them: no clause marks.
    headlines = ["青山县图书馆新馆开放 读者排队入馆 夜间自习区每晚开放到十点半", "乡村流转点建成三十个 借书不出村 偏远村庄年底前全部覆盖",
                 "少儿阅览区扩建完成 座位增至两百 周末亲子共读活动报名开始", "电子资源平台上线 外文期刊可在线读 读者证号即可登录使用",
                 "全民阅读月活动启动 百场讲座进社区 名家领读经典系列开讲"]
    result = clean("\n\n".join([pages.TITLE, "2023-05-06 09:15", *headlines]).encode())
    assert isinstance(result, Document) and result.page_type == "list", result
    assert [result.title] + [p.text for p in result.paragraphs] == headlines  # kept, as a list
    one_sentence = headlines[:-1] + ["全民阅读月活动启动，百场讲座进社区 名家领读经典系列开讲"]  # a single clause mark is still no prose
    assert clean("\n\n".join([pages.TITLE, *one_sentence]).encode()).page_type == "list"  # type: ignore[union-attr]
    prose = headlines[:-2] + [pages.PARA_1]  # one real paragraph makes it an article
    assert clean("\n\n".join([pages.TITLE, *prose]).encode()).page_type == "article"  # type: ignore[union-attr]


REPLY_INDEX = [
    "馆里的自习区晚上几点关门？周末是不是也开放到十点呢？【书虫一号】05-06 16:06 298字 [432/8]",
    "我去看过了，新座位确实多了不少，环境也比以前安静多了。【青山读者】05-06 16:58 138字 [140/0]",
    "希望电子资源能多一些外文期刊，现在的数据库还是太少了。【夜读人】05-06 17:03 80字 [176/0]",
    "给图书馆点个赞，孩子放学后终于有地方写作业了！【家长王某】05-06 17:20 124字 [137/0]",
    "偏远村子的流转点什么时候能建好？我们村还没有看到通知。【山里人】05-07 09:45 315字 [155/0]",
]


def test_a_run_of_lines_each_ending_in_a_time_is_a_listing_not_the_article():
    doc = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "回复列表：", *REPLY_INDEX]))
    assert texts(doc) == [pages.PARA_1, pages.PARA_2]
    assert doc.dropped_lines[LineReason.LISTING.value] == len(REPLY_INDEX)


def test_three_lines_ending_in_a_time_are_not_yet_a_listing():
    doc = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, *REPLY_INDEX[:3]]))
    assert REPLY_INDEX[0] in "".join(texts(doc))


def test_a_story_closed_by_its_end_mark_is_not_continued_and_a_long_disclaimer_ends_the_text():
    # the last paragraph has no sentence end of its own: （完） finishes it
    closed = "下一步，图书馆将联合各乡镇文化站建立图书流转机制，让偏远村庄的群众也能借到新书（完）"
    note = "编后：一座图书馆的夜晚，照见的是一座县城对阅读的珍视，也照见了公共服务的温度。"
    terms = ("免责声明：本栏目内容均由合作方提供，版权归原作者所有，转载请联系原作者并获得许可。文章观点仅代表作者本人，"
             "不代表本平台立场。若内容涉及投资建议，仅供参考，不作为投资依据。投资有风险，入市需谨慎。")
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, closed, note, terms, "相关阅读"]))
    assert texts(page) == [pages.PARA_1, closed, note]


@pytest.mark.parametrize("promotion", [
    "更多精彩内容，请关注青山日报微信公众号。",     # a channel, a promise, the reader addressed
    "关注青山日报微信",                          # opening with the ask
    "更多文章，都在青山新闻APP。",
    "“年度人物评选”火热进行中！【点击投票】选出你心中的人物",  # a bracketed ask anywhere on a short line
    "👉 关注青山日报微信",                        # the ask after a pointing mark
    "点我下载APP",
    "看更多青山新闻报导",                         # a link to more stories
    "点我看更多",
    "►快加入青山新闻 LINE好友！",                  # an outlet's official account, urged after a pointer
    "最热话题在这！想跟上时事，点我加入青山新闻LINE好友！",
    "📌 订阅青山新闻 Google News",
    "►掌握最新消息 快加入青山新闻官方粉丝团",
    "欢迎订阅青山新闻YouTube频道",
    "▼更多新闻请点这里",                          # more stories, after a pointer
    "[广告] 请继续往下阅读..",
])
@pytest.mark.parametrize("where", ["between paragraphs", "after the text"])
def test_a_line_sending_the_reader_to_the_outlets_channels_is_no_paragraph(promotion, where):
    body = [pages.PARA_1, promotion, pages.PARA_2] if where == "between paragraphs" else [pages.PARA_1, pages.PARA_2, promotion]
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", *body]))
    assert texts(page) == [pages.PARA_1, pages.PARA_2]


@pytest.mark.parametrize("headline", [
    "抖音上线新功能，更多用户可直播",       # a channel and a promise, but speaking to no one
    "下载量破亿的APP为何被下架",            # the ask opening a count (下载量), not the reader
    "分享到朋友圈的文章为何被删了？",       # a question
    "【关注】青山县政务公众号上线",          # a column's tag, not a bracketed ask
    "青山新闻LINE好友破百万",               # an outlet's channel, but no ask
])
def test_a_headline_about_a_channel_is_no_promotion(headline):
    assert classify(0, headline).reason is not LineReason.PROMOTION
    page = cleaned("\n\n".join([headline, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2]))
    assert page.title == headline


@pytest.mark.parametrize("tail", ["本文来源于网络，如有侵权请联系删除。", f"本文经授权转载自青山文化\n\n{pages.PARA_3}", f"大家都爱看\n\n{pages.PARA_3}",
                                  f"今日热门\n\n{pages.PARA_3}"])
def test_a_takedown_notice_and_a_recommended_list_heading_end_the_text(tail):
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2, tail]))
    assert texts(page) == [pages.PARA_1, pages.PARA_2]


@pytest.mark.parametrize("reminder", ["☆青山时报电子报提醒您：酒后不开车，安全有保障", "★青山新闻提醒您：珍惜生命",
                                      "《青山》关心你", "※以上言论不代表青山媒体集团立场※"])
def test_an_outlets_reminder_to_the_reader_ends_the_text(reminder):
    assert classify(0, reminder).kind is LineKind.STOP
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2, reminder]))
    assert texts(page) == [pages.PARA_1, pages.PARA_2]


def test_a_reminder_by_anyone_but_an_outlet_stays_a_paragraph():
    advice = "医生提醒您：运动前要充分热身，运动后及时补充水分。"
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, advice, pages.PARA_2]))
    assert texts(page) == [pages.PARA_1, advice, pages.PARA_2]


def test_a_sentence_of_the_text_naming_a_channel_stays_a_paragraph():
    notice = "请广大读者关注青山县图书馆微信公众号，及时了解夜间自习区的开放时间和预约办法。"
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, notice, pages.PARA_2]))
    assert texts(page) == [pages.PARA_1, notice, pages.PARA_2]


EXCERPTS = [("秋天的枫叶营地", "2013-12-28 10:28", pages.PARA_1), ("冬日里的温泉小镇", "2013-12-20 09:15", pages.PARA_2),
            ("第一次带狗狗露营", "2013-12-12 21:40", pages.PARA_3)]


SHORT_EXCERPTS = ["期盼下的天空终于放晴，没有缺席的蓝天还是准时赴约，两天一夜的露营收获满满。",
                  "冬天最适合泡汤了，这次我们来到山里的温泉小镇，住在溪边的小民宿。",
                  "肉肉第一次跟着我们去露营，一开始还有点紧张，后来就在草地上跑来跑去。"]


@pytest.mark.parametrize("excerpts, trail", [([text for _, _, text in EXCERPTS], ["旅行 露营"]), (SHORT_EXCERPTS, [])],
                         ids=["long", "short"])
def test_a_blogs_front_page_of_excerpts_is_a_list_not_an_article(excerpts, trail):
    # long excerpts: the text found runs over the links (a tag line after each excerpt); short
    # ones: it is the first excerpt, closed by its link
    items = [line for (title, when, _), text in zip(EXCERPTS, excerpts)
             for line in (title, when, text, *trail, "阅读全文(23) | 评论(1) | 收藏")]
    page = cleaned("\n\n".join(["小林的旅行日记_青山博客", "小林的旅行日记", "首页 博文目录 图片 关于我", *items]))
    assert page.page_type == "list"


@pytest.mark.parametrize("after", [
    ["展开全文"],                                                             # one expand button: the article's own
    [line for title, _, _ in EXCERPTS for line in (title, "阅读全文")],        # other stories' links after the text
    [line for (title, _, _), text in zip(EXCERPTS, SHORT_EXCERPTS) for line in (title, text, "阅读全文")],  # and excerpts
])
def test_an_article_with_read_more_links_after_it_stays_an_article(after):
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2, *after]))
    assert page.page_type == "article" and texts(page)[:2] == [pages.PARA_1, pages.PARA_2]


def test_a_one_paragraph_article_closed_by_its_expand_button_stays_an_article():
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, "展开全文"]))
    assert page.page_type == "article" and texts(page) == [pages.PARA_1]


ANNEX = ("三、联系方式", "联系人：王明", "联系电话：0000-1234567", "附件：1. 开放时间调整表", "2. 读者意见汇总")


def test_an_annex_between_the_text_and_the_signature_is_part_of_the_document():
    signature = ("青山县文化局", "2023年5月6日")
    doc = cleaned("\n\n".join((*NOTICE, *ANNEX, *signature, "扫一扫在手机打开当前页", "网站地图 | 联系我们")))
    assert texts(doc)[-len(ANNEX) - len(signature) - 1 :] == [pages.PARA_2, *ANNEX, *signature]


def test_an_annex_stays_where_the_tree_reading_leaves_its_short_lines_out():
    from transforms.document import clean_html

    body = "".join(f"<p>{t}</p>" for t in (*NOTICE[2:], *ANNEX, "青山县文化局", "2023年5月6日"))
    markup = f"<html><head><title>{NOTICE[0]}</title></head><body><h1>{NOTICE[0]}</h1><div>{body}</div></body></html>"
    doc = clean_html(markup.encode())
    assert texts(doc)[-len(ANNEX) - 2 :] == [*ANNEX, "青山县文化局", "2023年5月6日"]


def test_an_annex_without_a_signature_under_it_is_not_taken():
    doc = cleaned("\n\n".join((*NOTICE, *ANNEX[1:], "网站地图 | 联系我们")))
    assert texts(doc)[-1] == pages.PARA_2


HEADLINES = ["城南老街改造工程正式启动", "青山镇茶农迎来丰收年景", "县医院新门诊楼投入使用", "第二届读书节开幕万人参与",
             "夜间公交线路延长至十一点"]


@pytest.mark.parametrize("record", [
    lambda i, h, t: [h, t, f"2023-05-0{i + 1}"],                                          # headline, teaser, date
    lambda i, h, t: [h, t, f"news.qingshan.example/2023/05/{i}.html 2023-05-0{i + 1}"],  # a search result
])
def test_records_of_a_headline_a_teaser_and_a_date_list_other_pages(record):
    teasers = [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4, pages.PARA_1]
    body = [line for i, (h, t) in enumerate(zip(HEADLINES, teasers)) for line in record(i, h, t)]
    result = clean("\n\n".join(["社会新闻_青山网", "首页 | 新闻 | 社会", *body, "上一页 1 2 3 下一页"]).encode())
    assert not isinstance(result, Document) or result.page_type == "list" or not result.paragraphs


def test_a_chronicle_whose_entries_open_with_their_date_stays_an_article():
    body = [line for i, t in enumerate([pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4])
            for line in (f"2023-05-0{i + 1}", HEADLINES[i], t)]
    page = cleaned("\n\n".join([pages.TITLE, *body]))
    assert [p.text for p in page.paragraphs if p.kind == "body"] == [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4]


def test_records_of_a_name_a_post_and_its_time_are_a_threads_posts():
    replies = [pages.PARA_2, pages.PARA_3, pages.PARA_4, pages.PARA_2]
    body = [line for i, (name, text) in enumerate(zip(["河边人", "老张", "小溪", "山里人", "云中鹤"], [pages.PARA_1, *replies]))
            for line in (name, text, f"2023-05-06 1{i}:20")]
    page = cleaned("\n\n".join([pages.TITLE, pages.TITLE, *body]))
    assert (texts(page), page.author, page.published_at) == ([pages.PARA_1], "河边人", datetime(2023, 5, 6, 10, 20))


@pytest.mark.parametrize("sections", [
    # dated sections longer than a record (a diary's days)
    [line for i, h in enumerate(HEADLINES[:4]) for line in (h, pages.PARA_1, pages.PARA_2, pages.PARA_3, f"2023-05-0{i + 1}")],
    # paragraphs that close with their own date
    [line for i, h in enumerate(HEADLINES[:4]) for line in (h, f"{pages.PARA_1[:-1]}（2023-05-0{i + 1}）")],
    # records of differing lengths: no stride
    [line for i, h in enumerate(HEADLINES[:4]) for line in (h, *[pages.PARA_2] * (1 + i % 2), f"2023-05-0{i + 1}")],
])
def test_dated_sections_of_an_article_are_no_list(sections):
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15 来源：青山日报", *sections]))
    assert pages.PARA_2 in texts(page) or pages.PARA_1[:-1] in texts(page)[0]


def test_records_are_found_at_one_stride_of_at_most_a_few_lines():
    from transforms.article import _strided_runs
    assert _strided_runs([0, 3, 6, 9, 12]) == [[0, 3, 6, 9, 12]]
    assert _strided_runs([0, 3, 7, 10, 13, 16]) == [[7, 10, 13, 16]]  # the stride broken: a run from there
    assert _strided_runs([0, 6, 12, 18]) == []                          # records longer than MAX_RECORD_LINES
    assert _strided_runs([0, 3, 6]) == []                               # under LISTING_RUN_MIN


def dump_with(*middle: str, after: tuple[str, ...] = (pages.PARA_2, pages.PARA_3)) -> Document:
    return cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, *middle, *after]))


# the last reads as prose (a space, and long enough), but ends no sentence
BOX_HEADLINES = ("青山县第1届读书节开幕 万人参与", "青山县第2届读书节闭幕", "乡镇文化站添新书", "青山县图书馆夜间自习区开放首月 到馆学生超过三千人次")
TEASER = "专家指出，屋龄超过三十年的公寓管线多已老化，应尽快全面检修。"  # short, but a sentence
CUT_TEASER = "青山县图书馆改造工程历时八个月，新增座位三百余个，夜间自习区每晚开放至十点，周末延长至十一点"


@pytest.mark.parametrize("heading, items", [("延伸阅读", 1), ("【相关新闻】", 2), ("〈编辑推荐〉", 4), ("相关报道：", 3), ("►今日最新：", 2)])
def test_a_related_stories_box_between_paragraphs_of_a_dump_is_left_out_and_the_text_goes_on(heading, items):
    doc = dump_with(heading, *BOX_HEADLINES[:items])
    assert texts(doc) == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


@pytest.mark.parametrize("middle, after", [
    (("相关新闻",), (TEASER, pages.PARA_2, pages.PARA_3)),                     # sentences right under it may be teasers
    (("相关新闻", CUT_TEASER), (pages.PARA_2, pages.PARA_3)),                  # a long line is a teaser, cut or not
    (("相关新闻", BOX_HEADLINES[0]), (pages.PARA_2, BOX_HEADLINES[3], pages.PARA_3)),  # headline, teaser, headline ...
    (("相关新闻", BOX_HEADLINES[0]), (pages.PARA_2,)),                          # one teaser, then the page ends
    (("相关新闻", *BOX_HEADLINES[:3], *BOX_HEADLINES[:2]), (pages.PARA_2, pages.PARA_3)),  # too long a list for a box
    (("热门评论", "网友小王："), (pages.PARA_2, pages.PARA_3)),          # comments, not stories
])
def test_a_related_stories_heading_in_a_dump_over_anything_else_ends_the_text(middle, after):
    assert texts(dump_with(*middle, after=after)) in ([pages.PARA_1], list(after))


def test_a_box_in_a_dump_must_follow_a_sentence():
    # under a line that ends no sentence (a headline of the list above), the heading ends the text
    doc = dump_with(BOX_HEADLINES[3], "延伸阅读", BOX_HEADLINES[1])
    assert texts(doc) in ([pages.PARA_1], [pages.PARA_2, pages.PARA_3])


UNDATED_HEADLINES = [*HEADLINES, "青山一中举办第十届科技节", "乡村公路提质改造全部完成"]
TEASERS = [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4] * 2


def undated_records(count: int, heads: list[str] = UNDATED_HEADLINES) -> list[str]:
    return [line for h, t in zip(heads[:count], TEASERS) for line in (h, t)]


@pytest.mark.parametrize("heading", [(), ("社会新闻",)])  # the column's name over them, as in the <title>
def test_six_undated_records_of_a_headline_and_a_teaser_list_other_pages(heading):
    result = clean("\n\n".join(["青山网_社会新闻", "首页 | 新闻 | 社会", *heading, *undated_records(6), "上一页 1 2 3 下一页"]).encode())
    assert not isinstance(result, Document) or result.page_type == "list" or not result.paragraphs


@pytest.mark.parametrize("lines", [
    ["青山网_社会新闻", *undated_records(5)],                                   # too few to say so
    [pages.TITLE, "2023-05-06 09:15", pages.TITLE, *undated_records(6)],        # the page's own headline over them: its parts
    [f"青山网_{pages.TITLE}", "首页 | 新闻", pages.TITLE, *undated_records(6)],   # the same, the site named first
    ["青山网_社会新闻", *undated_records(6, [f"{n}、{h}" for n, h in zip("一二三四五六", UNDATED_HEADLINES)])],  # numbered parts
    ["青山网_社会新闻", *[line for h in UNDATED_HEADLINES[:6] for line in (h, pages.PARA_1, pages.PARA_2)]],  # two paragraphs each
    ["青山网_社会新闻", *[line for h in UNDATED_HEADLINES[:6] for line in (h, pages.PARA_2 + "另据介绍")]],  # no sentence ended
    ["青山网_访谈", *[line for i in range(6) for line in (("记者：", "林馆长：")[i % 2], TEASERS[i])]],  # an interview's turns
])
def test_headlines_over_paragraphs_that_are_not_records_of_a_list_stay_the_text(lines):
    assert any(pages.PARA_2 in text for text in texts(cleaned("\n\n".join(lines))))


@pytest.mark.parametrize("opening", [
    ["远上青山石径斜，", "白云深处有人家。", "停车坐爱枫林晚，", "霜叶红于二月花。"],   # a poem's lines
    ["“老人家，这茶种了多少年了？”", "“三百多年喽。”", "“那您家种了几代了？”", "“第七代。”"],  # a dialogue, prose above it
    ["问：青山镇在哪里？", "答：在青河中游。"],                                    # questions and answers
    ["女士们、先生们：", "很高兴又一次和大家见面。"],                                # a speech's lead-in
    ["做法如下：", "1. 茶叶洗净，晾干。", "2. 小火慢炒。"],                           # steps under their lead-in
])
def test_short_lines_ending_clauses_right_above_the_text_are_its_own(opening):
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", *opening, pages.PARA_1, pages.PARA_2]))
    assert "".join(texts(page)) == "".join([*opening, pages.PARA_1, pages.PARA_2])


@pytest.mark.parametrize("above", [
    ("正文：",),                         # a label ends in a colon too
    ("首页 新闻 图片",),                  # a menu ends no clause
    ("青山县图书馆夜间开放了吗？",),       # the title, asking, right over the text
    ("青山县：图书馆夜间开放了！",),       # the same, a mark inside
    ("白云深处有人家。", "更多精彩内容，请关注青山日报微信公众号。"),  # chrome, however it ends, and what is over it
])
def test_lines_right_above_the_text_that_end_no_clause_of_it_stay_out(above):
    # (a <title> line naming the site first: the headline does not open it)
    title = f"青山网_{above[0]}" if above[0].startswith("青山县") else f"{pages.TITLE}_青山网"
    page = cleaned("\n\n".join([title, *above, pages.PARA_1, pages.PARA_2]))
    assert texts(page) == [pages.PARA_1, pages.PARA_2]


def test_a_headline_crying_out_right_above_the_text_is_its_title_not_its_first_line():
    page = cleaned("\n\n".join(["青山网_新闻中心", "首页 新闻 图片", "图书馆开放啦！", pages.PARA_1, pages.PARA_2]))
    assert (page.title, texts(page)) == ("图书馆开放啦！", [pages.PARA_1, pages.PARA_2])


def test_a_lead_in_taken_above_the_text_is_never_its_title():
    page = cleaned("\n\n".join([pages.TITLE, "女士们、先生们：", pages.PARA_1, pages.PARA_2]))
    assert (page.title, texts(page)) == (pages.TITLE, ["女士们、先生们：", pages.PARA_1, pages.PARA_2])


def test_a_title_line_naming_the_site_first_ends_with_the_headline_over_the_text():
    headline = "青山县图书馆夜间开放了吗？"
    page = cleaned("\n\n".join([f"青山网_{headline}", headline, pages.PARA_1, pages.PARA_2]))
    assert (page.title, texts(page)) == (headline, [pages.PARA_1, pages.PARA_2])


def test_a_line_that_is_only_the_tail_of_the_title_line_is_not_its_headline():
    title = "青山县关于图书馆延长开放时间的通知"
    page = cleaned("\n\n".join([title, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "图书馆延长开放时间的通知"]))
    assert (page.title, texts(page)) == (title, [pages.PARA_1, pages.PARA_2])


@pytest.mark.parametrize("closing", [
    ["远上青山石径斜，", "白云深处有人家。", "停车坐爱枫林晚，", "霜叶红于二月花。"],   # a poem's lines
    ["“三百多年喽。”", "“那您家种了几代了？”", "“第七代。”"],                       # a dialogue's
    ["做法如下：", "1. 茶叶洗净，晾干。", "2. 小火慢炒。"],                          # steps under their lead-in
])
def test_short_lines_ending_clauses_right_under_the_text_are_its_own(closing):
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, *closing, "分享到：微信 微博"]))
    assert "".join(texts(page)) == "".join([pages.PARA_1, pages.PARA_2, *closing])


@pytest.mark.parametrize("under", [
    ["图书馆开放啦！", "读书节来了！", "新书到了！"],                     # headlines crying out
    ["本文版权归青山日报所有，未经授权不得转载。", "远上青山石径斜，"],      # a footer, however it ends, and what follows
    ["更多精彩：", "首页 新闻 图片"],                                       # a colon leading to no clause
])
def test_lines_right_under_the_text_that_are_no_clauses_of_it_stay_out(under):
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, *under]))
    assert texts(page) == [pages.PARA_1, pages.PARA_2]


CAPTION_LINES = ("青山县图书馆夜间自习区座无虚席，不少附近中学的学生放学后就", "来到这里，一直学习到闭馆。")


def test_lines_held_together_over_a_pictures_credit_are_its_caption():
    # hard-wrapped over its credit, on a page that puts blank lines between paragraphs
    caption = "\n".join([*CAPTION_LINES, "（读者提供）"])
    page = cleaned("\n\n".join([f"{pages.TITLE}_青山网", pages.TITLE, "2023-05-06 09:15", caption, f"（青山社记者林晓青山6日电）{pages.PARA_1}",
                                pages.PARA_2, pages.PARA_3]))
    assert [p.kind for p in page.paragraphs] == ["caption"] * 3 + ["body"] * 3
    assert page.author == "林晓"  # the dateline under the captions still opens the text


def test_a_credit_apart_from_the_paragraph_above_it_captions_only_itself():
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, "（读者提供）", pages.PARA_2, pages.PARA_3]))
    assert [(p.kind, p.text) for p in page.paragraphs][:2] == [("body", pages.PARA_1), ("caption", "（读者提供）")]


@pytest.mark.parametrize("above, sep", [
    ((pages.PARA_1, "\n".join([*CAPTION_LINES, "（读者提供）"])), "\n\n"),       # a paragraph over the caption's lines
    ((pages.PARA_1 + pages.PARA_4 + pages.PARA_3 + "\n（读者提供）",), "\n\n"),  # a paragraph longer than any caption
    ((pages.PARA_1, "（读者提供）"), "\n"),                                       # no blank lines: nothing held together
])
def test_a_paragraph_over_a_credit_outside_its_captions_block_stays_text(above, sep):
    page = cleaned(sep.join([f"{pages.TITLE}_青山网", pages.TITLE, "2023-05-06 09:15", *above, pages.PARA_2, pages.PARA_3]))
    assert [p.kind for p in page.paragraphs if p.text.startswith(pages.PARA_1[:10])] == ["body"]


def test_a_byline_opening_the_fourth_paragraph_is_not_the_texts():
    page = cleaned("\n\n".join([pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, pages.PARA_3,
                                f"（青山社记者林晓青山6日电）{pages.PARA_4}"]))
    assert page.author is None


def test_a_wire_photos_credit_with_its_day_is_a_caption():
    credit = "青山社记者林晓青山传真 112年5月6日"  # the day in the Republic's years, as Taiwan's wire prints it
    page = cleaned("\n\n".join([f"{pages.TITLE}_青山网", pages.TITLE, "2023-05-06 09:15", pages.PARA_1, credit, pages.PARA_2]))
    assert ("caption", credit) in [(p.kind, p.text) for p in page.paragraphs]
