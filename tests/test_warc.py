"""A mixed raw folder (WARC, saved HTML with and without an extension, gzip pages, text
dumps) through the real flow; WARC files are written here with warcio."""
import gzip
import io
from datetime import datetime
from pathlib import Path

import pyarrow.dataset as ds
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests import pages


def html(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<nav><a href="/">首页</a><a href="/n">新闻</a></nav><h1>{title}</h1>{body}'
            f"<footer>版权所有 青山网</footer></body></html>").encode()


def response(w: WARCWriter, url: str, status: str, ctype: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Location", "http://qingshan.example/new")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


ARTICLES = {
    "http://news.qingshan.example/2023/people.html": html(pages.TITLE, pages.PARA_1, pages.PARA_2, pages.PARA_3),
    "http://news.qingshan.example/2023-05/06/river.html": html("清河镇河道治理见成效", pages.RIVER_1, pages.RIVER_2),
}
NOT_PAGES = {  # url -> the reject reason each must get
    "http://news.qingshan.example/missing.html": ("404 Not Found", "text/html", b"<html>404</html>", "http_error"),
    "http://news.qingshan.example/logo.png": ("200 OK", "image/png", b"\x89PNG\r\n\x1a\n0000", "not_text"),
    "http://news.qingshan.example/old.html": ("301 Moved Permanently", "text/html", b"", "redirect"),
    "http://news.qingshan.example/blank.html": ("200 OK", "text/html", b"", "empty"),
}


def write_warc(path: Path, mode: str = "wb", articles: dict = ARTICLES, not_pages: dict = NOT_PAGES) -> None:
    with open(path, mode) as out:
        w = WARCWriter(out, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "qingxi-test"}))
        for url, body in articles.items():
            response(w, url, "200 OK", "text/html; charset=utf-8", body)
        for url, (status, ctype, body, _) in not_pages.items():
            response(w, url, status, ctype, body)
        w.write_record(w.create_revisit_record(next(iter(articles)), "sha1:AAAA", next(iter(articles)), "2023-05-06T00:00:00Z"))
        w.write_record(w.create_warc_record("metadata:1", "metadata", payload=io.BytesIO(b"crawl notes")))


