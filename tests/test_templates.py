"""Site templates: lines on most of a site's pages are its chrome, however they read."""
import pyarrow.parquet as pq

from flows.discover import SelectedFile
from flows.ingest import BatchJob, process_batch
from flows.readers import RawFile
from tests import pages
from transforms.article import locate_article
from transforms.chrome import LineKind
from transforms.document import analyse_again, analyse_raw
from transforms.reasons import LineReason
from transforms.templates import site_templates

BLURB = "青山新闻网是青山县委宣传部主办的综合性新闻网站，致力于传播本地权威资讯，欢迎广大读者投稿。"
BODIES = [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4, pages.POST_1, pages.POST_2, pages.REPLY_2, pages.WIKI_LEAD]


def page(i: int) -> str:
    """One site's page: its menu, a headline, two of our paragraphs, the site's blurb, its footer."""
    first, second = BODIES[i % len(BODIES)], BODIES[(i + 3) % len(BODIES)]
    return (f"青山新闻网\n首页 时政 民生 文化\n\n青山县第{i + 1}号工作简报\n\n2023-05-0{i % 9 + 1} 来源：青山日报\n\n"
            f"{first}\n\n{second}\n\n{BLURB}\n\n(责编:周明)\n\nCopyright © 2024 青山新闻网\n")


def test_a_line_on_most_distinct_pages_of_a_site_is_its_template():
    site = [("qs", f"p{i}", page(i).split("\n")) for i in range(8)]
    copies = [("other", "same", ["一行字", "另一行"])] * 6  # one page saved six times counts once
    templates = site_templates(site + copies)
    assert BLURB in templates["qs"] and "首页 时政 民生 文化" in templates["qs"]
    assert pages.PARA_1 not in templates["qs"]  # on 2 of 8 pages
    assert "other" not in templates


def test_template_lines_are_chrome_unless_nothing_would_be_left():
    layout = locate_article(page(0).split("\n"), frozenset({BLURB}))
    blurb = next(ln for ln in layout.lines if ln.text == BLURB)
    assert blurb.kind is LineKind.CHROME and blurb.reason is LineReason.SITE_TEMPLATE
    everything = frozenset(page(0).split("\n"))  # a site whose pages all carry this very text
    assert locate_article(page(0).split("\n"), everything).found


def test_a_second_reading_from_the_first_readings_verdicts_reads_as_a_fresh_one():
    raw = page(0).encode("utf-8")
    first = analyse_raw(raw, is_html=False)
    again = analyse_again(first, frozenset({BLURB}))
    assert again.outcome == analyse_raw(raw, is_html=False, template=frozenset({BLURB})).outcome
    assert BLURB in [p.text for p in first.outcome.paragraphs] and BLURB not in [p.text for p in again.outcome.paragraphs]
    # the verdicts it started from are the first reading's still: a third reading without the template is the first
    assert next(ln for ln in first.judged if ln.text == BLURB).kind is LineKind.BODY
    assert analyse_again(first, frozenset()).outcome == first.outcome


def staged_paragraphs(tmp_path, count: int) -> list[str]:
    raw, stage = tmp_path / "raw", tmp_path / "stage"
    stage.mkdir(parents=True)
    files = []
    for i in range(count):
        path = raw / "qs" / f"{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(i), encoding="utf-8")
        files.append(SelectedFile(RawFile(f"qs/{i:03d}.txt", path.stat().st_size, path.stat().st_mtime_ns), frozenset(), frozenset()))
    out = process_batch(BatchJob(str(raw), files, 1 << 20, str(stage), 0, "r"))
    return pq.read_table(out.staged["paragraphs"]).column("text").to_pylist()


def test_a_sites_prose_like_blurb_leaks_from_one_page_but_not_from_a_crawl_of_its_pages(tmp_path):
    assert BLURB in staged_paragraphs(tmp_path / "one", 1)  # one page alone: it reads as the last paragraph
    texts = staged_paragraphs(tmp_path / "crawl", 8)
    assert BLURB not in texts
    assert pages.PARA_1 in texts and pages.POST_1 in texts  # the articles' own text stays
