"""The dataset card: OUT/README.md, rewritten on every commit, so HF `datasets` finds each
table's committed part files by name."""
from __future__ import annotations

import os
from pathlib import Path

from flows.runinfo import RunKind
from flows.schemas import TABLES
from flows.storage.files import atomic_write
from flows.storage.manifest import META, Manifest, table_dir

CARD_MARK = "<!-- written by qingxi: rewritten on every commit -->"
_OLD_CARD_MARK = "<!-- written by qingxi: rewritten on every run -->"


def is_our_card(text: str) -> bool:
    return CARD_MARK in text or _OLD_CARD_MARK in text


def write_card(root: Path, manifest: Manifest) -> None:
    """OUT/README.md, a dataset card whose `configs` name each table's committed part files,
    so `datasets.load_dataset(OUT, "paragraphs")` reads that table and never qingxi's own
    state. The files are named one by one, in the version folder the commit made, not by a
    pattern through the table's link: HF datasets keys its cache on the card's configs, so a
    pattern made every later load return the first load's rows (and every folder called
    `out` share one cache entry). A commit that changes a table moves it to a new version
    folder, and part names carry their run's random id, so each commit's card, and its
    cache entry, is its own. A README.md someone else wrote there is left alone."""
    path = root / "README.md"
    if path.exists() and not is_our_card(path.read_text(errors="replace")):
        return
    lines = []
    for name in TABLES:
        folder = os.path.relpath(table_dir(root / META, name, manifest), root)
        lines += [f"- config_name: {name}", "  data_files:", *(f"  - {folder}/{part}" for part in manifest.parts(name))]
        lines += ["  default: true"] if name == "paragraphs" else []
    configs = "\n".join(lines)
    runs = [r for r in manifest.runs if r.kind is RunKind.RUN]
    card = (f"---\nconfigs:\n{configs}\n---\n{CARD_MARK}\n\n# qingxi dataset\n\n"
            "Cleaned, deduplicated Chinese web articles, one Parquet dataset per table: `documents` (one row per "
            "page, with metadata and duplicate links), `paragraphs` (text of kept documents, in reading order), "
            "`rejects` (pages with no usable article, and why), `removed` (what deduplication dropped). "
            "`_qingxi/` is qingxi's own state: do not read it as data.\n\n"
            f"Runs committed: {len(runs)}; last: {runs[-1].run_id if runs else 'none'}.\n\n"
            "```python\nfrom datasets import load_dataset\nparagraphs = load_dataset(OUT, \"paragraphs\")\n```\n\n"
            "Each commit rewrites this card with the files it committed, so the call above always reads the "
            "current version (HF datasets caches each version once).\n")
    atomic_write(path, card.encode("utf-8"))


