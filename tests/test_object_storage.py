"""Raw input from object storage: an S3-compatible server (moto's) started on 127.0.0.1
holds WARC, HTML and dump objects. `qingxi run --raw s3://bucket/prefix/` gives the tables
a raw folder of the same files gives, a second run reads only the new and rewritten
objects, and the credentials appear in no output, log or table."""
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds

from tests import pages
from tests.conftest import S3_SECRET
from tests.test_warc import ARTICLES, NOT_PAGES, html, write_warc

ROOT = Path(__file__).resolve().parents[1]
VARYING = {"run_id", "raw_mtime_ns"}  # an object's version is its last-modified time, a file's its mtime


def crawl_folder(folder: Path) -> None:
    """A crawl as a crawler leaves it: a WARC file, saved pages, text dumps, a binary file,
    its own notes and a hidden state file."""
    (folder / "warc").mkdir(parents=True)
    write_warc(folder / "warc" / "part-0001.warc.gz")
    (folder / "pages").mkdir()
    (folder / "pages" / "river.html").write_bytes(html("清河镇河道治理见成效", pages.RIVER_1, pages.RIVER_2))
    (folder / "dumps").mkdir()
    (folder / "dumps" / "people.txt").write_text(f"{pages.TITLE}\n\n{pages.PARA_1}\n\n{pages.PARA_2}\n", encoding="utf-8")
    (folder / "dumps" / "logo.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "README.md").write_text("crawl of 2023-05\n", encoding="utf-8")
    (folder / ".crawler-state").write_text("cursor=17\n", encoding="utf-8")


def upload(client, folder: Path, prefix: str, bucket: str = "crawls") -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            client.put_object(Bucket=bucket, Key=prefix + path.relative_to(folder).as_posix(), Body=path.read_bytes())


def qingxi(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert S3_SECRET not in done.stdout + done.stderr
    return done


def table(out: Path, name: str) -> list[dict]:
    rows = ds.dataset(out / name, format="parquet").to_table().to_pylist()
    return sorted(({k: v for k, v in r.items() if k not in VARYING} for r in rows), key=repr)


def test_a_crawl_in_object_storage_reads_as_the_same_folder_and_increments_by_object(tmp_path, s3, prefect_server):
    client, aws = s3
    env = {**prefect_server, **aws}
    local = tmp_path / "crawl"
    crawl_folder(local)
    upload(client, local, "2023-05/")
    client.put_object(Bucket="crawls", Key="2023-04/elsewhere.txt", Body=b"not under the prefix")

    from_folder = qingxi(env, "run", "--raw", str(local), "--out", str(tmp_path / "from-folder"))
    from_bucket = qingxi(env, "run", "--raw", "s3://crawls/2023-05/", "--out", str(tmp_path / "from-bucket"))
    assert from_folder.returncode == 0 and from_bucket.returncode == 0, from_bucket.stderr[-3000:]
    assert "4 files (4 new," in from_bucket.stdout  # the README, the hidden file and the other prefix are not input
    for name in ("documents", "paragraphs", "rejects", "removed"):
        assert table(tmp_path / "from-bucket", name) == table(tmp_path / "from-folder", name), name
    documents = table(tmp_path / "from-bucket", "documents")
    rejects = table(tmp_path / "from-bucket", "rejects")
    assert {d["source_path"] for d in documents} == {"dumps/people.txt", "pages/river.html", "warc/part-0001.warc.gz"}
    assert len(documents) + len(rejects) == 1 + 1 + len(ARTICLES) + len(NOT_PAGES) + 1  # every record accounted for once
    assert {r["reason"] for r in rejects if r["source_path"] == "dumps/logo.bin"} == {"binary"}

    # A new object, and one written again with other content of the same size (its
    # last-modified time tells): only those two are read.
    client.put_object(Bucket="crawls", Key="2023-05/dumps/river-2.txt",
                      Body=f"清河镇\n\n{pages.RIVER_2}\n".encode())
    client.put_object(Bucket="crawls", Key="2023-05/dumps/people.txt",
                      Body=f"{pages.TITLE}\n\n{pages.PARA_1}\n\n{pages.PARA_2[::-1]}\n".encode())
    again = qingxi(env, "run", "--raw", "s3://crawls/2023-05/", "--out", str(tmp_path / "from-bucket"))
    assert again.returncode == 0, again.stderr[-3000:]
    assert "5 files (2 new, 3 already processed" in again.stdout
    nothing = qingxi(env, "run", "--raw", "s3://crawls/2023-05/", "--out", str(tmp_path / "from-bucket"))
    assert "5 files (0 new, 5 already processed" in nothing.stdout

    for path in (tmp_path / "from-bucket").rglob("*"):  # tables, manifest, card, logs
        if path.is_file():
            assert S3_SECRET.encode() not in path.read_bytes(), path


def test_credentials_in_the_url_and_unknown_schemes_are_refused_in_one_line(tmp_path):
    for url, says in ((f"s3://qingxi-test-key:{S3_SECRET}@crawls/2023-05/", "credentials do not belong in the URL"),
                      ("nosuchscheme://crawls/x/", "no filesystem for nosuchscheme://")):
        done = qingxi(dict(os.environ), "run", "--raw", url, "--out", str(tmp_path / "out"))
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert says in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_bucket_is_one_line(tmp_path, s3, prefect_server):
    _, aws = s3
    done = qingxi({**prefect_server, **aws}, "run", "--raw", "s3://no-such-bucket/x/", "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr[-3000:]
    assert "cannot list s3://no-such-bucket/x/" in done.stderr and "Traceback" not in done.stderr
