"""Screenshots of every page of the running app, for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--width 1400] [--height 900]
    .venv/bin/python scripts/screenshots.py --pages overview audit --suffix _ko \
        --query "lang=ko&currency=KRW&fx_date=2025-06-02"      # Korean, in won (docs/screenshots/*_ko.png)
    .venv/bin/python scripts/screenshots.py --phone     # 390x844 into docs/screenshots/phone

Starts the app on a free 127.0.0.1 port, visits each page in headless Chromium
(/usr/bin/chromium), waits for the script to finish, and saves
``<out>/<page>.png`` (full page). Stops the app when done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.serving import CHROMIUM, CHROMIUM_ARGS, IDLE, serve_app  # noqa: E402

# url path -> file name; url paths are Streamlit's defaults for views/<name>.py (the default page is at "/")
CORE_PAGES = ["overview", "ai", "caching", "tier_detail", "audit", "scenarios"]


def pages() -> dict[str, str]:
    """Every page app.py shows: the core pages, then any other views/*.py (added by later work), by url path."""
    others = sorted(p.stem for p in (ROOT / "views").glob("*.py") if not p.stem.startswith("_") and p.stem not in CORE_PAGES)
    return {("" if name == "overview" else name): name for name in [*CORE_PAGES, *others]}


HEIGHT_JS = """() => Math.max(...['stMainBlockContainer']
    .map(id => document.querySelector(`[data-testid="${id}"]`)).filter(Boolean).map(el => el.scrollHeight))"""


def wait_idle(page: object, timeout_ms: float = 30_000) -> None:
    """Wait until the app script has finished and charts have drawn."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)  # type: ignore[attr-defined]
    # Elements still loading show as skeletons; wait until none is left.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid^=\"stSkeleton\"]')", timeout=timeout_ms
    )
    page.wait_for_timeout(1200)  # type: ignore[attr-defined]  # Vega renders after the script finishes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900, help="the viewport's height before it grows to the page")
    parser.add_argument("--phone", action="store_true", help="a phone's viewport, 390x844, into <out>/phone")
    parser.add_argument("--pages", nargs="*", help="url paths to shoot (default: all)")
    parser.add_argument("--query", default="lang=en", help="share-link parameters for every page (default: lang=en)")
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. _ko")
    args = parser.parse_args(argv)
    if args.phone:
        args.width, args.height, args.out = 390, 844, args.out / "phone"
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    wanted = {k: v for k, v in pages().items() if not args.pages or k in args.pages or v in args.pages}
    with serve_app() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            for path, name in wanted.items():
                page.goto(f"{url}/{path}" + (f"?{args.query}" if args.query else ""))
                wait_idle(page)
                # The app scrolls inside its main container, so grow the viewport to the content's height first.
                height = 0
                for _ in range(5):  # grow until the height settles (charts draw after the script ends)
                    now = int(page.evaluate(HEIGHT_JS))
                    if now <= height:
                        break
                    height = now
                    page.set_viewport_size({"width": args.width, "height": max(args.height, height + 40)})
                    wait_idle(page)
                target = args.out / f"{name}{args.suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                page.set_viewport_size({"width": args.width, "height": args.height})
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
