"""/api/docs renders Swagger UI in Chromium under the site's CSP, with every operation of the document."""

import pytest
from playwright.sync_api import expect

from techport.search.openapi import openapi_document

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_reference_renders_every_operation_without_a_csp_violation(page, live_server):
    problems = []
    # The browser's own favicon request is no error of the page.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico")
            and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto(live_server + "/api/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài liệu API")
    expect(page.locator(".opblock").first).to_be_visible()
    paths = {
        (method.upper(), path) for path, operations in openapi_document()["paths"].items() for method in operations
    }
    shown = {
        (block.locator(".opblock-summary-method").inner_text(), block.locator(".opblock-summary-path").inner_text())
        for block in page.locator(".opblock").all()
    }
    assert {(method, path.replace("\u200b", "")) for method, path in shown} == paths

    # Opening an operation draws its examples (highlighted JSON), where inline styles would show up.
    page.locator(".opblock-summary", has_text="/search").first.click()
    expect(page.locator(".opblock-body .microlight, .opblock-body pre").first).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__violations") == []
    assert problems == []


def test_the_surrounding_text_follows_the_language(page, live_server):
    page.goto(live_server + "/api/docs")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    expect(page.get_by_role("heading", name="Authentication")).to_be_visible()
