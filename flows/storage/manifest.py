"""The manifest: the committed runs and their part files, each table's current version, the
signature parameters and the writer's pipeline version. Replacing manifest.json is the
commit; a part it does not name was never committed."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from flows.errors import ManifestLost, ParametersChanged, UnknownFormat
from flows.runinfo import RunRecord
from flows.schemas import STATE
from flows.storage.files import atomic_write
from transforms.dedup.minhash import SIGNATURE_PARAMETERS

META = "_qingxi"
CURRENT, VIEWS = "current", "views"  # the one link readers go through, and what it can point at
MANIFEST_NAME = "manifest.json"
COMMITTED_MARK = "committed"


# 2: runs' stats are RunStats.to_dict() figures; the signature parameters and the writer's
# pipeline_version are recorded. 1 (and none): stats were display labels; the parameters
# were the only ones qingxi ever used, SIGNATURE_PARAMETERS as of format 2.
MANIFEST_FORMAT = 2


@dataclass
class Manifest:
    runs: list[RunRecord] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    parameters: dict = field(default_factory=lambda: dict(SIGNATURE_PARAMETERS))
    pipeline_version: str | None = None
    format: int = MANIFEST_FORMAT

    def check_parameters(self, current: dict) -> None:
        """Signatures made with other parameters cannot be compared with new ones."""
        if self.runs and self.parameters != current:
            raise ParametersChanged(
                f"the dataset's dedup state was built with signature parameters {self.parameters}, this qingxi "
                f"uses {current}: its signatures cannot be compared; write to a new --out folder")

    def parts(self, table: str) -> list[str]:
        return [p for run in self.runs for p in run.parts.get(table, [])]

    @property
    def next_seq(self) -> int:
        return max((r.seq for r in self.runs), default=0) + 1


def table_dir(meta: Path, name: str, manifest: Manifest) -> Path:
    """The folder of a table's committed version (state tables under state/, user tables
    under tables/)."""
    version = manifest.versions.get(name, 1)
    return meta / ("state" if name in STATE else "tables") / name / f"v{version:04d}"


def read_manifest(path: Path, out_dir: Path) -> Manifest:
    """The manifest at `path`, refused in one line when it cannot be read or is newer than
    this qingxi."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as err:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ManifestLost(f"{path} cannot be read ({err}); nothing was changed. Rebuild it from the version "
                           f"folders with `qingxi repair --out {out_dir}`, or write to a new --out") from None
    written = data.get("format", 1)
    if not isinstance(written, int) or written > MANIFEST_FORMAT:
        raise UnknownFormat(f"{path} is in format {written}, newer than this qingxi reads ({MANIFEST_FORMAT}); upgrade qingxi")
    return Manifest([RunRecord.from_dict(r) for r in data.get("runs", [])], data.get("versions", {}),
                    data.get("parameters") or dict(SIGNATURE_PARAMETERS), data.get("pipeline_version"), written)


def write_manifest(meta: Path, manifest: Manifest) -> None:
    """The commit: manifest.json replaced in one rename, and the mark that a run committed
    here (what tells a lost manifest from a first run that died)."""
    manifest.format = MANIFEST_FORMAT
    payload = json.dumps({"format": MANIFEST_FORMAT, "pipeline_version": manifest.pipeline_version,
                          "parameters": manifest.parameters, "runs": [r.to_dict() for r in manifest.runs],
                          "versions": manifest.versions}, ensure_ascii=False, indent=1)
    atomic_write(meta / MANIFEST_NAME, payload.encode("utf-8"))
    if not (meta / COMMITTED_MARK).exists():
        atomic_write(meta / COMMITTED_MARK, b"a run has committed here: without manifest.json, use qingxi repair\n")
