"""Meeting requests: who may ask, who may answer, and what a refusal tells the registrant."""

import sqlalchemy as sa

from techport.events.models import AgendaItem, MeetingRequest, MeetingStatus
from techport.extensions import db
from tests.events.conftest import FIRM_ORG, register_form, signed_in
from tests.helpers import mail_to, submit


def _pitch_id(app, event_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.event_id == event_id))


def _ask(client, event_id: int, item_id: int):
    return submit(
        client,
        f"/events/{event_id}/meetings",
        {"agenda_item_id": str(item_id), "message": ""},
        form_url=f"/events/{event_id}",
    )


def test_only_the_presenters_organisation_answers_and_a_decline_is_told(app, make_user, make_listing, make_event):
    event_id = make_event(make_listing("hcmut", "offer", "published"))
    firm_email = make_user(FIRM_ORG)
    firm = signed_in(app, firm_email)
    submit(firm, f"/events/{event_id}/register", register_form(), form_url=f"/events/{event_id}")
    assert _ask(firm, event_id, _pitch_id(app, event_id)).status_code == 302
    assert "Bạn đã yêu cầu gặp người trình bày" in firm.get(
        _ask(firm, event_id, _pitch_id(app, event_id)).headers["Location"]
    ).get_data(as_text=True)
    with app.app_context():
        meeting_id = db.session.scalar(sa.select(MeetingRequest.id).order_by(MeetingRequest.id.desc()))
    decide = f"/events/{event_id}/meetings/{meeting_id}/decline"
    outsider = signed_in(app, make_user("uit"))
    assert submit(outsider, decide, {}, form_url=f"/events/{event_id}").status_code == 403
    assert submit(firm, decide, {}, form_url=f"/events/{event_id}").status_code == 403
    presenter = signed_in(app, make_user("hcmut"))
    assert submit(presenter, decide, {}, form_url=f"/events/{event_id}").status_code == 302
    with app.app_context():
        meeting = db.session.get(MeetingRequest, meeting_id)
        assert meeting.status == MeetingStatus.DECLINED and meeting.inquiry_id is None
    assert any("bị từ chối" in mail.subject for mail in mail_to(app, firm_email))


def test_nobody_asks_to_meet_their_own_organisation_or_without_registering(app, make_user, make_listing, make_event):
    event_id = make_event(make_listing("hcmut", "offer", "published"))
    own = signed_in(app, make_user("hcmut"))
    assert _ask(own, event_id, _pitch_id(app, event_id)).status_code == 404
    submit(own, f"/events/{event_id}/register", register_form(), form_url=f"/events/{event_id}")
    refused = _ask(own, event_id, _pitch_id(app, event_id))
    assert "Bạn không thể yêu cầu cuộc gặp này" in own.get(refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(MeetingRequest.id)).where(
                    MeetingRequest.listing_id.in_(
                        sa.select(AgendaItem.listing_id).where(AgendaItem.event_id == event_id)
                    )
                )
            )
            == 0
        )
