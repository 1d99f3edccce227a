"""How new files are cut into batches (one Prefect task each)."""
from flows.discover import SelectedFile
from flows.execute import MAX_BATCH, plan_batches
from flows.readers import RawFile


def selected(count: int, size: int) -> list[SelectedFile]:
    return [SelectedFile(RawFile(f"site/{i:05d}.txt", size, 0), frozenset(), frozenset()) for i in range(count)]


def test_a_few_many_page_files_are_spread_over_several_batches():
    warcs = selected(20, 3_800_000)  # twenty WARC files of a thousand responses each
    batches = plan_batches(warcs, 2)
    assert len(batches) >= 4  # both cores busy, with batches to spare
    assert [f for b in batches for f in b] == warcs  # every file once, in order


def test_many_small_files_make_about_four_batches_per_slot_within_the_cap():
    batches = plan_batches(selected(2000, 5400), 2)
    assert len(batches) == 8 and {len(b) for b in batches} == {250}
    assert max(len(b) for b in plan_batches(selected(20000, 5400), 2)) == MAX_BATCH
    assert plan_batches([], 2) == []




def test_a_batch_runs_without_the_cycle_collector_and_leaves_it_as_it_found_it(tmp_path, monkeypatch):
    import gc

    import flows.ingest
    from flows.ingest import BatchJob, process_batch
    from tests import pages

    raw = tmp_path / "raw"
    (raw / "s").mkdir(parents=True)
    (raw / "s" / "a.txt").write_text(f"标题\n\n{pages.PARA_1}\n\n{pages.PARA_2}\n", encoding="utf-8")
    files = [SelectedFile(RawFile("s/a.txt", (raw / "s" / "a.txt").stat().st_size, 1), frozenset(), frozenset())]
    job = BatchJob(str(raw), files, 1 << 20, str(tmp_path), 0, "r")
    collector_on, analyse = [], flows.ingest._analyse
    monkeypatch.setattr(flows.ingest, "_analyse", lambda record: collector_on.append(gc.isenabled()) or analyse(record))
    try:
        outcome = process_batch(job)
        assert gc.isenabled()
        gc.disable()
        process_batch(job)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    assert collector_on == [False, False] and len(outcome.keys.doc_ids) == 1
