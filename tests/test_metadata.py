"""Bylines and dates as unseen sites print them (made-up pages; one form each)."""
from datetime import datetime

import pytest

from tests import pages
from transforms.dates import date_in_url, parse_date
from transforms.document import Document, clean


def doc(*lines: str) -> Document:
    result = clean("\n\n".join(lines).encode("utf-8"))
    assert isinstance(result, Document), result
    return result


@pytest.mark.parametrize("text, when", [
    ("2023-05-06 09:15", datetime(2023, 5, 6, 9, 15)),
    ("2024年5月20日週一 下午2:05", datetime(2024, 5, 20, 14, 5)),
    ("7/5/2005 9:23:57 PM", datetime(2005, 7, 5, 21, 23, 57)),
    ("发表于 2005-9-15 11:46:00", datetime(2005, 9, 15, 11, 46)),
    ("十一月 6th, 2009", datetime(2009, 11, 6)),
    ("Posted on Nov 6, 2009", datetime(2009, 11, 6)),
    ("二〇二三年五月二十六日", datetime(2023, 5, 26)),
    ("民國112年5月6日", datetime(2023, 5, 6)),
    ("112年12月1日", datetime(2023, 12, 1)),
    ("3小时前", None),
    ("09:15 2023/05/06 青山时报", datetime(2023, 5, 6, 9, 15)),      # the time before the date
    ("下午 2:05 2023年5月6日", datetime(2023, 5, 6, 14, 5)),
    ("评论 3 2023-05-06", datetime(2023, 5, 6)),                     # a count before it is no time
    ("08:00 2023-05-06 10:20", datetime(2023, 5, 6, 10, 20)),        # a time after it is the date's
])
def test_date_forms(text, when):
    assert parse_date(text) == when


@pytest.mark.parametrize("url, when", [
    ("https://finance.qingshan.example/roll/2018-12-28/doc-ihqfsk2160999.shtml", datetime(2018, 12, 28)),
    ("http://www.qingshan.example/world/2019-12/10/c_1125328412.htm", datetime(2019, 12, 10)),
    ("http://qingshan.example/2019/09/07/story.html", datetime(2019, 9, 7)),
    ("https://www.qingshan.example/news/20171209/1069025.htm", datetime(2017, 12, 9)),
    ("https://www.qingshan.example/yaowen/202205/t20220507_190989.html", datetime(2022, 5, 7)),
    ("https://www.qingshan.example/news/asoc/201603190029.aspx", datetime(2016, 3, 19)),  # the day, then the story's number
    ("https://udn.qingshan.example/news/story/7315/3705102", None),
    ("http://qingshan.example/news/20191399.html", None),     # no such day
    ("http://qingshan.example/a/2019090712.html", None),      # a number that only starts like a day
    ("http://20190907.qingshan.example/a", None),              # the host is no date
])
def test_a_date_in_the_pages_address(url, when):
    assert date_in_url(url) == when


def test_a_date_line_under_the_title_is_the_date_not_the_title():
    page = doc(pages.TITLE, "二〇二三年五月六日", pages.PARA_1, pages.PARA_2)
    assert page.title == pages.TITLE and page.published_at == datetime(2023, 5, 6)


def test_the_date_after_the_publication_key_wins_on_a_line_with_two():
    assert doc(pages.TITLE, "更新时间：2023-05-08 10:00 发布时间：2023-05-06 09:15", pages.PARA_1,
               pages.PARA_2).published_at == datetime(2023, 5, 6, 9, 15)


def test_a_reference_list_ends_the_article_and_its_dates_are_not_the_page_date():
    page = doc(pages.TITLE, pages.PARA_1, pages.PARA_2, "参考文献", "[1] 林晓. 县级图书馆的夜间开放[J]. 2019-03-01.")
    assert [p.text for p in page.paragraphs] == [pages.PARA_1, pages.PARA_2] and page.published_at is None


def test_a_date_split_over_lines_is_read():
    assert doc(pages.TITLE, "2014年", "03月", "20日", "00:43", pages.PARA_1, pages.PARA_2).published_at == \
        datetime(2014, 3, 20, 0, 43)


@pytest.mark.parametrize("closing, when", [("", datetime(2019, 9, 7, 19, 2)),
                                           ("（更新于13/02/2019）", datetime(2019, 7, 9, 19, 2))])
def test_a_year_printed_over_its_month_and_day_is_read(closing, when):
    # a share bar's 2019 / 09/07 / 19:02; a page that writes 13/02/2019 reads 09/07 day first
    page = doc(pages.TITLE, "2019", "09/07", "19:02", "企鹅号", pages.PARA_1, pages.PARA_2 + closing)
    assert page.published_at == when


def test_a_question_headline_that_repeats_the_page_title_is_not_a_paragraph():
    question = "青山县图书馆为何夜夜满座？原来是这个原因！"
    page = doc(question, "一键登录", question, "09/07", "19:02", pages.PARA_1, pages.PARA_2)
    assert page.title == question
    assert [p.text for p in page.paragraphs] == [pages.PARA_1, pages.PARA_2]


@pytest.mark.parametrize("line, when", [
    ("本文由网友搜集整理于2023年6月1日", None),
    ("发布时间：2023-05-06 09:15 本文整理于2023-06-01", datetime(2023, 5, 6, 9, 15)),
])
def test_the_date_a_text_was_gathered_is_not_its_publication_date(line, when):
    assert doc(pages.TITLE, line, pages.PARA_1, pages.PARA_2).published_at == when


@pytest.mark.parametrize("clock", ["今天是：2023年6月1日 星期四", "当前时间：2023-06-01 10:00"])
def test_the_day_a_portal_prints_over_its_pages_is_not_the_publication_date(clock):
    assert doc("青山网", clock, pages.TITLE, pages.PARA_1, pages.PARA_2).published_at is None
    assert doc("青山网", clock, pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2).published_at == datetime(2023, 5, 6, 9, 15)


def test_publication_date_wins_over_the_date_a_document_was_written():
    page = doc(pages.TITLE, "索引号：000-2023-0001", "成文日期：2023-04-28", "发布日期：2023-05-06", pages.PARA_1, pages.PARA_2)
    assert page.published_at == datetime(2023, 5, 6)


