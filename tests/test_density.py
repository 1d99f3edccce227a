"""The second, tree-based reading of saved HTML (transforms/density.py) and what the line
reading takes from it: confirmed ends and the extraction_agreement figure."""
import pytest

from tests import pages
from transforms.density import TreeReading, agreement, compare
from transforms.document import Document, clean, clean_html
from transforms.html import html_page
from transforms.reasons import LineReason

# A related-story link the line rules take for prose: it reads like a sentence, and is longer
# than the short linked lines they drop themselves (article.MAX_LINK_LINE).
RELATED = ["阅读推荐：新建三座乡镇文化站投入使用，村民借书更方便，周末还有志愿者为孩子们讲故事。"]


def page(with_related: bool = True) -> bytes:
    nav = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(8))
    related = "".join(f'<p><a href="/r{i}">{t}</a></p>' for i, t in enumerate(RELATED)) if with_related else ""
    return (f"<html><head><title>{pages.TITLE}</title></head><body><ul>{nav}</ul>"
            f'<div><h1>{pages.TITLE}</h1><p>2023-05-06 09:15</p>'
            f"<p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p><p>{pages.PARA_4}</p></div>"
            f"<div>{related}</div></body></html>").encode()


def test_the_tree_reading_is_the_prose_container_without_links():
    reading = html_page(page().decode()).tree_reading
    assert reading is not None and reading.text.splitlines() == [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4]


def test_paragraphs_at_the_ends_the_tree_does_not_hold_are_left_out():
    doc = clean_html(page())
    assert isinstance(doc, Document)
    assert [p.text for p in doc.paragraphs] == [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4]
    assert doc.dropped_lines[LineReason.NOT_IN_TREE.value] == len(RELATED)
    assert doc.extraction_agreement is not None and doc.extraction_agreement > 0.95


def test_a_tree_that_holds_little_of_the_text_confirms_nothing():
    # (the line reading here is the three paragraphs and the link: the tree holds 85% of it)
    paragraphs = [pages.PARA_1, pages.PARA_2, "阅读推荐：新书到馆。"]
    whole = compare(paragraphs, TreeReading.of(pages.PARA_1))
    trimmed = compare(paragraphs, TreeReading.of(pages.PARA_1 + pages.PARA_2))
    assert (whole.first, whole.end) == (0, 3)  # it holds under half: no trimming
    assert (trimmed.first, trimmed.end) == (0, 2)
    assert trimmed.agreement is not None and trimmed.agreement > 0.99  # (the bigram across the two is not counted)


def test_agreement_is_a_bigram_f1_and_text_dumps_have_none():
    assert agreement("青山县图书馆", "青山县图书馆") == 1.0
    assert agreement("青山县图书馆", "") is None
    assert 0 < agreement(pages.PARA_1, pages.PARA_1 + pages.PARA_2) < 1  # type: ignore[operator]
    doc = clean("\n\n".join([pages.TITLE, pages.PARA_1, pages.PARA_2]).encode())
    assert isinstance(doc, Document) and doc.extraction_agreement is None


def test_a_page_whose_tree_holds_no_prose_is_a_list_not_an_article():
    links = "".join(f'<p><a href="/n{i}">{t}</a></p>' for i, t in enumerate([pages.PARA_1, pages.PARA_2, pages.PARA_3]))
    doc = clean_html(f"<html><body><h1>{pages.TITLE}</h1>{links}</body></html>".encode())
    # The lines read as prose, but every one is a link: the tree has no prose, so no article.
    assert isinstance(doc, Document) and doc.page_type == "list", doc
    assert [p.text for p in doc.paragraphs] == [pages.PARA_1, pages.PARA_2, pages.PARA_3]  # kept, not lost
    assert clean_html(page()).page_type == "article"  # type: ignore[union-attr]


ENTRY_TITLES = ["老街的雨季", "秋天的枫叶营地", "青山县图书馆夜读记"]


def entries_page(heading=lambda i, title: f'<h2><a href="/p{i}">{title}</a></h2>') -> bytes:
    """A blog's index: each post an item of one kind, its own heading over a few paragraphs."""
    bodies = [(pages.POST_1, pages.POST_2), (pages.REPLY_1, pages.REPLY_2), (pages.PARA_1, pages.PARA_2)]
    items = "".join(f'<div class="post">{heading(i, t)}<span class="author">林晓</span><p>{a}</p><p>{b}</p><p class="meta">阅读(12) 评论(3)</p></div>'
                    for i, (t, (a, b)) in enumerate(zip(ENTRY_TITLES, bodies)))
    return (f"<html><head><title>小林的博客</title></head><body><h1>小林的博客</h1>"
            f'<div class="posts">{items}</div></body></html>').encode()


def test_a_run_of_entries_each_with_its_heading_and_prose_is_a_list_of_them():
    doc = clean_html(entries_page())
    assert isinstance(doc, Document) and doc.page_type == "list", doc
    assert [(p.kind, p.text) for p in doc.paragraphs] == [("heading", t) for t in ENTRY_TITLES]
    assert doc.author is None  # the first entry's writer is not the page's


@pytest.mark.parametrize("heading", [
    lambda i, title: "",                                            # a thread's posts or comments
    lambda i, title: '<h3><a href="/t">Re: 老街改造的几点建议</a></h3>',  # every post headed alike
    lambda i, title: f'<h2><a href="/p">{title}</a></h2>' if i == 0 else "",  # one heading is an article's
    lambda i, title: f"<h2>{title}</h2>",                           # an article's sections: headed, no links
], ids=["no-headings", "same-heading", "one-heading", "sections"])
def test_like_items_without_linked_headings_of_their_own_are_no_list(heading):
    doc = clean_html(entries_page(heading))
    assert isinstance(doc, Document) and doc.page_type == "article", doc


def test_an_article_over_a_few_headed_teasers_is_no_list():
    teasers = "".join(f'<div class="item"><h3><a href="/r{i}">{t}</a></h3><p>{p}</p></div>'
                      for i, (t, p) in enumerate(zip(ENTRY_TITLES, (pages.REPLY_2, pages.POST_1, pages.POST_2))))
    html = (f"<html><body><div><h1>{pages.TITLE}</h1><p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p>"
            f"<p>{pages.PARA_4}</p>{teasers}</div></body></html>")
    assert html_page(html).tree_reading.entries == ()  # type: ignore[union-attr]
    doc = clean_html(html.encode())
    assert isinstance(doc, Document) and doc.page_type == "article", doc
