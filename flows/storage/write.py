"""Writing one run: a builder per table (each yields Arrow tables batch by batch, so memory
follows a batch, not the run), one audit log that makes every `removed` row, and a writer
that stages each part under a hidden name for the store to publish.

Adding an output table: its schema in flows/schemas.py (TABLES or STATE), a builder here,
a line in write_run.
"""
from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.storage.band_index import stage_index
from flows.faults import crash_point
from flows.ingest import BatchOutcome, Filtered, RepeatedParagraph, filtered_ids
from flows.storage.key_index import KEY_COLUMNS, KeyedPart, KeyedTable, part_stamp, value_keys
from flows.lifecycle import Retirements
from flows.runinfo import RunStats
from flows.schemas import REMOVED, ROW_GROUP_ROWS, SCHEMAS, TABLES
from flows.storage.manifest import Manifest
from flows.storage.store import Store
from transforms.dedup import Decisions, Duplicate
from transforms.dedup.keys import runs
from transforms.dedup.state import para_site_rows, signature_rows
from transforms.reasons import RemovalRule


class AuditLog:
    """The `removed` table: one row per dropped document or paragraph, and why."""

    def __init__(self, dec: Decisions, run_id: str):
        self.dec, self.run_id = dec, run_id
        self.rows: list[dict] = []

    def _add(self, rule: RemovalRule, doc_id: str, **row) -> None:
        self.rows.append({"rule": rule, "source_path": self.dec.path_of[doc_id], "doc_id": doc_id,
                          "site": self.dec.site_of[doc_id], "run_id": self.run_id, **row})

    def duplicate(self, dup: Duplicate) -> None:
        self._add(RemovalRule.for_duplicate(dup.method), dup.doc_id, duplicate_of=dup.duplicate_of,
                  similarity=dup.similarity)

    def template(self, doc_id: str, para_hash: str, text: str, first_doc_id: str) -> None:
        self._add(RemovalRule.SITE_BOILERPLATE, doc_id, para_hash=para_hash, text=text, duplicate_of=first_doc_id)

    def superseded(self, ret: Retirements) -> None:
        for old, new in ret.superseded.items():
            self.rows.append({"rule": RemovalRule.SUPERSEDED, "source_path": ret.path_of[old], "doc_id": old,
                              "site": ret.site_of[old], "run_id": self.run_id, "duplicate_of": new,
                              "text": "moved: the same text at a new path" if old in ret.moved else None})

    def filtered(self, f: Filtered) -> None:
        self.rows.append({"rule": f.rule, "source_path": self.dec.path_of[f.doc_id], "doc_id": f.doc_id,
                          "site": self.dec.site_of[f.doc_id], "run_id": self.run_id, "detail": f.detail})

    def repeat(self, r: RepeatedParagraph) -> None:
        self._add(RemovalRule.REPEAT_IN_DOCUMENT, r.doc_id, para_hash=r.para_hash, text=r.text, duplicate_of=r.doc_id)

    def table(self) -> pa.Table:
        return pa.Table.from_pylist(self.rows, schema=REMOVED)

    def counts(self) -> Counter:
        return Counter(r["rule"] for r in self.rows)


