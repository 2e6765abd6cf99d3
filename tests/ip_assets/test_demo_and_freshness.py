"""The demo registers and the curators' view of registers left untouched."""

from datetime import date, timedelta

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.accounts.models import Role
from techport.extensions import db
from techport.ip_assets import services
from techport.ip_assets.demo import seed_demo_registers
from techport.ip_assets.models import RegisterAsset
from techport.organisations.services import find_by_slug
from tests.helpers import sign_in


def test_demo_registers_cover_twenty_universities_with_deadlines_soon(app, demo_data):
    with app.app_context():
        seed_demo_registers()
        assert seed_demo_registers() == 0
        organisations = db.session.scalars(sa.select(sa.distinct(RegisterAsset.organisation_id))).all()
        assert len(organisations) >= 20
        hcmut = find_by_slug("hcmut")
        upcoming = services.upcoming_deadlines(services.organisation_assets(hcmut), date.today())
        assert any(item.deadline.due_on <= date.today() + timedelta(days=120) for item in upcoming)
        assert any(not asset.is_public for asset in services.organisation_assets(hcmut))


def test_freshness_lists_registers_untouched_for_six_months(app, client, demo_data, make_user):
    with app.app_context():
        seed_demo_registers()
        assert all(organisation.slug != "hcmut" for organisation, _updated in services.stale_registers(date.today()))
        later = date.today() + relativedelta(months=7)
        assert "hcmut" in {organisation.slug for organisation, _updated in services.stale_registers(later)}
    sign_in(client, make_user(None, role=Role.CURATOR))
    assert client.get("/ip-register/freshness").status_code == 200
    member = app.test_client()
    sign_in(member, make_user("hcmut"))
    assert member.get("/ip-register/freshness").status_code == 403


def test_the_demo_freshness_view_lists_the_stale_demo_registers(app, client, demo_data, make_user):
    with app.app_context():
        seed_demo_registers()
        stale = {organisation.slug for organisation, updated in services.stale_registers(date.today()) if updated}
    assert {"hcmue", "nlu"} <= stale
    sign_in(client, make_user(None, role=Role.CURATOR))
    page = client.get("/ip-register/freshness").get_data(as_text=True)
    assert "/ip-register/?organisation=hcmue" in page


def test_every_demo_register_has_a_deadline_in_the_coming_months(app, demo_data):
    with app.app_context():
        seed_demo_registers()
        for organisation_id in db.session.scalars(sa.select(sa.distinct(RegisterAsset.organisation_id))):
            assets = db.session.scalars(
                sa.select(RegisterAsset).where(RegisterAsset.organisation_id == organisation_id)
            ).all()
            if not any(asset.reference.startswith("DEMO-") for asset in assets):
                continue
            soon = services.deadlines_between(assets, date.today(), date.today() + timedelta(days=270))
            assert soon, organisation_id