@pytest.mark.parametrize("first, last, author", [
    (f"〔记者林悦／台南报导〕{pages.PARA_1}", pages.PARA_2, "林悦"),
    (f"【王立新／台北报导】{pages.PARA_1}", pages.PARA_2, "王立新"),
    (f"（中央社记者张大明台南4日电）{pages.PARA_1}", pages.PARA_2, "张大明"),
    (f"（中央社记者张大明、林晓台南4日电）{pages.PARA_1}", pages.PARA_2, "张大明、林晓"),  # two reporters
    (pages.PARA_1, f"{pages.PARA_2}（记者 胡晓东 上海报道）", "胡晓东"),
    (pages.PARA_1, f"{pages.PARA_2}（胡晓东）", "胡晓东"),
    (pages.PARA_1, f"{pages.PARA_2}（评论员 罗晓东 萧海）", "罗晓东、萧海"),
])
def test_bylines_inside_the_text(first, last, author):
    assert doc(pages.TITLE, "2023-05-06 09:15", first, last).author == author


@pytest.mark.parametrize("closing", ["（待续）", "（新华）", "（完）"])
def test_a_bracketed_word_closing_the_text_is_not_a_name(closing):
    assert doc(pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2 + closing).author is None


def test_special_report_line_and_a_person_as_source():
    assert doc(pages.TITLE, "来源：青山日报", "林晓／特稿", pages.PARA_1, pages.PARA_2).author == "林晓"
    assert doc(pages.TITLE, "2023-05-06 来源：林晓", pages.PARA_1, pages.PARA_2).author == "林晓"
    assert doc(pages.TITLE, "2023-05-06 来源：青山日报", pages.PARA_1, pages.PARA_2).author is None


@pytest.mark.parametrize("lines", [
    ("撰稿：林晓", pages.PARA_1, pages.PARA_2),
    ("作者\n林晓", pages.PARA_1, pages.PARA_2),  # label and name in two table cells
    (pages.PARA_1, pages.PARA_2, "文：林晓　图：王明"),  # a credit line after the text
], ids=["zhuangao", "label-then-name", "wen-tu-credit"])
def test_more_byline_forms(lines):
    assert doc(pages.TITLE, *lines).author == "林晓"


def test_a_label_whose_value_is_on_the_next_line_fills_its_field_and_is_no_byline():
    page = doc(pages.TITLE, "2023-05-06 09:15", "来源：\n半月谈", pages.PARA_1, pages.PARA_2, "责任编辑：\n周明")
    assert (page.source, page.editor, page.author) == ("半月谈", "周明", None)


def test_a_dateline_opening_a_later_paragraph_names_the_author():
    page = doc(pages.TITLE, "2023-05-06 09:15", pages.PARA_2, f"（中央社记者林晓青山6日电）{pages.PARA_1}")
    assert page.author == "林晓"


def test_browser_advice_glued_before_the_byline_is_cut():
    page = doc(pages.TITLE, f"為達最佳瀏覽效果，建議使用 Chrome、Firefox 或 Microsoft Edge 的瀏覽器。〔記者林曉／台中報導〕{pages.PARA_1}",
               pages.PARA_2)
    assert page.paragraphs[0].text.startswith("〔记者林晓／台中报导〕") and page.author == "林晓"


@pytest.mark.parametrize("note", ["（原标题：县图书馆的“新”变化？）", "（原题为《县图书馆的“新”变化？》）", "原标题：县图书馆的“新”变化？"])
def test_the_original_title_without_its_brackets_and_quotes(note):
    assert doc(pages.TITLE, "2023-05-06 09:15", note, pages.PARA_1, pages.PARA_2).original_title == "县图书馆的“新”变化？"


@pytest.mark.parametrize("opening, author", [
    ("新华社青山5月6日电（记者林晓）", "林晓"),
    ("本报讯（记者 林晓 通讯员 王明）", "林晓、王明"),
    ("青山日报快讯（记者 林晓）", "林晓"),
    ("本站讯（职工通讯员 林晓 王明）", "林晓、王明"),
])
def test_a_datelines_reporter_opening_the_text_is_the_author(opening, author):
    assert doc(pages.TITLE, "2023-05-06 09:15", opening + pages.PARA_1, pages.PARA_2).author == author


def test_a_label_closing_a_line_of_debris_takes_the_next_line_without_its_bracket():
    page = doc(pages.TITLE, "2023-05-06 09:15\n) ??????稿件来源：\n青山日报", pages.PARA_1, pages.PARA_2, "[责任编辑:\n周明 ]")
    assert (page.source, page.editor) == ("青山日报", "周明")


def test_an_agency_dateline_after_a_caption_glued_into_the_first_paragraph_names_the_author():
    from transforms.metadata import author_in_text

    glued = "青山县图书馆夜间自习区座无虚席。（读者提供）（中央社记者林晓青山6日电）" + pages.PARA_1
    assert author_in_text([glued, pages.PARA_2]) == "林晓"


def test_an_opening_byline_is_read_from_a_lead_the_segmenter_labelled_caption():
    from transforms.metadata import author_in_text

    lead = "青山日报快讯（记者 林晓）今日有读者反映，县图书馆夜间自习区一座难求。"
    assert author_in_text([pages.PARA_1, pages.PARA_2], [pages.PARA_1, lead, pages.PARA_2]) == "林晓"
    assert author_in_text([pages.PARA_1, pages.PARA_2]) is None


@pytest.mark.parametrize("lines", [
    (pages.PARA_1, pages.PARA_2 + "(文/图 林晓 王明)"),
    ("作者︱林晓 王明", pages.PARA_1, pages.PARA_2),
], ids=["closing-credit", "bar-separator"])
def test_writer_credits_closing_the_text_or_with_a_bar(lines):
    assert doc(pages.TITLE, "2023-05-06 09:15", *lines).author == "林晓、王明"


def test_a_closing_slash_byline_with_a_promotion_after_it_and_an_editor_code():
    page = doc(pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2 + "（林晓／青山报导）《青山》关心你", "责任编辑：周明_NF4425")
    assert (page.author, page.editor) == ("林晓", "周明")


