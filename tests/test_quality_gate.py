"""Evaluation gate on the shared seed scrapes and dev pages (skipped where ../shared is absent)."""
import subprocess
import sys

import pytest

from tests.conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared not present")


def figures(line: str) -> dict[str, float]:
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split() if "=" in kv and v_ok(kv))}


def v_ok(kv: str) -> bool:
    try:
        float(kv.split("=", 1)[1])
        return True
    except ValueError:
        return False


@pytest.fixture(scope="module")
def curated(tmp_path_factory, prefect_harness):
    from flows.run import curate

    outs = {}
    for name, raw in (("seeds", SHARED / "seeds"), ("dev", SHARED / "dev" / "dump"), ("html", SHARED / "dev" / "html")):
        outs[name] = tmp_path_factory.mktemp(name)
        curate(str(raw), str(outs[name]), workers=1)
    return outs


def score(script: str, gold: str, out) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / script), str(gold), str(out)],
                          capture_output=True, text=True, check=True, timeout=300)
    return figures(proc.stdout.strip().splitlines()[-1])


def test_seed_scrapes_meet_the_quality_bar(curated):
    f = score("score.py", SHARED / "eval" / "seeds_gold.json", curated["seeds"])
    assert f["para_recall"] >= 0.98 and f["para_precision"] >= 0.98
    assert f["kind_accuracy"] >= 0.95 and f["order_ok"] == 1.0
    assert f["chrome_leaks"] == 0 and f["meta_accuracy"] >= 0.9 and f["captions_ok"] == 1.0


def test_seeds_are_five_distinct_articles(curated):
    import pyarrow.dataset as ds

    docs = ds.dataset(curated["seeds"] / "documents").to_table().to_pylist()
    assert len(docs) == 5 and all(d["duplicate_of"] is None for d in docs)


def test_dev_pages_content_f1(curated):
    f = score("score_content.py", SHARED / "dev" / "gold.json", curated["dev"])
    # The bar is the measured figure less 0.005 (67 pages with gold: F1 0.926, author 0.731 at
    # the commit that closed issue 21), so a rule that costs half a point fails here instead of
    # passing under a distant bar.
    assert f["f1"] >= 0.921 and f["author_accuracy"] >= 0.726


def test_dev_pages_as_saved_html_content_f1(curated):
    f = score("score_content.py", SHARED / "dev" / "gold.json", curated["html"])
    assert f["f1"] >= 0.930 and f["author_accuracy"] >= 0.687  # 0.935 and 0.692 measured, less 0.005
