"""The second, tree-based reading of saved HTML (transforms/density.py) and what the line
reading takes from it: confirmed ends and the extraction_agreement figure."""
from tests import pages
from transforms.density import TreeReading, agreement, compare
from transforms.document import Document, clean, clean_html
from transforms.html import html_page
from transforms.reasons import LineReason

# A related-story link the line rules take for prose: it reads like a sentence.
RELATED = ["阅读推荐：新建三座乡镇文化站，村民借书更方便。"]


def page(with_related: bool = True) -> bytes:
    nav = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(8))
    related = "".join(f'<p><a href="/r{i}">{t}</a></p>' for i, t in enumerate(RELATED)) if with_related else ""
    return (f"<html><head><title>{pages.TITLE}</title></head><body><ul>{nav}</ul>"
            f'<div><h1>{pages.TITLE}</h1><p>2023-05-06 09:15</p>'
            f"<p>{pages.PARA_1}</p><p>{pages.PARA_2}</p><p>{pages.PARA_3}</p></div>"
            f"<div>{related}</div></body></html>").encode()


def test_the_tree_reading_is_the_prose_container_without_links():
    reading = html_page(page().decode()).tree_reading
    assert reading is not None and reading.text.splitlines() == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_paragraphs_at_the_ends_the_tree_does_not_hold_are_left_out():
    doc = clean_html(page())
    assert isinstance(doc, Document)
    assert [p.text for p in doc.paragraphs] == [pages.PARA_1, pages.PARA_2, pages.PARA_3]
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
