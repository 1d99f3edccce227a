"""Cleaning again: `--reprocess` replaces every row at one commit; ids of unchanged files stay."""
import pyarrow.dataset as ds

from flows.rows import PIPELINE_VERSION
from flows.store import Store
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
    assert [r["kind"] for r in manifest.runs] == ["reprocess", "run"] and manifest.versions["documents"] > version_before
    assert manifest.pipeline_version == PIPELINE_VERSION
    assert curate(str(raw), str(out), workers=1).files_new == 0  # and re-runs go on from the new state
