"""Behaviours the README documents that no other test pinned down: each test here fails when
its rule is removed or loosened (issue 21's hand mutation found them all surviving)."""
import io

import pyarrow.dataset as ds
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests import pages
from transforms.decode import Decoded, decode
from transforms.dedup.minhash import dedup_text, shingle_set, similarity
from transforms.dedup.rules import is_near_duplicate
from transforms.document import Document, clean

ARTICLE = [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4, pages.RIVER_1, pages.RIVER_2, pages.RIVER_3]


def test_a_piece_quoting_one_paragraph_is_not_a_reprint():
    """README, Deduplication: a shortened reprint counts, an article quoting a paragraph does
    not: the quote is contained in the article, but shares too little of it."""
    article = dedup_text(ARTICLE)
    quoting = dedup_text([pages.PARA_2, "转引。"])
    reprint = dedup_text(ARTICLE[:-1])
    quote_jaccard, quote_containment = similarity(shingle_set(quoting), shingle_set(article))
    assert quote_containment >= 0.9 and quote_jaccard < 0.2  # contained, and a small part of it
    assert not is_near_duplicate(quote_jaccard, quote_containment)
    assert is_near_duplicate(*similarity(shingle_set(reprint), shingle_set(article)))


def test_the_lsh_bucket_cap_is_the_documented_64():
    """README, Deduplication: buckets holding more than 64 documents are not compared. The
    number is the README's, not read from the constant, so changing it fails here."""
    from tests.test_dedup import _state_sharing_band_zero
    from transforms.dedup import deduplicate

    for n_old, found in ((63, True), (64, False)):
        state, keys, texts = _state_sharing_band_zero(n_old)
        dec = deduplicate([keys], 2, state, lambda w: {d: texts[d] for d in w.to_pylist() if d in texts}, 3)
        assert ("new" in dec.duplicates) is found, n_old


def test_short_lines_between_sentences_do_not_split_a_blog_post():
    """A blogger's line breaks (short lines without punctuation, prose on both sides) cost
    little: the post is read whole, where the same lines elsewhere would look like a menu."""
    bodies = ["雨停了，我一个人出门去散步。", "路过老街，槐花落了一地。", "回到家，妈妈已经做好了晚饭。"]
    breaks = [["那年夏天的风吹过老街的巷口", "我们坐在台阶上数着星星"], ["什么都不害怕的少年时光", "后来都散落在天涯海角"]]
    page = "\n\n".join(["小林的日记", "首页 博文 相册 留言", bodies[0], *breaks[0], bodies[1], *breaks[1], bodies[2],
                        "分享到微博", "返回顶部", "Copyright © 2023 小林的日记"])
    outcome = clean(page.encode())
    assert isinstance(outcome, Document)
    assert [p.text for p in outcome.paragraphs] == [bodies[0], *breaks[0], bodies[1], *breaks[1], bodies[2]]


def test_three_headlines_after_an_article_are_other_stories():
    """README, Endings without a label: three or more headline-like lines (with a comma, so
    they read as prose) closing an article whose paragraphs end their sentences are other
    stories; test_cleaning has four, and two that stay."""
    strip = "\n".join(["青山县图书馆夜间自习区开放，学生排队入场", "河滨公园步道整修完工，周末涌入大批游客",
                       "台风外围环流影响，北部山区慎防豪雨，气象部门发布预警"])
    outcome = clean(pages.PEOPLE_STYLE.replace("(责编:周明、吴芳)", strip).encode())
    assert isinstance(outcome, Document)
    assert [p.text for p in outcome.paragraphs] == [pages.PARA_1, pages.PARA_2, pages.PARA_3]


def test_a_thread_numbered_with_hashes_ends_at_the_next_post():
    """README, Forum threads: the article is the opening post and ends at the next post
    header, here `#2` with no other post word on the page."""
    page = "\n\n".join([
        "老街改造的几点建议", "#1 老街坊 2009-5-12 21:33", pages.PARA_1, pages.PARA_2,
        "#2 河边人 2009-5-12 22:10", pages.RIVER_1, pages.RIVER_2, pages.RIVER_3, pages.PARA_4])
    outcome = clean(page.encode())
    assert isinstance(outcome, Document)
    assert [p.text for p in outcome.paragraphs] == [pages.PARA_1, pages.PARA_2]


