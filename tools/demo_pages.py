"""The main pages of the demo site, found the way a visitor would, for screenshots and Lighthouse.

Each page names the demo account it needs (None: a visitor). ``signed_in_context`` signs a Playwright
browser context in through the real sign-in form, so the pages look exactly as the user sees them.
"""

import json
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACCOUNTS = {
    record["email"]: record["password"]
    for record in json.loads(
        (Path(__file__).resolve().parent.parent / "techport/demo/accounts.json").read_text(encoding="utf-8")
    )
}
FIRM = "firm@techport.example"
CURATOR = "curator@techport.example"


@dataclass(frozen=True)
class DemoPage:
    name: str
    path: str
    account: str | None = None


def first_link(page, base_url: str, path: str, selector: str) -> str:
    """The path of the first link matching ``selector`` on ``path``: a real listing or exhibit."""
    page.goto(base_url + path)
    href = page.locator(selector).first.get_attribute("href")
    return href.removeprefix(base_url)


def main_pages(browser, base_url: str) -> list[DemoPage]:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    listing = first_link(page, base_url, "/search?q=drone", "main a[href*='/listings/']")
    exhibit = first_link(page, base_url, "/exhibits/", "main a[href^='/exhibits/']:not([href$='/exhibits/'])")
    context.close()
    return [
        DemoPage("home", "/"),
        DemoPage("search-drone", "/search?q=drone"),
        DemoPage("listing", listing),
        DemoPage("organisation", "/organisations/hcmut"),
        DemoPage("exhibit", exhibit),
        DemoPage("sign-in", "/account/sign-in"),
        DemoPage("sign-up", "/account/sign-up"),
        DemoPage("organisations", "/organisations/"),
        DemoPage("listing-form", "/listings/new/offer", FIRM),
        DemoPage("curation-queue", "/curation/queue", CURATOR),
        DemoPage("my-listings", "/my/listings", FIRM),
        DemoPage("exhibits", "/exhibits/"),
        DemoPage("events", "/events/"),
        DemoPage("my-inquiries", "/my/inquiries", FIRM),
        DemoPage("ip-register", "/ip-register/dashboard", FIRM),
        DemoPage("reports", "/reports", CURATOR),
    ]


def signed_in_context(browser, base_url: str, account: str | None, **options):
    context = browser.new_context(locale="vi-VN", **options)
    if account:
        page = context.new_page()
        page.goto(base_url + "/account/sign-in")
        page.fill("input[name=email]", account)
        page.fill("input[name=password]", ACCOUNTS[account])
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        page.close()
    return context
