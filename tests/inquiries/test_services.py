"""The inquiry services: pipeline rules, the NDA hand-over, reminders, response time, limit and demo data."""

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from techport import create_app
from techport.accounts.models import OutgoingEmail, User
from techport.cli import main as cli
from techport.demo.seed import DEMO_DIR, seed_demo
from techport.extensions import db
from techport.inquiries import pipeline, queries, services
from techport.inquiries.models import Inquiry, InquiryReminder, InquiryStage
from techport.listings.models import Listing
from techport.listings.transfer import import_lines
from techport.models_common import utcnow
from techport.organisations.services import find_by_slug
from tests.helpers import app_settings
from tests.inquiries.conftest import FIRM_ORG


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _start(parties, **changes) -> Inquiry:
    listing = db.session.get(Listing, parties["listing_id"])
    return services.start_inquiry(_user(parties["firm"]), listing, message="Xin báo giá.", **changes)


def _mail_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(OutgoingEmail.id)))


def test_starting_records_the_first_stage_and_tells_the_owners(app, parties):
    with app.app_context():
        before = _mail_count()
        inquiry = _start(parties, source=services.Source(services.InquirySource.SEARCH))
        assert [change.to_stage for change in inquiry.stage_changes] == [InquiryStage.NEW]
        assert inquiry.source == services.InquirySource.SEARCH
        assert _mail_count() > before
        owner_mail = db.session.scalars(
            sa.select(OutgoingEmail).where(OutgoingEmail.recipient == parties["owner"]).order_by(OutgoingEmail.id)
        ).all()
        assert "Xin báo giá." not in owner_mail[-1].body and inquiry.listing.title in owner_mail[-1].subject


def test_the_asking_side_may_only_withdraw_and_endings_need_a_reason(app, parties):
    with app.app_context():
        inquiry = _start(parties)
        firm = _user(parties["firm"])
        assert pipeline.next_stages(inquiry, owner_side=False) == [InquiryStage.WITHDRAWN]
        with pytest.raises(pipeline.StageError):
            pipeline.move(inquiry, InquiryStage.NEGOTIATING, firm, owner_side=False)
        with pytest.raises(pipeline.StageError):
            pipeline.move(inquiry, InquiryStage.WITHDRAWN, firm, owner_side=False)
        pipeline.move(inquiry, InquiryStage.WITHDRAWN, firm, owner_side=False, reason="timing")
        assert pipeline.next_stages(inquiry, owner_side=True) == []
        db.session.rollback()


def test_record_nda_signed_moves_open_inquiries_of_that_organisation_only(app, parties, make_user):
    with app.app_context():
        early = _start(parties)
        later = _start(parties)
        other = services.start_inquiry(
            _user(parties["third"]), db.session.get(Listing, parties["listing_id"]), message="Khác"
        )
        owner = _user(parties["owner"])
        pipeline.move(later, InquiryStage.NEGOTIATING, owner, owner_side=True)
        services.record_nda_signed(parties["listing_id"], early.asking_organisation_id, owner)
        db.session.commit()
        assert early.stage == InquiryStage.NDA_SIGNED and early.stage_changes[-1].actor_id == owner.id
        assert later.stage == InquiryStage.NEGOTIATING and other.stage == InquiryStage.NEW


def test_reminders_go_out_once_after_3_and_7_days(app, parties):
    with app.app_context():
        inquiry = _start(parties)
        inquiry.created_at = utcnow() - timedelta(days=4)
        db.session.commit()
        now = utcnow()
        sent = services.send_due_reminders(now)
        assert sent >= 1
        assert services.send_due_reminders(now) == 0
        days = lambda: sorted(  # noqa: E731
            db.session.scalars(sa.select(InquiryReminder.after_days).where(InquiryReminder.inquiry_id == inquiry.id))
        )
        assert days() == [3]
        services.send_due_reminders(now + timedelta(days=4))
        assert days() == [3, 7]
        assert services.send_due_reminders(now + timedelta(days=5)) == 0


def test_an_answered_inquiry_gets_no_reminder_and_counts_for_the_median(app, make_user, make_listing):
    listing_id, firm_email, owner_email = (
        make_listing("iuh", "offer", "published"),
        make_user(FIRM_ORG),
        make_user("iuh"),
    )
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        firm, owner = _user(firm_email), _user(owner_email)
        for hours in (2, 10, 30):
            inquiry = services.start_inquiry(firm, listing, message="Hỏi")
            services.post_message(inquiry, owner, "Trả lời")
            inquiry.created_at = inquiry.first_response_at - timedelta(hours=hours)
            assert inquiry.stage == InquiryStage.IN_DISCUSSION
        inquiry.created_at -= timedelta(days=10)
        db.session.commit()
        assert queries.median_first_response(listing.organisation_id) == timedelta(hours=10)
        before = db.session.scalar(sa.select(sa.func.count(InquiryReminder.id)))
        services.send_due_reminders(utcnow())
        assert (
            db.session.scalar(
                sa.select(sa.func.count(InquiryReminder.id)).where(InquiryReminder.inquiry_id == inquiry.id)
            )
            == 0
        )
        assert db.session.scalar(sa.select(sa.func.count(InquiryReminder.id))) >= before


def test_the_daily_limit_counts_from_the_database(app, parties):
    app.config["INQUIRIES_PER_USER_PER_DAY"] = 2
    try:
        with app.app_context():
            firm = _user(parties["firm"])
            while services.started_in_last_day(firm) < 2:
                _start(parties)
            with pytest.raises(services.InquiryLimitReached):
                _start(parties)
    finally:
        app.config["INQUIRIES_PER_USER_PER_DAY"] = 20


def test_the_demo_inquiries_cover_several_stages_and_seed_once(tmp_path: Path):
    """On its own SQLite database: the demo listings would change what the shared database's search tests find."""
    demo_app = create_app(app_settings(f"sqlite:///{tmp_path / 'demo.db'}", ATTACHMENT_DIR=str(tmp_path / "files")))
    with demo_app.app_context():
        upgrade()
        seed_demo()
        with (DEMO_DIR / "listings.jsonl").open(encoding="utf-8") as lines:
            assert import_lines(lines).ok
    runner = demo_app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(cli, ["inquiries", "seed-demo"])
        assert result.exit_code == 0 and "4 demo inquiry(ies)" in result.output, result.output
    with demo_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Inquiry.id))) == 4
        stages = set(db.session.scalars(sa.select(Inquiry.stage)))
        assert {InquiryStage.NEW, InquiryStage.NEGOTIATING, InquiryStage.AGREEMENT_SIGNED} <= stages
        assert queries.median_first_response(find_by_slug("hcmut").id) == timedelta(hours=20)
        assert db.session.scalar(sa.select(sa.func.count(OutgoingEmail.id))) == 0
    result = runner.invoke(cli, ["inquiries", "remind"])
    assert result.exit_code == 0 and "reminder(s) sent" in result.output
