"""Are two qingxi outputs the same dataset? For refactors: run the old and the new code on
the same raw folders, then compare every table, user-facing and state.

usage: python bench/same_output.py [--added COL,...] OUT_A OUT_B [OUT_A2 OUT_B2 ...]

Rows are compared as sets after sorting on every compared column, so part-file layout and
row order do not matter. Ignored: run_id and pipeline_version (they name the run, not
the data). A column only one side has must be null on every row there, or be named with
--added (a column the change adds to the contract on purpose); anything else is a difference. Exit 1 on the first difference.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

TABLES = ("documents", "paragraphs", "rejects", "removed")
STATE = ("signatures", "dedup_texts", "para_sites")
IGNORED = {"run_id", "pipeline_version"}


def load(out: Path, name: str) -> pa.Table | None:
    base = out / name if name in TABLES else out / "_qingxi" / "state" / name
    folder = base.resolve() if base.is_symlink() else base
    if name in STATE:  # state tables live in version folders
        versions = sorted(p for p in base.iterdir()) if base.exists() else []
        folder = versions[-1] if versions else base
    files = sorted(str(p) for p in folder.glob("*.parquet")) if folder.exists() else []
    return ds.dataset(files, format="parquet").to_table() if files else None


def comparable(t: pa.Table) -> pa.Table:
    for c in t.column_names:
        if pa.types.is_list(t.schema.field(c).type) or pa.types.is_fixed_size_list(t.schema.field(c).type):
            t = t.set_column(t.schema.get_field_index(c), c, pc.cast(t.column(c), pa.list_(t.schema.field(c).type.value_type)))
    return t


def compare(a_out: Path, b_out: Path, added: set[str] = frozenset()) -> list[str]:
    problems = []
    for name in TABLES + STATE:
        a, b = load(a_out, name), load(b_out, name)
        if a is None or b is None:
            if (a is None) != (b is None) and ((a if a is not None else b).num_rows):
                problems.append(f"{name}: only one side has rows")
            continue
        for side, t, other in (("A", a, b), ("B", b, a)):
            for extra in set(t.column_names) - set(other.column_names) - IGNORED - added:
                if t.column(extra).null_count != t.num_rows:
                    problems.append(f"{name}: column {extra} only in {side} and not all null")
        cols = [c for c in a.column_names if c in b.column_names and c not in IGNORED]
        a, b = comparable(a.select(cols)), comparable(b.select(cols))
        if a.num_rows != b.num_rows:
            problems.append(f"{name}: {a.num_rows} rows vs {b.num_rows}")
            continue
        keys = [c for c in cols if not pa.types.is_list(a.schema.field(c).type)]
        a = a.sort_by([(c, "ascending") for c in keys])
        b = b.cast(a.schema).sort_by([(c, "ascending") for c in keys])
        if not a.equals(b):
            bad = [c for c in cols if not a.column(c).equals(b.column(c))]
            problems.append(f"{name}: rows differ in columns {bad}")
    return problems


def main() -> int:
    pairs = sys.argv[1:]
    added: set[str] = set()
    if pairs[:1] == ["--added"]:
        added, pairs = set(pairs[1].split(",")), pairs[2:]
    if not pairs or len(pairs) % 2:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    failed = False
    for a, b in zip(pairs[::2], pairs[1::2]):
        problems = compare(Path(a), Path(b), added)
        print(f"{a} vs {b}: " + ("same" if not problems else "; ".join(problems)))
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
