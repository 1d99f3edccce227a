"""The README's `load_dataset(OUT, "paragraphs")` reads the current version after every
commit, and two output folders of the same name never share a cache entry."""
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder: nothing to fetch

from tests import pages  # noqa: E402


def _write(raw, rel, text):
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_load_dataset_reads_each_commit_and_folders_of_one_name_apart(tmp_path, prefect_harness):
    from datasets import load_dataset

    from flows.run import curate

    cache = str(tmp_path / "hf-cache")  # one cache for both jobs, as one user's HF_HOME would be

    def texts(out, config="paragraphs", column="text"):
        return sorted(load_dataset(str(out), config, cache_dir=cache)["train"][column], key=str)

    one, two = tmp_path / "job1" / "out", tmp_path / "job2" / "out"
    _write(tmp_path / "raw1", "a.txt", pages.PEOPLE_STYLE)
    _write(tmp_path / "raw2", "a.txt", pages.OTHER_ARTICLE)
    curate(str(tmp_path / "raw1"), str(one), workers=1)
    curate(str(tmp_path / "raw2"), str(two), workers=1)
    first = texts(one)
    assert pages.PARA_1 in first and texts(two) != first  # same folder name, its own rows

    _write(tmp_path / "raw1", "b.txt", pages.BLOG)
    curate(str(tmp_path / "raw1"), str(one), workers=1)
    second = texts(one)
    assert len(second) > len(first) and set(first) < set(second)  # the new rows, not the cached ones

    (tmp_path / "raw1" / "a.txt").unlink()  # a commit that only marks a deletion
    assert curate(str(tmp_path / "raw1"), str(one), workers=1).deleted == 1
    assert sum(d is not None for d in texts(one, "documents", "deleted_at")) == 1
