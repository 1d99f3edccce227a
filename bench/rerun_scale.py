"""A scheduled re-run at corpus scale, end to end, by simulation (a script, not a test).

An output folder gets a synthetic history of N stored documents, written as the store writes
them (parts of a million documents, with their key and band-key sidecars): documents rows
(paths, hashes, sites; all marked deleted, as in a landing folder emptied once read),
rejects (2%), signatures, dedup texts and para_sites (20 paragraphs a document). Then two
real `qingxi run`s against a running Prefect server: the previous run (1,000 crawl pages
from bench/crawl.py), and, with those files gone from the raw folder and 1,000 new pages
there, the measured run. It finds the previous run's documents deleted, and what was
planted in the history: 30 exact copies of new pages, 100 near copies (their signatures
with a fifth of the permutations changed, their dedup texts with a few characters changed),
for each site three of its new paragraphs held by up to 20,000 stored documents of that site
(template text; fewer in a history of fewer than 240,000) and 300 new paragraphs held once
(reprints). The measured run is run four times from the same committed folder (rolled back
between): first after dropping the page cache (where the machine allows it), then three
times warm; the figure is the warm median. The paragraphs table holds 20 rows a document
(with 14-character texts, not a page's; a run reads it only to rewrite the parts holding the
documents it supersedes, which it finds by key). The seconds spent building the key
sidecars of the history's parts are printed too: what the first run after an upgrade or a
compaction pays once.

usage: python bench/rerun_scale.py [--sizes 100000,10000000] [--workdir /tmp/qingxi-rerun-scale]
Prints figures; needs about 3 KB of disk per stored document.

Beyond what one machine's disk holds (100M stored documents need about 350 GB of state):
  python bench/rerun_scale.py --dedup-parts 1,2,4,8 --new-docs 1000,100000
builds a history of the largest number of parts (a million documents each, as above) and
measures the flow process's dedup step alone (transforms.dedup.deduplicate against the
stored state, as a run calls it) for each number of stored parts and each run size, in a
fresh process per measurement: once right after dropping the page cache, then three times
warm; wall seconds and peak RSS. The new documents are synthetic keys (signatures,
hashes, 20 paragraph keys each, sites of the history), with 30 exact and 100 near copies
of stored documents planted. A run is cut into waves of 100,000 files (flows/run.py), so a
1M-page run is ten 100,000-document steps. The figures at 100 parts (100M documents) are
extrapolated from a least-squares line over the measured parts: the state is parts of the
same size, and a run looks each of them up in turn.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.crawl import generate  # noqa: E402
from bench.run import run_cli, start_server  # noqa: E402
from bench.state_scale import drop_caches  # noqa: E402
from flows.storage.band_index import write_index  # noqa: E402
from flows.storage.key_index import KEY_COLUMNS, KeyedPart  # noqa: E402
from flows.rows import PIPELINE_VERSION  # noqa: E402
from flows.runinfo import RunKind, RunRecord  # noqa: E402
from flows.schemas import ROW_GROUP_ROWS, SCHEMAS  # noqa: E402
from flows.storage.manifest import Manifest  # noqa: E402
from flows.storage.recovery import recover  # noqa: E402
from flows.storage.store import Store  # noqa: E402
from transforms.dedup.minhash import BANDS, NUM_PERM, SIGNATURE_PARAMETERS, band_keys  # noqa: E402

PART_DOCS = 1_000_000
CHUNK = 250_000
PARAS_PER_DOC = 20
PAGES = 1000
EXACT, NEAR, TEMPLATE_PARAS, TEMPLATE_HOLDERS, REPRINT_PARAS = 30, 100, 3, 20_000, 300
_HEX = np.frombuffer(b"0123456789abcdef", np.uint8)


def hex_strings(values: np.ndarray, width: int = 16) -> pa.Array:
    """uint64 values as fixed-width lowercase hex strings, built on numpy buffers."""
    nibbles = (values[:, None] >> (np.arange(width - 1, -1, -1, dtype=np.uint64) * np.uint64(4))) & np.uint64(15)
    data = _HEX[nibbles.astype(np.int64)].reshape(-1)
    offsets = np.arange(len(values) + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(data.tobytes()))


def _sha_like(rng: np.random.Generator, n: int) -> pa.Array:
    return pc.binary_join_element_wise(*(hex_strings(rng.integers(0, 2**63, n, dtype=np.uint64)) for _ in range(4)), "")


def _write(path: Path, name: str, tables) -> None:
    with pq.ParquetWriter(path, SCHEMAS[name], compression="zstd") as writer:
        for t in tables:
            writer.write_table(t.cast(SCHEMAS[name]), row_group_size=ROW_GROUP_ROWS.get(name))


def _nulls(name: str, n: int, given: dict) -> pa.Table:
    return pa.table({f.name: given.get(f.name, pa.nulls(n, f.type)) for f in SCHEMAS[name]})


class Plants:
    """What the new pages share with the history, read from a scratch run of them."""

    def __init__(self, scratch: Path, rng: np.random.Generator):
        docs = pq.read_table(scratch / "documents", columns=["doc_id", "content_hash", "duplicate_of"])
        docs = docs.filter(pc.is_null(docs.column("duplicate_of"))).sort_by("doc_id")
        sig = pq.read_table(next((scratch / "_qingxi" / "state" / "signatures").glob("v*/part-*.parquet")))
        texts = pq.read_table(next((scratch / "_qingxi" / "state" / "dedup_texts").glob("v*/part-*.parquet")))
        sites = pq.read_table(next((scratch / "_qingxi" / "state" / "para_sites").glob("v*/part-*.parquet")))
        kept = docs.column("doc_id").to_pylist()
        pick = rng.choice(len(kept), EXACT + NEAR, replace=False)
        self.exact = [docs.column("content_hash")[int(i)].as_py() for i in pick[:EXACT]]
        near_ids = pa.array([kept[int(i)] for i in pick[EXACT:]])
        at = pc.index_in(near_ids, value_set=sig.column("doc_id")).to_numpy()
        minhash = np.asarray(pc.list_flatten(sig.column("minhash")).to_numpy(), np.uint32).reshape(-1, NUM_PERM)[at]
        changed = rng.random(minhash.shape) < 0.2
        minhash[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint32)
        self.near_minhash = minhash
        text_of = dict(zip(texts.column("doc_id").to_pylist(), texts.column("dedup_text").to_pylist()))
        self.near_texts = [_touched(text_of[d], rng) for d in near_ids.to_pylist()]
        # sorted: group_by's order varies from run to run, and so would what is planted
        pairs = sites.group_by(["site", "para_hash"]).aggregate([]).sort_by([("site", "ascending"), ("para_hash", "ascending")]).to_pylist()
        by_site: dict[str, list[str]] = {}
        for p in pairs:
            by_site.setdefault(p["site"], []).append(p["para_hash"])
        self.templates = [(s, h) for s, hs in sorted(by_site.items())
                          for h in rng.choice(hs, min(TEMPLATE_PARAS, len(hs)), replace=False).tolist()]
        self.reprints = [pairs[int(i)] for i in rng.choice(len(pairs), REPRINT_PARAS, replace=False)]
        self.sites = sorted(by_site)


def _touched(text: str, rng: np.random.Generator) -> str:
    chars = list(text)
    for i in rng.choice(len(chars), max(1, len(chars) // 50), replace=False):
        chars[int(i)] = "某"
    return "".join(chars)


def build_history(out: Path, n: int, plants: Plants, raw: Path, rng: np.random.Generator) -> float:
    """N stored documents in an output folder with no runs yet; returns seconds taken."""
    started = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    store, manifest = Store(out), Manifest()
    folders = {name: store.table_dir(name, manifest) for name in SCHEMAS}
    for f in folders.values():
        f.mkdir(parents=True, exist_ok=True)
    sites = np.array(plants.sites, dtype=object)
    # planted rows: spread over the history, the same positions at every size
    sidecar_s = 0.0
    exact_at = np.linspace(0, n - 1, EXACT).astype(np.int64)
    near_at = np.linspace(n // 3, n - 1, NEAR).astype(np.int64)
    for seq, first in enumerate(range(0, n, PART_DOCS), 1):
        rows = min(PART_DOCS, n - first)
        name = f"part-{seq:06d}-synthetic.parquet"
        chunks = []
        for start in range(first, first + rows, CHUNK):
            count = min(CHUNK, first + rows - start)
            ids = np.arange(start, start + count, dtype=np.uint64)
            site = sites[ids.astype(np.int64) % len(sites)]
            doc_id = pc.binary_join_element_wise(hex_strings(ids * np.uint64(0x9E3779B97F4A7C15)), hex_strings(ids, 4), "")
            path = pc.binary_join_element_wise(pa.array(site.tolist()), pa.array(["old"] * count),
                                               hex_strings(ids, 9), "/")
            path = pc.binary_join_element_wise(path, pa.array([".txt"] * count), "")
            content = _sha_like(rng, count).to_pylist()
            for i, at in enumerate(exact_at):
                if start <= at < start + count:
                    content[at - start] = plants.exact[i]
            chunks.append((count, ids, site, doc_id, path, pa.array(content)))
        _write(folders["documents"] / name, "documents", (_nulls("documents", c, {
            "doc_id": d, "source_path": p, "encoding": pa.array(["utf-8"] * c), "site": pa.array(s.tolist()),
            "content_hash": h, "raw_sha256": _sha_like(rng, c),
            "raw_bytes": pa.array(np.full(c, 5000)), "raw_mtime_ns": pa.array(np.full(c, 1_700_000_000 * 10**9)),
            "deleted_at": pa.array(np.full(c, 1_700_000_000), pa.timestamp("s", tz="UTC")), "page_type": pa.array(["article"] * c),
            "char_count": pa.array(np.full(c, 1500, np.int32)), "paragraph_count": pa.array(np.full(c, PARAS_PER_DOC, np.int32)),
            "pipeline_version": pa.array([PIPELINE_VERSION] * c)}) for c, _, s, d, p, h in chunks))
        rejected = max(1, rows // 50)
        _write(folders["rejects"] / name, "rejects", [_nulls("rejects", rejected, {
            "source_path": pc.binary_join_element_wise(chunks[0][4].slice(0, rejected), pa.array([".bad"] * rejected), ""),
            "reason": pa.array(["error_page"] * rejected), "raw_bytes": pa.array(np.full(rejected, 900)),
            "raw_mtime_ns": pa.array(np.full(rejected, 1_700_000_000 * 10**9))})])
        sig_tables, text_tables, site_tables, para_tables = [], [], [], []
        for count, ids, site, doc_id, path, _ in chunks:
            start = int(ids[0])
            minhash = rng.integers(0, 2**32, size=(count, NUM_PERM), dtype=np.uint32)
            texts = ["正文" + h for h in hex_strings(ids, 12).to_pylist()]
            for i, at in enumerate(near_at):
                if start <= at < start + count:
                    minhash[at - start] = plants.near_minhash[i]
                    texts[at - start] = plants.near_texts[i]
            seqs = pa.array(np.full(count, seq, np.int32))
            sig_tables.append(pa.table({"doc_id": doc_id, "seq": seqs, "source_path": path,
                                        "minhash": pa.FixedSizeListArray.from_arrays(pa.array(minhash.reshape(-1)), NUM_PERM),
                                        "bands": pa.FixedSizeListArray.from_arrays(pa.array(band_keys(minhash).reshape(-1)), BANDS)}))
            text_tables.append(pa.table({"doc_id": doc_id, "dedup_text": pa.array(texts)}))
            holder = pa.array(np.repeat(np.arange(count), PARAS_PER_DOC))
            hashes = rng.integers(0, 2**63, count * PARAS_PER_DOC, dtype=np.uint64)
            site_of = site[np.repeat(np.arange(count), PARAS_PER_DOC)]
            _plant_paragraphs(hashes, site_of, plants, start, count, n)
            site_tables.append(pa.table({"site": pa.array(site_of.tolist()), "para_hash": hex_strings(hashes),
                                         "doc_id": doc_id.take(holder), "seq": pa.array(np.full(len(hashes), seq, np.int32)),
                                         "source_path": path.take(holder)}))
            para_text = pc.binary_join_element_wise(pa.array(["段落"] * len(hashes)), hex_strings(hashes, 12), "")
            para_tables.append(pa.table({"doc_id": doc_id.take(holder), "para_index": pa.array(np.tile(np.arange(PARAS_PER_DOC, dtype=np.int32), count)),
                                         "kind": pa.array(["body"] * len(hashes)), "text": para_text, "text_original": para_text,
                                         "para_hash": hex_strings(hashes), "first_doc_id": doc_id.take(holder),
                                         "char_count": pa.array(np.full(len(hashes), 14, np.int32))}))
        for table, tables in (("signatures", sig_tables), ("dedup_texts", text_tables), ("para_sites", site_tables),
                              ("paragraphs", para_tables)):
            _write(folders[table] / name, table, tables)
        indexing = time.perf_counter()
        write_index(folders["signatures"] / name)
        for table in KEY_COLUMNS:
            KeyedPart(folders[table] / name, store.meta / "index" / table / name).ensure(table)
        sidecar_s += time.perf_counter() - indexing
        manifest.runs.append(RunRecord(f"synthetic-{seq}", seq, RunKind.RUN, "2026-01-01T00:00:00+00:00",
                                       parts={t: [name] for t in ("documents", "rejects", "signatures", "dedup_texts",
                                                                  "para_sites", "paragraphs")},
                                       raw_dir=str(raw), pipeline_version=PIPELINE_VERSION))
        print(f"  history: {first + rows:,} of {n:,} documents ({time.perf_counter() - started:.0f} s, "
              f"{sidecar_s:.0f} s of it building key sidecars)", flush=True)
    manifest.parameters, manifest.pipeline_version = dict(SIGNATURE_PARAMETERS), PIPELINE_VERSION
    for name in ("removed",):  # an empty part: every table has its columns
        _write(folders[name] / "part-000000-synthetic.parquet", name, [])
        manifest.runs[0].parts[name] = ["part-000000-synthetic.parquet"]
    store.commit(manifest)
    store.ensure_layout(manifest)
    return time.perf_counter() - started


def _plant_paragraphs(hashes: np.ndarray, site_of: np.ndarray, plants: Plants, start: int, count: int, n: int) -> None:
    """The first TEMPLATE_HOLDERS documents of each site (fewer in a small history) hold its
    template paragraphs; reprinted paragraphs are held once, by documents spread over the history."""
    stride = len(plants.sites)
    for i, (site, h) in enumerate(plants.templates):
        docs = plants.sites.index(site) + stride * np.arange(TEMPLATE_HOLDERS)
        docs = docs[(docs >= start) & (docs < start + count)]
        hashes[(docs - start) * PARAS_PER_DOC + 1 + i % (PARAS_PER_DOC - 1)] = np.uint64(int(h, 16))
    spots = np.linspace(0, n - 1, len(plants.reprints)).astype(np.int64)
    for p, d in zip(plants.reprints, spots):
        if start <= d < start + count:
            row = (int(d) - start) * PARAS_PER_DOC
            hashes[row], site_of[row] = np.uint64(int(p["para_hash"], 16)), p["site"]


def rollback(out: Path, committed: bytes) -> None:
    """The folder as it was before the measured run: its manifest back, and what the run
    wrote (not named by that manifest) removed the way a crashed run's files are."""
    (out / "_qingxi" / "manifest.json").write_bytes(committed)
    store = Store(out)
    manifest = store.manifest()
    recover(store, manifest)
    store.ensure_layout(manifest)