class PartWriter:
    """One part file per table for this run, written under a dot-name. A user table's part
    goes into the table's next version folder (beside links to its committed parts), which
    becomes what readers see only when the run has committed: a reader never meets the
    rows of a run that has not, even after a kill. State tables are read through the
    manifest, so their parts go into the current folder."""

    def __init__(self, store: Store, manifest: Manifest, part: str):
        self.store, self.manifest, self.part = store, manifest, part
        self.staged: list[Path] = []
        self.parts: dict[str, list[str]] = {}
        self.versions: dict[str, int] = {}  # user tables -> the version folder this run fills

    def _folder(self, name: str) -> Path:
        if name not in TABLES:
            return self.store.table_dir(name, self.manifest)
        version, folder = self.store.new_version(name, self.manifest, keep_parts=True)
        self.versions[name] = version
        return folder

    def _holding(self, name: str, touches: pa.Array) -> list[str]:
        """The committed parts that may hold a touched row: by the key index where the table
        has one (a run marking a few documents deleted reads none of the others), else all."""
        parts = self.manifest.parts(name)
        key = (_touch_column(SCHEMAS[name]),)
        if key not in KEY_COLUMNS.get(name, ()):
            return parts
        wanted = value_keys(touches)
        keyed = KeyedTable(self.store, self.manifest, name)
        return [p.path.name for p in keyed.parts if p.index(key).ranges(wanted)[1].any()]

    def write(self, name: str, tables: Iterable[pa.Table], rewrite: Callable[[pa.Table], pa.Table] | None = None,
              touches: pa.Array | None = None) -> int:
        """rewrite: applied to each committed part holding a row whose doc_id (source_path for
        rejects) is in `touches`, inside this run's version folder: the committed files, and
        the readers using them, are left alone."""
        schema = SCHEMAS[name]
        tables = iter(tables)
        first = next((t for t in tables if t.num_rows), None)
        touching = rewrite if touches is not None and len(touches) > 0 else None
        if first is None and self.manifest.parts(name) and touching is None:
            return 0  # nothing new, and the table already has its files
        folder = self._folder(name)
        if touching is not None and touches is not None:
            for part in _rewrite_parts(folder, self._holding(name, touches), schema, touches, touching):
                self._index(name, part, part.name)
        tmp = folder / f".{self.part}.tmp"
        tables = itertools.chain([first], tables) if first is not None else ()
        rows, writer = 0, None
        for table in tables:
            if table.num_rows == 0:
                continue
            writer = writer or pq.ParquetWriter(tmp, schema, compression="zstd")
            writer.write_table(table.cast(schema), row_group_size=ROW_GROUP_ROWS.get(name))
            rows += table.num_rows
        if writer is None and not self.manifest.parts(name):
            # A table's first run with no rows still leaves a file: every reader (DuckDB's
            # globs, Polars, HF datasets) then finds the table and its columns.
            writer = pq.ParquetWriter(tmp, schema, compression="zstd")
        if writer is not None:
            writer.close()
            self._index(name, tmp, self.part)
            self.staged.append(tmp)
            self.parts[name] = [self.part]
        return rows

    def _index(self, table: str, path: Path, part: str) -> None:
        """The key sidecars of a part this run wrote, built now from the file just written
        (in the page cache), under the part's final name: renaming keeps its size and mtime,
        so the stamp holds and the next run does not read the part back to build them. If
        the run dies before its commit, recover() deletes them with the part."""
        if table in KEY_COLUMNS:
            KeyedPart(path, self.store.meta / "index" / table / part).ensure(table)


def _touch_column(schema: pa.Schema) -> str:
    """The column a rewrite's touched rows are named by."""
    return "doc_id" if "doc_id" in schema.names else "source_path"


def _rewrite_parts(folder: Path, parts: list[str], schema: pa.Schema, touches: pa.Array,
                   rewrite: Callable[[pa.Table], pa.Table]) -> list[Path]:
    """The folder's entries are hard links to committed parts; replacing an entry leaves
    the committed file alone. A part written before a column existed gets it (nulls).
    Returns the parts rewritten."""
    rewritten = []
    column = _touch_column(schema)
    for part in parts:
        keys = pq.read_table(folder / part, columns=[column]).column(column)
        if not pc.any(pc.is_in(keys, touches)).as_py():
            continue  # most parts: only their key column is read
        t = pq.read_table(folder / part)
        for f in schema:
            if f.name not in t.schema.names:
                t = t.append_column(f.name, pa.nulls(len(t), f.type))
        tmp = folder / f".{part}.rewrite"
        pq.write_table(rewrite(t.select(schema.names).cast(schema)), tmp, compression="zstd",
                       row_group_size=ROW_GROUP_ROWS.get(folder.parent.name))
        os.replace(tmp, folder / part)
        rewritten.append(folder / part)
    return rewritten


def _without_records(replaced: frozenset[tuple[str, str | None]]) -> Callable[[pa.Table], pa.Table]:
    def rewrite(t: pa.Table) -> pa.Table:
        keep = [(p, r) not in replaced for p, r in zip(t.column("source_path").to_pylist(), t.column("record_id").to_pylist())]
        return t.filter(pa.array(keep))
    return rewrite


def _without_documents(ids: pa.Array) -> Callable[[pa.Table], pa.Table]:
    return lambda t: t.filter(pc.invert(pc.is_in(t.column("doc_id"), ids)))


