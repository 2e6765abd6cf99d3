"""Fixtures of the inquiry tests: an owner (HCMUT), a firm that asks, and a third organisation."""

import pytest

from tests.helpers import sign_in, submit

OWNER_ORG = "hcmut"
FIRM_ORG = "sao-mai-agritech-demo"
THIRD_ORG = "thu-thiem-data-demo"


@pytest.fixture
def parties(make_user, make_listing):
    """A published HCMUT offer whose contact person is the owner, a member of each organisation and of a
    third one."""
    owner = make_user(OWNER_ORG)
    return {
        "listing_id": make_listing(OWNER_ORG, "offer", "published", contact={"name": "Trần Minh Khoa", "email": owner}),
        "owner": owner,
        "firm": make_user(FIRM_ORG),
        "third": make_user(THIRD_ORG),
    }


def send_inquiry(client, listing_id: int, message: str = "Chúng tôi muốn tìm hiểu công nghệ này.", **fields):
    """Submit the inquiry form as the signed-in user; returns the response (not followed)."""
    url = f"/listings/{listing_id}/inquire"
    data = {"message": message, "intended_use": "", "transfer_mode": "licence", "budget_vnd": "", **fields}
    return submit(client, url, data)


def start_as(app, email: str, listing_id: int, **fields) -> int:
    """A new client signed in as ``email`` sends an inquiry; returns its id."""
    client = app.test_client()
    sign_in(client, email)
    response = send_inquiry(client, listing_id, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def signed_in_client(app, email: str):
    client = app.test_client()
    sign_in(client, email)
    return client