def test_an_outlet_alone_under_the_title_is_not_an_author():
    """A bare two- or three-character line under the title, next to the date line, is a
    byline (林晓) unless it names an outlet (黄河报, 钱江网, 新华社)."""
    for name, author in (("林晓", "林晓"), ("黄河报", None), ("钱江网", None), ("新华社", None)):
        page = "\n".join([pages.TITLE, name, "2023-05-06 09:15 来源：青山日报", "", pages.PARA_1, "", pages.PARA_2])
        outcome = clean(page.encode())
        assert isinstance(outcome, Document) and outcome.author == author, name


def test_chinese_that_also_reads_as_hangul_stays_chinese():
    """GB2312 rows B0-C8 are hangul syllables in EUC-KR: such Chinese decodes strictly as
    Korean, and only the share of common syllables tells it is not."""
    text = "".join(ch for ch in "".join(ARTICLE) if "\u4e00" <= ch <= "\u9fff" and 0xB0 <= ch.encode("gb2312")[0] <= 0xC8)
    text = "，".join(text[i : i + 12] for i in range(0, len(text), 12)) + "。"
    raw = text.encode("gb2312")
    assert raw.decode("cp949")  # it does read as Korean
    result = decode(raw)
    assert isinstance(result, Decoded) and result.text == text and result.method not in ("hangul", "kana")


def test_retry_rejects_reads_a_file_again_when_its_other_records_are_held(tmp_path, prefect_harness):
    """A WARC holding a page and a 404: --retry-rejects reads it again though its stat is
    unchanged and its page is already a document."""
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for url, status, body in (("http://qingshan.example/a.html", "200 OK", ("<html><body><h1>" + pages.TITLE + "</h1><p>"
                                                                              + "</p><p>".join(ARTICLE) + "</p></body></html>")),
                              ("http://qingshan.example/gone.html", "404 Not Found", "<html>404</html>")):
        headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    (raw / "crawl.warc.gz").write_bytes(buf.getvalue())
    curate(str(raw), str(out), workers=1)
    assert curate(str(raw), str(out), workers=1).files_new == 0
    again = curate(str(raw), str(out), workers=1, retry_rejects=True)
    assert (again.files_new, again.rejects_retried) == (1, 1)
    assert [r["reason"] for r in ds.dataset(out / "rejects").to_table().to_pylist()] == ["http_error"]