def _marked(ret: Retirements) -> Callable[[pa.Table], pa.Table]:
    """superseded_by and deleted_at set on the retired documents' rows."""
    deleted = pa.array(ret.deleted, pa.string())
    olds = pa.array(list(ret.superseded), pa.string())
    news = pa.array(list(ret.superseded.values()), pa.string())

    def rewrite(t: pa.Table) -> pa.Table:
        ids = t.column("doc_id")
        newer = pc.take(news, pc.index_in(ids, value_set=olds))
        at = pa.scalar(ret.at, pa.timestamp("s", tz="UTC"))
        gone = pc.if_else(pc.is_in(ids, deleted), at, t.column("deleted_at"))
        t = t.set_column(t.schema.get_field_index("superseded_by"), "superseded_by", pc.coalesce(t.column("superseded_by"), newer))
        return t.set_column(t.schema.get_field_index("deleted_at"), "deleted_at", gone)
    return rewrite


def documents(outcomes: list[BatchOutcome], dec: Decisions, written: dict[str, tuple[int, int]]) -> Iterator[pa.Table]:
    """written: doc_id -> (paragraphs, characters) in the paragraphs table, for kept documents
    (a duplicate keeps the counts of its own cleaned text): ParagraphsPass.written."""
    for o in outcomes:
        t = pq.read_table(o.staged["documents"])
        ids = t.column("doc_id").to_pylist()
        for column, at in (("paragraph_count", 0), ("char_count", 1)):
            own = t.column(column).to_pylist()
            values = [written[d][at] if d in written else (0 if d not in dec.duplicates else n) for d, n in zip(ids, own)]
            t = t.set_column(t.schema.get_field_index(column), column, pa.array(values, pa.int32()))
        dups = [dec.duplicates.get(d) for d in ids]
        links = (("duplicate_of", [d.duplicate_of if d else None for d in dups], pa.string()),
                 ("dup_method", [d.method if d else None for d in dups], pa.string()),
                 ("dup_similarity", [d.similarity if d else None for d in dups], pa.float32()))
        for column, links_of, kind in links:
            t = t.set_column(t.schema.get_field_index(column), column, pa.array(links_of, kind))
        yield t


class ParagraphsPass:
    """The paragraphs table, batch by batch, and once it has been consumed what it found:
    each kept document's paragraph and character counts (the documents table's figures) and
    the template paragraphs it dropped (removed rows). Asking for those before the pass is
    consumed is an error, not a silent zero."""

    def __init__(self, outcomes: list[BatchOutcome], dec: Decisions):
        self._outcomes, self._dec = outcomes, dec
        self._written: dict[str, tuple[int, int]] = {}
        self._templates: list[tuple[str, str, str, str]] = []
        self._done = False

    def __iter__(self) -> Iterator[pa.Table]:
        for t in _paragraphs(self._outcomes, self._dec, self._templates):
            counts = t.group_by("doc_id").aggregate([("para_index", "count"), ("char_count", "sum")])
            for doc, n, chars in zip(*(counts.column(c).to_pylist() for c in ("doc_id", "para_index_count", "char_count_sum"))):
                before = self._written.get(doc, (0, 0))
                self._written[doc] = (before[0] + n, before[1] + (chars or 0))
            yield t
        self._done = True

    def _finished(self) -> None:
        if not self._done:
            raise RuntimeError("the paragraphs pass has not been consumed: its counts are not known yet")

    @property
    def written(self) -> dict[str, tuple[int, int]]:
        self._finished()
        return self._written

    @property
    def templates(self) -> list[tuple[str, str, str, str]]:
        """(doc_id, para_hash, text, first_doc_id) of each template paragraph dropped."""
        self._finished()
        return self._templates


def _paragraphs(outcomes: list[BatchOutcome], dec: Decisions, templates: list[tuple[str, str, str, str]]) -> Iterator[pa.Table]:
    """Column operations per staged batch; Python only touches template paragraphs (appended
    to `templates`)."""
    first_keys = dec.first_doc.column("hash").combine_chunks()  # para_hash -> first document holding it
    first_values = dec.first_doc.column("doc").combine_chunks()
    template_hashes = pa.array(sorted({h for _, h in dec.boilerplate}), pa.string())
    for o in outcomes:
        t = pq.read_table(o.staged["paragraphs"])
        t = t.filter(pc.invert(pc.is_in(t.column("doc_id"), dec.duplicate_ids)))
        first = pc.take(first_values, pc.index_in(t.column("para_hash"), value_set=first_keys))
        t = t.set_column(t.schema.get_field_index("first_doc_id"), "first_doc_id", pc.coalesce(first, t.column("doc_id")))
        maybe = pc.is_in(t.column("para_hash"), template_hashes)
        if pc.any(maybe).as_py():
            drop = np.zeros(len(t), dtype=bool)
            for i in np.flatnonzero(maybe.to_numpy(zero_copy_only=False)):
                r = {k: t.column(k)[int(i)].as_py() for k in ("doc_id", "para_hash", "text", "first_doc_id")}
                if (dec.site_of[r["doc_id"]], r["para_hash"]) in dec.boilerplate:
                    drop[i] = True
                    templates.append((r["doc_id"], r["para_hash"], r["text"], r["first_doc_id"]))
            t = t.filter(pa.array(~drop))
        if not len(t):
            continue
        # Staged rows are in document order, then reading order: renumber within each document.
        starts, sizes = runs(pc.dictionary_encode(t.column("doc_id")).combine_chunks().indices.to_numpy())
        para_index = np.arange(len(t)) - np.repeat(starts, sizes)
        yield t.set_column(t.schema.get_field_index("para_index"), "para_index", pa.array(para_index, pa.int32()))


