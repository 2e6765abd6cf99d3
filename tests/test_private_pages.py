"""Pages with personal data are never stored by a cache; public pages for visitors stay cacheable."""

import pytest

from techport.accounts.models import Role
from tests.helpers import sign_in


def _private(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "") and "Cookie" in response.headers.get("Vary", "")


@pytest.fixture
def curator(app, make_user):
    client = app.test_client()
    sign_in(client, make_user(organisation_slug=None, role=Role.CURATOR))
    return client


@pytest.fixture
def member(app, make_user):
    client = app.test_client()
    sign_in(client, make_user("hcmut"))
    return client


def test_a_members_pages_are_not_stored(member, make_listing):
    draft = make_listing("hcmut")
    for url in ["/organisations/hcmut/manage", "/my/listings", "/account/", f"/listings/{draft}"]:
        response = member.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert _private(response), url


def test_curators_pages_are_not_stored(curator, make_listing):
    submitted = make_listing("hcmut", status="submitted")
    for url in ["/account/approvals", "/curation/queue", f"/listings/{submitted}"]:
        response = curator.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert _private(response), url


def test_even_a_public_page_is_not_stored_when_sent_to_someone_signed_in(member):
    assert _private(member.get("/organisations/hcmut"))


def test_a_page_that_starts_a_session_is_not_stored(client, demo_data):
    assert _private(client.get("/account/sign-in"))


def test_public_pages_and_static_files_stay_cacheable_for_visitors(client, member, demo_data):
    for url in ["/", "/organisations/hcmut", "/exhibits/"]:
        assert "no-store" not in client.get(url).headers.get("Cache-Control", ""), url
    assert "no-store" not in member.get("/static/css/site.css").headers.get("Cache-Control", "")
