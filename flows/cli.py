"""`qingxi` command line: a thin layer over the flow."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows.store import check_writable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qingxi", description="Raw scraped Chinese articles -> clean paragraph Parquet.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="clean every file under --raw into --out (runs the Prefect flow once)")
    run.add_argument("--raw", default="raw", type=Path, help="folder of raw scraped files (default: raw/)")
    run.add_argument("--out", default="curated", type=Path, help="output folder (default: curated/)")
    run.add_argument("--max-mb", type=float, default=20.0, help="reject files larger than this (default: 20 MB)")
    run.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args(argv)

    if args.command == "run":
        if not args.raw.is_dir():
            print(f"qingxi: raw folder {args.raw} does not exist or is not a folder", file=sys.stderr)
            return 2
        if problem := check_writable(args.out):
            print(f"qingxi: {problem}", file=sys.stderr)
            return 2
        # The ephemeral server's telemetry heartbeat races the run for its SQLite lock and
        # logs a spurious "database is locked" traceback; users can still opt back in.
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        from flows.run import curate  # imports Prefect: only once the arguments are good

        stats = curate(str(args.raw.resolve()), str(args.out.resolve()), int(args.max_mb * 1024 * 1024), args.workers)
        print(stats.summary())
        for row in stats.rows():
            if row["figure"].startswith(("rejects:", "duplicates:")):
                print(f"  {row['figure']}: {row['value']}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
