"""Rows found by key (flows/storage/key_index.py) are exactly the rows a scan would find: per value,
across parts, after a part is rewritten, and for the capped para_sites holders."""
import os
from datetime import datetime, timezone

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from flows.discover import not_listed
from flows.storage.key_index import PREFIX_BITS, SORTED_LOOKUP_MIN, KeyedTable, key_ranges, prefix_directory, string_keys
from flows.runinfo import RunKind, RunRecord
from flows.schemas import DOCUMENTS, PARA_SITES, PARAGRAPHS
from flows.storage.state import StoreState
from flows.storage.manifest import Manifest
from flows.storage.store import Store
from flows.storage.recovery import recover
from flows.storage.write import PartWriter
from transforms.dedup.state import site_pair


def test_keys_are_equal_for_equal_strings_and_differ_otherwise():
    paths = [f"site{i % 12:02d}/2026/{i:07d}.txt" for i in range(200_000)]
    keys = string_keys(pa.array(paths + ["", None, paths[5]]))
    assert len(np.unique(keys[:200_000])) == 200_000
    assert keys[-1] == keys[5] and keys[-2] == 0 and keys[-3] not in (0, keys[5])
    sliced = pa.array(["x", *paths[:10]]).slice(1)  # an offset into the buffers
    chunked = pa.chunked_array([pa.array(paths[:4]), pa.array(paths[4:10])])
    assert (string_keys(sliced) == keys[:10]).all() and (string_keys(chunked) == keys[:10]).all()


def test_ranges_searched_within_a_prefix_are_the_ranges_of_a_whole_array_search():
    rng = np.random.default_rng(7)
    keys = rng.integers(0, 2**64, 300_000, dtype=np.uint64)
    crowded = np.uint64(5 << (64 - PREFIX_BITS))  # a prefix holding thousands of keys, many equal
    keys = np.sort(np.concatenate([keys, np.repeat(crowded + np.arange(40, dtype=np.uint64), 100),
                                   np.repeat(keys[:50], 3), np.array([0, 0, 2**64 - 1], np.uint64)]))
    wanted = np.unique(np.concatenate([keys[::997], rng.integers(0, 2**64, 5_000, dtype=np.uint64),
                                       crowded + np.arange(-3, 45, dtype=np.int64).astype(np.uint64),
                                       np.array([0, 1, 2**64 - 2, 2**64 - 1], np.uint64)]))
    # Few keys are searched by prefix; many (a big run's), unsorted and repeated, in sorted order.
    many = rng.permutation(np.concatenate([wanted, wanted[:1000], keys[::3], rng.integers(0, 2**64, SORTED_LOOKUP_MIN, dtype=np.uint64)]))
    assert len(wanted) < SORTED_LOOKUP_MIN <= len(many)
    for asked in (wanted, many):
        left, right = key_ranges(keys, prefix_directory(keys), asked)
        assert (left == np.searchsorted(keys, asked, "left")).all()
        assert (right == np.searchsorted(keys, asked, "right")).all()
        assert (right - left).max() >= 100


def _documents(rows: list[dict]) -> pa.Table:
    full = [{**{f.name: None for f in DOCUMENTS}, "encoding": "utf-8", "raw_sha256": "0" * 64, **r} for r in rows]
    return pa.Table.from_pylist(full, schema=DOCUMENTS)


def _store(tmp_path, tables: dict[str, list[pa.Table]]) -> tuple[Store, Manifest]:
    store = Store(tmp_path / "out")
    manifest = Manifest(runs=[RunRecord(f"r{seq}", seq, RunKind.RUN, parts={name: [f"part-{seq:06d}-t.parquet"]
                                                                             for name, parts in tables.items()
                                                                             if len(parts) >= seq})
                              for seq in range(1, 1 + max(len(p) for p in tables.values()))])
    for name, parts in tables.items():
        folder = store.table_dir(name, manifest)
        folder.mkdir(parents=True, exist_ok=True)
        for seq, table in enumerate(parts, 1):
            pq.write_table(table, folder / f"part-{seq:06d}-t.parquet", row_group_size=2)
    return store, manifest


def _doc(i: int, **extra) -> dict:
    return {"doc_id": f"d{i}", "source_path": f"a/{i}.txt", "content_hash": f"h{i % 3}", **extra}


def test_a_lookup_finds_every_row_holding_a_value_and_nothing_else(tmp_path):
    store, manifest = _store(tmp_path, {"documents": [_documents([_doc(i) for i in range(7)]),
                                                      _documents([_doc(i) for i in range(7, 12)])]})
    keyed = KeyedTable(store, manifest, "documents")
    found = keyed.read(("content_hash",), ["h1", "nope"], ["doc_id"]).column(0).to_pylist()
    assert sorted(found) == ["d1", "d10", "d4", "d7"]
    assert keyed.read(("source_path",), [], ["doc_id"]).num_rows == 0