def test_desks_and_ui_labels_are_not_authors():
    assert doc(pages.TITLE, "2023-05-06 09:15", f"〔即时新闻／综合报导〕{pages.PARA_1}", pages.PARA_2).author is None
    assert doc(pages.TITLE, "社会中心／综合报导", pages.PARA_1, pages.PARA_2).author is None
    assert doc(pages.TITLE, "2023-05-06 09:15", "字级", pages.PARA_1, pages.PARA_2).author is None


DISCLOSURE = [("索引号", "000014349/2023-00045"), ("主题分类", "文化、广电、新闻出版"), ("发文机关", "青山县人民政府办公室"),
              ("成文日期", "2023年04月28日"), ("发布日期", "2023年05月06日"), ("发文字号", "青政办发〔2023〕12号")]


def test_a_disclosure_header_is_fields_not_content():
    page = doc(pages.TITLE, *(f"{k}：{v}" for k, v in DISCLOSURE), pages.PARA_1, pages.PARA_2)
    assert [p.text for p in page.paragraphs] == [pages.PARA_1, pages.PARA_2]
    assert page.source == "青山县人民政府办公室" and page.published_at == datetime(2023, 5, 6)
    assert page.author == "青山县人民政府办公室"  # the issuing office wrote the document


def test_the_issuing_office_is_the_author_only_where_no_person_signs():
    # the layout put each value on the line under its label
    page = doc(*(f"{k}：\n{v}" for k, v in DISCLOSURE), pages.TITLE, pages.PARA_1, pages.PARA_2)
    assert (page.author, page.source) == ("青山县人民政府办公室", "青山县人民政府办公室")
    signed = doc(pages.TITLE, "发文机关：青山县人民政府办公室", "作者：林晓", pages.PARA_1, pages.PARA_2)
    assert (signed.author, signed.source) == ("林晓", "青山县人民政府办公室")
    assert doc(pages.TITLE, "来源：青山日报", pages.PARA_1, pages.PARA_2).author is None  # an outlet is no writer


def test_a_disclosure_header_table_in_html_reads_row_by_row():
    from transforms.document import clean_html

    rows = "".join(f"<tr><td>{k}：</td><td>{v}</td></tr>" for k, v in DISCLOSURE)
    markup = (f"<html><head><title>{pages.TITLE}</title></head><body><table>{rows}</table>"
              f"<h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p></body></html>")
    page = clean_html(markup.encode())
    assert [p.text for p in page.paragraphs] == [pages.PARA_1, pages.PARA_2]
    assert page.source == "青山县人民政府办公室" and page.published_at == datetime(2023, 5, 6)
    assert page.author == "青山县人民政府办公室"


@pytest.mark.parametrize("lines, author", [
    (("作者:qingshan_88 阅读(1660) 评论(5) 发表于:2023-05-06 12:30", pages.PARA_1, pages.PARA_2), "qingshan_88"),
    (("qingshan88 发表于 2023-5-6 11:46:00", pages.PARA_1, pages.PARA_2), "qingshan88"),
    (("林晓 发表于 2023-05-06 11:46", pages.PARA_1, pages.PARA_2), "林晓"),
], ids=["labelled-handle", "post-header-handle", "post-header-name"])
def test_forum_and_blog_writers_are_found_by_their_label_or_post_header(lines, author):
    assert doc(pages.TITLE, *lines).author == author


def test_a_reply_header_names_no_author():
    assert doc(pages.TITLE, "qingshan88 回复于 2023-5-6 11:46:00", pages.PARA_1, pages.PARA_2).author is None


def test_a_byline_above_the_title_names_the_author():
    assert doc("06日14:25 作者： 林晓", pages.TITLE, pages.PARA_1, pages.PARA_2).author == "林晓"


def test_a_dispatch_byline_is_a_field_and_names_run_together_stay_as_printed():
    page = doc(pages.TITLE, "本报记者林晓王明发自青山", pages.PARA_1, pages.PARA_2)
    assert page.author == "林晓王明"
    assert all("发自" not in p.text for p in page.paragraphs)


@pytest.mark.parametrize("byline", ["青山日报记者林晓/文", "新华社记者林晓报道"])
def test_reporter_bylines_ending_in_what_closes_them(byline):
    assert doc(pages.TITLE, f"2023-05-06 09:15 {byline}", pages.PARA_1, pages.PARA_2).author == "林晓"


def test_a_compound_holding_the_word_reporter_is_no_byline():
    assert doc(pages.TITLE, "2023-05-06 09:15 第A04版：小记者训练营", pages.PARA_1, pages.PARA_2).author is None


def test_slash_dates_are_read_in_the_order_the_pages_own_dates_show():
    day_first = doc(pages.TITLE, "06/02/2022 10:30", pages.PARA_1, pages.PARA_2, "相关新闻", "青山县新馆开放 13/02/2022",
                    "青山县旧馆闭馆 31/01/2022")
    assert day_first.published_at == datetime(2022, 2, 6, 10, 30)
    month_first = doc(pages.TITLE, "06/02/2022 10:30", pages.PARA_1, pages.PARA_2, "相关新闻", "青山县新馆开放 02/13/2022")
    assert month_first.published_at == datetime(2022, 6, 2, 10, 30)
    assert doc(pages.TITLE, "06/02/2022 10:30", pages.PARA_1, pages.PARA_2).published_at == datetime(2022, 6, 2, 10, 30)


@pytest.mark.parametrize("above, column", [
    ("当前位置：首页- > 文化-- > 图书馆", "文化 > 图书馆"),       # dashes that decorate crumbs are not their names
    ("<<上一页 | 下一页>>", None),                              # a pager is no column
    ("无障碍浏览", None),
    ("留言:31", None),                                          # a counter
    ("法新社", None),                                           # an outlet is a source, not a column
    ("各地实践", "各地实践"),
    ("青山网\n\n2023年5月6日 星期六\n\n各地实践", "各地实践"),  # under the site's name and the day's date
    ("旅游\n\n宠物\n\n保险", None),                           # a menu's last item
    ("分享到\n\n复制链接\n\n精彩内容随时看", None),                # a share bar's last words
    ("青山网首页 > 文化频道 > 图书馆", "文化频道 > 图书馆"),           # the site's home names no section
    ("< 2023年5月 >", None),                                      # a month pager
    ("« 上一篇 > 下一篇", None),
])
def test_a_column_names_a_part_of_the_site(above, column):
    assert doc(above, pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2).column == column


