"""Records rejected for a reason that can pass are read again on the next run, and
`--retry-rejects` reads every rejected record again; either way the new row replaces the
old reject in the same commit, so each record stays once in documents ∪ rejects."""
import os

import pyarrow.dataset as ds

from tests import pages


def rows(out, name):
    return ds.dataset(out / name).to_table().to_pylist()


def test_a_link_whose_target_appears_later_is_read_without_a_touch(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "site").mkdir(parents=True)
    (raw / "site" / "people.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    (raw / ".store").mkdir()  # hidden: listed only through the link
    os.symlink("../.store/river.txt", raw / "site" / "river.txt")
    first = curate(str(raw), str(out), workers=1)
    assert first.rejects_by_reason == {"broken_link": 1}

    (raw / ".store" / "river.txt").write_text(pages.OTHER_ARTICLE, encoding="utf-8")  # the crawler catches up
    second = curate(str(raw), str(out), workers=1)
    assert second.files_new == 1 and second.rejects_retried == 1 and second.documents == 1
    assert rows(out, "rejects") == []
    assert sorted(d["source_path"] for d in rows(out, "documents")) == ["site/people.txt", "site/river.txt"]
    assert curate(str(raw), str(out), workers=1).files_new == 0  # read well once: remembered


def test_retry_rejects_cleans_rejected_files_again_with_the_new_options(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "site").mkdir(parents=True)
    (raw / "site" / "people.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    (raw / "site" / "error.txt").write_text(pages.ERROR_ONLY, encoding="utf-8")
    first = curate(str(raw), str(out), workers=1, max_bytes=20)  # a limit set too low
    assert first.rejects_by_reason == {"too_large": 2}
    assert curate(str(raw), str(out), workers=1).files_new == 0  # a reject is remembered...

    again = curate(str(raw), str(out), workers=1, retry_rejects=True)  # ...until asked
    assert again.rejects_retried == 2 and again.documents == 1
    rejects = rows(out, "rejects")
    assert [(r["source_path"], r["reason"]) for r in rejects] == [("site/error.txt", "error_page")]
    assert rejects[0]["run_id"] == again.run_id
    assert [d["source_path"] for d in rows(out, "documents")] == ["site/people.txt"]
