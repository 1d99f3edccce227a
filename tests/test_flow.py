"""The real flow under a temporary Prefect server, on a raw folder with every bad-input kind."""
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from tests import pages

MAX_BYTES = 8000


def make_raw(root: Path) -> dict[str, str]:
    """Write the raw folder; return {path: expected outcome}."""
    files = {
        "site-a/people.txt": (pages.PEOPLE_STYLE.encode("utf-8"), "kept"),
        "site-a/archive/2023/people-copy.txt": (pages.PEOPLE_STYLE.encode("utf-8"), "dup"),
        "site-b/people-gbk-crlf.txt": (pages.PEOPLE_STYLE.replace("\n", "\r\n").encode("gbk"), "dup"),
        "site-b/gov.txt": (pages.GOV_STYLE.encode("gb18030"), "kept"),
        "site-c/portal-utf16.txt": (pages.PORTAL_STYLE.encode("utf-16"), "kept"),
        "site-c/magazine.txt": (pages.MAGAZINE_STYLE.encode("utf-8"), "kept"),
        # ends in the middle of the final "。": 2 of its 3 UTF-8 bytes
        "site-c/portal-cut.txt": (pages.PORTAL_STYLE.encode("utf-8")[:-2], "kept"),
        "tw/trad.txt": (pages.TRADITIONAL.encode("big5"), "kept"),
        "bad/empty.txt": (b"", "empty"),
        "bad/photo.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        "bad/404.html": (pages.ERROR_ONLY.encode(), "error_page"),
        "bad/nav.txt": (pages.CHROME_ONLY.encode(), "chrome_only"),
        "bad/huge.txt": ((pages.PARA_1 * 200).encode("utf-8"), "too_large"),
    }
    for rel, (data, _) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / ".hidden-crawler-state").write_text("not an article")
    return {rel: outcome for rel, (_, outcome) in files.items()}


def read(out: Path, table: str) -> list[dict]:
    return ds.dataset(out / table, format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.fixture(scope="module")
def run_twice(tmp_path_factory, prefect_harness):
    from flows.run import curate

    raw = tmp_path_factory.mktemp("raw")
    out = tmp_path_factory.mktemp("curated")
    expected = make_raw(raw)
    first = curate(str(raw), str(out), max_bytes=MAX_BYTES, workers=1)
    docs_first = read(out, "documents")
    second = curate(str(raw), str(out), max_bytes=MAX_BYTES, workers=1)
    return raw, out, expected, first, second, docs_first


def test_every_raw_file_is_accounted_for_exactly_once(run_twice):
    _, out, expected, first, _, _ = run_twice
    docs, rejects = read(out, "documents"), read(out, "rejects")
    seen = [d["source_path"] for d in docs] + [r["source_path"] for r in rejects]
    assert sorted(seen) == sorted(expected)
    reasons = {r["source_path"]: r["reason"] for r in rejects}
    for rel, outcome in expected.items():
        if outcome not in ("kept", "dup"):
            assert reasons[rel] == outcome, rel
    assert first.files_seen == len(expected) and first.rejects == len(reasons)


def test_exact_duplicates_point_at_the_first_path_and_have_no_paragraphs(run_twice):
    _, out, expected, first, _, _ = run_twice
    docs = {d["source_path"]: d for d in read(out, "documents")}
    copies = ["site-a/archive/2023/people-copy.txt", "site-a/people.txt", "site-b/people-gbk-crlf.txt"]
    kept = docs[sorted(copies)[0]]
    assert kept["duplicate_of"] is None
    for rel in sorted(copies)[1:]:
        assert docs[rel]["duplicate_of"] == kept["doc_id"] and docs[rel]["dup_method"] == "exact"
    assert docs["site-b/people-gbk-crlf.txt"]["encoding"] in ("gbk", "gb2312", "gb18030")
    para_docs = {p["doc_id"] for p in read(out, "paragraphs")}
    assert kept["doc_id"] in para_docs
    assert not para_docs & {docs[r]["doc_id"] for r in sorted(copies)[1:]}
    assert first.duplicates == 2


def test_fields_and_paragraph_order_survive_the_round_trip(run_twice):
    _, out, *_ = run_twice
    docs = {d["source_path"]: d for d in read(out, "documents")}
    gov = docs["site-b/gov.txt"]
    assert (gov["title"], gov["author"], gov["source"]) == (pages.TITLE, "王立新", "青山工作")
    assert str(gov["published_at"]).startswith("2023-05-06 10:20")
    paras = sorted((p for p in read(out, "paragraphs") if p["doc_id"] == gov["doc_id"]), key=lambda p: p["para_index"])
    assert [p["para_index"] for p in paras] == list(range(len(paras)))
    assert paras[0]["text"] == pages.PARA_1 and paras[1]["kind"] == "heading"
    trad = docs["tw/trad.txt"]
    assert trad["script"] == "traditional"
    tp = [p for p in read(out, "paragraphs") if p["doc_id"] == trad["doc_id"]]
    assert tp[0]["text"] != tp[0]["text_original"]
    assert docs["site-c/portal-cut.txt"]["truncated"] is True
    assert docs["site-c/magazine.txt"]["truncated"] is False


def test_rerun_is_idempotent_and_leaves_no_staging_files(run_twice):
    _, out, expected, first, second, docs_first = run_twice
    docs = read(out, "documents")
    assert sorted(d["doc_id"] for d in docs) == sorted(d["doc_id"] for d in docs_first)
    assert len(docs) == first.documents == second.documents
    assert not [p for p in out.rglob(".*") if p.is_file()]


def test_pandas_and_duckdb_read_the_same_rows(run_twice):
    _, out, *_ = run_twice
    for table in ("documents", "paragraphs", "rejects"):
        n_arrow = len(read(out, table))
        assert len(pd.read_parquet(out / table)) == n_arrow
        n_duck = duckdb.sql(f"select count(*) from read_parquet('{out / table}/*.parquet', hive_partitioning=true)").fetchall()[0][0]
        assert n_duck == n_arrow