@pytest.mark.parametrize("counter", ["访问:121369", "在线用户:12066  当值版主:", "查看: 1234|回复: 3"])
def test_a_labelled_count_is_never_the_title(counter):
    assert doc(pages.TITLE, counter, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2).title == pages.TITLE


def test_a_headline_whose_count_runs_into_words_is_a_title():
    headline = "青山县统计局：5月图书借阅量同比上涨20%"
    assert doc(headline, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2).title == headline


def test_an_item_of_a_numbered_document_is_not_its_title():
    page = doc("青山县图书馆2023年招聘简章", "2023-05-06 09:15", "一、招聘岗位：", pages.PARA_1, "二、报名条件：", pages.PARA_2)
    assert page.title == "青山县图书馆2023年招聘简章"


def test_a_spaced_form_label_heading_a_row_is_no_title():
    from transforms.document import clean_html

    # two pairs a row, the labels spread to the column's width, as disclosure pages print them
    rows = ("<tr><td>索 引 号：</td><td>QS-2023-00045</td><td>分 类：</td><td>文化;通知</td></tr>"
            f"<tr><td>标 题：</td><td>{pages.TITLE}</td></tr>")
    markup = (f"<html><head><title>{pages.TITLE}</title></head><body><table>{rows}</table>"
              f"<p>{pages.PARA_1}</p><p>{pages.PARA_2}</p></body></html>")
    page = clean_html(markup.encode())
    assert page.title == pages.TITLE
    assert [p.text for p in page.paragraphs] == [pages.PARA_1, pages.PARA_2]


@pytest.mark.parametrize("byline, author", [
    ("作者：林晓出自[青山出版社]", "林晓"), ("作者：林晓摘自《青山日报》", "林晓"), ("作者：林自强", "林自强")])
def test_a_books_credit_running_into_the_writers_name_is_not_part_of_it(byline, author):
    assert doc(pages.TITLE, byline, pages.PARA_1, pages.PARA_2).author == author


@pytest.mark.parametrize("line", ["[ 林晓 ] 来源：[ 青山日报 ]", "QINGSHAN.COM 2023年5月6日09:15 [ 林晓 ] 来源：[ 青山日报 ]"])
def test_a_name_before_the_source_on_its_line_is_the_writer(line):
    page = doc(pages.TITLE, line, pages.PARA_1, pages.PARA_2)
    assert (page.author, page.source) == ("林晓", "青山日报")
    assert doc(pages.TITLE, "青山网 来源：青山日报", pages.PARA_1, pages.PARA_2).author is None  # a site is no writer


CREDIT = "青山日报记者林晓/文 受访者供图"


@pytest.mark.parametrize("lines", [
    (pages.TITLE, "2023-05-06 09:15", "老馆的新阅览室", CREDIT, pages.PARA_1, pages.PARA_2),  # over the text
    (pages.TITLE, "2023-05-06 09:15", pages.PARA_1, CREDIT, pages.PARA_2, pages.PARA_3),  # under the lead's photo
], ids=["above", "in-text"])
def test_a_writers_credit_with_the_photo_credit_names_the_author_and_is_no_title(lines):
    page = doc(*lines)
    assert page.author == "林晓" and page.title != CREDIT


@pytest.mark.parametrize("labelled", [("主题：老街改造该怎么提意见？",), ("主题：", "老街改造该怎么提意见？"), ("标 题： 老街改造该怎么提意见？",)],
                         ids=["inline", "next-line", "spaced"])
def test_a_labelled_title_is_the_title_and_no_paragraph(labelled):
    page = doc("青山论坛", "游客 欢迎你！", *labelled, "作者：老街坊 时间：2023-05-06 21:33", pages.POST_1, pages.POST_2)
    assert page.title == "老街改造该怎么提意见？"
    assert [p.text for p in page.paragraphs] == [pages.POST_1, pages.POST_2]
    assert page.column is None  # a greeting above the title names no section



def test_a_headline_over_its_own_source_line_wins_over_a_menu_item_above():
    menu = ["首页", "医院概况", "新闻动态", "省级重点实验室建设情况", "科研教学", "党建园地"]
    headline = "【不忘初心】青山县图书馆举办2023年读书节、夜间开放一周年庆祝活动暨优秀读者表彰大会"
    page = doc(*menu, "位置：首页 > 新闻动态", headline, "来源：本站原创 作者：办公室", "时间：2023年5月6日 09:15 浏览：",
               "33", pages.PARA_1, pages.PARA_2)
    assert page.title == headline
    assert [p.text for p in page.paragraphs] == [pages.PARA_1, pages.PARA_2]


def test_a_subtitle_over_the_byline_does_not_displace_a_title_over_its_date_line():
    subtitle = "馆长说，夜间开放应当长期坚持，但是服务方式一定要不断改进"
    page = doc("首页 | 新闻 | 图片", pages.TITLE, "2023-05-06 09:15 来源：青山日报", subtitle, "本报记者王某某发自青山",
               pages.PARA_1, pages.PARA_2)
    assert page.title == pages.TITLE


def test_a_name_under_the_outlet_under_the_date_line_is_the_byline():
    # date, outlet, writer: each on its own line, as Taiwanese news pages print them
    page = doc(pages.TITLE, "更新时间：2018/09/16 15:31", "青山时报", "谢明远", "Facebook", pages.PARA_1, pages.PARA_2)
    assert page.author == "谢明远"


@pytest.mark.parametrize("lines, author", [
    (["老街改造的几点建议 - 河边人的回答 - 青山问答", "老街改造的几点建议"], "河边人"),   # the <title> line says whose answer
    (["秋天的枫叶营地_小林的博客", "小林的博客", "首页 博文目录 图片 关于我", "秋天的枫叶营地"], "小林"),
    (["秋天的枫叶营地 - zboygirl的Blog", "秋天的枫叶营地"], "zboygirl"),
    (["秋天的枫叶营地 - 推荐的博客 - 青山网", "秋天的枫叶营地"], None),                  # a menu's word is no one
    (["秋天的枫叶营地 - 进入我的博客", "秋天的枫叶营地"], None),                         # nor a link's words
    (["秋天的枫叶营地_青山网", "林晓的博客", "秋天的枫叶营地"], None),  # a header's link: whose blog it leads to
    (["秋天的枫叶营地_小林_青山博客", "秋天的枫叶营地"], "小林"),       # the segment before the blog host's name
    (["秋天的枫叶营地_旅游频道_青山博客", "秋天的枫叶营地"], None),
    (["秋天的枫叶营地_旅游_青山网", "秋天的枫叶营地"], None),           # a news site's section is no blogger
])
def test_the_page_title_naming_whose_page_it_is_gives_the_writer(lines, author):
    assert doc(*lines, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2).author == author


