"""The write API driven as a script with curl would: a token, JSON in, JSON out."""

from datetime import timedelta

import sqlalchemy as sa

from techport.api.models import ApiToken, TokenScope
from techport.api.tokens import hash_secret
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from tests.api.conftest import bearer
from tests.helpers import listing_record, sign_in


def _record(**changes) -> dict:
    record = listing_record("offer")
    del record["organisation"], record["status"], record["external_id"]
    return {**record, **changes}


def _stored_token(app, secret: str) -> ApiToken:
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret)))
        db.session.expunge(token)
        return token


def test_a_script_creates_edits_submits_and_withdraws_a_listing(client, make_token):
    headers = bearer(make_token())

    created = client.post("/api/v1/listings", json=_record(external_id="flow-1"), headers=headers)
    assert created.status_code == 201, created.get_json()
    listing = created.get_json()
    assert listing["status"] == "draft" and listing["organisation"] == "hcmut"
    assert created.headers["Location"].endswith(f"/api/v1/listings/{listing['id']}")

    edited = client.patch(
        f"/api/v1/listings/{listing['id']}",
        json={"summary": "Tiết kiệm 45% điện năng.", "price_vnd": None, "version": listing["version"]},
        headers=headers,
    )
    assert edited.status_code == 200, edited.get_json()
    assert edited.get_json()["summary"] == "Tiết kiệm 45% điện năng."
    assert "price_vnd" not in edited.get_json() or edited.get_json()["price_vnd"] is None

    submitted = client.post(f"/api/v1/listings/{listing['id']}/submit", headers=headers)
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    withdrawn = client.post(f"/api/v1/listings/{listing['id']}/withdraw", headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "draft"

    again = client.post(f"/api/v1/listings/{listing['id']}/withdraw", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["status"] == 409


def test_posting_the_same_external_id_twice_updates_one_listing(app, client, make_token):
    headers = bearer(make_token())
    first = client.post("/api/v1/listings", json=_record(external_id="upsert-1"), headers=headers)
    second = client.post("/api/v1/listings", json=_record(external_id="upsert-1", title="Tên mới"), headers=headers)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["id"] == second.get_json()["id"]
    with app.app_context():
        titles = db.session.scalars(sa.select(Listing.title).where(Listing.external_id == "upsert-1")).all()
    assert titles == ["Tên mới"]


def test_field_errors_answer_422_per_field(client, make_token):
    response = client.post(
        "/api/v1/listings",
        json=_record(trl=12, sectors=[], price_vnd=10**30, contact={"email": "nope"}, colour="red"),
        headers=bearer(make_token()),
    )

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["status"] == 422 and error["message"]
    assert set(error["fields"]) >= {"trl", "sectors", "price_vnd", "contact.email", "body"}
    assert error["fields"]["trl"] == ["must be a whole number from 1 to 9"]


def test_the_lifecycle_is_not_set_through_the_body(client, make_token):
    headers = bearer(make_token())
    response = client.post("/api/v1/listings", json=_record(status="published"), headers=headers)
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"status"}

    listing = client.post("/api/v1/listings", json=_record(), headers=headers).get_json()
    for change in ({"status": "published"}, {"kind": "need"}, {"organisation": "uit"}, {"external_id": "other"}):
        refused = client.patch(f"/api/v1/listings/{listing['id']}", json=change, headers=headers)
        assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == set(change)


def test_a_stale_version_is_a_conflict(client, make_token):
    headers = bearer(make_token())
    listing = client.post("/api/v1/listings", json=_record(), headers=headers).get_json()
    client.patch(f"/api/v1/listings/{listing['id']}", json={"trl": 7}, headers=headers)

    stale = client.patch(
        f"/api/v1/listings/{listing['id']}", json={"trl": 8, "version": listing["version"]}, headers=headers
    )

    assert stale.status_code == 409


def test_ip_assets_only_for_universities_and_institutes(client, make_token):
    record = listing_record("ip_asset", external_id="ip-1")
    del record["organisation"], record["status"]
    response = client.post("/api/v1/listings", json=record, headers=bearer(make_token("sao-mai-agritech-demo")))
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"kind"}


