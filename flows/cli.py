"""`qingxi` command line: a thin layer over the flow and the store."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tomllib
from pathlib import Path
from typing import NoReturn

from flows.ingest import DEFAULT_MAX_BYTES
from flows.rows import PIPELINE_VERSION
from flows.errors import EXIT_USAGE, ConfigError, OutputNotWritable, QingxiError
from flows.cluster import scheduler_problem
from flows.objects import is_url, url_problem
from flows.server import check_server, configured_api_url
from flows.interrupt import EXIT_INTERRUPTED, end_run_on_signals
from flows.storage.files import check_writable
from flows.storage.store import Store
from flows.storage.compaction import compact
from flows.storage.recovery import check_parts, recover
from flows.watchdog import watch_children
from transforms.dedup import BOILERPLATE_MIN_DOCS
from transforms.page import SiteRule
from transforms.quality import PRESETS, BadLimit, quality_filter

CONFIG_FILE = "qingxi.toml"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (and exit 2), never the usage block or a traceback."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"qingxi: {message} (see qingxi {self.prog.split()[-1]} --help)\n"
                  if " " in self.prog else f"qingxi: {message} (see qingxi --help)\n")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except QingxiError as err:
        print(f"qingxi: {err}", file=sys.stderr)
        return err.exit_status
    except BrokenPipeError:  # `qingxi explain FILE | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("qingxi: interrupted; nothing of this run was committed (the next run removes what it left)",
              file=sys.stderr)
        return EXIT_INTERRUPTED


def _at_least(minimum: float, kind=int):
    def check(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is below the minimum of {minimum:g}")
        return value
    return check


def _quality_limit(text: str) -> str:
    try:
        quality_filter("none", [text])  # the limit alone; every preset takes what "none" takes
    except BadLimit as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _positive(text: str) -> float:
    value = _at_least(0.0, float)(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _cron(text: str) -> str:
    from prefect.client.schemas.schedules import CronSchedule  # the validation the deployment will apply

    try:
        CronSchedule(cron=text)
    except ValueError:  # pydantic's ValidationError is a ValueError
        raise argparse.ArgumentTypeError(f"{text!r} is not a cron schedule (e.g. \"0 * * * *\")") from None
    return text


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qingxi", description="Raw scraped Chinese articles -> clean paragraph Parquet.")
    parser.add_argument("--version", action="version", version=f"qingxi {PIPELINE_VERSION}")
    parser.add_argument("--config", type=Path, help=f"options file (default: ./{CONFIG_FILE} when present)")
    # Also before the command (qingxi -q run): merged into the command's own flags.
    parser.add_argument("-q", "--quiet", dest="quiet_first", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", dest="verbose_first", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--raw", default="raw",
                       help="folder of raw scraped files, or a URL: s3://bucket/prefix/ or any fsspec URL (default: raw/)")
        p.add_argument("--out", default="curated", type=Path, help="output folder (default: curated/)")
        p.add_argument("--max-mb", type=_positive, default=DEFAULT_MAX_BYTES / 1024 / 1024,
                       help="reject files larger than this (default: %(default)g MB)")
        p.add_argument("--workers", type=_at_least(1), default=None, help="worker processes (default: all cores)")
        p.add_argument("--dask-address", default=os.environ.get("QINGXI_DASK_ADDRESS"),
                       help="run batches on an existing Dask cluster, e.g. tcp://host:8786 (env QINGXI_DASK_ADDRESS)")
        p.add_argument("--site-from", choices=[r.value for r in SiteRule], default=SiteRule.PAGE.value,
                       help="site for template-paragraph counting: what the page names (falling back to the top folder), or the top folder")
        p.add_argument("--follow-links", action="store_true",
                       help="read files that links in --raw point to outside it (default: an outside_raw reject)")
        p.add_argument("-q", "--quiet", action="store_true", help="only warnings and the one-line summary")
        p.add_argument("-v", "--verbose", action="store_true", help="Prefect's debug logging too")
        # 1 would make every paragraph template text.
        p.add_argument("--boilerplate-min-docs", type=_at_least(2), default=BOILERPLATE_MIN_DOCS,
                       help="a paragraph in this many documents of one site is template text (default: %(default)s)")
        p.add_argument("--filter", choices=list(PRESETS), default="none",
                       help="move documents past a preset's quality limits out of the dataset, each with a removed row "
                            "(default: none, every document kept with its signals)")
        p.add_argument("--quality-limit", action="append", default=[], metavar="SIGNAL=VALUE", type=_quality_limit,
                       help="set one limit over the preset (spam_score=6, lang=zh,en, repet_top_4gram=off); repeatable")
        p.add_argument("--mask-pii", action="store_true",
                       help="replace phone, ID, card numbers and e-mail addresses in paragraph text with [PHONE], [ID], [CARD], [EMAIL]")

    run = sub.add_parser("run", help="process new files under --raw into --out (runs the Prefect flow once)")
    common(run)
    run.add_argument("--reprocess", action="store_true",
                     help="clean every raw file again with the current rules and options; the new rows replace the old at the commit")
    run.add_argument("--force", action="store_true",
                     help="with --reprocess: go on even when --raw lists none of the files the dataset holds")
    run.add_argument("--retry-rejects", action="store_true",
                     help="read every rejected record again (unreadable/changing ones always are); new rows replace the old rejects")
    run.add_argument("--wait", type=_at_least(0.0, float), default=0.0, help="seconds to wait for another run on --out to finish")
    serve = sub.add_parser("serve", help="serve the flow as a Prefect deployment on a schedule")
    common(serve)
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", type=_cron, help='cron schedule, e.g. "0 * * * *"')
    when.add_argument("--interval", type=_positive, help="seconds between runs")
    serve.add_argument("--name", default="qingxi-scheduled")
    status = sub.add_parser("status", help="what the dataset on disk holds (does not start Prefect)")
    status.add_argument("--out", default="curated", type=Path, help="the output folder (default: curated/)")
    status.add_argument("--json", action="store_true")
    report = sub.add_parser("report", help="write an HTML page of charts about the dataset (does not start Prefect)")
    report.add_argument("--out", default="curated", type=Path, help="the output folder (default: curated/)")
    report.add_argument("--html", type=Path, help="where to write it (default: OUT/report.html)")
    explain = sub.add_parser("explain", help="print every line of a raw file with its verdict and the rule behind it")
    explain.add_argument("file", type=Path, help="a raw file: text dump, HTML, WARC or gzip")
    explain.add_argument("--url", help="in a WARC, only the response for this URL")
    explain.add_argument("--max-mb", type=_positive, default=DEFAULT_MAX_BYTES / 1024 / 1024)
    compact = sub.add_parser("compact", help="rewrite each table's part files into one, atomically")
    compact.add_argument("--out", default="curated", type=Path, help="the output folder (default: curated/)")
    repair = sub.add_parser("repair", help="rebuild a lost or damaged manifest.json from the version folders")
    repair.add_argument("--out", default="curated", type=Path, help="the output folder (default: curated/)")
    return parser


def _with_config(argv: list[str]) -> list[str]:
    """The options file's values as arguments placed before the command line's own, so
    the command line wins. Top-level keys apply to every command that has the option,
    [run] and [serve] tables to that command only; unknown keys are an error."""
    parser = _parser()
    known = parser.parse_known_args(argv)[0]
    path = known.config or (Path(CONFIG_FILE) if Path(CONFIG_FILE).is_file() else None)
    if path is None or known.command is None:
        return argv
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read options file {path}: {err}") from None
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    sub = commands[known.command]
    for key, value in data.items():
        if isinstance(value, dict):
            if key not in commands:
                raise ConfigError(f"{path}: [{key}] is not a qingxi command (one of {', '.join(commands)})")
        elif not any("--" + key.replace("_", "-") in p._option_string_actions for p in commands.values()):
            raise ConfigError(f"{path}: no qingxi command has an option {key!r}")
    options = {k: v for k, v in data.items() if not isinstance(v, dict)}
    options.update(data.get(known.command) or {})
    extra: list[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if flag not in sub._option_string_actions:
            if key in data and not isinstance(data[key], dict):
                continue  # a shared key this command does not take (status has no --raw)
            raise ConfigError(f"{path}: [{known.command}] has no option {key!r}")
        if value is True:
            extra.append(flag)
        elif isinstance(value, list):  # a repeatable option: quality_limit = ["spam_score=6", "lang=zh,en"]
            for item in value:
                extra += [flag, str(item)]
        elif value is not False:
            extra += [flag, str(value)]
    at = argv.index(known.command) + 1
    return argv[:at] + extra + argv[at:]


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(_with_config(argv))
    args.quiet = getattr(args, "quiet", False) or args.quiet_first
    args.verbose = getattr(args, "verbose", False) or args.verbose_first
    if getattr(args, "quiet", False) or getattr(args, "verbose", False):
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING" if args.quiet else "DEBUG"

    if args.command in ("status", "compact", "report", "repair") and not Store(args.out).is_dataset():
        if args.command == "status" and (pid := Store(args.out).lock_holder()):
            print(f"{args.out}: a first run (pid {pid}) is writing to it; nothing is committed yet")
            return 0
        print(f"qingxi: {args.out} is not a qingxi output folder (no {args.out}/_qingxi/manifest.json)", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "status":
        from flows.report import status_report

        report = status_report(Store(args.out))
        print(json.dumps(report, ensure_ascii=False, indent=1, default=str) if args.json else report["text"])
        return 0
    if args.command == "report":
        from flows.report_html import html_report

        target = args.html or args.out / "report.html"
        page = html_report(Store(args.out))
        try:
            target.write_text(page, encoding="utf-8")
        except OSError as err:
            raise OutputNotWritable(f"cannot write the report to {target}: {err.strerror or err}") from None
        print(f"wrote {target}")
        return 0
    if args.command == "compact":
        return _compact(args.out)
    if args.command == "repair":
        return _repair(args.out)
    if args.command == "explain":
        return _explain(args)
    if getattr(args, "force", False) and not args.reprocess:
        print("qingxi: --force only applies to --reprocess", file=sys.stderr)
        return EXIT_USAGE
    if is_url(args.raw):
        if problem := url_problem(args.raw):
            print(f"qingxi: {problem}", file=sys.stderr)
            return EXIT_USAGE
        raw = args.raw
    elif not Path(args.raw).is_dir():
        print(f"qingxi: raw folder {args.raw} does not exist or is not a folder", file=sys.stderr)
        return EXIT_USAGE
    else:
        raw = str(Path(args.raw).resolve())
    if args.dask_address and (problem := scheduler_problem(args.dask_address)):
        print(f"qingxi: {problem}", file=sys.stderr)
        return EXIT_USAGE
    check_server(configured_api_url())  # before the output is touched
    if problem := check_writable(args.out):
        print(f"qingxi: {problem}", file=sys.stderr)
        return EXIT_USAGE
    options = dict(max_bytes=int(args.max_mb * 1024 * 1024), site_rule=args.site_from,
                   boilerplate_min_docs=args.boilerplate_min_docs, follow_links=args.follow_links,
                   quality_filter=args.filter, quality_limits=args.quality_limit, mask_pii=args.mask_pii)
    # The ephemeral server's telemetry heartbeat races the run for its SQLite lock and
    # logs a spurious "database is locked" traceback; users can still opt back in.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if args.command == "serve":
        from flows.schedule import serve_flow

        serve_flow(raw, str(args.out.resolve()), name=args.name, cron=args.cron,
                   interval=args.interval, workers=args.workers, dask_address=args.dask_address, **options)
        return 0
    store = Store(args.out)
    store.lock(args.wait)  # before paying for Prefect's start-up
    goodbye = watch_children() if os.path.isdir("/proc") else (lambda: None)
    restore_signals = end_run_on_signals(store.meta / "manifest.json")
    try:
        from flows.run import run_curate  # imports Prefect: only once the arguments are good

        stats = run_curate(raw, str(args.out.resolve()), workers=args.workers,
                           dask_address=args.dask_address, acquire_lock=False, reprocess=args.reprocess, force=args.force,
                           retry_rejects=args.retry_rejects, **options)
    finally:
        restore_signals()
        goodbye()
        store.unlock()
    if not sys.stdout.isatty() or not logging.getLogger("prefect.flow_runs").isEnabledFor(logging.INFO):
        print(stats.summary())  # on a terminal showing the log, its own line has just shown it
    for row in [] if args.quiet else stats.rows():
        if row["figure"].startswith(("rejects:", "removed:", "seconds:")):
            print(f"  {row['figure']}: {row['value']}")
    return 0


def _explain(args) -> int:
    from flows.explain import explain_file

    if not args.file.is_file():
        print(f"qingxi: {args.file} is not a file", file=sys.stderr)
        return EXIT_USAGE
    for line in explain_file(args.file, int(args.max_mb * 1024 * 1024), args.url):
        print(line)
    return 0


def _compact(out: Path) -> int:
    store = Store(out)
    store.lock()
    try:
        manifest = store.manifest()
        check_parts(store, manifest)
        recover(store, manifest)
        store.ensure_layout(manifest)
        result = compact(store, manifest)
    finally:
        store.unlock()
    if not result:
        print("nothing to compact: every table has at most one part file")
    for name, (before, after) in result.items():
        print(f"{name}: {before} part files -> {after}")
    return 0


def _repair(out: Path) -> int:
    from flows.repair import repair

    store = Store(out)
    store.lock()
    try:
        print(repair(store))
    finally:
        store.unlock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