def test_a_label_after_the_name_is_not_a_second_name():
    assert doc(pages.TITLE, "2023-05-06 09:15 作者：林晓 选稿：王明", pages.PARA_1, pages.PARA_2).author == "林晓"


@pytest.mark.parametrize("line, author", [("林晓", "林晓"), ("欧阳明", "欧阳明"), ("小字型", None), ("收起", None)])
def test_a_bare_name_under_the_title_starts_with_a_surname(line, author):
    assert doc(pages.TITLE, line, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2).author == author


@pytest.mark.parametrize("byline, author", [
    ("作者：新华社", None), ("作者：青山日报", None),        # an outlet is no writer
    ("作者：佚名", None), ("作者：admin", None),            # nor is "name unknown" or the site's staff
    ("作者：林晓 青山日报", "林晓"), ("作者：王台", "王台"),   # a two-character name may end as an outlet does
])
def test_a_byline_naming_no_one_gives_no_author(byline, author):
    assert doc(pages.TITLE, f"2023-05-06 09:15 {byline}", pages.PARA_1, pages.PARA_2).author == author


def test_a_subtitle_right_under_the_title_over_the_source_line_does_not_displace_it():
    subtitle = "馆长说，夜间开放应当长期坚持，但是服务方式一定要不断改进"
    page = doc("首页 | 新闻 | 图片", pages.TITLE, subtitle, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2)
    assert page.title == pages.TITLE


def test_a_posters_label_names_the_author():
    assert doc(pages.TITLE, "发帖人：河边人  发帖时间：2009-5-12 22:10", pages.PARA_1, pages.PARA_2).author == "河边人"


def test_a_post_header_over_two_lines_names_the_opening_poster():
    # the poster's name alone, its time on the next line, as a forum prints a post's header
    page = doc(pages.TITLE, "查看: 1234|回复: 3", "河边人", "发表于 2009-5-12 22:10", "只看该作者", "楼主",
               pages.PARA_1, pages.PARA_2, "老张", "发表于 2009-5-12 23:10", "沙发", pages.RIVER_1)
    assert (page.title, page.author) == (pages.TITLE, "河边人")


@pytest.mark.parametrize("title_line, title", [
    ("老街改造的几点建议 - 社会民生 - 青山论坛 - Powered by Discuz!", "老街改造的几点建议"),
    ("老街改造的几点建议", "老街改造的几点建议"),
    ("谈老街_社会民生_青山论坛", "谈老街_社会民生_青山论坛"),  # a first segment too short to be the headline
])
def test_a_page_title_line_nothing_repeats_gives_its_first_segment(title_line, title):
    page = doc(title_line, "青山论坛", "» 社会民生", "查看: 1234|回复: 3", "河边人", "发表于 2009-5-12 22:10",
               pages.PARA_1, pages.PARA_2)
    assert page.title == title


@pytest.mark.parametrize("byline", [
    "文／林晓", "文/图 林晓", "图文／林晓",             # a credit for the text (and pictures), any slash
    "作者／林晓", "撰文｜林晓", "【作者】林晓", "采写：林晓",  # a writer's label: a slash, a bar, brackets
    "记者｜林晓",                                   # 记者 with a bar for the colon
])
def test_a_writers_credit_with_a_slash_a_bar_or_brackets_names_the_author(byline):
    assert doc(pages.TITLE, "2023-05-06 09:15", byline, pages.PARA_1, pages.PARA_2).author == "林晓"


@pytest.mark.parametrize("byline, author", [
    ("林晓／台北报导", "林晓"),                                      # the name alone over its slash
    ("青山新闻云 记者林晓／综合报导", "林晓"),                           # the outlet before 记者
    ("青山报 记者林晓、王明／台北即时报导", "林晓、王明"),
    ("即时新闻／综合报导", None),                                    # a desk names no one
])
def test_a_slashed_report_line_over_the_date_is_the_byline_not_the_title(byline, author):
    page = doc(pages.TITLE, byline, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2)
    assert (page.title, page.author) == (pages.TITLE, author)


def test_the_word_for_text_needs_its_separator_before_a_name():
    # 文 alone before words is no credit: 文化部 names no 化部
    assert doc(pages.TITLE, "2023-05-06 09:15 文化部", pages.PARA_1, pages.PARA_2).author is None


@pytest.mark.parametrize("lines, author", [
    (("原创 林晓 青山生活 2023-05-06 09:15",), "林晓"),          # the writer, the account, the time
    (("原创 林晓 青山生活", "2023-05-06 09:15"), "林晓"),
    (("原创 青山生活 2023-05-06 09:15",), None),               # the account alone: no writer printed
])
def test_a_self_media_accounts_own_work_mark_names_the_writer_before_the_account(lines, author):
    page = doc(pages.TITLE, *lines, pages.PARA_1, pages.PARA_2)
    assert (page.title, page.author) == (pages.TITLE, author)


QUESTION_TEXT = "我家附近的图书馆最近开始夜间开放，但晚上来的人并不多，这样做真的有必要吗？大家怎么看？"


@pytest.mark.parametrize("title_line, article", [
    ("图书馆有必要夜间开放吗？ - 林晓的回答 - 青山问答", [pages.PARA_1, pages.PARA_2]),  # the answer, not the question
    ("图书馆有必要夜间开放吗？_林晓的博客", [QUESTION_TEXT, pages.PARA_1, pages.PARA_2]),  # a blog's post keeps all
])
def test_a_qa_answer_page_starts_at_the_answer_below_its_writers_card(title_line, article):
    page = doc(title_line, "首页", "发现", "图书馆有必要夜间开放吗？", QUESTION_TEXT,
               "林晓，图书馆员", "收起", "王明、周芳等人赞同", pages.PARA_1, pages.PARA_2)
    assert [p.text for p in page.paragraphs if p.kind == "body"] == article
    assert page.author == "林晓"


