"""`qingxi serve`: the flow as a Prefect deployment on a cron or interval schedule.

Schedules only fire against a real Prefect server (`prefect server start`, SQLite by
default) with PREFECT_API_URL pointing at it; the temporary server `qingxi run` starts on
its own has no scheduler, so serving against it is refused with a clear message.
"""
from __future__ import annotations

from datetime import timedelta

from flows.errors import ConfigError, NeedsServer
from flows.run import configured_flow, run_tags
from flows.server import configured_api_url


def serve_flow(raw_dir: str, out_dir: str, *, name: str, cron: str | None, interval: float | None,
               workers: int | None, dask_address: str | None, **options) -> None:
    if not configured_api_url():
        raise NeedsServer("serve: schedules need a running Prefect server; start one with "
                              "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api")
    flow, parameters = configured_flow(workers, dask_address)
    if cron:
        schedule: dict = {"cron": cron}
    elif interval:
        schedule = {"interval": timedelta(seconds=interval)}
    else:
        raise ConfigError("serve: give --cron or --interval")
    # lock_wait_seconds: a scheduled run that finds the previous one still writing waits
    # for it instead of failing.
    flow.serve(name=name, parameters={"raw_dir": raw_dir, "out_dir": out_dir, **parameters,
                                      "lock_wait_seconds": 3600.0, **options}, tags=run_tags(out_dir), **schedule)
