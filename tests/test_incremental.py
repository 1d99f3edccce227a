"""Re-runs, crash safety, one writer at a time, compaction (issue: re-runs and crash safety)."""
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from flows.storage.store import Store
from tests import pages

CLI = [sys.executable, "-m", "flows.cli"]


def write(root: Path, rel: str, data: bytes) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(data)


def corpus(root: Path) -> None:
    write(root, "a/people.txt", pages.PEOPLE_STYLE.encode())
    write(root, "a/river.txt", pages.OTHER_ARTICLE.encode("gbk"))
    write(root, "b/gov.txt", pages.GOV_STYLE.encode("gb18030"))
    write(root, "b/copy.txt", pages.PEOPLE_STYLE.encode("utf-16"))
    write(root, "c/404.txt", pages.ERROR_ONLY.encode())
    write(root, "c/empty.txt", b"")


def table(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


def snapshot(out: Path) -> dict:
    """The dataset's content, without per-run ids."""
    drop = {"run_id"}
    return {name: sorted(tuple(sorted((k, str(v)) for k, v in row.items() if k not in drop)) for row in table(out, name))
            for name in ("documents", "paragraphs", "rejects", "removed")}


def test_three_runs_account_for_every_file_once_and_keep_ids(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a/people.txt", pages.PEOPLE_STYLE.encode())
    write(raw, "a/river.txt", pages.OTHER_ARTICLE.encode())
    write(raw, "c/404.txt", pages.ERROR_ONLY.encode())
    first = curate(str(raw), str(out), workers=1)
    ids_first = {d["source_path"]: d["doc_id"] for d in table(out, "documents")}
    # The rest, including a shortened reprint of a first-run document on another site.
    write(raw, "b/reprint.txt", pages.GOV_STYLE.encode("gb18030"))
    write(raw, "b/portal.txt", pages.PORTAL_STYLE.encode())
    write(raw, "c/empty.txt", b"")
    second = curate(str(raw), str(out), workers=1)
    third = curate(str(raw), str(out), workers=1)

    docs, rejects = table(out, "documents"), table(out, "rejects")
    paths = sorted([d["source_path"] for d in docs] + [r["source_path"] for r in rejects])
    assert paths == sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    by_path = {d["source_path"]: d for d in docs}
    assert {p: by_path[p]["doc_id"] for p in ids_first} == ids_first
    assert by_path["b/reprint.txt"]["duplicate_of"] == ids_first["a/people.txt"]
    assert by_path["b/reprint.txt"]["dup_method"] == "near"
    assert (first.files_new, second.files_new, third.files_new) == (3, 3, 0)
    assert third.documents == 0 and third.paragraphs == 0
    assert len(Store(out).manifest().runs) == 3


def test_a_changed_file_replaces_its_old_version_and_a_touched_file_is_not_read_as_new(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a/people.txt", pages.PEOPLE_STYLE.encode())
    write(raw, "c/404.txt", pages.ERROR_ONLY.encode())
    curate(str(raw), str(out), workers=1)
    os.utime(raw / "c/404.txt", ns=(1, 1))  # touched, same bytes: read again, its record is known
    edited = pages.PEOPLE_STYLE.replace(pages.PARA_3, pages.PARA_3 + "活动将持续到年底。")  # a small correction
    write(raw, "a/people.txt", edited.encode())
    stats = curate(str(raw), str(out), workers=1)
    assert (stats.files_new, stats.records_unchanged, stats.documents, stats.rejects) == (2, 1, 1, 0)
    assert stats.superseded == 1 and stats.duplicates == 0
    versions = {d["run_id"] == stats.run_id: d for d in table(out, "documents") if d["source_path"] == "a/people.txt"}
    old, new = versions[False], versions[True]
    assert old["superseded_by"] == new["doc_id"] and new["duplicate_of"] is None and new["superseded_by"] is None
    texts = [p["text"] for p in table(out, "paragraphs")]
    assert pages.PARA_3 + "活动将持续到年底。" in texts and pages.PARA_3 not in texts  # the correction, not the stale text
    assert {p["doc_id"] for p in table(out, "paragraphs")} == {new["doc_id"]}
    [removed] = [r for r in table(out, "removed") if r["rule"] == "superseded"]
    assert (removed["doc_id"], removed["duplicate_of"]) == (old["doc_id"], new["doc_id"])
    assert len(table(out, "rejects")) == 1


def test_a_moved_file_is_the_same_document_at_its_new_path_and_a_deleted_one_is_marked(tmp_path, prefect_harness):
    from flows.report import status_report
    from flows.storage.store import Store

    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a/people.txt", pages.PEOPLE_STYLE.encode())
    write(raw, "a/river.txt", pages.OTHER_ARTICLE.encode())
    curate(str(raw), str(out), workers=1)
    before = {d["source_path"]: d["doc_id"] for d in table(out, "documents")}
    (raw / "a/people.txt").rename(raw / "archive-people.txt")
    (raw / "a/river.txt").unlink()
    stats = curate(str(raw), str(out), workers=1)
    assert (stats.superseded, stats.deleted, stats.duplicates) == (1, 1, 0)
    docs = {d["source_path"]: d for d in table(out, "documents")}
    moved = docs["archive-people.txt"]
    assert docs["a/people.txt"]["superseded_by"] == moved["doc_id"] and moved["duplicate_of"] is None
    assert docs["a/river.txt"]["deleted_at"] is not None and docs["a/river.txt"]["superseded_by"] is None
    by_doc = {p["doc_id"] for p in table(out, "paragraphs")}
    assert by_doc == {moved["doc_id"], before["a/river.txt"]}  # a deleted file's text stays; the moved text once
    status = status_report(Store(out))
    assert (status["current"], status["superseded"], status["deleted"]) == (1, 1, 1)
    assert "current 1, superseded 1, deleted 1" in status["text"]
    assert [r["text"] for r in table(out, "removed") if r["rule"] == "superseded"] == ["moved: the same text at a new path"]
    again = curate(str(raw), str(out), workers=1)
    assert (again.files_new, again.superseded, again.deleted) == (0, 0, 0)  # marked once
    elsewhere = tmp_path / "other-raw"
    write(elsewhere, "b/new.txt", pages.TW_STYLE.encode())
    assert curate(str(elsewhere), str(out), workers=1).deleted == 0  # another folder says nothing of deletions
    assert curate(str(raw), str(out), workers=1).deleted == 0  # nor does coming back (b/new.txt is not here)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, prefect_server):
    raw = tmp_path_factory.mktemp("raw")
    corpus(raw)
    out = tmp_path_factory.mktemp("ref") / "out"
    subprocess.run(CLI + ["run", "--raw", str(raw), "--out", str(out)], env=prefect_server, check=True,
                   capture_output=True, timeout=300)
    return raw, snapshot(out)


@pytest.mark.parametrize("crash_at", ["before-publish", "mid-publish", "before-commit"])
def test_kill_9_then_rerun_equals_one_clean_run(tmp_path, reference, prefect_server, crash_at):
    raw, expected = reference
    out = tmp_path / "out"
    env = {**prefect_server, "QINGXI_CRASH_AT": crash_at}
    killed = subprocess.run(CLI + ["run", "--raw", str(raw), "--out", str(out)], env=env, capture_output=True, timeout=300)
    assert killed.returncode == -9, killed.stderr[-2000:]
    # Whatever a reader finds now is whole Parquet files, never a half-written one, and no
    # row of the run that did not commit.
    for name in ("documents", "paragraphs", "rejects", "removed"):
        for f in (out / name).glob("*.parquet") if (out / name).exists() else []:
            assert pq.read_metadata(f).num_rows == 0, (name, f)
    subprocess.run(CLI + ["run", "--raw", str(raw), "--out", str(out)], env=prefect_server, check=True,
                   capture_output=True, timeout=300)
    assert snapshot(out) == expected


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    (tmp_path / "raw").mkdir()
    store = Store(tmp_path / "out")
    store.lock()
    try:
        proc = subprocess.run(CLI + ["run", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=60)
    finally:
        store.unlock()
    assert proc.returncode == 3
    assert "another qingxi run" in proc.stderr and str(os.getpid()) in proc.stderr


def test_compaction_is_atomic_for_readers_and_keeps_every_row(tmp_path, prefect_harness):
    from flows.cli import main
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    for i, page in enumerate([pages.PEOPLE_STYLE, pages.OTHER_ARTICLE, pages.ERROR_ONLY, pages.CHROME_ONLY]):
        write(raw, f"s{i}/page.txt", page.encode())
        curate(str(raw), str(out), workers=1)
    before = snapshot(out)
    assert len(list((out / "documents").glob("*.parquet"))) == 2
    counts = {"resolved": set(), "path": set()}
    stop, reading = threading.Event(), threading.Event()

    def reader():
        while not stop.is_set():
            # The README's way to a stable snapshot: resolve the table's link once, then read
            # that version folder, which no run or compaction changes or deletes under it.
            counts["resolved"].add(len(ds.dataset(os.path.realpath(out / "documents"), format="parquet").to_table()))
            try:  # reading through the link re-resolves it per file: it may miss or lose files
                counts["path"].add(len(table(out, "documents")))
            except (OSError, pa.ArrowInvalid):
                counts["path"].add(-1)
            reading.set()

    t = threading.Thread(target=reader)
    t.start()
    try:
        assert reading.wait(30)  # the reader is running before compaction starts
        assert main(["compact", "--out", str(out)]) == 0
    finally:
        stop.set()
        t.join()
    assert counts["resolved"] == {len(before["documents"])}
    # Never a mix of the old files and the new one (that would count 2 + 2 rows).
    assert max(counts["path"]) == len(before["documents"])
    assert snapshot(out) == before
    for name in ("documents", "paragraphs", "rejects"):
        assert len(list((out / name).glob("*.parquet"))) == 1
    stats = curate(str(raw), str(out), workers=1)  # runs go on after compaction
    assert stats.files_new == 0 and snapshot(out) == before


def test_status_reads_the_dataset_without_prefect(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    corpus(raw)
    curate(str(raw), str(out), workers=1)
    proc = subprocess.run(CLI + ["status", "--out", str(out), "--json"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"})
    import json

    report = json.loads(proc.stdout)
    assert report["runs"] == 1 and report["counts"]["documents"] == 4
    assert report["duplicates"] == 2 and report["rejects_by_reason"] == {"empty": 1, "error_page": 1}
    shutil.rmtree(out)


@pytest.mark.parametrize("between_runs", ["paragraphs_lost", "compacted_then_paragraphs_lost", "stored_texts_lost"])
def test_reprint_of_an_earlier_run_is_verified_on_that_documents_own_text(tmp_path, prefect_harness, between_runs):
    """A later run reads an old candidate's text by position from the dedup_texts state (also
    after compaction rewrote it), or rebuilds it from paragraphs when that state is gone:
    each variant deletes the other source, so only the path under test can succeed."""
    from flows.cli import main
    from flows.run import curate
    from transforms.document import clean
    from transforms.dedup.minhash import dedup_text, shingle_set, similarity

    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a/river.txt", pages.OTHER_ARTICLE.encode())
    curate(str(raw), str(out), workers=1)
    write(raw, "a/people.txt", pages.PEOPLE_STYLE.encode())
    curate(str(raw), str(out), workers=1)
    store = Store(out)
    if between_runs.startswith("compacted"):
        assert main(["compact", "--out", str(out)]) == 0
        assert len(store.files("dedup_texts", store.manifest())) == 1
    lost = "dedup_texts" if between_runs == "stored_texts_lost" else "paragraphs"
    manifest = store.manifest()
    for part in store.files(lost, manifest):
        part.unlink()
    if lost == "paragraphs":  # a user table's missing part stops a run: here the table is emptied
        for run in manifest.runs:
            run.parts.pop("paragraphs", None)
        store.commit(manifest)
    write(raw, "b/reprint.txt", pages.GOV_STYLE.encode("gb18030"))
    curate(str(raw), str(out), workers=1)

    docs = {d["source_path"]: d for d in table_rows(store, "documents")}
    assert docs["b/reprint.txt"]["duplicate_of"] == docs["a/people.txt"]["doc_id"]
    assert docs["b/reprint.txt"]["dup_method"] == "near"
    # The similarity recorded is the one between the two pages' own texts.
    people, reprint = (dedup_text([p.text for p in clean(data).paragraphs])
                       for data in (pages.PEOPLE_STYLE.encode(), pages.GOV_STYLE.encode("gb18030")))
    jaccard, _ = similarity(shingle_set(people), shingle_set(reprint))
    assert docs["b/reprint.txt"]["dup_similarity"] == pytest.approx(jaccard, abs=1e-4)


def table_rows(store: Store, name: str) -> list[dict]:
    return [row for part in store.files(name, store.manifest()) for row in pq.read_table(part).to_pylist()]


def test_a_backlog_larger_than_a_wave_is_committed_in_waves_with_the_same_rows(tmp_path, prefect_harness):
    from flows.run import curate

    raw = tmp_path / "raw"
    corpus(raw)  # a copy and a reprint sit in later waves than the page they duplicate
    whole = curate(str(raw), str(tmp_path / "whole"), workers=1)
    waved = curate(str(raw), str(tmp_path / "waved"), workers=1, wave_files=2)
    assert snapshot(tmp_path / "waved") == snapshot(tmp_path / "whole")
    assert len(Store(tmp_path / "waved").manifest().runs) == 3
    assert (waved.files_new, waved.documents, waved.duplicates, waved.rejects) == \
        (whole.files_new, whole.documents, whole.duplicates, whole.rejects) == (6, 4, 2, 2)


def test_a_changed_raw_root_is_explained(tmp_path, prefect_harness):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import LogSort

    from flows.run import curate

    first, moved, out = tmp_path / "crawl-2023", tmp_path / "crawl-moved", tmp_path / "out"
    corpus(first)
    curate(str(first), str(out), workers=1)
    shutil.copytree(first, moved)  # the same crawl, mounted elsewhere
    for path in first.rglob("*"):
        if path.is_file():
            os.utime(moved / path.relative_to(first), ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    stats = curate(str(moved), str(out), workers=1)
    assert stats.files_new == 0
    async def logs():
        async with get_client() as client:
            newest = await client.read_logs(limit=200, sort=LogSort.TIMESTAMP_DESC)
            return [log.message for log in newest if "the last run read" in log.message]

    said: list[str] = []
    for _ in range(40):  # logs reach the API in batches, every couple of seconds
        said = [m for m in asyncio.run(logs()) if str(moved) in m]  # what the run logged to Prefect
        if said:
            break
        time.sleep(0.5)
    assert said and str(first) in said[0] and "6 of the 6 listed here were read before" in said[0]


def test_a_kill_between_the_commit_and_the_switch_shows_one_whole_commit(tmp_path, reference, prefect_server):
    """All four tables switch with one rename: a reader never combines two commits."""
    import os
    import shutil

    raw, expected = reference
    first, out = tmp_path / "first", tmp_path / "out"
    shutil.copytree(raw, first)
    later = sorted(p for p in first.rglob("*") if p.is_file())[::2]
    for p in later:
        p.unlink()
    subprocess.run(CLI + ["run", "--raw", str(first), "--out", str(out)], env=prefect_server, check=True,
                   capture_output=True, timeout=300)
    before = snapshot(out)
    shutil.rmtree(first)
    shutil.copytree(raw, first)  # the files back: the next run has something to commit
    killed = subprocess.run(CLI + ["run", "--raw", str(first), "--out", str(out)], timeout=300, capture_output=True,
                            env={**prefect_server, "QINGXI_CRASH_AT": "after-commit"})
    assert killed.returncode == -9, killed.stderr[-2000:]
    current = os.path.realpath(out / "_qingxi" / "current")
    for name in ("documents", "paragraphs", "rejects", "removed"):  # every table through the one switch
        assert os.path.realpath(out / name) == os.path.realpath(os.path.join(current, name))
    assert snapshot(out) == before  # the previous commit, whole: no table of the new one yet
    subprocess.run(CLI + ["run", "--raw", str(first), "--out", str(out)], env=prefect_server, check=True,
                   capture_output=True, timeout=300)
    # Switched: the committed run is what readers see (template paragraphs may differ from
    # one clean run's: a paragraph that becomes template text later stays in the first run).
    after = snapshot(out)
    assert len(after["documents"]) == len(expected["documents"]) and after["rejects"] == expected["rejects"]


def test_a_correction_keeps_its_seniority_over_a_reprint_arriving_with_it(tmp_path, prefect_harness):
    """A page first read in run 1 comes back corrected in run 2, together with a shortened
    reprint of its first version from another site: the reprint is the copy, and the
    correction is in the paragraphs (the reprint's path sorts first, as a run's order would
    otherwise decide)."""
    from flows.run import curate

    body = [pages.PARA_1, pages.PARA_2, pages.PARA_3, pages.PARA_4, pages.RIVER_1, pages.RIVER_2, pages.RIVER_3]
    correction = "更正说明：本文第二段中的读者意见数量应为一千二百多条，特此更正。"

    def page(paragraphs):
        return (pages.TITLE + "\n\n" + "\n\n".join(paragraphs) + "\n").encode()

    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "z-site/article.txt", page(body))
    curate(str(raw), str(out), workers=1)
    write(raw, "z-site/article.txt", page(body + [correction]))
    write(raw, "a-site/reprint.txt", page(body[:-1]))
    stats = curate(str(raw), str(out), workers=1)
    assert stats.superseded == 1 and stats.duplicates == 1
    docs = {d["source_path"]: d for d in table(out, "documents") if d["superseded_by"] is None}
    assert docs["z-site/article.txt"]["duplicate_of"] is None
    assert docs["a-site/reprint.txt"]["duplicate_of"] == docs["z-site/article.txt"]["doc_id"]
    assert correction in [p["text"] for p in table(out, "paragraphs")]