def test_a_paragraph_opening_with_the_answerers_name_is_no_card():
    own = "林晓补充一点：夜间开放的头一个月，来馆的读者以附近的中学生为主，周末的人数是平日的两倍。"
    page = doc("图书馆有必要夜间开放吗？ - 林晓的回答 - 青山问答", "图书馆有必要夜间开放吗？", pages.PARA_1, own, pages.PARA_2)
    assert [p.text for p in page.paragraphs if p.kind == "body"] == [pages.PARA_1, own, pages.PARA_2]


REPLY = "同意楼主的看法，青石板路是老街的灵魂，铺成水泥路就没有味道了，希望有关部门能够听取居民意见。"


@pytest.mark.parametrize("opening, reply", [
    (("来自: 河边人 2021-05-06 10:20:33",), ("老张 2021-05-06 11:02:11",)),            # a name and a time
    (("作者：河边人 时间：2021-05-06 10:20",), ("作者：老张 时间：2021-05-06 11:02",)),  # with labels
    (("河边人", "2021-05-06 10:20"), ("老张", "2021-05-06 11:02")),                  # the name over the time
    (("楼主 河边人 发表于 2021-05-06 10:20",), ("1楼 老张 发表于 2021-05-06 11:02",)),  # one by shape, one by floor
])
def test_post_headers_by_their_shape_name_the_opening_poster_and_end_the_opening_post(opening, reply):
    page = doc(pages.TITLE, *opening, pages.PARA_1, pages.PARA_2, *reply, REPLY)
    assert [p.text for p in page.paragraphs if p.kind == "body"] == [pages.PARA_1, pages.PARA_2]
    assert page.author == "河边人"


@pytest.mark.parametrize("line", ["北京 2021-05-06 10:20", "河边人 2021-05-06 10:20"])
def test_one_name_and_time_line_alone_heads_no_thread(line):
    page = doc(pages.TITLE, line, pages.PARA_1, pages.PARA_2, REPLY)
    assert [p.text for p in page.paragraphs if p.kind == "body"] == [pages.PARA_1, pages.PARA_2, REPLY]
    assert page.author is None


def test_comment_headers_after_the_text_end_it_and_name_no_author():
    page = doc(pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2,
               "老张 2023-05-06 11:02", REPLY, "小李 2023-05-06 12:15", REPLY)
    assert [p.text for p in page.paragraphs if p.kind == "body"] == [pages.PARA_1, pages.PARA_2]
    assert page.author is None


@pytest.mark.parametrize("credit, author", [
    ("新华社记者 林晓 摄", None),          # a photo's credit
    ("青山日报记者 林晓 翻摄", None),
    ("本报记者 林晓 摄影报道", "林晓"),     # reported, with pictures: the writer
])
def test_a_reporters_photo_credit_names_no_author(credit, author):
    assert doc(pages.TITLE, "2023-05-06 09:15 来源：青山日报", credit, pages.PARA_1, pages.PARA_2).author == author


def test_a_photo_credit_closing_the_text_names_no_author():
    page = doc(pages.TITLE, "2023-05-06 09:15 来源：青山日报", pages.PARA_1, pages.PARA_2, "记者 林晓 摄")
    assert page.author is None


@pytest.mark.parametrize("lines, author", [
    (("本报实习生 林晓 王明", "本报记者 周文 何平"), "林晓、王明、周文、何平"),   # one role a line
    (("本报记者 周文", "通讯员 林晓 王明"), "周文、林晓、王明"),
    (("本报记者 周文", "青山日报 2023-05-06"), "周文"),                      # no credit under it
    (("本报记者 周文", "青山日报", "青山县委书记 王明"), "周文"),             # only lines right under it
])
def test_a_byline_split_over_lines_by_role_names_every_writer(lines, author):
    page = doc(pages.TITLE, *lines, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2)
    assert (page.title, page.author) == (pages.TITLE, author)


def test_a_role_word_between_names_is_no_name():
    assert doc(pages.TITLE, "本报记者 周文 实习生 林晓", "2023-05-06 09:15", pages.PARA_1).author == "周文、林晓"


def test_a_dateline_with_its_reporters_on_a_line_of_its_own_is_the_byline_not_the_title():
    page = doc(pages.TITLE, "2023-05-06 09:15", "青山社北京5月6日电（记者林晓、王明）", pages.PARA_1, pages.PARA_2)
    assert (page.title, page.author) == (pages.TITLE, "林晓、王明")


def floors_under_posts(op_name: tuple[str, ...], reply_name: tuple[str, ...]) -> Document:
    """A thread that puts each post's floor under its text, the poster's name (and level) over it."""
    return doc("老街改造【青山吧】_青山贴吧", "只看楼主 收藏 回复", pages.TITLE,
               *op_name, pages.PARA_1, pages.PARA_2, "来自Android客户端 1楼 2021-05-06 10:20", "回复",
               *reply_name, REPLY, "2楼 2021-05-06 11:02", "回复", "发表回复")


@pytest.mark.parametrize("op_name, reply_name, author", [
    (("河边人", "12"), ("老张", "8"), "河边人"),      # a name, a level, the text
    (("河边人",), ("老张",), "河边人"),              # a name right over the text
    (("河边人", "吧主"), ("老张", "8"), "河边人"),    # a rank for a level
    (("河边人", "12"), (), None),                  # the reply has no name over it: no layout of posts
    (("河边人",), ("老张", "8"), None),             # laid out otherwise
    (("12",), ("8",), None),                        # a level is no name
    (("河边人", "经验 1234/5000"), ("老张", "经验 88/100"), None),  # more than a badge between
    (("回复",), (), None),                           # a post's button over the text is no name
    (("河边人",), ("沙发",), None),                   # nor is a floor's own word
])
def test_a_floor_under_each_post_and_a_name_over_it_name_the_opening_poster(op_name, reply_name, author):
    page = floors_under_posts(op_name, reply_name)
    assert ([p.text for p in page.paragraphs], page.author) == ([pages.PARA_1, pages.PARA_2], author)