def test_recover_removes_parts_no_commit_names(tmp_path):
    """README, Re-runs: a run killed at any moment leaves parts the manifest does not name;
    the next run deletes them (here without Prefect: the store alone)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from flows.runinfo import RunKind, RunRecord
    from flows.schemas import DOCUMENTS
    from flows.storage.manifest import Manifest
    from flows.storage.recovery import recover
    from flows.storage.store import Store

    store = Store(tmp_path / "out")
    manifest = Manifest()
    store.meta.mkdir(parents=True)
    store.ensure_layout(manifest)
    folder = store.table_dir("documents", manifest)
    pq.write_table(pa.Table.from_pylist([], schema=DOCUMENTS), folder / "part-000001-committed.parquet")
    pq.write_table(pa.Table.from_pylist([], schema=DOCUMENTS), folder / "part-000002-uncommitted.parquet")
    manifest.runs.append(RunRecord("r1", 1, RunKind.RUN, parts={"documents": ["part-000001-committed.parquet"]}))
    store.commit(manifest)
    assert recover(store, manifest) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["part-000001-committed.parquet"]


def test_an_internal_error_keeps_its_message_and_logs_its_traceback(monkeypatch, caplog):
    """One record that trips a bug is an internal_error reject (the run goes on); where in
    the code it happened is in the log, not lost."""
    import flows.ingest as ingest
    from flows.readers import RawFile, Record
    from transforms.document import Reject

    def broken(*args, **kwargs):
        raise TypeError("a bug in a cleaning rule")

    monkeypatch.setattr(ingest, "analyse_raw", broken)
    record = Record(RawFile("site/page.txt", 10, 0), b"<p>x</p>", "0" * 64, 10)
    with caplog.at_level("ERROR", logger="qingxi.ingest"):
        outcome = ingest._analyse(record)
    assert isinstance(outcome, Reject) and outcome.message == "TypeError: a bug in a cleaning rule"
    [logged] = caplog.records
    assert "site/page.txt" in logged.getMessage() and logged.exc_info is not None
    assert "in broken" in caplog.text  # the traceback, with the function that raised


def test_manifest_entries_are_typed_records_in_utc_and_old_entries_still_load(tmp_path):
    """Each commit's entry is a RunRecord whose finished_at is UTC ISO 8601 with its zone;
    entries of older manifests (plain dicts, no kind, local time) load as runs."""
    import json
    from datetime import datetime

    from flows.runinfo import RunKind, RunRecord
    from flows.storage.manifest import Manifest
    from flows.storage.store import Store

    store = Store(tmp_path / "out")
    store.meta.mkdir(parents=True)
    store.commit(Manifest(runs=[RunRecord("r1", 1, RunKind.RUN, parts={"documents": ["part-1.parquet"]})]))
    [entry] = json.loads((store.meta / "manifest.json").read_text())["runs"]
    assert datetime.fromisoformat(entry["finished_at"]).utcoffset().total_seconds() == 0
    assert entry["kind"] == "run" and "stats" not in entry  # nothing unset is written
    (store.meta / "manifest.json").write_text(json.dumps(
        {"format": 1, "runs": [{"run_id": "old", "seq": 1, "finished_at": "2024-01-02T03:04:05", "parts": {}}]}))
    [old] = store.manifest().runs
    assert (old.kind, old.seq, old.finished_at) == (RunKind.RUN, 1, "2024-01-02T03:04:05")


def test_the_paragraphs_pass_refuses_to_report_before_it_is_consumed():
    """The documents table's counts come from the paragraphs pass: asked too early (two
    lines of write_run swapped), they are an error, never silent zeros."""
    import pytest

    from flows.storage.write import ParagraphsPass
    from transforms.dedup import Decisions

    empty = ParagraphsPass([], Decisions())
    with pytest.raises(RuntimeError, match="not been consumed"):
        empty.written
    assert list(empty) == [] and empty.written == {} and empty.templates == []


def test_an_empty_phrase_list_is_refused_not_a_pattern_matching_everything():
    import pytest

    from transforms.lexicon import alternation

    with pytest.raises(ValueError):
        alternation(())
    with pytest.raises(ValueError):
        alternation(("作者", ""))
    assert alternation(("作者",), ("撰文",)) == "(?:作者|撰文)"


def test_each_cheap_precheck_holds_for_every_phrase_of_its_list():
    """A precheck must hold whenever its pattern can match: checked against the lexicon, so
    a phrase added there cannot slip past a precheck written by hand."""
    from transforms.article import _POST_WORDS, _POSTED, POST_FLOOR
    from transforms.chrome import _COMMENT_SIGN
    from transforms.lexicon import COMMENT_SIGNS, POST_FLOORS, POSTED_KEYS

    headers = [f"{floor} 河边人" for floor in POST_FLOORS] + [f"河边人 {key} 2009-5-12 22:10" for key in POSTED_KEYS]
    headers += ["2楼 河边人", "#3 河边人", "第12楼", "4# 河边人"]
    for header in headers:
        assert POST_FLOOR.search(header) or _POSTED.search(header), header
        assert any(word in header for word in _POST_WORDS), header
    assert all(_COMMENT_SIGN.search(sign) for sign in COMMENT_SIGNS)
    from transforms.html import _MEMBER_PAGE, _links_a_member
    members = ["space-uid-12.html", "home.php?mod=space&uid=12", "u.php?uid=12", "profile.php?userid=12",
               "user.php?user_id=12", "dispuser.asp?id=12", "/home/main?un=abc"]
    assert all(_MEMBER_PAGE.search(href) for href in members) and all(_links_a_member(href) for href in members)


def test_one_crumb_splitter_tells_a_breadcrumb_and_names_its_column():
    """A slash between levels (新闻/国内) splits a breadcrumb both where it is recognised and
    where its column is read: the two rules no longer disagree."""
    page = "\n\n".join(["青山网", "首页 > 新闻/国内 > 正文", pages.TITLE, pages.PARA_1, pages.PARA_2, pages.PARA_3])
    outcome = clean(page.encode())
    assert isinstance(outcome, Document) and outcome.column == "新闻 > 国内"


def test_no_interface_word_or_toolbar_token_is_taken_for_a_name():
    """The not-a-name words come from the lexicon, the toolbar's included: a word added to
    the toolbar is refused as a byline name without a second list to update."""
    from transforms.lexicon import NOT_NAME_WORDS as words
    from transforms.metadata import _names_a_desk

    assert "扫一扫" in words and "登录" in words
    assert [w for w in words if not _names_a_desk(w)] == []
    assert not _names_a_desk("林晓") and not _names_a_desk("王小明")
