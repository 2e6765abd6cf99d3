"""Full-page PNGs of the demo's main pages at phone and laptop widths (run by scripts/screenshots)."""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.demo_pages import CHROMIUM, CHROMIUM_ARGS, main_pages, signed_in_context

WIDTHS = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 768}}


def main(out_dir: Path, base_url: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = main_pages(browser, base_url)
        for width, viewport in WIDTHS.items():
            contexts = {}
            for demo_page in pages:
                if demo_page.account not in contexts:
                    contexts[demo_page.account] = signed_in_context(
                        browser, base_url, demo_page.account, viewport=viewport
                    )
                page = contexts[demo_page.account].new_page()
                page.goto(base_url + demo_page.path)
                page.wait_for_load_state("networkidle")
                target = out_dir / f"{demo_page.name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                page.close()
                print(target)
            for context in contexts.values():
                context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), os.environ["TECHPORT_DEMO_URL"])
