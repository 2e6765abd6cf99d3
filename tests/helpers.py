"""Helpers that drive forms the way a browser does, CSRF token included."""

import itertools
import os
import re
import time
from datetime import timedelta

import sqlalchemy as sa

from techport.accounts.models import User
from techport.extensions import db

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TEST_PASSWORD = "correct-horse-battery"
_titles = itertools.count(1)


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def submit(client, url: str, data: dict, *, follow_redirects: bool = False, form_url: str | None = None):
    """POST a form the way a browser does: fetch the page first to get its CSRF token."""
    token = csrf_token(client, form_url or url)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow_redirects)


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    return submit(client, "/account/sign-in", {"email": email, "password": password})


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def unique_title(prefix: str = "Công nghệ") -> str:
    return f"{prefix} {next(_titles)}-{os.getpid()}"


def listing_record(kind: str = "offer", **changes) -> dict:
    """A valid JSON Lines record (docs/listings-jsonl.md) of ``kind`` with a unique title."""
    record = {
        "external_id": "test",
        "organisation": "hcmut",
        "kind": kind,
        "status": "draft",
        "language": "vi",
        "title": unique_title(),
        "summary": "Sấy cà phê nhân bằng năng lượng mặt trời kết hợp bơm nhiệt.",
        "description": "Buồng sấy 500 kg mỗi mẻ, tiết kiệm 40% điện năng.",
        "trl": 6,
        "sectors": ["smart_agriculture", "energy"],
        "keywords": ["sấy", "cà phê"],
        "transfer_modes": ["licence"],
        "price_vnd": 350_000_000,
        "contact": {"name": "Trần Minh Khoa", "email": "khoa.private@hcmut.example", "phone": "+84 28 3864 7256"},
    }
    if kind == "ip_asset":
        record["ip"] = {
            "ip_type": "utility_solution",
            "legal_status": "granted",
            "application_number": "2-2019-00412",
            "application_date": "2019-08-12",
            "inventors": ["Nguyễn Văn An"],
            "owners": [{"name": "Trường Đại học Bách khoa", "share": 100}],
        }
    record.update(changes)
    return record


def listing_form(kind: str = "offer", **changes) -> dict:
    """What a person types into the listing form of ``kind``, valid unless ``changes`` say otherwise."""
    form = {
        "language": "vi",
        "title": unique_title(),
        "summary": "Hệ thống tưới nhỏ giọt điều khiển bằng cảm biến độ ẩm đất.",
        "description": "Tiết kiệm 30% nước; điều khiển qua điện thoại.",
        "trl": "7",
        "sectors": ["smart_agriculture", "ai"],
        "keywords": "tưới, cảm biến",
        "transfer_modes": ["licence", "technical_consulting"],
        "price_vnd": "120.000.000",
        "contact_name": "Trần Minh Khoa",
        "contact_email": "khoa.private@hcmut.example",
        "contact_phone": "+84 28 3864 7256",
        "action": "save",
    }
    if kind == "offer":
        form.update(offer_type="technology", advantages="Giá thành thấp.")
    elif kind == "need":
        form.update(specification_sought="Công suất 1 tấn mỗi ngày.")
    else:
        form.update(
            advantages="Đã thử nghiệm tại Đồng Nai.",
            ip_type="patent",
            legal_status="granted",
            application_number="1-2020-01234",
            application_date="2020-05-04",
            grant_number="31234",
            grant_date="2022-09-30",
            inventors="Nguyễn Văn An\nLê Thị Bình",
            owners="Trường Đại học Bách khoa; 70\nCông ty Sao Mai; 30",
        )
    form.update(changes)
    return form


def listing_by_title(app, title: str):
    """The listing (detached, with its IP record loaded) or None."""
    from sqlalchemy.orm import selectinload

    from techport.listings.models import Listing

    with app.app_context():
        listing = db.session.scalar(
            sa.select(Listing)
            .where(Listing.title == title)
            .options(selectinload(Listing.ip_details), selectinload(Listing.attachments))
        )
        db.session.expunge_all()
        return listing


def mail_to(app, recipient: str) -> list:
    from techport.accounts.models import OutgoingEmail

    with app.app_context():
        messages = db.session.scalars(
            sa.select(OutgoingEmail).where(OutgoingEmail.recipient == recipient).order_by(OutgoingEmail.id)
        ).all()
        db.session.expunge_all()
        return list(messages)


def postpone_queued_mail(app) -> None:
    """Move the due date of the mail earlier tests queued a year on, so that a delivery pass in this test
    carries only its own messages instead of the shared database's backlog over SMTP."""
    from techport.accounts.models import MailStatus, OutgoingEmail
    from techport.models_common import utcnow

    with app.app_context():
        db.session.execute(
            sa.update(OutgoingEmail)
            .where(OutgoingEmail.status == MailStatus.PENDING)
            .values(next_attempt_at=utcnow() + timedelta(days=365))
        )
        db.session.commit()


UNREACHABLE_SEARCH_URL = "http://127.0.0.1:9"


def app_settings(database_url: str, **overrides) -> dict:
    """The settings every test app shares, for ``create_app``; ``overrides`` change or add some."""
    return {
        "TESTING": True,
        "TECHPORT_ENV": "test",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        # The suite signs in many times from 127.0.0.1; tests of the limits set low ones themselves.
        "SIGN_IN_LIMIT_PER_ADDRESS": "100000 per minute",
        "SIGN_IN_LIMIT_GLOBAL": "100000 per minute",
        "ACCOUNT_MAIL_LIMIT_PER_ADDRESS": "100000 per minute",
        "MATCH_API_LIMIT": "100000 per minute",
        # Reports computed on every view, so a test sees the figures of the data it has just made;
        # tests of the stored reports turn them on.
        "REPORTS_REFRESH_MINUTES": 0,
        **overrides,
    }


def make_organisation_admin(app, email: str) -> str:
    """Make the user with ``email`` an admin of their organisation; returns the e-mail."""
    from techport.accounts.models import OrganisationRole

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user.organisation_role = OrganisationRole.ADMIN
        db.session.commit()
    return email


def past_a_search_stall(send, *, attempts: int = 3, pause_seconds: float = 3.0):
    """``send()`` again after a pause while it answers 503: under load the shared test node sometimes stops
    accepting connections for a second or two, the client then parks it, and a search answers 503 by design.
    For tests about what a search returns (not about availability)."""
    response = send()
    for _ in range(attempts - 1):
        if response.status_code != 503:
            break
        time.sleep(pause_seconds)
        response = send()
    return response