def test_a_body_that_is_not_an_object_is_a_400(client, make_token):
    headers = {**bearer(make_token()), "Content-Type": "application/json"}
    for body in ("[1, 2]", "{not json", "[" * 100_000 + "]" * 100_000):
        response = client.post("/api/v1/listings", data=body, headers=headers)
        assert response.status_code == 400 and response.get_json()["error"]["status"] == 400


def test_without_a_usable_token_the_api_answers_401_with_a_bearer_challenge(app, client, make_token):
    secret = make_token()
    with app.app_context():
        expired = make_token(valid_days=30)
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.secret_hash == hash_secret(expired)))
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    for headers in ({}, bearer("tp_wrong"), {"Authorization": "Basic abc"}, bearer(expired)):
        response = client.post("/api/v1/listings", json=_record(), headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["error"]["status"] == 401
    assert client.post("/api/v1/listings", json=_record(), headers=bearer(secret)).status_code == 201


def test_a_read_token_reads_but_cannot_write(client, make_token):
    writer, reader = bearer(make_token()), bearer(make_token(scope=TokenScope.READ))
    listing = client.post("/api/v1/listings", json=_record(), headers=writer).get_json()

    assert client.get(f"/api/v1/listings/{listing['id']}", headers=reader).status_code == 200
    for response in (
        client.post("/api/v1/listings", json=_record(), headers=reader),
        client.patch(f"/api/v1/listings/{listing['id']}", json={"trl": 3}, headers=reader),
        client.post(f"/api/v1/listings/{listing['id']}/submit", headers=reader),
    ):
        assert response.status_code == 403
        assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_another_organisations_token_cannot_touch_the_listing(client, make_token):
    listing = client.post("/api/v1/listings", json=_record(), headers=bearer(make_token())).get_json()
    other = bearer(make_token("uit"))

    for response in (
        client.get(f"/api/v1/listings/{listing['id']}", headers=other),
        client.patch(f"/api/v1/listings/{listing['id']}", json={"trl": 3}, headers=other),
        client.post(f"/api/v1/listings/{listing['id']}/submit", headers=other),
    ):
        assert response.status_code == 404
    assert client.get("/api/v1/organisations/hcmut/listings", headers=other).status_code == 403


def test_the_organisations_own_listings_in_every_status_page_by_page(client, make_token, make_listing):
    draft, submitted = make_listing("hcmus"), make_listing("hcmus", status="submitted")
    headers = bearer(make_token("hcmus", scope=TokenScope.READ))

    first = client.get("/api/v1/organisations/hcmus/listings?page_size=1", headers=headers).get_json()
    everything = client.get("/api/v1/organisations/hcmus/listings?page_size=100", headers=headers).get_json()

    assert len(first["items"]) == 1 and first["pages"] == first["total"] >= 2
    statuses = {item["id"]: item["status"] for item in everything["items"]}
    assert statuses[draft] == "draft" and statuses[submitted] == "submitted"
    assert client.get("/api/v1/organisations/hcmus/listings?page=0", headers=headers).status_code == 400
    assert client.get("/api/v1/organisations/no-such-org/listings", headers=headers).status_code == 404


def test_last_use_is_written_at_most_once_a_minute(app, client, make_token):
    secret = make_token(scope=TokenScope.READ)
    assert _stored_token(app, secret).last_used_at is None

    client.get("/api/v1/organisations/hcmut/listings", headers=bearer(secret))
    first_use = _stored_token(app, secret).last_used_at
    client.get("/api/v1/organisations/hcmut/listings", headers=bearer(secret))

    assert first_use is not None and _stored_token(app, secret).last_used_at == first_use


def test_requests_are_limited_per_token(app, client, make_token, monkeypatch):
    from techport.extensions import limiter

    limiter.reset()
    monkeypatch.setitem(app.config, "API_TOKEN_LIMIT", "2 per minute")
    first, second = bearer(make_token(scope=TokenScope.READ)), bearer(make_token(scope=TokenScope.READ))
    url = "/api/v1/organisations/hcmut/listings"

    answers = [client.get(url, headers=first).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert client.get(url, headers=first).get_json()["error"]["status"] == 429
    assert client.get(url, headers=second).status_code == 200
    limiter.reset()


def test_a_signed_in_browser_cannot_post_to_the_api_without_a_csrf_token(app, make_user):
    browser = app.test_client()
    sign_in(browser, make_user())

    response = browser.post("/api/v1/listings", json=_record())

    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]["message"]
