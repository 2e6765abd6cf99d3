"""The event pages are on the site's Bootstrap design system, not the first, plain markup (issue 13)."""

import sqlalchemy as sa

from techport.events.models import AgendaItem, Registration
from techport.extensions import db
from tests.events.conftest import CURATOR, FIRM_ORG, register_form, signed_in
from tests.helpers import submit
from tests.markup import plain_markup


def _clean(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    assert plain_markup(page) == [], url
    return page


def test_every_event_page_uses_bootstrap_markup(app, demo_data, make_user, make_listing, make_event):
    event_id = make_event(make_listing("hcmut", "offer", "published"))
    show = f"/events/{event_id}"
    newcomer = signed_in(app, make_user(FIRM_ORG))
    assert 'name="listing_ids"' in _clean(newcomer, show)
    firm = signed_in(app, make_user(FIRM_ORG))
    submit(firm, f"{show}/register", register_form(), form_url=show)
    with app.app_context():
        item_id = db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.event_id == event_id))
    submit(firm, f"{show}/meetings", {"agenda_item_id": str(item_id), "message": "Xin gặp"}, form_url=show)
    for url in ("/events/", show, f"{show}/registration"):
        _clean(firm, url)
    assert "Xin gặp" in _clean(signed_in(app, make_user("hcmut")), show)

    curator = signed_in(app, CURATOR, demo_data[CURATOR]["password"])
    with app.app_context():
        code = db.session.scalar(sa.select(Registration.check_in_code).where(Registration.event_id == event_id))
    checked = submit(curator, f"/events/manage/{event_id}/check-in", {"code": code}, follow_redirects=True)
    assert checked.status_code == 200 and plain_markup(checked.get_data(as_text=True)) == []
    for url in (
        "/events/manage/",
        "/events/manage/new",
        f"/events/manage/{event_id}",
        f"/events/manage/{event_id}/edit",
        f"/events/manage/{event_id}/cover",
        f"/events/manage/{event_id}/check-in",
        f"/events/manage/{event_id}/figures",
        "/events/manage/series?name=Cà phê công nghệ",
    ):
        _clean(curator, url)


def test_the_check_in_code_field_is_large_for_the_door(app, demo_data, make_event):
    curator = signed_in(app, CURATOR, demo_data[CURATOR]["password"])
    page = curator.get(f"/events/manage/{make_event()}/check-in").get_data(as_text=True)
    assert 'class="form-control form-control-lg font-monospace"' in page