def test_a_name_over_an_article_with_comments_under_it_is_no_poster():
    page = doc(pages.TITLE, "河边人", pages.PARA_1, pages.PARA_2, "网友评论", "老张", REPLY, "1楼 2021-05-06 11:02")
    assert page.author != "老张"


def test_a_name_over_the_opening_post_needs_a_reply_laid_out_the_same_way():
    page = doc(pages.TITLE, "1楼 2021-05-06 10:20", "河边人", pages.PARA_1, pages.PARA_2, "2楼 2021-05-06 11:02", REPLY)
    assert page.author != "河边人"


@pytest.mark.parametrize("opening, reply", [
    (("作者：河边人 提交日期：2021-05-06 10:20:00",), ("作者：老张 回复日期：2021-05-06 11:02:00",)),  # dated keys
    (("河边人", "发表于 2021-05-06 10:20", "1#"), ("老张", "发表于 2021-05-06 11:02", "2#")),  # a header over lines
    (("楼主 河边人", "发表于 2021-05-06 10:20"), ("沙发 老张", "发表于 2021-05-06 11:02")),   # the floor, the name
])
def test_more_post_headers_name_the_opening_poster_and_end_the_opening_post(opening, reply):
    page = doc(pages.TITLE, *opening, pages.PARA_1, pages.PARA_2, *reply, REPLY)
    assert ([p.text for p in page.paragraphs], page.author) == ([pages.PARA_1, pages.PARA_2], "河边人")


def card(name: str, posts: str, member_since: str = "注册：2006-1-1") -> tuple[str, ...]:
    return (name, "等级：论坛游民", f"帖子：{posts}", member_since)


@pytest.mark.parametrize("opening, reply, floors", [
    (card("河边人", "123"), card("老张", "12"), ()),                                # cards alone
    (card("河边人", "123", "积分：456"), card("老张", "12", "积分：36"), ("楼主", "第2楼")),  # cards and floors
])
def test_posters_cards_head_a_threads_posts_and_name_the_opening_poster(opening, reply, floors):
    op_floor, reply_floor = floors or ("", "")
    page = doc(pages.TITLE, *opening, *filter(None, [op_floor]), pages.PARA_1, pages.PARA_2, "2021-05-06 10:20",
               *reply, *filter(None, [reply_floor]), REPLY, "2021-05-06 11:02")
    assert ([p.text for p in page.paragraphs], page.author) == ([pages.PARA_1, pages.PARA_2], "河边人")


@pytest.mark.parametrize("opening, reply", [
    (card("河边人", "123", "积分：456"), card("老张", "12", "积分：36")),         # no floor, no member's day: no thread
    (card("河边人", "很多"), card("老张", "不多")),                                # no count: a list of people
    (card("河边人", "123"), ("老张", "帖子：12", "等级：新手上路", "注册：2008-1-1")),  # cards of other layouts
    (card("河边人", "123"), ("老张", "帖子：12")),                                  # one field is no card
    (("回复", *card("河边人", "123")[1:]), card("老张", "12")),                     # a button word is no name
    (card("河边人", "123")[1:], card("老张", "12")),                                # nor is the title over the fields
])
def test_lines_like_posters_cards_that_are_no_threads_cards_head_no_posts(opening, reply):
    page = doc(pages.TITLE, *opening, pages.PARA_1, pages.PARA_2, *reply, REPLY, pages.PARA_3)
    assert REPLY in [p.text for p in page.paragraphs]  # the text goes on over the second card


def test_a_posters_registration_date_is_never_the_posts():
    page = doc(pages.TITLE, "河边人", "注册：2006-1-1", "最后登录：2021-05-07", pages.PARA_1, pages.PARA_2, "2021-05-06 10:20")
    assert page.published_at == datetime(2021, 5, 6, 10, 20)


def test_a_bbs_posts_header_gives_its_time_and_its_poster():
    page = doc("发信人: hebian (河边人), 信区: Tea", f"标  题: {pages.TITLE}", "发信站: 青山BBS (Thu May  6 10:20:33 2021), 站内",
               pages.PARA_1, pages.PARA_2)
    assert (page.title, page.published_at, page.author) == (pages.TITLE, datetime(2021, 5, 6, 10, 20, 33), "hebian")


@pytest.mark.parametrize("dateline", ["青山社北京5月6日电", "青山网5月6日讯"])
def test_a_dispatchs_dateline_on_a_line_of_its_own_is_never_the_title(dateline):
    assert doc(pages.TITLE, dateline, pages.PARA_1, pages.PARA_2).title == pages.TITLE


@pytest.mark.parametrize("lines, author", [
    ((pages.TITLE, "博主：林晓", "2023-05-06 09:15", pages.PARA_1, pages.PARA_2), "林晓"),     # the blogger's label
    ((pages.TITLE, "林晓 发布于 2023-05-06 09:15", pages.PARA_1, pages.PARA_2), "林晓"),
    ((pages.TITLE, "posted by 林晓 @ 2023-05-06 09:15", pages.PARA_1, pages.PARA_2), "林晓"),  # a platform's English
    ((pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "林晓 发表于 2023-05-06 09:15 | 阅读 123"), "林晓"),
    ((pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "posted @ 2023-05-06 09:15 lin_xiao 阅读(123)"), "lin_xiao"),
    ((f"{pages.TITLE} - lin_xiao的专栏 - 青山博客", pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2), "lin_xiao"),
    ((pages.TITLE, "林晓 | blog.qingshan.example", "首页 | 日志 | 相册", pages.TITLE, "2023-05-06 09:15", pages.PARA_1,
      pages.PARA_2), "林晓"),                                                               # the owner over the address
    ((pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "网友评论", "小明 发表于 2023-05-06 12:00"), None),  # a comment's
    ((pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "责任编辑：王五", "小明 发表于 2023-05-06 12:00"), None),
    ((pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "分享到：", "打印本页", "关闭窗口",
      "小明 发表于 2023-05-06 12:00"), None),                                                # not right under the text
    ((f"{pages.TITLE}_青山博客", "博主：林晓", pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2), "林晓"),  # over the title
])
def test_a_blog_posts_writer_by_the_platforms_own_bylines(lines, author):
    assert doc(*lines).author == author


