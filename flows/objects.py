"""Raw input at a URL (`--raw s3://bucket/crawl/`, or any fsspec URL: gs://, az://, ...):
listed and opened through fsspec, so the flow lists and the workers (a local pool or a
Dask cluster) read the objects directly, streamed in blocks (a WARC file of several GB
never sits in memory).

An object's size and its last-modified time stand in for a file's size and mtime, so a
re-run reads only objects that are new or were written again. Credentials come from where
the filesystem's library looks (for S3: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
AWS_ENDPOINT_URL for an S3-compatible server, ~/.aws/config, an instance role) or from
fsspec's own configuration (FSSPEC_S3_ENDPOINT_URL, ~/.config/fsspec/): never from the URL,
which the run records and logs."""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from flows.discover import RAW_FOLDER_NOTES
from flows.errors import ConfigError
from flows.readers import RawFile

BLOCK_BYTES = 8 << 20  # one ranged GET per 8 MB a reader streams through


def is_url(raw: str) -> bool:
    return "://" in raw


def url_problem(url: str) -> str | None:
    """Why this URL cannot be read (one line), checked before a run starts; None if it can."""
    parts = urlsplit(url)
    if parts.password is not None or parts.username is not None:
        return (f"--raw {parts.scheme}://…@{parts.hostname}: credentials do not belong in the URL (it is logged and "
                "recorded with every run); give them in the environment or fsspec's configuration")
    try:
        import fsspec

        fsspec.get_filesystem_class(parts.scheme)
    except (ImportError, ValueError) as err:
        extra = " (pip install 'qingxi[s3]')" if parts.scheme in ("s3", "s3a") else ""
        return f"--raw {url}: no filesystem for {parts.scheme}://{extra}: {err}"
    return None


def _filesystem(url: str) -> tuple[Any, str]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")


def scan_objects(url: str) -> list[RawFile]:
    """Every object under the URL as a RawFile (its path below the URL, its size, its
    last-modified time), sorted by path; hidden names and the folder's README skipped,
    as in a raw folder."""
    fs, root = _filesystem(url)
    fs.invalidate_cache()  # a scheduled run in the same process must see objects added since the last
    try:
        found = fs.find(root, detail=True, withdirs=False)
    except Exception as err:  # the filesystem's library decides what a missing bucket raises
        raise ConfigError(f"cannot list {url}: {err}") from None
    out = []
    for path, info in found.items():
        rel = path[len(root):].lstrip("/")
        parts = rel.split("/")
        if not rel or any(p.startswith(".") for p in parts) or (len(parts) == 1 and rel.lower() in RAW_FOLDER_NOTES):
            continue
        out.append(RawFile(rel, int(info.get("size") or 0), _version(info)))
    return sorted(out, key=lambda f: f.path)


def _version(info: dict[str, Any]) -> int:
    """What changes when an object is written again, as an int64 the manifest compares
    like an mtime: the last-modified time in ns, else the ETag's hash."""
    for key in ("LastModified", "mtime", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, datetime):
            return int(value.timestamp() * 1e9)
        if isinstance(value, (int, float)) and value:
            return int(value * 1e9)
    tag = str(info.get("ETag") or info.get("etag") or "")
    return int.from_bytes(hashlib.sha256(tag.encode()).digest()[:7], "big") if tag else 0


def open_object(url: str, path: str) -> BinaryIO:
    fs, root = _filesystem(url)
    return fs.open(f"{root}/{path}", "rb", block_size=BLOCK_BYTES)
