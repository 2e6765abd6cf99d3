"""Absolute links (mail, QR codes, JSON-LD) come from BASE_URL, never from the request's Host header."""

import base64
import io
import json
import re

import zxingcpp
from PIL import Image

from techport.extensions import db
from techport.listings.models import Listing
from tests.exhibits.conftest import item_ids, make_exhibit  # noqa: F401 (a fixture)
from tests.helpers import CSRF_INPUT, mail_to

EVIL_HOST = {"Host": "evil.example"}
JSON_LD = re.compile(r'<script type="application/ld\+json">(.+?)</script>', re.S)
QR_IMAGE = re.compile(r'<img src="data:image/png;base64,([^"]+)"')


def test_password_reset_link_ignores_the_host_header(app, client, make_user):
    email = make_user()
    page = client.get("/account/forgot-password", headers=EVIL_HOST).get_data(as_text=True)
    token = CSRF_INPUT.search(page).group(1)
    client.post("/account/forgot-password", data={"email": email, "csrf_token": token}, headers=EVIL_HOST)
    [message] = mail_to(app, email)
    assert "evil.example" not in message.body
    assert app.config["BASE_URL"] + "/account/reset-password/" in message.body


def test_json_ld_links_ignore_the_host_header(app, client, make_listing):
    listing_id = make_listing("hcmut", status="published")
    with app.app_context():
        slug = db.session.get(Listing, listing_id).slug
    page = client.get(f"/listings/{listing_id}-{slug}", headers=EVIL_HOST).get_data(as_text=True)
    data = json.loads(JSON_LD.search(page).group(1))
    assert data["url"] == f"{app.config['BASE_URL']}/listings/{listing_id}-{slug}"
    assert "evil.example" not in page


def test_qr_sheet_links_ignore_the_host_header(app, client, make_listing, make_exhibit):  # noqa: F811
    listing_id = make_listing("hcmut", status="published")
    slug = make_exhibit(listing_id)
    [item] = item_ids(app, slug)
    page = client.get(f"/exhibits/{slug}/items/{item}/sheet", headers=EVIL_HOST).get_data(as_text=True)
    [encoded] = QR_IMAGE.findall(page)
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(encoded))))
    assert barcode.text.startswith(app.config["BASE_URL"] + "/listings/")
    assert "evil.example" not in page


def test_links_built_outside_a_request_use_the_base_url(app):
    from flask import url_for

    with app.app_context():
        assert url_for("accounts.sign_in") == app.config["BASE_URL"] + "/account/sign-in"
