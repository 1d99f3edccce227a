"""No entry of the raw folder can stop a run: each is read, or gets a rejects row saying why."""
import os
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.discover import scan_raw
from flows.readers import display_path
from tests import pages

BAD_NAME = os.fsdecode(b"gbk-\xc7\xe0.txt")  # a GBK-encoded file name (青): not UTF-8


def raw_folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "site").mkdir(parents=True)
    (raw / "site" / "people.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    (raw / "Readme_article_2024.txt").write_text(pages.OTHER_ARTICLE, encoding="utf-8")  # an article, not a README
    (raw / "README.md").write_text("what this crawl is")  # the folder's own notes: skipped
    with open(os.path.join(os.fsencode(raw / "site"), os.fsencode(BAD_NAME)), "wb") as f:
        f.write(pages.GOV_STYLE.encode("gb18030"))
    os.symlink("loop-b", raw / "site" / "loop-a")
    os.symlink("loop-a", raw / "site" / "loop-b")
    os.symlink("missing.txt", raw / "site" / "dangling")
    os.symlink(raw / "site", raw / "mirror")  # a link to a folder inside: not followed
    os.mkfifo(raw / "site" / "pipe")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(pages.PORTAL_STYLE, encoding="utf-8")
    os.symlink(tmp_path / "outside" / "secret.txt", raw / "site" / "secret-link.txt")
    return raw


def test_listing_survives_every_kind_of_entry(tmp_path):
    listed = {display_path(f.path): (f.problem.reason if f.problem else "file") for f in scan_raw(raw_folder(tmp_path))}
    assert listed == {
        "Readme_article_2024.txt": "file", "site/people.txt": "file", "site/gbk-\\xc7\\xe0.txt": "file",
        "site/loop-a": "broken_link", "site/loop-b": "broken_link", "site/dangling": "broken_link",
        "site/pipe": "not_a_file", "site/secret-link.txt": "outside_raw", "mirror": "link_to_folder",
    }
    followed = {display_path(f.path): f.problem for f in scan_raw(tmp_path / "raw", follow_outside_links=True)}
    assert followed["site/secret-link.txt"] is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_a_reject_not_a_stop(tmp_path):
    raw = raw_folder(tmp_path)
    (raw / "locked").mkdir()
    (raw / "locked").chmod(0)
    try:
        listed = {f.path: f.problem for f in scan_raw(raw)}
    finally:
        (raw / "locked").chmod(0o755)
    assert listed["locked"].reason == "unreadable" and listed["site/people.txt"] is None


def test_every_entry_is_accounted_for_once_and_nothing_outside_is_read(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = raw_folder(tmp_path), tmp_path / "out"
    stats = curate(str(raw), str(out), workers=1)
    docs = ds.dataset(out / "documents").to_table().to_pylist()
    rejects = ds.dataset(out / "rejects").to_table().to_pylist()
    paths = sorted(r["source_path"] for r in docs + rejects)
    assert paths == sorted(["Readme_article_2024.txt", "site/people.txt", "site/gbk-\\xc7\\xe0.txt",
                            "site/loop-a", "site/loop-b", "site/dangling", "site/pipe", "site/secret-link.txt",
                            "mirror"])
    bad = next(d for d in docs if d["source_path"].startswith("site/gbk-"))
    assert os.fsdecode(bad["source_path_bytes"]) == f"site/{BAD_NAME}"  # the exact name, recoverable
    assert {r["source_path"]: r["reason"] for r in rejects}["site/secret-link.txt"] == "outside_raw"
    assert not [d for d in docs if d["title"] == pages.TITLE and d["source"] == "青山县人民政府"]  # the outside page
    assert {r["source_path"]: r["reason"] for r in rejects}["mirror"] == "link_to_folder"
    assert stats.documents == 3 and stats.rejects == 6
    again = curate(str(raw), str(out), workers=1)  # entries are remembered like files...
    assert again.files_new == 3 and again.rejects_retried == 3  # ...but links to nothing are looked at again
    assert len(ds.dataset(out / "rejects").to_table()) == 6


def test_a_file_appended_after_listing_is_recorded_as_read(tmp_path):
    from flows.reading import read_records

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    listed = scan_raw(raw)[0]
    with open(raw / "a.txt", "a", encoding="utf-8") as f:  # the crawler appends after the listing
        f.write(pages.PARA_3)
    record = next(read_records(str(raw), listed, 1 << 20))
    st = (raw / "a.txt").stat()
    assert (record.file.size, record.file.mtime_ns, record.raw_bytes) == (st.st_size, st.st_mtime_ns, st.st_size)
    assert record.raw == (raw / "a.txt").read_bytes()  # size, mtime and sha256 all of the same bytes
