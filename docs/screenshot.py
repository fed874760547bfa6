"""Regenerate the README's screenshots of the status page from the real program.

    python docs/screenshot.py     # writes docs/report.png (1280 wide) and docs/report-phone.png

Runs `accordctl report --as-of 2009-03-01` on the repository's data file and photographs
the page in headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM=path), driven by
playwright (`pip install -e '.[test]'`). The page asks for nothing from the network; the
browser is told to refuse anything but the page itself all the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SHOTS = [  # file, viewport width and height
    ("report.png", 1280, 1720),
    ("report-phone.png", 390, 1400),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "accord.html"
        data = ROOT / "data" / "commitments.yaml"
        command = ["report", "--as-of", "2009-03-01", "--file", str(data), "-o", str(page_file)]
        subprocess.run([sys.executable, "-m", "accordctl", *command], check=True)
        url = page_file.as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for name, width, height in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
                page.goto(url)
                page.screenshot(path=str(ROOT / "docs" / name))
                page.close()
                print(f"wrote docs/{name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
