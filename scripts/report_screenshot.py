"""Render `qingxi report` in a real headless browser and save a screenshot to look at.

usage: python scripts/report_screenshot.py OUT [PNG]   (needs Debian's chromium: apt-get install chromium)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.report_html import html_report  # noqa: E402
from flows.storage.store import Store  # noqa: E402


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out, png = Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "report.png")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    page = out / "report.html"
    page.write_text(html_report(Store(out)), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        # The flags keep a headless browser from reaching for the network at start.
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", f"--screenshot={png.resolve()}", "--window-size=1000,2200",
                        page.resolve().as_uri()], check=True, capture_output=True, timeout=120)
    print(f"wrote {page} and {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
