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
