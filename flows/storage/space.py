"""Free space a run asks for before it writes anything."""
from __future__ import annotations

import shutil

from flows.errors import DiskFull
from flows.storage.band_index import rebuild_bytes as band_rebuild_bytes
from flows.storage.key_index import rebuild_bytes as key_index_rebuild_bytes
from flows.storage.manifest import Manifest
from flows.storage.store import Store

# Measured on 20k bench text dumps (101.6 MB): the output folder peaked at 171.7 MB while
# the run wrote (staged rows beside the new parts), 80.2 MB after the commit; the 59 dev
# HTML pages (9.0 MB) left 0.9 MB. Plus room for the manifest and rewritten parts.
SPACE_PER_INPUT_BYTE = 1.75
SPACE_HEADROOM = 8 * 1024 * 1024


def check_space(store: Store, input_bytes: int, manifest: Manifest | None = None) -> None:
    """Refuse a run the output's file system cannot hold. Text dumps need up to 1.7x
    their size while a run writes; HTML and WARC input far less, so this is a ceiling.
    Sidecar indexes the run will have to rebuild (a deleted _qingxi/index) count too."""
    index = 0
    if manifest is not None:
        index = key_index_rebuild_bytes(store, manifest) + band_rebuild_bytes(store.files("signatures", manifest))
    need = int(input_bytes * SPACE_PER_INPUT_BYTE) + SPACE_HEADROOM + index
    free = shutil.disk_usage(store.root).free
    if free < need:
        rebuilt = f" and {index / 1e6:,.0f} MB of indexes to rebuild" if index else ""
        raise DiskFull(f"{store.root} has {free / 1e6:,.0f} MB free; this run needs up to {need / 1e6:,.0f} MB "
                       f"({input_bytes / 1e6:,.0f} MB of new input{rebuilt}): free some space or use another --out")