@pytest.mark.parametrize("line", ["推荐 发表于 2023-05-06 09:15", "posted by 登录 @ 2023-05-06 09:15"])
def test_a_ui_word_in_a_posters_place_names_no_one(line):
    assert doc(pages.TITLE, line, pages.PARA_1, pages.PARA_2).author is None


def test_a_sentence_over_the_title_naming_a_writer_is_no_byline():
    bio = "作者：林晓，青山县作家协会会员，长期关注乡村阅读推广工作。"  # the last article's writer, say
    page = doc(f"{pages.TITLE}_青山网", "首页 > 文化", bio, pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2)
    assert (page.title, page.author) == (pages.TITLE, None)


def test_a_floors_word_over_a_posts_time_is_no_poster():
    page = doc(pages.TITLE, "楼主", "发表于 2021-05-06 10:20", pages.PARA_1, pages.PARA_2)
    assert page.author is None


def carded_post(name: str, group: str, floor: str, text: str) -> tuple[str, ...]:
    """A post as a Discuz X thread's text dump lays it out: the name over a card of figures."""
    return (name, f"{name}当前离线", "7", "主题", "40", "帖子", group, floor, "发表于 2021-05-06 10:20", text, "回复", "举报")


@pytest.mark.parametrize("groups", [("新手上路",) * 3, ("新手上路", "中级会员", "高级会员")])
def test_the_name_over_each_posts_card_names_the_opening_poster(groups):
    posts = [carded_post(n, g, f, t) for n, g, f, t in zip(("河边人", "老张", "小溪"), groups, ("楼主", "2#", "3#"),
                                                           (pages.PARA_1, REPLY, pages.PARA_3))]
    page = doc(pages.TITLE, "查看: 1234|回复: 2", *[line for post in posts for line in post])
    assert (page.author, [p.text for p in page.paragraphs]) == ("河边人", [pages.PARA_1])


@pytest.mark.parametrize("names", [("河边人", "老张", "河边人"), ("河边人", "老张")])
def test_names_over_cards_need_three_posts_by_different_posters(names):
    posts = [carded_post(n, "新手上路", f, t) for n, f, t in zip(names, ("楼主", "2#", "3#"), (pages.PARA_1, REPLY, pages.PARA_3))]
    assert doc(pages.TITLE, "查看: 1234|回复: 2", *[line for post in posts for line in post]).author is None


def test_the_name_over_each_posts_card_is_read_within_its_own_post():
    # under the thread's header, a line at the distance of the replies' previous posters: not theirs
    header = ("青山吧", "贴吧首页 | 我的贴吧", "关注 12345", "帖子 678", "只看楼主")
    posts = [(n, f"经验 {x}/5000", t, f"{k}楼 2021-05-06 1{k}:20", "回复")
             for k, (n, x, t) in enumerate(zip(("河边人", "老张", "小溪"), (1234, 88, 420), (pages.PARA_1, REPLY, pages.PARA_3)), 1)]
    page = doc(pages.TITLE, *header, *[line for post in posts for line in post])
    assert (page.author, [p.text for p in page.paragraphs]) == ("河边人", [pages.PARA_1])


BLOG_SIDE = ("老街坊", "[老街坊]个人类别", "游记 (12)", "[老街坊]存档目录", "2012年5月 (3)", "[老街坊]最新文章", "秋天的枫叶营地")


@pytest.mark.parametrize("side, author", [
    (BLOG_SIDE, "老街坊"),                                     # the owner's name heads three modules
    (BLOG_SIDE[1:], None),                                     # and must stand alone on a line too
    (BLOG_SIDE[:5], None),                                     # two modules are not enough
    (("[组图]青山县图书馆开放", "[组图]老街改造启动", "[组图]读书节开幕"), None),  # a list's tag heading its headlines
])
def test_the_name_heading_a_blogs_side_modules_names_its_owner(side, author):
    page = doc(pages.TITLE, "2023-05-06 09:15", pages.PARA_1, pages.PARA_2, "发表评论", *side)
    assert page.author == author


def test_a_byline_under_the_next_posts_floor_is_the_replier_not_the_writer():
    header = ("发信人: {} ({}), 信区: Tea", f"标  题: {pages.TITLE}", "发信站: 青山BBS (Thu May  6 10:20:33 2021), 站内")
    post = [header[0].format("hebian", "河边人"), *header[1:], pages.PARA_1, pages.PARA_2, "--"]
    reply = ["laozhang 第1楼", header[0].format("laozhang", "老张"), *header[1:], REPLY, "--"]
    assert doc("老街 - 青山BBS", *post, *reply).author == "hebian"


@pytest.mark.parametrize("byline, author", [
    ("撰稿人：林晓", "林晓"),                       # the writer's other labels
    ("主笔：林晓", "林晓"),
    ("林晓/文 王明/图", "林晓"),                    # a name opening the credit for the text
    ("青山日报记者 林晓 王明 报道", "林晓、王明"),   # what closes a byline is no name
])
def test_more_bylines_name_the_writer(byline, author):
    assert doc(pages.TITLE, "2023-05-06 09:15", byline, pages.PARA_1, pages.PARA_2).author == author


def test_an_outlet_whose_name_ends_as_a_bylines_close_is_still_the_source():
    assert doc(pages.TITLE, "2023-05-06 09:15 来源：青山经济报道", pages.PARA_1, pages.PARA_2).source == "青山经济报道"


@pytest.mark.parametrize("line, author", [
    ("林晓 青山日报 2023-05-06", "林晓"),          # a name, an outlet and a date, in any order
    ("青山日报 2023-05-06 林晓", "林晓"),
    ("北京 青山日报 2023-05-06", None),            # a place is no person
    ("青山日报 林晓", "林晓"),                      # no date
    ("林晓 北京 2023-05-06", None),                # no outlet: a name beside a place may be anything
    ("林晓 王明 2023-05-06", None),                # two names
    ("林晓 青山日报 专栏 2023-05-06", None),       # nothing else may stand on the line
    ("林晓 2023-05-06 09:15", None),              # nor a name and a date alone
])
def test_a_name_beside_an_outlet_is_the_writer(line, author):
    assert doc(pages.TITLE, line, pages.PARA_1, pages.PARA_2).author == author
