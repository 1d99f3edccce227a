"""The band-key index finds exactly the candidates the full scan of stored signatures
finds: the same pairs, the same bucket cap, across several parts."""
import numpy as np
import pyarrow.parquet as pq

from flows.storage.band_index import BandIndex, sidecars, write_index
from tests.test_dedup import PARAS, _state_sharing_band_zero, batch, doc
from transforms.dedup import MemoryState
from transforms.dedup.decide import without_retired
from transforms.dedup.lsh import MAX_BUCKET, DocRows, likely_pairs
from transforms.dedup.state import signature_rows


class IndexedState:
    def __init__(self, index: BandIndex):
        self.index = index

    def band_population(self, keys):
        return self.index.population(keys)

    def band_holders(self, keys):
        return self.index.holders(keys)

    # The rest of the StateReader interface: an indexed lookup must never need it.
    def kept_by_content(self, content_hashes):
        raise AssertionError("not part of a band lookup")

    def signature_batches(self, columns):
        raise AssertionError("an indexed state is never scanned")

    def dedup_texts(self, where):
        raise AssertionError("not part of a band lookup")

    def para_sites(self, para_hashes, site_pairs, enough, exclude=frozenset()):
        raise AssertionError("not part of a band lookup")


def pairs(state, new_keys) -> set[tuple[str, str]]:
    docs = DocRows(new_keys.doc_ids, new_keys.minhash)
    order = {d: (9, d) for d in new_keys.doc_ids}
    found = likely_pairs(state, docs, new_keys.bands, np.ones(len(new_keys.doc_ids), bool), order)
    return {tuple(sorted((docs.ids[a], docs.ids[b]))) for a, b in found}


def indexed(tmp_path, batches) -> IndexedState:
    parts = []
    for i, keys in enumerate(batches):
        part = tmp_path / f"part-{i}.parquet"
        pq.write_table(signature_rows(keys, np.ones(len(keys.doc_ids), bool), i + 1), part, row_group_size=2)
        write_index(part)
        parts.append(part)
    return IndexedState(BandIndex(parts))


def test_the_index_finds_what_the_scan_finds(tmp_path):
    old_1, texts_1 = batch([doc("orig", "s1/a.txt", PARAS), doc("other", "s1/b.txt", PARAS[5:])])
    old_2, texts_2 = batch([doc(f"o{i}", f"s2/{i}.txt", [PARAS[i], PARAS[(i + 3) % 10]]) for i in range(10)])
    new, _ = batch([doc("short", "s3/c.txt", PARAS[:9]), doc("late", "s3/d.txt", PARAS[4:]), doc("new", "s3/e.txt", PARAS[:2])])
    scan = MemoryState(batch_rows=3)
    scan.add([old_1], texts_1, {}, 1)
    scan.add([old_2], texts_2, {}, 2)
    expected = pairs(scan, new)
    assert ("orig", "short") in expected and len(expected) > 2  # the case is not trivial
    assert pairs(indexed(tmp_path, [old_1, old_2]), new) == expected
    assert all(p.exists() for p in sidecars(tmp_path / "part-1.parquet"))
    directories = [p for p in tmp_path.iterdir() if p.name.endswith(".dir.npy")]
    for p in directories:  # sidecars from before the prefix directory: it comes from their keys
        p.unlink()
    assert pairs(IndexedState(BandIndex(sorted(tmp_path.glob("part-?.parquet")))), new) == expected
    assert len(directories) == 2 and all(p.exists() for p in directories)


def test_the_index_is_used_when_some_documents_are_retired(tmp_path):
    """Retired documents (superseded ones) are dropped after verification; the lookup stays
    the index's (IndexedState has no signature batches to fall back on)."""
    old, _ = batch([doc("orig", "s1/a.txt", PARAS)])
    new, _ = batch([doc("short", "s3/c.txt", PARAS[:9])])
    state = indexed(tmp_path, [old])
    assert pairs(without_retired(state, frozenset({"gone"})), new) == pairs(state, new) == {("orig", "short")}


def test_the_index_applies_the_bucket_cap_over_the_stored_population(tmp_path):
    for n_old, found in ((MAX_BUCKET - 1, True), (MAX_BUCKET, False)):
        state, keys, _ = _state_sharing_band_zero(n_old)
        stored = state.signatures[0]
        part = tmp_path / f"cap-{n_old}.parquet"
        pq.write_table(stored, part)
        write_index(part)
        got = pairs(IndexedState(BandIndex([part])), keys)
        assert bool(got) is found, n_old
        assert got == pairs(state, keys)


def test_band_sidecars_follow_the_key_sidecars_staleness_rule(tmp_path):
    """One rule for both indexes: a part changed since its sidecars were made (size or
    mtime) gets them rebuilt; sidecars from before the stamp are trusted and stamped."""
    import os

    first, _ = batch([doc("orig", "s1/a.txt", PARAS)])
    other, _ = batch([doc("filler", "s2/a.txt", [p[::-1] for p in PARAS]), doc("other", "s2/b.txt", PARAS[:9])])
    new, _ = batch([doc("short", "s3/c.txt", PARAS[:9])])
    state = indexed(tmp_path, [first])
    part = tmp_path / "part-0.parquet"
    assert (tmp_path / "part-0.parquet.stamp").exists()
    assert pairs(state, new) == {("orig", "short")}
    pq.write_table(signature_rows(other, np.ones(2, bool), 1), part, row_group_size=2)  # the part replaced in place
    assert pairs(IndexedState(BandIndex([part])), new) == {("other", "short")}  # not the old sidecars' rows
    (tmp_path / "part-0.parquet.stamp").unlink()  # sidecars written before the stamp existed
    keys = tmp_path / "part-0.parquet.keys.npy"
    made = keys.stat().st_mtime_ns
    os.utime(part)  # would be stale by the rule, but there is no stamp to compare
    assert pairs(IndexedState(BandIndex([part])), new) == {("other", "short")}
    assert keys.stat().st_mtime_ns == made and (tmp_path / "part-0.parquet.stamp").exists()
