"""`qingxi explain`: each line's verdict is the decision the cleaning steps made."""
import re

from flows.cli import main
from tests import pages
from tests.test_warc import ARTICLES, write_warc
from transforms.document import analyse_raw
from transforms.explain import explain_lines

REPEATED = pages.PEOPLE_STYLE.replace(f"{pages.PARA_3}\n", f"{pages.PARA_3}\n\n{pages.PARA_1}\n")


def verdicts(text: str) -> dict[str, str]:
    return {v.text: f"{v.verdict} ({v.detail})" for v in explain_lines(analyse_raw(text.encode(), is_html=False))}


def test_every_line_says_what_became_of_it():
    got = verdicts(pages.PEOPLE_STYLE)
    assert got[pages.TITLE] == "title (the title field)"
    assert got[pages.PARA_1] == "kept body (paragraph 1)"
    assert got[pages.PARA_3] == "kept body (paragraph 3)"
    assert got["2023年05月06日09:15 | 来源:青山日报"] == "field (published_at, source)"
    assert got["青山日报记者 林晓"] == "field (author)"
    assert got["小字号"].startswith("dropped (chrome: toolbar")
    assert got["(责编:周明、吴芳)"] == "field (editor)"
    assert got["返回顶部"].startswith("dropped")
    assert got["青山网>>文化频道"] == "field (column)"


def test_a_paragraph_the_page_repeats_is_named_as_the_repeat():
    lines = explain_lines(analyse_raw(REPEATED.encode(), is_html=False))
    para_1 = [f"{v.verdict} ({v.detail})" for v in lines if v.text == pages.PARA_1]
    assert para_1 == ["kept body (paragraph 1)", "dropped (repeat_in_document (paragraph 1 again))"]


def test_explain_reads_each_warc_response_and_selects_one_by_url(tmp_path, capsys):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    assert main(["explain", str(warc)]) == 0
    out = capsys.readouterr().out
    for url in ARTICLES:
        assert re.search(rf"^{re.escape(url)}: a document of \d+ paragraphs", out, re.M)
    assert "http://news.qingshan.example/missing.html: rejected, http_error" in out
    url = next(iter(ARTICLES))
    assert main(["explain", str(warc), "--url", url]) == 0
    only = capsys.readouterr().out
    assert f"{url}: a document" in only and "missing.html" not in only
    assert "blocks left out as chrome containers" in only and "kept body (paragraph 1)" in only


def test_explain_of_a_missing_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "nope.txt")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_explain_prints_the_signals_and_what_the_standard_filter_would_do(tmp_path, capsys):
    from tests.test_quality_filter import SPAM

    for name, text, verdict in (("article.txt", pages.PEOPLE_STYLE, "--filter standard: keeps it"),
                                ("spam.txt", SPAM, "--filter standard: moves it out, spam_score ")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["explain", str(tmp_path / name)]) == 0
        out = capsys.readouterr().out
        assert re.search(r"^  signals: lang zh, cjk_share 0\.\d+", out, re.M), out
        for signal in ("repet_top_4gram", "repet_dup_10gram", "spam_score", "pii_card"):
            assert re.search(rf"\b{signal} \d", out), signal
        assert f"  {verdict}" in out
