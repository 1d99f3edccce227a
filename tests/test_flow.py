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
    import opencc

    # A shortened Traditional reprint: the third paragraph dropped.
    traditional = opencc.OpenCC("s2t").convert(pages.PEOPLE_STYLE.replace(pages.PARA_3, ""))
    files = {
        "site-a/people.txt": (pages.PEOPLE_STYLE.encode("utf-8"), "kept"),
        "site-a/archive/2023/people-copy.txt": (pages.PEOPLE_STYLE.encode("utf-8"), "exact"),
        "site-b/people-gbk-crlf.txt": (pages.PEOPLE_STYLE.replace("\n", "\r\n").encode("gbk"), "exact"),
        "site-b/reprint-other-chrome.txt": (pages.GOV_STYLE.encode("gb18030"), "near"),
        "tw/reprint-big5.txt": (traditional.encode("big5hkscs"), "near"),
        "site-c/river-full.txt": (pages.OTHER_ARTICLE.encode("utf-16"), "kept"),
        # ends in the middle of the final "。": 2 of its 3 UTF-8 bytes
        "site-c/river-trunc.txt": (pages.OTHER_ARTICLE.encode("utf-8")[:-2], "near"),
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
        if outcome not in ("kept", "exact", "near"):
            assert reasons[rel] == outcome, rel
    assert first.files_seen == len(expected) and first.rejects == len(reasons)


def test_duplicates_point_at_the_earliest_copy_and_have_no_paragraphs(run_twice):
    _, out, expected, first, _, _ = run_twice
    docs = {d["source_path"]: d for d in read(out, "documents")}
    people = docs["site-a/archive/2023/people-copy.txt"]  # sorts before site-a/people.txt
    river = docs["site-c/river-full.txt"]
    assert people["duplicate_of"] is None and river["duplicate_of"] is None
    want = {"site-a/people.txt": (people, "exact"), "site-b/people-gbk-crlf.txt": (people, "exact"),
            "site-b/reprint-other-chrome.txt": (people, "near"), "tw/reprint-big5.txt": (people, "near"),
            "site-c/river-trunc.txt": (river, "near")}
    for rel, (root, method) in want.items():
        assert (docs[rel]["duplicate_of"], docs[rel]["dup_method"]) == (root["doc_id"], method), rel
        assert docs[rel]["dup_similarity"] >= (1.0 if method == "exact" else 0.4)
    para_docs = {p["doc_id"] for p in read(out, "paragraphs")}
    assert {people["doc_id"], river["doc_id"]} <= para_docs
    assert not para_docs & {docs[r]["doc_id"] for r in want}
    removed = read(out, "removed")
    assert sorted((r["source_path"], r["rule"]) for r in removed if r["rule"].endswith("duplicate")) == \
        sorted((rel, f"{m}_duplicate") for rel, (_, m) in want.items())
    assert first.duplicates == len(want)


def test_fields_and_paragraph_order_survive_the_round_trip(run_twice):
    _, out, *_ = run_twice
    docs = {d["source_path"]: d for d in read(out, "documents")}
    gov = docs["site-b/reprint-other-chrome.txt"]
    assert (gov["title"], gov["author"], gov["source"], gov["encoding"]) == (pages.TITLE, "王立新", "青山工作", "gb18030")
    assert str(gov["published_at"]).startswith("2023-05-06 10:20")
    river = docs["site-c/river-full.txt"]
    assert river["encoding"] == "utf-16" and river["title"] == "清河镇河道治理见成效"
    paras = sorted((p for p in read(out, "paragraphs") if p["doc_id"] == river["doc_id"]), key=lambda p: p["para_index"])
    assert [p["text"] for p in paras] == [pages.RIVER_1, pages.RIVER_2, pages.RIVER_3]
    assert [p["para_index"] for p in paras] == [0, 1, 2]
    assert all(p["first_doc_id"] == river["doc_id"] for p in paras)
    assert docs["tw/reprint-big5.txt"]["script"] == "traditional"
    assert docs["site-c/river-trunc.txt"]["truncated"] is True and river["truncated"] is False


def test_second_run_on_the_same_files_adds_nothing(run_twice):
    _, out, expected, first, second, docs_first = run_twice
    docs = read(out, "documents")
    assert sorted(d["doc_id"] for d in docs) == sorted(d["doc_id"] for d in docs_first)
    assert second.files_new == 0 and second.files_unchanged == len(expected) and second.documents == 0
    assert not [p for p in out.rglob(".*") if p.is_file()]


def test_pandas_and_duckdb_read_the_same_rows(run_twice):
    _, out, *_ = run_twice
    for table in ("documents", "paragraphs", "rejects"):
        n_arrow = len(read(out, table))
        assert len(pd.read_parquet(out / table)) == n_arrow
        n_duck = duckdb.sql(f"select count(*) from read_parquet('{out / table}/*.parquet', hive_partitioning=true)").fetchall()[0][0]
        assert n_duck == n_arrow


def test_tables_with_no_rows_are_still_readable_with_their_columns(tmp_path, prefect_harness):
    from flows.run import curate
    from flows.schemas import TABLES

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")  # no rejects, nothing removed
    curate(str(raw), str(out), workers=1)
    for name, schema in TABLES.items():
        cols = [d[0] for d in duckdb.sql(f"SELECT * FROM read_parquet('{out}/{name}/*.parquet')").description]
        assert cols == schema.names, name
        assert list(pd.read_parquet(out / name).columns) == schema.names
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/rejects/*.parquet')").fetchall() == [(0,)]
    card = (out / "README.md").read_text()
    assert card.startswith("---\nconfigs:\n") and all(f"- config_name: {name}\n" in card for name in TABLES)
    named = [line.strip("- ") for line in card.split("---")[1].splitlines() if line.endswith(".parquet")]
    assert len(named) == len(TABLES) and all((out / path).is_file() for path in named)
    assert not any("/state/" in path for path in named)  # the card never names qingxi's own state


def test_prefect_sees_named_tagged_runs_with_tasks_and_per_dataset_artifacts(tmp_path, prefect_harness):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterTags

    from flows.run import run_curate

    raw, out = tmp_path / "raw", tmp_path / "My Dataset"
    raw.mkdir()
    (raw / "a.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    run_curate(str(raw), str(out), workers=1)

    async def look():
        async with get_client() as client:
            runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["qingxi-out-my-dataset"])))
            tasks = await client.read_task_runs(flow_run_filter=FlowRunFilter(id={"any_": [runs[0].id]}))
            arts = await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["qingxi-my-dataset-summary"])))
            return runs, tasks, arts

    runs, tasks, arts = asyncio.run(look())
    assert len(runs) == 1 and runs[0].name.startswith("qingxi-my-dataset-") and "qingxi" in runs[0].tags
    assert {"clean-batch", "deduplicate", "write-run"} <= {t.name.rsplit("-", 1)[0] for t in tasks}
    assert arts and str(out) in arts[0].data and "documents 1" in arts[0].data


def test_report_page_charts_the_dataset(tmp_path, prefect_harness):
    from selectolax.lexbor import LexborHTMLParser

    from flows.cli import main
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "site").mkdir(parents=True)
    (raw / "site" / "a.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    (raw / "site" / "copy.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    (raw / "site" / "404.txt").write_text(pages.ERROR_ONLY, encoding="utf-8")
    curate(str(raw), str(out), workers=1)
    assert main(["report", "--out", str(out)]) == 0
    page = LexborHTMLParser((out / "report.html").read_text(encoding="utf-8"))
    charts = {s.css_first("h2").text(): s for s in page.css("section")}
    assert {"Rejects by reason", "Duplicates found", "Encodings", "Documents per run"} <= set(charts)
    assert "error_page" in charts["Rejects by reason"].text() and "exact" in charts["Duplicates found"].text()
    assert len(page.css("svg rect")) >= 8 and not page.css("script")  # self-contained, nothing to run


def test_published_at_utc_is_the_printed_time_read_in_utc_plus_8(tmp_path, prefect_harness):
    from datetime import datetime, timezone

    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")  # prints 2023-05-06 09:15
    curate(str(raw), str(out), workers=1)
    doc = ds.dataset(out / "documents").to_table().to_pylist()[0]
    assert doc["published_at"] == datetime(2023, 5, 6, 9, 15)
    assert doc["published_at_utc"] == datetime(2023, 5, 6, 1, 15, tzinfo=timezone.utc)
