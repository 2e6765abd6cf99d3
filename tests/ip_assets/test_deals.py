"""The register's asset page and dashboard show the inquiries and agreements on the asset's listings."""

from datetime import date

import sqlalchemy as sa

from techport.accounts.models import User
from techport.extensions import db
from techport.inquiries import services as inquiry_services
from techport.inquiries.models import InquiryStage
from techport.ip_assets.models import RegisterAsset
from tests.helpers import sign_in, submit, unique_title
from tests.ip_assets.test_register import _add, _asset_id

FIRM_ORG = "sao-mai-agritech-demo"


def _offered_asset(app, client, name: str) -> tuple[int, int]:
    _add(client, name)
    asset_id = _asset_id(app, name)
    submit(client, f"/ip-register/{asset_id}/offer", {}, form_url=f"/ip-register/{asset_id}")
    with app.app_context():
        return asset_id, db.session.get(RegisterAsset, asset_id).listings[0].id


def test_inquiries_and_agreements_on_the_assets_listings(app, client, make_user):
    owner = make_user("hcmut")
    sign_in(client, owner)
    busy, quiet = unique_title("Có hỏi"), unique_title("Im lặng")
    busy_id, listing_id = _offered_asset(app, client, busy)
    quiet_id, _quiet_listing = _offered_asset(app, client, quiet)
    firm_email = make_user(FIRM_ORG)
    with app.app_context():
        firm = db.session.scalar(sa.select(User).where(User.email == firm_email))
        owner_user = db.session.scalar(sa.select(User).where(User.email == owner))
        asset = db.session.get(RegisterAsset, busy_id)
        listing = asset.listings[0]
        inquiry_services.start_inquiry(firm, listing, message="Chúng tôi muốn cấp phép.")
        signed = inquiry_services.start_inquiry(firm, listing, message="Hợp đồng li-xăng.")
        inquiry_services.sign_agreement(
            signed,
            owner_user,
            transfer_mode="licence",
            value_vnd=450_000_000,
            signed_on=date(2026, 11, 20),
            listing_ids=[listing_id],
        )
        inquiry_services.change_stage(signed, InquiryStage.CLOSED, owner_user)
    page = client.get(f"/ip-register/{busy_id}").get_data(as_text=True)
    assert "Sao Mai" in page and "2026-11-20" in page and "450.000.000 ₫" in page
    assert "Chưa có yêu cầu trao đổi nào." in client.get(f"/ip-register/{quiet_id}").get_data(as_text=True)
    dashboard = client.get("/ip-register/dashboard").get_data(as_text=True)
    active = dashboard.split("Tài sản đang có yêu cầu trao đổi", 1)[1].split("<h2", 1)[0]
    assert busy in active and "Yêu cầu đang mở: 1" in active
    assert quiet not in active