def last_stats(out: Path) -> dict:
    return json.loads((out / "_qingxi" / "manifest.json").read_text())["runs"][-1]["stats"]


def measure_dedup(out: Path, parts: int, new_docs: int) -> dict:
    """One dedup step of a run of new_docs documents against the first `parts` stored parts
    (run in a fresh process: its peak RSS is the step's, plus the new keys it is given)."""
    import resource

    from flows.storage.state import StoreState, staged_texts
    from transforms.dedup import BOILERPLATE_MIN_DOCS, BatchKeys, deduplicate, para_keys

    store = Store(out)
    manifest = store.manifest()
    manifest.runs = manifest.runs[:parts]
    rng = np.random.default_rng(new_docs)  # the same new documents and plants at every number of parts

    def head(table: str, columns: list[str] | None = None) -> pa.Table:  # the first part's first 10,000 rows
        part = pq.ParquetFile(store.files(table, manifest)[0])  # row group by row group: a whole part is GBs
        groups: list[pa.Table] = []
        while sum(g.num_rows for g in groups) < 10_000:
            groups.append(part.read_row_group(len(groups), columns=columns))
        return pa.concat_tables(groups).slice(0, 10_000)

    sig, docs, texts = head("signatures", ["doc_id", "minhash"]), head("documents", ["content_hash", "site"]), head("dedup_texts")
    sites = sorted(set(docs.column("site").to_pylist()))
    ids = hex_strings(rng.integers(0, 2**63, new_docs, dtype=np.uint64)).to_pylist()
    minhash = rng.integers(0, 2**32, size=(new_docs, NUM_PERM), dtype=np.uint32)
    hashes = _sha_like(rng, new_docs).to_pylist()
    new_texts = ["新文" + h for h in hex_strings(np.arange(new_docs, dtype=np.uint64), 12).to_pylist()]
    picks = rng.choice(10_000, EXACT + NEAR, replace=False)
    for i, row in enumerate(picks[:EXACT]):  # exact copies of stored documents
        hashes[i] = docs.column("content_hash")[int(row)].as_py()
    stored = np.asarray(pc.list_flatten(sig.column("minhash")).to_numpy(), np.uint32).reshape(-1, NUM_PERM)
    for i, row in enumerate(picks[EXACT:], EXACT):  # near copies: a fifth of the permutations changed
        near = stored[int(row)].copy()
        changed = rng.random(NUM_PERM) < 0.2
        near[changed] = rng.integers(0, 2**32, int(changed.sum()), dtype=np.uint32)
        minhash[i] = near
        new_texts[i] = _touched(texts.column("dedup_text")[int(row)].as_py(), rng)
    staged = out.parent / f"new-texts-{parts}-{new_docs}.parquet"
    pq.write_table(pa.table({"doc_id": ids, "dedup_text": new_texts}), staged)
    batches = []
    per_batch = max(1, -(-new_docs // 8))
    for start in range(0, new_docs, per_batch):
        n = min(per_batch, new_docs - start)
        para_numbers = rng.integers(0, 2**63, n * PARAS_PER_DOC, dtype=np.uint64)
        para_hashes = hex_strings(para_numbers)
        keys = BatchKeys(doc_ids=ids[start:start + n], source_paths=[f"{sites[(start + i) % len(sites)]}/new/{ids[start + i]}.txt"
                                                                     for i in range(n)],
                         content_hashes=hashes[start:start + n], sites=[sites[(start + i) % len(sites)] for i in range(n)],
                         record_ids=[None] * n, urls=[None] * n, minhash=minhash[start:start + n],
                         bands=band_keys(minhash[start:start + n]))
        keys.para_row = np.repeat(np.arange(n, dtype=np.int32), PARAS_PER_DOC)
        keys.para_hashes = para_hashes
        keys.para_keys = np.array(para_keys(para_hashes.to_pylist()), dtype=np.uint64)
        batches.append(keys)
    given = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_anon = [0]
    done = threading.Event()

    def sample_anon() -> None:  # what the step allocates, apart from the mapped sidecar pages it touches
        while not done.is_set():
            status = Path("/proc/self/status").read_text()
            peak_anon[0] = max(peak_anon[0], int(status.split("RssAnon:")[1].split()[0]))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample_anon, daemon=True)
    sampler.start()
    started = time.perf_counter()
    decisions = deduplicate(batches, parts + 1, StoreState(store, manifest), staged_texts([str(staged)]),
                            BOILERPLATE_MIN_DOCS)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    staged.unlink()
    # Resident memory now, split: what the process allocated, and the memory-mapped sidecar
    # pages it touched (file-backed page cache the kernel reclaims when memory is short).
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_before_mb": given, "peak_anon_mb": peak_anon[0] / 1024, "anon_mb": int(status["RssAnon"].split()[0]) / 1024,
            "file_mb": int(status["RssFile"].split()[0]) / 1024, "duplicates": len(decisions.duplicates)}