def test_a_rewritten_part_gets_its_sidecars_rebuilt(tmp_path):
    store, manifest = _store(tmp_path, {"documents": [_documents([_doc(i) for i in range(4)])]})
    part = store.files("documents", manifest)[0]
    assert not_listed(KeyedTable(store, manifest, "documents"), {"a/0.txt"}) == {"a/1.txt", "a/2.txt", "a/3.txt"}
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rewritten = _documents([_doc(0), _doc(1, deleted_at=now), _doc(2, superseded_by="d9"), _doc(3), _doc(4)])
    pq.write_table(rewritten, part.with_name(".tmp"))
    os.replace(part.with_name(".tmp"), part)  # as a run's rewrite does: a new file
    keyed = KeyedTable(store, manifest, "documents")
    assert not_listed(keyed, {"a/0.txt"}) == {"a/3.txt", "a/4.txt"}  # deleted and superseded rows are not current
    assert keyed.read(("source_path",), ["a/4.txt"], ["doc_id"]).column(0).to_pylist() == ["d4"]


def test_superseding_a_document_rewrites_only_the_paragraphs_parts_holding_it(tmp_path):
    def paragraphs(docs: list[str]) -> pa.Table:
        return pa.Table.from_pylist([{"doc_id": d, "para_index": i, "kind": "body", "text": "段", "text_original": "段",
                                      "para_hash": f"{d}{i}"} for d in docs for i in range(3)], schema=PARAGRAPHS)
    store, manifest = _store(tmp_path, {"paragraphs": [paragraphs(["d0", "d1"]), paragraphs(["d2"]), paragraphs(["d3", "d1"])]})
    writer = PartWriter(store, manifest, "part-000004-t.parquet")
    assert writer._holding("paragraphs", pa.array(["d1", "d9"])) == ["part-000001-t.parquet", "part-000003-t.parquet"]
    assert writer._holding("paragraphs", pa.array(["d9"])) == []


def _para_sites(rows: list[tuple[str, str, str, int]]) -> pa.Table:
    return pa.Table.from_pylist([{"site": s, "para_hash": h, "doc_id": d, "seq": q, "source_path": f"{s}/{d}"}
                                 for s, h, d, q in rows], schema=PARA_SITES)


def test_sidecars_from_before_the_prefix_directory_get_one_from_their_keys(tmp_path):
    store, manifest = _store(tmp_path, {"documents": [_documents([_doc(i) for i in range(7)])]})
    KeyedTable(store, manifest, "documents")
    directories = sorted((store.meta / "index" / "documents").glob("*.dir.npy"))
    assert len(directories) == 4
    for d in directories:
        d.unlink()
    found = KeyedTable(store, manifest, "documents").read(("content_hash",), ["h1"], ["doc_id"]).column(0).to_pylist()
    assert sorted(found) == ["d1", "d4"]
    assert (store.meta / "index" / "documents" / "part-000001-t.parquet.content_hash.dir.npy").exists()


def test_para_sites_gives_the_first_holders_per_site_skipping_excluded_ones(tmp_path):
    footer = [("A", "f", f"a{i}", 1) for i in range(6)] + [("B", "f", "b0", 1)]
    later = [("A", "f", f"a{i}", 2) for i in range(6, 9)] + [("B", "f", "b1", 2), ("B", "g", "b1", 2)]
    store, manifest = _store(tmp_path, {"para_sites": [_para_sites(footer), _para_sites(later)]})
    state = StoreState(store, manifest)
    pairs = site_pair(pa.array(["A", "B"]), pa.array(["f", "f"]))
    rows = state.para_sites(pa.array(["f"]), pairs, 2, exclude=frozenset({"a0", "a2"}))
    holders = {(s, d) for s, d in zip(rows.column("site").to_pylist(), rows.column("doc_id").to_pylist())}
    # A: a0 and a2 are excluded, so its first two are a1 and a3; B has two holders over two runs
    assert holders == {("A", "a1"), ("A", "a3"), ("B", "b0"), ("B", "b1")}
    assert state.para_sites(pa.array(["g"]), site_pair(pa.array(["A"]), pa.array(["g"])), 2).column("doc_id").to_pylist() == ["b1"]


def test_recovery_removes_the_sidecars_of_parts_no_longer_committed(tmp_path):
    store, manifest = _store(tmp_path, {"documents": [_documents([_doc(0)])]})
    KeyedTable(store, manifest, "documents")
    index = store.meta / "index" / "documents"
    assert any(index.iterdir())
    recover(store, Manifest())
    assert not any(index.iterdir())
