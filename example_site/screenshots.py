"""``make screenshots``: the demo's home, archive and a conversation page at 390 and 1280 px,
and the admin steps of the editor's guide (``example_site/editor_screenshots.py``).

Builds a fresh demo database, serves it, and saves PNGs with Chromium
(``/usr/bin/chromium``, or ``CHROMIUM``) to ``docs/_static/screenshots/``.
With ``--url`` (a running site) only the public pages are taken.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from example_site.demo_server import prepare_database, serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "home": "/",
    "archive": "/conversations/",
    "conversation": "/conversations/2022-10-gathering-of-kindness/",
}
WIDTHS = {"phone": 390, "desktop": 1280}


def take(base_url: str, out: Path, db: Path | None = None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from example_site.editor_screenshots import take_admin

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, width in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": 900},
                device_scale_factor=1,
                timezone_id="Europe/London",
                locale="en-GB",
            )
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url + path, wait_until="networkidle")
                target = out / f"{name}-{size}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        if db is not None:
            written += take_admin(base_url, db, out, browser)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "docs" / "_static" / "screenshots",
    )
    parser.add_argument("--url", help="use a running site instead of a fresh demo")
    args = parser.parse_args()
    if args.url:
        files = take(args.url.rstrip("/"), args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "demo.sqlite3"
            prepare_database(db)
            with serve(db) as url:
                files = take(url, args.out, db)
    for file in files:
        print(f"wrote {file}")


if __name__ == "__main__":
    main()