def dedup_scale(args: argparse.Namespace) -> None:
    """The dedup step against 1..P stored parts, extrapolated to 100M stored documents."""
    work = args.workdir
    parts_list = [int(x) for x in args.dedup_parts.split(",")]
    sizes = [int(x) for x in args.new_docs.split(",")]
    out = work / "out-parts"
    if not (out / "_qingxi" / "manifest.json").exists() or len(Store(out).manifest().runs) < max(parts_list):
        shutil.rmtree(work, ignore_errors=True)
        pages = work / "pages"
        generate(pages, PAGES, "dump", seed=23)
        server, url = start_server(work / "prefect-home")
        env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(work / "prefect-home")}
        try:
            run_cli(["-q", "run", "--raw", str(pages), "--out", str(work / "scratch")], env)
        finally:
            server.terminate()
        plants = Plants(work / "scratch", np.random.default_rng(5))
        built = build_history(out, max(parts_list) * PART_DOCS, plants, work / "raw", np.random.default_rng(3))
        print(f"history of {max(parts_list) * PART_DOCS:,} documents: {built:.0f} s", flush=True)
    stored = max(parts_list) * PART_DOCS
    for part in ("state", "index", "tables"):  # dedup state, key sidecars, the tables (14-character paragraphs)
        size = sum(p.stat().st_size for p in (out / "_qingxi" / part).rglob("*") if p.is_file())
        print(f"disk per stored document, _qingxi/{part}: {size / stored:,.0f} B -> at 100M: {size / stored * 1e8 / 1e9:,.0f} GB")
    print(f"{'new docs':>9} {'stored':>12} {'cold s':>7} {'warm s (3)':>18} {'warm median s':>14} {'peak RSS MB':>12} "
          f"{'keys given MB':>14} {'peak anon MB':>13} {'mapped MB after':>16} {'duplicates':>10}", flush=True)
    for new_docs in sizes:
        medians, peaks = {}, {}
        for parts in parts_list:
            walls, figures = [], {}
            for attempt in range(4):
                cold = attempt == 0 and drop_caches()
                done = subprocess.run([sys.executable, __file__, "--measure-dedup", str(out), str(parts), str(new_docs)],
                                      capture_output=True, text=True, check=True)
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                walls.append((figures["seconds"], cold))
            warm = [w for w, _ in walls[1:]]
            medians[parts], peaks[parts] = statistics.median(warm), figures["peak_rss_mb"]
            cold_s = f"{walls[0][0]:.1f}" if walls[0][1] else "n/a"
            print(f"{new_docs:>9,} {parts * PART_DOCS:>12,} {cold_s:>7} {' '.join(f'{w:.2f}' for w in warm):>18} "
                  f"{medians[parts]:>14.2f} {figures['peak_rss_mb']:>12.0f} {figures['rss_before_mb']:>14.0f} "
                  f"{figures['peak_anon_mb']:>13.0f} {figures['file_mb']:>16.0f} {figures['duplicates']:>10}", flush=True)
        if len(parts_list) > 1:
            slope, intercept = np.polyfit(parts_list, [medians[p] for p in parts_list], 1)
            mem_slope, mem_intercept = np.polyfit(parts_list, [peaks[p] for p in parts_list], 1)
            print(f"{new_docs:>9,} new, extrapolated to 100 parts (100M stored): {intercept + 100 * slope:.1f} s warm "
                  f"({slope:.3f} s per stored part), peak RSS {mem_intercept + 100 * mem_slope:,.0f} MB "
                  f"({mem_slope:.1f} MB per stored part)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,10000000")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/qingxi-rerun-scale"))
    ap.add_argument("--dedup-parts", help="measure the dedup step alone against these numbers of stored 1M-document parts")
    ap.add_argument("--new-docs", default="1000,100000", help="with --dedup-parts: run sizes (new documents)")
    ap.add_argument("--measure-dedup", nargs=3, metavar=("OUT", "PARTS", "NEW"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure_dedup:
        out, parts, new_docs = args.measure_dedup
        print(json.dumps(measure_dedup(Path(out), int(parts), int(new_docs))))
        return
    if args.dedup_parts:
        dedup_scale(args)
        return
    work = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    pages = work / "pages"
    generate(pages, 2 * PAGES, "dump", seed=23)
    files = sorted(p for p in pages.rglob("*.txt"))
    previous, new = files[::2], files[1::2]  # every site in both
    server, url = start_server(work / "prefect-home")
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(work / "prefect-home")}
    try:
        def stage(batch: list[Path], raw: Path) -> None:
            shutil.rmtree(raw, ignore_errors=True)
            for f in batch:
                target = raw / f.relative_to(pages)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)

        raw = work / "raw"
        stage(new, raw)
        run_cli(["-q", "run", "--raw", str(raw), "--out", str(work / "scratch")], env)
        plants = Plants(work / "scratch", np.random.default_rng(5))
        empty = work / "empty-raw"
        empty.mkdir()
        startup, _, _ = run_cli(["-q", "run", "--raw", str(empty), "--out", str(work / "empty-out")], env)
        print(f"start-up against the server (empty folder): {startup:.1f} s")
        print(f"{'stored':>11} {'history s':>10} {'state GB':>9} {'previous s':>11} {'cold s':>7} "
              f"{'warm s (3)':>18} {'median after start-up s':>24} {'peak RSS MB':>12}  stages of the last (s) / what it found")
        marginal = {}
        for n in (int(x) for x in args.sizes.split(",")):
            out = work / f"out-{n}"
            stage(previous, raw)
            built = build_history(out, n, plants, raw, np.random.default_rng(3))
            size_gb = sum(p.stat().st_size for p in (out / "_qingxi").rglob("*") if p.is_file()) / 1e9
            before, _, _ = run_cli(["-q", "run", "--raw", str(raw), "--out", str(out)], env)
            stage(new, raw)
            committed = (out / "_qingxi" / "manifest.json").read_bytes()
            walls, found_each = [], set()
            for attempt in range(4):  # the first after dropping the page cache, then three warm
                if attempt:
                    rollback(out, committed)
                cold = attempt == 0 and drop_caches()
                wall, rss, _ = run_cli(["-q", "run", "--raw", str(raw), "--out", str(out)], env)
                stats = last_stats(out)
                found_each.add((stats.get("deleted"), stats.get("duplicates"), json.dumps(stats.get("removed_by_rule"))))
                walls.append((wall, cold))
            warm = [w for w, cold in walls[1:]]
            marginal[n] = statistics.median(warm) - startup
            assert len(found_each) == 1, f"the re-runs found different things: {found_each}"
            found = (f"deleted {stats.get('deleted')}, duplicates {stats.get('duplicates')}, "
                     f"removed {stats.get('removed_by_rule')}")
            stages = ", ".join(f"{k}: {v:.2f}" for k, v in stats.get("stage_seconds", {}).items())
            cold_s = f"{walls[0][0]:.1f}" if walls[0][1] else "n/a"
            print(f"{n:>11,} {built:>10.0f} {size_gb:>9.2f} {before:>11.1f} {cold_s:>7} "
                  f"{' '.join(f'{w:.1f}' for w in warm):>18} {marginal[n]:>24.1f} {rss:>12.0f}  {stages} / {found}",
                  flush=True)
            shutil.rmtree(out, ignore_errors=True)
        sizes = sorted(marginal)
        if len(sizes) > 1:
            print(f"re-run after start-up at {sizes[-1]:,} / at {sizes[0]:,} stored: "
                  f"{marginal[sizes[-1]] / marginal[sizes[0]]:.2f}x")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
