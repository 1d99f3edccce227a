"""Cleaning again: `--reprocess` replaces every row at one commit; ids of unchanged files stay."""
import pyarrow.dataset as ds

from flows.rows import PIPELINE_VERSION
from flows.storage.store import Store
from tests import pages


def rows(out, name):
    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


def test_reprocess_cleans_everything_again_with_the_new_options(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text(pages.OTHER_ARTICLE, encoding="utf-8")
    (raw / "big.txt").write_text(pages.PEOPLE_STYLE + pages.PARA_3, encoding="utf-8")
    small = (raw / "a.txt").stat().st_size + 1  # big.txt is larger
    curate(str(raw), str(out), workers=1, max_bytes=small)
    first = {d["source_path"]: d["doc_id"] for d in rows(out, "documents")}
    assert [r["reason"] for r in rows(out, "rejects")] == ["too_large"]

    assert curate(str(raw), str(out), workers=1).files_new == 0  # a raised limit alone reads nothing again

    version_before = Store(out).manifest().versions["documents"]
    stats = curate(str(raw), str(out), workers=1, reprocess=True)
    assert (stats.files_new, stats.documents, stats.rejects) == (2, 2, 0)
    docs = {d["source_path"]: d["doc_id"] for d in rows(out, "documents")}
    assert set(docs) == {"a.txt", "big.txt"} and docs["a.txt"] == first["a.txt"]  # same file, same id
    assert rows(out, "rejects") == []  # the old reject is gone with the old rows
    paragraphs = rows(out, "paragraphs")
    assert {p["doc_id"] for p in paragraphs} == set(docs.values())
    assert len(paragraphs) == len({(p["doc_id"], p["para_index"]) for p in paragraphs})  # nothing doubled
    manifest = Store(out).manifest()
    assert [r.kind for r in manifest.runs] == ["run", "run", "reprocess", "run"]
    assert manifest.versions["documents"] > version_before
    assert manifest.pipeline_version == PIPELINE_VERSION
    assert curate(str(raw), str(out), workers=1).files_new == 0  # and re-runs go on from the new state


def _write(raw, rel, text):
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_reprocess_keeps_the_rows_of_files_no_longer_listed_and_the_history(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    _write(raw, "a/people.txt", pages.PEOPLE_STYLE)
    _write(raw, "a/river.txt", pages.OTHER_ARTICLE)
    _write(raw, "b/blog.txt", pages.BLOG)
    _write(raw, "b/error.txt", pages.ERROR_ONLY)
    curate(str(raw), str(out), workers=1)
    (raw / "a/river.txt").unlink()
    marked = curate(str(raw), str(out), workers=1)
    assert marked.deleted == 1
    deleted_at = {d["source_path"]: d["deleted_at"] for d in rows(out, "documents")}["a/river.txt"]
    (raw / "b/blog.txt").unlink()  # gone, not yet marked: the reprocess run marks it, as any run would
    (raw / "b/error.txt").unlink()
    before = {name: rows(out, name) for name in ("documents", "paragraphs", "rejects")}

    stats = curate(str(raw), str(out), workers=1, reprocess=True)
    assert (stats.files_new, stats.deleted) == (1, 1)
    docs = {d["source_path"]: d for d in rows(out, "documents")}
    assert set(docs) == {"a/people.txt", "a/river.txt", "b/blog.txt"}
    assert docs["a/river.txt"]["deleted_at"] == deleted_at  # marked before: stays marked, same time
    assert docs["b/blog.txt"]["deleted_at"] is not None
    paragraphs = rows(out, "paragraphs")
    kept_before = {p["doc_id"] for p in before["paragraphs"]}
    assert {p["doc_id"] for p in paragraphs} == kept_before  # deleted documents keep their paragraphs
    assert sorted((p["doc_id"], p["para_index"], p["text"]) for p in paragraphs) == \
        sorted((p["doc_id"], p["para_index"], p["text"]) for p in before["paragraphs"])
    assert [r["source_path"] for r in rows(out, "rejects")] == ["b/error.txt"]  # a reject whose file is gone stays
    manifest = Store(out).manifest()
    assert [r.kind for r in manifest.runs] == ["run", "run", "reprocess", "run"]  # history kept, numbers go on
    assert [r.seq for r in manifest.runs] == [1, 2, 3, 4]

    again = curate(str(raw), str(out), workers=1)  # the carried rows are state like any other
    assert (again.files_new, again.deleted, again.superseded) == (0, 0, 0)
    _write(raw, "c/river-again.txt", pages.OTHER_ARTICLE)  # a deleted document's text still counts in dedup
    assert curate(str(raw), str(out), workers=1).duplicates == 1


def test_reprocess_from_a_folder_listing_nothing_held_is_refused_unless_forced(tmp_path, prefect_harness):
    from flows.errors import QingxiError
    from flows.run import curate

    raw, out, empty = tmp_path / "raw", tmp_path / "out", tmp_path / "empty"
    _write(raw, "a/people.txt", pages.PEOPLE_STYLE)
    empty.mkdir()
    curate(str(raw), str(out), workers=1)
    before = rows(out, "documents")
    try:
        curate(str(empty), str(out), workers=1, reprocess=True)
    except QingxiError as err:
        assert "lists none of the 1 files" in str(err) and "--force" in str(err)
    else:
        raise AssertionError("a reprocess of an empty folder went ahead")
    assert rows(out, "documents") == before and len(Store(out).manifest().runs) == 1
    stats = curate(str(empty), str(out), workers=1, reprocess=True, force=True)
    assert stats.deleted == 0  # an empty folder says nothing about deletions
    assert rows(out, "documents") == before and len(rows(out, "paragraphs")) == 3
