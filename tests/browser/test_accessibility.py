"""axe-core (served from static/vendor) finds no serious or critical violation on the main pages."""

import pytest

from tests.browser.journeys import main_pages, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_no_serious_accessibility_violation(app, browser, live_server, demo_data, indexed_corpus, width):
    found = {}
    contexts = {}
    for path, account in main_pages(app):
        if account not in contexts:
            contexts[account] = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
            if account:
                sign_in(contexts[account].new_page(), live_server, demo_data[account])
        page = contexts[account].new_page()
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        problems = serious_violations(page, live_server)
        if problems:
            found[path] = problems
        page.close()
    for context in contexts.values():
        context.close()
    assert found == {}
