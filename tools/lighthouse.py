"""Runs Lighthouse (mobile) on the demo's main pages and prints their four scores (bench/lighthouse/run).

Signed-in pages get the session cookie of a browser that signed in through the real form.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.demo_pages import CHROMIUM, CHROMIUM_ARGS, main_pages, signed_in_context

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def cookie_headers(browser, base_url: str, accounts: set[str]) -> dict[str, str]:
    headers = {}
    for account in accounts:
        context = signed_in_context(browser, base_url, account)
        headers[account] = "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in context.cookies())
        context.close()
    return headers


def run_lighthouse(url: str, report: Path, cookie: str | None) -> dict[str, int]:
    command = [
        os.environ["LIGHTHOUSE"],
        url,
        "--quiet",
        "--chrome-path=/usr/bin/chromium",
        "--chrome-flags=--headless=new --no-sandbox",
        "--only-categories=" + ",".join(CATEGORIES),
        "--output=json",
        f"--output-path={report}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True)
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main(out_dir: Path, base_url: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = main_pages(browser, base_url)
        cookies = cookie_headers(browser, base_url, {page.account for page in pages if page.account})
        browser.close()
    print(f"| {'page':<16} | performance | accessibility | best practices | SEO |")
    print(f"|{'-' * 18}|-------------|---------------|----------------|-----|")
    for demo_page in pages:
        scores = run_lighthouse(
            base_url + demo_page.path, out_dir / f"{demo_page.name}.json", cookies.get(demo_page.account)
        )
        print(
            f"| {demo_page.name:<16} | {scores['performance']:>11} | {scores['accessibility']:>13} "
            f"| {scores['best-practices']:>14} | {scores['seo']:>3} |",
            flush=True,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), os.environ["TECHPORT_DEMO_URL"])
