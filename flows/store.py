"""Atomic Parquet output: readers see the old dataset or the new one, never a part file
being written.

Every table is staged under a dot-name (pyarrow, pandas and DuckDB's hive readers skip
names starting with '.' or '_'), flushed to disk, and only then renamed into place.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.schemas import TABLES

PART_NAME = "part-0.parquet"


def write_tables(out_dir: Path, rows: dict[str, list[dict]], run_id: str) -> None:
    staged: list[tuple[Path, Path]] = []
    for name, schema in TABLES.items():
        table_dir = out_dir / name
        table_dir.mkdir(parents=True, exist_ok=True)
        tmp = table_dir / f".{PART_NAME}.{run_id}.tmp"
        table = pa.Table.from_pylist(rows.get(name, []), schema=schema)
        pq.write_table(table, tmp, compression="zstd")
        _fsync(tmp)
        staged.append((tmp, table_dir / PART_NAME))
    for tmp, final in staged:
        os.replace(tmp, final)
    for _, final in staged:
        _fsync(final.parent)
        for stale in final.parent.iterdir():
            if stale.name != PART_NAME and not stale.name.startswith((".", "_")):
                stale.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_writable(out_dir: Path) -> str | None:
    """None when we can write there, else a one-line reason."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".qingxi-write-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        return f"output folder {out_dir} is not writable: {err.strerror or err}"
    return None
