"""`qingxi run --reprocess`: every table starts again in a new version folder, so readers
keep the old rows until the run commits, and the listed raw files are cleaned again.

What cannot be cleaned again is carried over, never dropped: the rows of every stored
document and reject whose raw file the listing lacks (raw folders are often emptied once
read) go into the new versions as they are, with their paragraphs, audit rows and dedup
state. The run then treats them as any run would: a current document whose file is gone
is marked deleted (or superseded by the same text at a new path), one marked deleted
before stays marked. The runs history is kept (without the parts it named, which the new
versions replace), so run numbers and `status` go on from where they were."""
from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.errors import StateError
from flows.storage.key_index import KeyedTable
from flows.readers import RawFile, display_path
from flows.runinfo import RunKind, RunRecord
from flows.schemas import ROW_GROUP_ROWS, SCHEMAS
from flows.storage.files import fsync_path
from flows.storage.manifest import Manifest
from flows.storage.store import Store


class RawListsNothingHeld(StateError):
    """A reprocess whose raw folder lists none of the files the dataset holds: nearly always
    the wrong folder, or a disk that is not mounted."""


def listed_paths(files: list[RawFile]) -> pa.Array:
    return pa.array(sorted({display_path(f.path) for f in files}), pa.string())


def check_listing_overlaps(store: Store, manifest: Manifest, listed: pa.Array, raw: str) -> None:
    """Refuse a reprocess from a folder that lists nothing the dataset holds, unless forced."""
    held = store.row_count("documents", manifest) + store.row_count("rejects", manifest)
    if not held:
        return
    for table in ("documents", "rejects"):
        if KeyedTable(store, manifest, table).read(("source_path",), listed, ["source_path"]).num_rows:
            return
    raise RawListsNothingHeld(
        f"--reprocess: {raw} lists none of the {held:,} files {store.root} holds (wrong folder, or a disk not "
        "mounted?); their rows would be kept, but nothing could be cleaned again. Add --force to reprocess anyway")


def fresh_start(store: Store, old: Manifest, listed: pa.Array) -> Manifest:
    """The manifest a reprocess writes into: new, empty version folders of every table,
    holding only the carried-over rows of raw files the listing lacks, and the history."""
    seq = old.next_seq
    versions = {name: store.new_version(name, old)[0] for name in SCHEMAS}
    fresh = Manifest(versions=versions, parameters=old.parameters, pipeline_version=old.pipeline_version,
                     runs=[replace(run, parts={}) for run in old.runs])
    part = f"part-{seq:06d}-carried.parquet"
    carried = _carry_unlisted(store, old, fresh, listed, part)
    fresh.runs.append(RunRecord(f"reprocess-{seq}", seq, RunKind.REPROCESS, parts={name: [part] for name in carried},
                                carried=carried))
    return fresh


def _carry_unlisted(store: Store, old: Manifest, fresh: Manifest, listed: pa.Array, part: str) -> dict[str, int]:
    """Copy each table's rows of unlisted files into the new versions, one part per table
    (written, flushed and renamed: the manifest naming it is committed by the run). Returns
    the rows carried per table that has any."""
    unlisted = ~pc.field("source_path").isin(listed)
    doc_ids = store.read("documents", old, ["doc_id"], filter=unlisted).column("doc_id").combine_chunks()
    by_doc = pc.field("doc_id").isin(doc_ids)
    filters = {"documents": unlisted, "rejects": unlisted, "paragraphs": by_doc, "removed": by_doc,
               "signatures": by_doc, "dedup_texts": by_doc, "para_sites": by_doc}
    carried: dict[str, int] = {}
    for name, where in filters.items():
        # Part by part in manifest order: dedup_texts rows must stay row for row with signatures.
        target = store.table_dir(name, fresh) / part
        tmp = target.with_name(f".{part}.tmp")
        rows = 0
        with pq.ParquetWriter(tmp, SCHEMAS[name], compression="zstd") as writer:
            for batch in store.scan(name, old, SCHEMAS[name].names, filter=where):
                if batch.num_rows:
                    writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS.get(name))
                    rows += batch.num_rows
        if rows:
            fsync_path(tmp)
            tmp.rename(target)
            carried[name] = rows
        else:
            tmp.unlink()
    return carried