def read(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


def test_mixed_raw_folder_accounts_for_every_response_once(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "crawl").mkdir(parents=True)
    write_warc(raw / "crawl" / "part-0001.warc.gz")
    (raw / "saved").mkdir()
    (raw / "saved" / "article").write_bytes(html(pages.TITLE, pages.PARA_1, pages.PARA_2))  # no extension
    (raw / "saved" / "river.html.gz").write_bytes(gzip.compress(html("清河镇河道治理", pages.RIVER_1, pages.RIVER_2)))
    (raw / "dumps").mkdir()
    (raw / "dumps" / "people.txt.gz").write_bytes(gzip.compress(pages.PEOPLE_STYLE.encode("gbk")))
    stats = curate(str(raw), str(out), workers=1)

    docs, rejects = read(out, "documents"), read(out, "rejects")
    warc_rows = [r for r in docs + rejects if r["source_path"] == "crawl/part-0001.warc.gz"]
    assert sorted(r["url"] for r in warc_rows) == sorted([*ARTICLES, *NOT_PAGES])  # each response exactly once
    assert {r["url"]: r["reason"] for r in rejects if r["url"]} == {u: v[3] for u, v in NOT_PAGES.items()}
    article = next(d for d in docs if d["url"] == "http://news.qingshan.example/2023/people.html")
    assert article["record_id"].startswith("<urn:uuid:") and article["http_status"] == 200
    assert article["fetched_at"] is not None and article["site"] == "news.qingshan.example"
    assert article["title"] == pages.TITLE and article["duplicate_of"] is None
    # no page prints its date: the one whose address names its day has that, the other none
    river = next(d for d in docs if d["url"] == "http://news.qingshan.example/2023-05/06/river.html")
    assert (article["published_at"], river["published_at"]) == (None, datetime(2023, 5, 6))
    by_path = {d["source_path"]: d for d in docs}
    assert by_path["saved/article"]["duplicate_of"] == article["doc_id"]  # same article, saved by a browser
    assert by_path["saved/river.html.gz"]["title"] == "清河镇河道治理"
    assert by_path["dumps/people.txt.gz"]["encoding"] == "gb2312"  # the narrowest codec that reads it
    paragraphs = [p["text"] for p in read(out, "paragraphs")]
    assert not [t for t in paragraphs if "<" in t or "首页" in t or "版权所有" in t]
    assert stats.documents + stats.rejects == len(ARTICLES) + len(NOT_PAGES) + 3

    again = curate(str(raw), str(out), workers=1)
    assert (again.files_new, again.documents, again.rejects) == (0, 0, 0)

    # The crawler appends to its WARC: only the new responses are read into rows.
    later = {"http://news.qingshan.example/2023/gov.html": html("青山县推进基层文化建设", pages.PARA_2, pages.PARA_3,
                                                                 pages.RIVER_1)}
    write_warc(raw / "crawl" / "part-0001.warc.gz", "ab", later, {})
    third = curate(str(raw), str(out), workers=1)
    assert (third.files_new, third.records_unchanged, third.documents, third.rejects) == \
        (1, len(ARTICLES) + len(NOT_PAGES), 1, 0)
    urls = [r["url"] for r in read(out, "documents") + read(out, "rejects") if r["url"]]
    assert len(urls) == len(set(urls)) == len(ARTICLES) + len(NOT_PAGES) + 1


def _plain_warc(articles: dict) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    for url, body in articles.items():
        response(w, url, "200 OK", "text/html; charset=utf-8", body)
    return buf.getvalue()


DAMAGE_ARTICLES = {f"http://news.qingshan.example/{i}.html": html(f"{pages.TITLE}{i}", pages.PARA_1.replace("三百", str(i)),
                                                                   pages.PARA_2, pages.PARA_3)
                   for i in range(4)}


def _nth(data: bytes, marker: bytes, n: int) -> int:
    at = -1
    for _ in range(n + 1):
        at = data.index(marker, at + 1)
    return at


def test_damaged_warc_records_are_rejects_and_every_other_record_is_read(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    data = _plain_warc(DAMAGE_ARTICLES)  # request + response per article: responses are records 1, 3, 5, 7
    second = _nth(data, b"WARC/1.", 3)
    length = data.index(b"Content-Length: ", second)
    bad_length = data[:length] + b"Content-Length: zzz" + data[data.index(b"\r\n", length):]
    (raw / "bad-length.warc").write_bytes(bad_length)
    (raw / "bad-status.warc").write_bytes(data.replace(b"HTTP/1.1 200 OK", b"HTTP/1.1 2OO OK", 1))
    third = _nth(data, b"WARC/1.", 4)  # the request before the third response
    (raw / "garbage.warc").write_bytes(data[:third] + bytes(range(256)) * 40 + data[third:])
    (raw / "cut.warc").write_bytes(data[:-300])  # the file ends inside the last response
    info = io.BytesIO()
    w = WARCWriter(info, gzip=True)
    w.write_record(w.create_warcinfo_record("info.warc.gz", {"software": "qingxi-test"}))
    (raw / "info.warc.gz").write_bytes(info.getvalue())

    stats = curate(str(raw), str(out), workers=1)  # no traceback, no stop
    rows = [(r["source_path"], r["url"], None, r["truncated"]) for r in read(out, "documents")]
    rows += [(r["source_path"], r["url"], r["reason"], None) for r in read(out, "rejects")]
    urls = list(DAMAGE_ARTICLES)
    by_file = {}
    for path, url, reason, truncated in rows:
        by_file.setdefault(path, []).append((url, reason, truncated))
    assert sorted(by_file["bad-length.warc"], key=str) == sorted(
        [(urls[0], None, False), (urls[1], "damaged_record", None), (None, "damaged_record", None),
         (urls[2], None, False), (urls[3], None, False)], key=str)
    assert sorted(by_file["bad-status.warc"], key=str) == sorted(
        [(urls[0], "damaged_record", None), (urls[1], None, False), (urls[2], None, False), (urls[3], None, False)], key=str)
    garbage = sorted(by_file["garbage.warc"], key=str)
    assert [u for u, reason, _ in garbage if reason is None] == sorted(urls)  # the records after the damage too
    [skipped] = [r for r in read(out, "rejects") if r["source_path"] == "garbage.warc"]
    assert skipped["reason"] == "damaged_record" and int(skipped["record_id"].strip("<>").split()[-1]) >= third - 4
    cut = {u: t for u, reason, t in by_file["cut.warc"]}
    assert cut[urls[3]] is True and cut[urls[0]] is False  # read up to the cut, and flagged
    assert by_file["info.warc.gz"] == [(None, "no_responses", None)]
    assert stats.files_new == 5
    assert curate(str(raw), str(out), workers=1).files_new == 0  # every file has its rows: none is read again
