"""Scale-out: the same run on a real local Dask cluster gives the same rows."""
import pyarrow.dataset as ds
import pytest

from bench.corpus import generate

distributed = pytest.importorskip("distributed")


def rows(out, table, key):
    data = ds.dataset(out / table, format="parquet").to_table().to_pylist()
    return sorted(({k: v for k, v in r.items() if k != "run_id"} for r in data), key=lambda r: tuple(str(r[k]) for k in key))


def test_local_dask_cluster_output_equals_the_default_runner(tmp_path, prefect_harness):
    from flows.execute import POOL_MIN_FILES
    from flows.run import run_curate

    raw, files = tmp_path / "raw", 1600
    assert files >= POOL_MIN_FILES  # several batches, and the default runner uses its worker pool
    generate(raw, files, seed=5, min_chars=200, max_chars=900)
    default_out, dask_out = tmp_path / "default", tmp_path / "dask"
    run_curate(str(raw), str(default_out), workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        stats = run_curate(str(raw), str(dask_out), workers=2, dask_address=cluster.scheduler_address)
    assert stats.files_new == files
    for table, key in (("documents", ["source_path"]), ("paragraphs", ["doc_id", "para_index"]),
                       ("rejects", ["source_path"]), ("removed", ["rule", "doc_id", "para_hash"])):
        assert rows(dask_out, table, key) == rows(default_out, table, key), table