def write_run(store: Store, manifest: Manifest, stats: RunStats, outcomes: list[BatchOutcome],
              dec: Decisions, retried: frozenset[tuple[str, str | None]] = frozenset(),
              retirements: Retirements | None = None) -> dict[str, list[str]]:
    """Stage and publish every table's part for this run; the caller commits the manifest.
    retried: the rejects rows of records read again this run, which its rows replace.
    retirements: earlier documents this run supersedes or finds deleted (flows/lifecycle.py)."""
    ret = retirements or Retirements(at=datetime.now(UTC))  # none: nothing retired, the time is unused
    superseded = pa.array(list(ret.superseded), pa.string())
    writer = PartWriter(store, manifest, f"part-{stats.seq:06d}-{stats.run_id}.parquet")
    audit = AuditLog(dec, stats.run_id)
    # Per outcome, which of its documents are kept: the rows of every state table. A document
    # the quality filter moved out is no original for a later run's copies either.
    filtered = filtered_ids(outcomes)
    alive = [np.array([d not in dec.duplicates and d not in filtered for d in o.keys.doc_ids], dtype=bool) for o in outcomes]

    paragraphs = ParagraphsPass(outcomes, dec)
    stats.paragraphs = writer.write("paragraphs", paragraphs, _without_documents(superseded), superseded)
    stats.documents = writer.write("documents", documents(outcomes, dec, paragraphs.written),
                                   _marked(ret), pa.array([*ret.superseded, *ret.deleted], pa.string()))
    for duplicate in dec.duplicates.values():
        audit.duplicate(duplicate)
    for template in paragraphs.templates:
        audit.template(*template)
    writer.write("rejects", (pq.read_table(o.staged["rejects"]) for o in outcomes),
                 _without_records(retried), pa.array(sorted({p for p, _ in retried}), pa.string()))
    stats.rejects_retried = len(retried)
    stats.superseded, stats.deleted = len(ret.superseded), len(ret.deleted)
    audit.superseded(ret)
    for o in outcomes:
        for r in o.repeats:
            if r.doc_id not in dec.duplicates:  # a dropped duplicate has no paragraphs to repeat
                audit.repeat(r)
        for f in o.filtered:
            audit.filtered(f)
    stats.removed_by_rule = audit.counts()
    writer.write("removed", [audit.table()])
    if writer.write("signatures", (signature_rows(o.keys, a, stats.seq) for o, a in zip(outcomes, alive))):
        folder = store.table_dir("signatures", manifest)
        writer.staged += stage_index(folder, writer.part,
                                     np.concatenate([o.keys.bands[a] for o, a in zip(outcomes, alive)]),
                                     np.concatenate([o.keys.minhash[a] for o, a in zip(outcomes, alive)]),
                                     part_stamp(folder / f".{writer.part}.tmp"))
    writer.write("dedup_texts", (pq.read_table(o.staged["dedup_texts"]).filter(pa.array(a))  # row for row with signatures
                                 for o, a in zip(outcomes, alive)))
    writer.write("para_sites", (para_site_rows(o.keys, a, stats.seq) for o, a in zip(outcomes, alive)))
    stats.duplicates = len(dec.duplicates)
    stats.filtered = len(filtered)
    stats.kept_documents = stats.documents - len(set(dec.duplicates) | filtered)
    crash_point("before-publish")
    for tmp in writer.staged:  # one by one, so the kill test can stop us half way
        store.publish([tmp])
        crash_point("mid-publish")
    crash_point("before-commit")
    manifest.versions.update(writer.versions)  # committed with the manifest; the links follow (flows/run.py)
    return writer.parts
