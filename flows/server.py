"""Is the Prefect server the run will report to there? Asked once, before the output is
touched: Prefect's own client retries a dead address for a minute and ends in tracebacks."""
from __future__ import annotations

import os

from flows.errors import ServerUnreachable

PROBE_SECONDS = 5.0


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile; None means a
    temporary server is started for the run."""
    url = os.environ.get("PREFECT_API_URL")
    if url is None:
        from prefect.settings import PREFECT_API_URL

        url = PREFECT_API_URL.value()
    return url or None


def check_server(url: str | None) -> None:
    if not url:
        return
    import httpx

    try:
        response = httpx.get(url.rstrip("/") + "/health", timeout=PROBE_SECONDS)
        response.raise_for_status()
    except (httpx.HTTPError, ValueError) as err:
        reason = type(err).__name__ if not str(err) else str(err).splitlines()[0]
        raise ServerUnreachable(
            f"the Prefect server at PREFECT_API_URL={url} does not answer ({reason}): start it "
            "(`prefect server start`), point PREFECT_API_URL at a running one, or unset it for a "
            "temporary server") from None
