"""Cost of the HTML and WARC paths against the text-dump path, per MB of input (a script,
not a test).

usage: python bench/html_speed.py [--dev ../shared/dev] [--repeats 5]

The same real pages three ways: ../shared/dev/html (saved pages), their text dumps in
../shared/dev/dump, and the saved pages inside one gzipped WARC written here. Each is
cleaned in this process on one core (reading records and cleaning them: what a worker
does, without Parquet), `repeats` times; medians of the one run are printed with MB/s
and seconds per MB relative to the dump path. Also: the two parsers measured when lexbor
was chosen (parse and walk every node of every page).
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.readers import RawFile  # noqa: E402
from flows.reading import read_records  # noqa: E402
from transforms.document import clean, clean_html  # noqa: E402


def clean_folder(root: Path, files: list[Path]) -> int:
    from transforms.chrome import _short_verdict

    _short_verdict.cache_clear()  # each repeat starts as a fresh worker would: no line seen before
    documents = 0
    for path in files:
        raw = RawFile(path.relative_to(root).as_posix(), path.stat().st_size, path.stat().st_mtime_ns)
        for record in read_records(str(root), raw, 1 << 30):
            result = clean_html(record.raw) if record.media_type == "text/html" else clean(record.raw)
            documents += hasattr(result, "paragraphs")
    return documents


def timed(fn, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def write_warc(pages: list[Path], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        for page in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"http://example.com/{page.name}", "response",
                                                payload=io.BytesIO(page.read_bytes()), http_headers=headers))


def parsers(pages: list[Path], repeats: int) -> list[str]:
    import lxml.html
    from selectolax.lexbor import LexborHTMLParser

    texts = [p.read_bytes().decode("utf-8", "replace") for p in pages]
    mb = sum(len(p.read_bytes()) for p in pages) / 1e6

    def lexbor():
        for t in texts:
            sum(1 for _ in LexborHTMLParser(t).root.traverse(include_text=True))

    def lxml_parse():
        for t in texts:
            sum(1 for _ in lxml.html.document_fromstring(t).iter())

    out = []
    for name, fn in (("lexbor (selectolax)", lexbor), ("lxml", lxml_parse)):
        seconds = timed(fn, repeats)
        out.append(f"| parse + walk, {name} | {seconds * 1000:.0f} ms | {mb / seconds:.1f} MB/s |")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "dev"))
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    dev = Path(args.dev)
    html = sorted((dev / "html").iterdir())
    stems = {p.stem for p in html}
    dumps = sorted(p for p in (dev / "dump").iterdir() if p.stem in stems)
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "dev.warc.gz"
        write_warc(html, warc)
        forms = [("text dumps", dev / "dump", dumps), ("saved HTML", dev / "html", html), ("WARC (gzip)", Path(tmp), [warc])]
        rows, dump_cost = [], None
        for name, root, files in forms:
            mb = sum(f.stat().st_size for f in files) / 1e6
            seconds = timed(lambda: clean_folder(root, files), args.repeats)
            cost = seconds / mb
            dump_cost = dump_cost or cost
            rows.append(f"| {name} | {len(files)} files, {mb:.2f} MB | {seconds:.3f} s | {mb / seconds:.2f} MB/s | "
                        f"{cost / dump_cost:.2f} |")
    print(f"Same {len(html)} real pages, cleaned on one core, median of {args.repeats}:\n")
    print("| input | size | seconds | MB/s | cost per MB vs dumps |\n|---|---|---|---|---|")
    print("\n".join(rows))
    nested = "<html><body>" + "<div>" * 100_000 + "<p>" + "县图书馆完成改造。" * 20 + "</p></body></html>"
    seconds = timed(lambda: clean_html(nested.encode()), 1)
    print(f"\n100,000 unclosed <div>s ({len(nested) / 1e6:.1f} MB), read without a tree: {seconds:.2f} s "
          "(lexbor's tree alone: about 14 s)")
    try:
        print("\n| parser | median | throughput |\n|---|---|---|")
        print("\n".join(parsers(html, args.repeats)))
    except ImportError:
        print("(lxml not installed: `pip install lxml` to compare the parsers)")


if __name__ == "__main__":
    main()
