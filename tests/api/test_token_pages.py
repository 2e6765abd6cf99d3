"""Organisation managers create a token (shown once), see its scope, expiry and last use, and revoke it."""

import re

from tests.api.conftest import bearer
from tests.helpers import csrf_token, make_organisation_admin, sign_in, submit

SECRET = re.compile(r'<code class="token-secret[^"]*">(tp_[A-Za-z0-9_-]+)</code>')


def test_a_manager_creates_a_token_sees_it_once_and_revokes_it(app, make_user):
    browser = app.test_client()
    sign_in(browser, make_organisation_admin(app, make_user("hcmut")))
    page = "/organisations/hcmut/api-tokens"

    created = submit(browser, page, {"name": "Hệ thống quản lý KHCN", "scope": "write", "valid_days": "90"})

    assert created.status_code == 200
    secret = SECRET.search(created.get_data(as_text=True)).group(1)
    listing_page = browser.get(page).get_data(as_text=True)
    assert secret not in listing_page and secret[:12] in listing_page and "Hệ thống quản lý KHCN" in listing_page
    api = app.test_client()
    assert api.get("/api/v1/organisations/hcmut/listings", headers=bearer(secret)).status_code == 200

    token_id = re.search(r"/api-tokens/(\d+)/revoke", listing_page).group(1)
    browser.post(f"{page}/{token_id}/revoke", data={"csrf_token": csrf_token(browser, page)})

    refused = api.get("/api/v1/organisations/hcmut/listings", headers=bearer(secret))
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_only_the_organisations_managers_reach_its_tokens(app, make_user, make_token):
    outsider = app.test_client()
    sign_in(outsider, make_user("uit"))
    make_token("hcmut")

    assert outsider.get("/organisations/hcmut/api-tokens").status_code == 403
    assert app.test_client().get("/organisations/hcmut/api-tokens").status_code == 302
