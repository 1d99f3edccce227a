"""Template paragraphs a site repeats are dropped and audited; quotes across sites are kept."""
import pyarrow.dataset as ds

from tests import pages

TEMPLATE = "欢迎关注青山网微信公众号，扫描页面下方二维码即可第一时间获取本地权威资讯。"
QUOTE = "会议强调，要把群众满意不满意作为衡量工作成效的根本标准，切实解决好群众身边的实际问题。"
ARTICLES = [
    ["东湖街道今年新建社区食堂三处，为辖区八十岁以上老人提供每餐五元的助餐服务。",
     "街道还组织志愿者为行动不便的老人送餐上门，每天服务两百多人次。"],
    ["南坪镇投入专项资金改造农村公路二十八公里，沿线十二个村实现了硬化路通组入户。",
     "道路建成后，当地特色水果的运输成本下降了三成，果农收入明显增加。"],
    ["西山区人民医院开通了远程会诊中心，与省城三家三甲医院建立了常态化协作机制。",
     "今年以来已完成远程会诊四百余例，群众在家门口就能看上专家门诊。"],
]


def page(title: str, paragraphs: list[str]) -> str:
    return f"首页 > 本地新闻 > 正文\n\n{title}\n\n2023年07月0{len(title) % 9 + 1}日 10:00 来源:青山网\n\n" + "\n\n".join(paragraphs) + "\n"


def read(out, table):
    return ds.dataset(out / table, format="parquet").to_table().to_pylist()


def test_site_template_is_dropped_and_cross_site_quote_is_kept(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "qingshan").mkdir(parents=True)
    (raw / "other-site").mkdir()
    for i, paras in enumerate(ARTICLES):  # one site, its template paragraph on every page
        text = page(f"青山要闻第{i}期民生实事进展", [paras[0], TEMPLATE, paras[1]] + ([QUOTE] if i == 0 else []))
        (raw / "qingshan" / f"{i}.txt").write_text(text, encoding="utf-8")
    other = page("清河镇河道治理见成效", [pages.RIVER_1, QUOTE, pages.RIVER_2, pages.RIVER_2])
    (raw / "other-site" / "river.txt").write_text(other, encoding="utf-8")
    stats = curate(str(raw), str(out), workers=1)

    docs = {d["source_path"]: d["doc_id"] for d in read(out, "documents")}
    paras = read(out, "paragraphs")
    assert not [p for p in paras if p["text"] == TEMPLATE]
    for rel in ("qingshan/0.txt", "qingshan/1.txt", "qingshan/2.txt"):
        mine = sorted((p for p in paras if p["doc_id"] == docs[rel]), key=lambda p: p["para_index"])
        assert [p["para_index"] for p in mine] == list(range(len(mine)))  # renumbered after the drop
    quotes = {p["doc_id"]: p["first_doc_id"] for p in paras if p["text"] == QUOTE}
    first = docs["other-site/river.txt"]  # sorts before qingshan/0.txt: its copy is the first occurrence
    assert quotes == {docs["qingshan/0.txt"]: first, first: first}
    river = [p["text"] for p in paras if p["doc_id"] == docs["other-site/river.txt"]]
    assert river.count(pages.RIVER_2) == 1  # repeated inside one page: kept once
    removed = read(out, "removed")
    assert sorted(r["source_path"] for r in removed if r["rule"] == "site_boilerplate") == \
        ["qingshan/0.txt", "qingshan/1.txt", "qingshan/2.txt"]
    assert [r["source_path"] for r in removed if r["rule"] == "repeat_in_document"] == ["other-site/river.txt"]
    assert stats.removed_by_rule == {"site_boilerplate": 3, "repeat_in_document": 1}


def test_counts_match_the_paragraphs_table_and_repeats_are_audited_for_kept_documents_only(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "qingshan").mkdir(parents=True)
    for i, paras in enumerate(ARTICLES):
        text = page(f"青山要闻第{i}期民生实事进展", [paras[0], TEMPLATE, paras[1], paras[1]])  # a template and a repeat
        (raw / "qingshan" / f"{i}.txt").write_text(text, encoding="utf-8")
    (raw / "qingshan" / "3-copy.txt").write_text(page("青山要闻第0期民生实事进展", [ARTICLES[0][0], TEMPLATE,
                                                  ARTICLES[0][1], ARTICLES[0][1]]), encoding="utf-8")
    curate(str(raw), str(out), workers=1)
    docs, paras = read(out, "documents"), read(out, "paragraphs")
    for d in docs:
        if d["duplicate_of"] is None:
            mine = [p for p in paras if p["doc_id"] == d["doc_id"]]
            assert (d["paragraph_count"], d["char_count"]) == (len(mine), sum(len(p["text"]) for p in mine))
    copy = next(d for d in docs if d["source_path"] == "qingshan/3-copy.txt")
    assert copy["duplicate_of"] is not None and copy["paragraph_count"] == 3  # its own text, less the repeat
    repeats = [r["doc_id"] for r in read(out, "removed") if r["rule"] == "repeat_in_document"]
    assert len(repeats) == 3 and copy["doc_id"] not in repeats
