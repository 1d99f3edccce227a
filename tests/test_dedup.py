"""Dedup decisions on their own: no files, no Store, no Prefect. Earlier runs live in a
MemoryState; each test builds the run's keys the way the workers do."""
import hashlib

import numpy as np
import pyarrow as pa

from transforms.dedup import BatchKeys, MemoryState, deduplicate, para_hash, para_keys
from transforms.dedup.lsh import MAX_BUCKET
from transforms.dedup.minhash import band_keys, dedup_text, signatures
from transforms.dedup.rules import resolve_near
from transforms.page import SiteRule, site_for
from transforms.reasons import DupMethod

# Made-up article paragraphs, distinct enough that no two share many 5-grams.
PARAS = [
    "青山县今年投入专项资金修缮村级文化活动室，群众在家门口就能看书下棋。",
    "县里组织农技人员分片包村，手把手教农户种植高山蔬菜，亩均增收两千元。",
    "镇卫生院开通远程会诊，村民看病不再需要来回奔波几十公里山路。",
    "河道整治工程完工后，沿岸新建步道和绿地，成为居民傍晚散步的好去处。",
    "新建的冷链仓库让果农的桃子能保鲜二十天，销往省外多个城市。",
    "老年食堂每天中午供应两荤一素，八十岁以上老人用餐由财政补贴。",
    "乡村学校引入线上课堂，山里孩子也能听到城里名师讲授的英语课。",
    "村里成立红白理事会，倡导移风易俗，婚丧事宜花费比过去减少一半。",
    "志愿服务队定期上门为独居老人理发、打扫卫生、检查电线安全。",
    "合作社统一收购、统一品牌，让散户的茶叶卖出了好价钱。",
]
TEMPLATE = "本网站所有内容均为青山网原创，转载请注明出处并保留作者信息。"


def doc(doc_id, path, paragraphs, site=None):
    return {"doc_id": doc_id, "path": path, "site": site or path.split("/")[0], "paragraphs": paragraphs}


def batch(docs: list[dict]) -> tuple[BatchKeys, dict[str, str]]:
    keys = BatchKeys()
    texts = {}
    para_row, hashes = [], []
    for row, d in enumerate(docs):
        keys.doc_ids.append(d["doc_id"])
        keys.source_paths.append(d["path"])
        keys.sites.append(d["site"])
        keys.content_hashes.append(hashlib.sha256("\n".join(d["paragraphs"]).encode()).hexdigest())
        texts[d["doc_id"]] = dedup_text(d["paragraphs"])
        for p in d["paragraphs"]:
            para_row.append(row)
            hashes.append(para_hash(p))
    keys.minhash = signatures([texts[d["doc_id"]] for d in docs])
    keys.bands = band_keys(keys.minhash)
    keys.para_row = np.array(para_row, np.int32)
    keys.para_hashes = pa.array(hashes, pa.string())
    keys.para_keys = np.array(para_keys(hashes), np.uint64)
    return keys, texts


def run(state: MemoryState, seq: int, docs: list[dict], min_docs: int = 3, retired: frozenset = frozenset()):
    keys, texts = batch(docs)
    dec = deduplicate([keys], seq, state, lambda wanted: {d: texts[d] for d in wanted.to_pylist() if d in texts}, min_docs,
                      retired=retired)
    state.add([keys], texts, {d: dup.duplicate_of for d, dup in dec.duplicates.items()}, seq)
    return dec


def test_chains_resolve_to_the_earliest_member():
    order = {"a": (1, "a.txt"), "b": (2, "b.txt"), "c": (2, "c.txt")}
    # c matched only b, b matched a: c is a reprint of a's article
    near = resolve_near([("c", "b", 0.9), ("b", "a", 0.8)], order, {"b", "c"})
    assert {d: dup.duplicate_of for d, dup in near.items()} == {"b": "a", "c": "a"}


def test_reprint_chain_across_runs_points_at_the_first_run():
    state = MemoryState()
    run(state, 1, [doc("orig", "s1/a.txt", PARAS)])
    dec = run(state, 2, [doc("short", "s2/b.txt", PARAS[:9]), doc("shorter", "s3/c.txt", PARAS[:8] + [PARAS[9]])])
    assert {d: x.duplicate_of for d, x in dec.duplicates.items()} == {"short": "orig", "shorter": "orig"}
    assert all(x.method is DupMethod.NEAR for x in dec.duplicates.values())


def test_exact_copy_of_a_near_duplicate_points_at_the_root():
    dec = run(MemoryState(), 1, [doc("root", "a/1.txt", PARAS), doc("reprint", "b/2.txt", PARAS[:9]),
                                 doc("copy", "c/3.txt", PARAS[:9])])
    copy = dec.duplicates["copy"]
    assert (copy.duplicate_of, copy.method) == ("root", DupMethod.NEAR)
    assert dec.duplicates["reprint"].duplicate_of == "root"


