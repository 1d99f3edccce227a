"""`qingxi compact`: one part file per table, in a new version folder switched to at once."""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq

from flows.runinfo import RunKind, RunRecord
from flows.schemas import ROW_GROUP_ROWS, SCHEMAS
from flows.storage.card import write_card
from flows.storage.files import fsync_path
from flows.storage.manifest import Manifest
from flows.storage.store import Store


def compact(store: Store, manifest: Manifest) -> dict[str, tuple[int, int]]:
    """One file per table; swap the table's symlink to the new version folder."""
    result: dict[str, tuple[int, int]] = {}
    old_dirs: list[Path] = []
    merged_parts: dict[str, str] = {}
    for name in SCHEMAS:
        parts = manifest.parts(name)
        if len(parts) <= 1:
            continue
        old = store.table_dir(name, manifest)
        version, new = store.new_version(name, manifest)
        part = f"part-compacted-{manifest.next_seq:06d}.parquet"
        schema = SCHEMAS[name]
        with pq.ParquetWriter(new / f".{part}.tmp", schema, compression="zstd") as writer:
            for batch in store.scan(name, manifest, schema.names):
                writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS.get(name))
        fsync_path(new / f".{part}.tmp")
        os.replace(new / f".{part}.tmp", new / part)
        merged_parts[name] = part
        manifest.versions[name] = version
        result[name] = (len(parts), 1)
        old_dirs.append(old)
    if not merged_parts:
        return result
    for run in manifest.runs:
        for name in merged_parts:
            run.parts.pop(name, None)
    manifest.runs.append(RunRecord(f"compact-{manifest.next_seq}", manifest.next_seq, RunKind.COMPACT,
                                   parts={name: [part] for name, part in merged_parts.items()}))
    store.commit(manifest)  # a crash after this is repaired by ensure_layout() next run
    store.ensure_layout(manifest)
    write_card(store.root, manifest)
    # The old folders stay: a reader that listed one a moment ago may still be opening
    # its files. recover() removes them on a later run or compaction.
    for old in old_dirs:
        os.utime(old)
    return result
