"""The typed record of one run: the log line, the CLI summary, the Prefect artifacts, the
manifest entry and `qingxi status` are all made from it."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

COUNTERS = ("rejects_by_reason", "removed_by_rule", "dropped_lines_by_reason")


@dataclass
class RunStats:
    run_id: str
    seq: int = 0
    files_seen: int = 0
    files_new: int = 0           # files read this run (new, or changed since their last reading)
    files_unchanged: int = 0     # same path, size and mtime as when last read: not opened
    records_unchanged: int = 0   # records read again whose bytes were already processed
    documents: int = 0
    kept_documents: int = 0
    duplicates: int = 0
    filtered: int = 0            # documents the quality filter moved out (--filter)
    paragraphs: int = 0
    rejects: int = 0
    rejects_retried: int = 0     # earlier rejects read again (transient failures, --retry-rejects): replaced
    superseded: int = 0          # earlier documents replaced by a newer version of their record, or moved
    deleted: int = 0             # earlier documents whose raw file is gone
    raw_bytes: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    rejects_by_reason: Counter = field(default_factory=Counter)
    removed_by_rule: Counter = field(default_factory=Counter)
    dropped_lines_by_reason: Counter = field(default_factory=Counter)

    @property
    def mb_per_s(self) -> float:
        return self.raw_bytes / 1e6 / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        """Raw figures for the manifest (plain JSON; counter keys are the reason strings)."""
        out = asdict(self)
        for name in COUNTERS:
            out[name] = {str(k): v for k, v in getattr(self, name).items()}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> RunStats:
        known = {f.name for f in fields(cls)}
        stats = cls(**{k: v for k, v in data.items() if k in known and k not in COUNTERS})
        for name in COUNTERS:
            setattr(stats, name, Counter(data.get(name) or {}))
        return stats

    def rows(self) -> list[dict]:
        """One row per figure: the Prefect table artifact and `qingxi status` use these."""
        out = [{"figure": k, "value": v} for k, v in (
            ("files seen", self.files_seen), ("new files", self.files_new),
            ("already processed", self.files_unchanged), ("records already processed", self.records_unchanged),
            ("documents", self.documents), ("kept documents", self.kept_documents), ("duplicates", self.duplicates),
            ("filtered out", self.filtered), ("paragraphs", self.paragraphs), ("rejects", self.rejects),
            ("earlier rejects read again", self.rejects_retried),
            ("earlier documents superseded", self.superseded), ("earlier documents deleted", self.deleted),
            ("raw MB (new)", round(self.raw_bytes / 1e6, 3)), ("seconds", round(self.seconds, 2)),
            ("MB/s", round(self.mb_per_s, 2)))]
        out += [{"figure": f"seconds: {k}", "value": round(v, 2)} for k, v in self.stage_seconds.items()]
        out += [{"figure": f"removed: {k}", "value": v} for k, v in sorted(self.removed_by_rule.items())]
        out += [{"figure": f"rejects: {k}", "value": v} for k, v in sorted(self.rejects_by_reason.items())]
        out += [{"figure": f"lines dropped: {k}", "value": v} for k, v in self.dropped_lines_by_reason.most_common()]
        return out

    def absorb(self, wave: RunStats) -> RunStats:
        """Fold in the figures of a later wave of the same run (see flows/run.py)."""
        for name in ("files_new", "records_unchanged", "documents", "kept_documents", "duplicates", "filtered", "paragraphs",
                     "rejects", "rejects_retried", "superseded", "deleted", "raw_bytes"):
            setattr(self, name, getattr(self, name) + getattr(wave, name))
        for stage, seconds in wave.stage_seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds
        for name in COUNTERS:
            getattr(self, name).update(getattr(wave, name))
        self.run_id = f"{self.run_id.split('..')[0]}..{wave.run_id}"
        return self

    def summary(self) -> str:
        rejects = ", ".join(f"{k} {v}" for k, v in sorted(self.rejects_by_reason.items())) or "none"
        removed = ", ".join(f"{k} {v}" for k, v in sorted(self.removed_by_rule.items())) or "none"
        again = f", {self.records_unchanged} records already processed" if self.records_unchanged else ""
        again += f", {self.rejects_retried} earlier rejects read again" if self.rejects_retried else ""
        changes = [f"{n} {what}" for n, what in ((self.superseded, "superseded"), (self.deleted, "deleted")) if n]
        again += f"; earlier documents {', '.join(changes)}" if changes else ""
        return (
            f"{self.files_seen} files ({self.files_new} new, {self.files_unchanged} already processed{again}): "
            f"{self.documents} documents ({self.kept_documents} kept, {self.duplicates} duplicates"
            f"{f', {self.filtered} filtered out' if self.filtered else ''}), "
            f"{self.paragraphs} paragraphs, {self.rejects} rejects [{rejects}], removed [{removed}]; "
            f"{self.raw_bytes / 1e6:.2f} MB in {self.seconds:.2f} s = {self.mb_per_s:.2f} MB/s"
        )


class RunKind(StrEnum):
    """What committed a manifest entry."""
    RUN = "run"              # a `qingxi run` (or one wave of it)
    REPROCESS = "reprocess"  # the start of a reprocess: the rows it carried over
    COMPACT = "compact"
    REBUILT = "rebuilt"      # a part set `qingxi repair` found in the version folders


def utc_now() -> str:
    """ISO 8601 in UTC with its zone: a manifest read on another machine means the same moment."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class RunRecord:
    """One manifest entry: a commit and the part files it made. finished_at is UTC ISO 8601
    (entries written before 0.1.0's typed records hold local time without a zone)."""
    run_id: str
    seq: int
    kind: RunKind
    finished_at: str = field(default_factory=utc_now)
    parts: dict[str, list[str]] = field(default_factory=dict)
    raw_dir: str | None = None            # run: the --raw it read
    pipeline_version: str | None = None   # run: the cleaning code's version
    stats: dict[str, Any] | None = None   # run: RunStats.to_dict()
    carried: dict[str, int] | None = None  # reprocess: rows carried over per table

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunRecord:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        return cls(**{**values, "kind": RunKind(data.get("kind", RunKind.RUN)), "parts": data.get("parts") or {},
                      "finished_at": data.get("finished_at", "")})