def _state_sharing_band_zero(n_old: int) -> tuple[MemoryState, BatchKeys, dict]:
    """n_old earlier documents whose band 0 key equals the new document's, other bands not."""
    state = MemoryState(batch_rows=16)
    new_keys, new_texts = batch([doc("new", "z/new.txt", PARAS)])
    old_keys, old_texts = batch([doc(f"old{i}", f"o/{i:03d}.txt", PARAS[:9] + [f"第{i}篇的结尾各不相同。"]) for i in range(n_old)])
    old_keys.bands[:, 1:] = np.arange(n_old * 31, dtype=np.uint64).reshape(n_old, 31) + 1  # only band 0 can match
    old_keys.bands[:, 0] = new_keys.bands[0, 0]
    new_keys.bands[0, 1:] = np.uint64(2**63) + np.arange(31, dtype=np.uint64)
    state.add([old_keys], old_texts, {}, 1)
    return state, new_keys, new_texts


def test_bucket_cap_counts_earlier_runs():
    for n_old, found in ((MAX_BUCKET - 1, True), (MAX_BUCKET, False)):
        state, keys, texts = _state_sharing_band_zero(n_old)
        dec = deduplicate([keys], 2, state, lambda w: {d: texts[d] for d in w.to_pylist() if d in texts}, 3)
        assert ("new" in dec.duplicates) is found, n_old


def test_templates_count_documents_of_earlier_runs_of_the_same_site():
    state = MemoryState()
    run(state, 1, [doc("a1", "site/a1.txt", [PARAS[0], TEMPLATE]), doc("a2", "site/a2.txt", [PARAS[1], TEMPLATE])])
    dec = run(state, 2, [doc("a3", "site/a3.txt", [PARAS[2], TEMPLATE]), doc("b1", "other/b1.txt", [PARAS[3], TEMPLATE])])
    assert dec.boilerplate == {("site", para_hash(TEMPLATE))}  # three documents on "site", one on "other"
    first = dict(zip(dec.first_doc.column("hash").to_pylist(), dec.first_doc.column("doc").to_pylist()))
    assert first[para_hash(TEMPLATE)] == "a1"  # the earlier run's first holder


def test_boilerplate_min_docs_sets_the_threshold():
    pages = [doc("a1", "site/a1.txt", [PARAS[0], TEMPLATE]), doc("a2", "site/a2.txt", [PARAS[1], TEMPLATE])]
    assert run(MemoryState(), 1, pages, min_docs=3).boilerplate == set()
    assert run(MemoryState(), 1, pages, min_docs=2).boilerplate == {("site", para_hash(TEMPLATE))}


def test_site_from_folder_groups_pages_that_name_different_sites():
    paths = [("news/1.txt", "青山网"), ("news/2.txt", "青山新闻网"), ("news/3.txt", None), ("top.txt", None)]
    assert [site_for(p, s, SiteRule.PAGE) for p, s in paths] == ["青山网", "青山新闻网", "news", "."]
    assert [site_for(p, s, SiteRule.FOLDER) for p, s in paths] == ["news", "news", "news", "."]
    for rule, templates in ((SiteRule.PAGE, set()), (SiteRule.FOLDER, {("news", para_hash(TEMPLATE))})):
        pages = [doc(f"d{i}", p, [PARAS[i], TEMPLATE], site_for(p, s, rule)) for i, (p, s) in enumerate(paths[:3])]
        assert run(MemoryState(), 1, pages).boilerplate == templates


def test_a_new_version_of_a_retired_document_is_not_its_duplicate_nor_a_template():
    state = MemoryState()
    run(state, 1, [doc("v1", "site/a.txt", PARAS)])
    corrected = PARAS[:9] + [PARAS[9].replace("好价钱", "更好的价钱"), "记者回访时，合作社又新增社员三十户。"]
    dec = run(state, 2, [doc("v2", "site/a.txt", corrected)], retired=frozenset({"v1"}))
    assert dec.duplicates == {}  # without retiring v1, v2 is its near duplicate (the next assertion)
    assert run(MemoryState(), 1, [doc("v1", "site/a.txt", PARAS), doc("v2", "site/b.txt", corrected)]).duplicates
    dec = run(state, 3, [doc("v3", "site/a.txt", corrected + ["（本文有更新）"])], min_docs=2,
              retired=frozenset({"v1", "v2"}))
    assert dec.duplicates == {} and dec.boilerplate == set()  # three versions are one document, not a template
    copy = run(state, 4, [doc("copy", "other/c.txt", PARAS)], retired=frozenset({"v1", "v2"}))
    assert copy.duplicates["copy"].duplicate_of == "v3"  # a reprint of the old text points at the current version
