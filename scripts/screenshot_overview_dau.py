"""The Overview at one DAU typed into 'Any DAU' (default 300,000): the over-capacity warning and both costs.

    .venv/bin/python scripts/screenshot_overview_dau.py [--dau 300000] [--out docs/screenshots/overview_300k.png]

Starts the app like scripts/screenshots.py, types the DAU as a person would, and saves the top of the page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import wait_idle  # noqa: E402
from scripts.serving import CHROMIUM, CHROMIUM_ARGS, serve_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dau", type=int, default=300_000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "overview_300k.png")
    parser.add_argument("--width", type=int, default=1400)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with serve_app() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": args.width, "height": 760})
            page.goto(url)
            wait_idle(page)
            box = page.locator('input[aria-label="Any DAU"]')
            box.fill(str(args.dau))
            box.press("Enter")
            page.get_by_text("over capacity").first.wait_for(timeout=30_000)
            wait_idle(page)
            page.screenshot(path=str(args.out))
            print(args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
