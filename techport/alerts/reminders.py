"""Expiry reminders for owners and the curators' daily review digest, each sent once.

A reminder is recorded per listing, expiry date and threshold (30 or 7 days), so a renewal, which moves the
expiry date, earns new reminders; the digest is recorded per day. The record and the mail share a
transaction, and the record's primary key makes a second worker's copy fail to commit rather than send.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from techport.accounts.models import AccountStatus, Role, User
from techport.alerts.models import ExpiryReminder, ReviewDigest
from techport.alerts.preferences import MailKind, unsubscribe_url, users_refusing
from techport.extensions import db
from techport.listings import queries as listing_queries
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingStatus
from techport.notifications.services import notify

REMINDER_DAYS = (30, 7)


def local_date(now: datetime) -> date:
    return now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _wanting(users: list[User], kind: MailKind) -> list[User]:
    refusing = users_refusing({user.id for user in users}, kind)
    return [user for user in users if user.id not in refusing]


def _members_of(organisation_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(User.organisation_id == organisation_id, User.status == AccountStatus.ACTIVE)
        )
    )


def _due_threshold(days_left: int) -> int | None:
    """The nearest threshold reached: 7 once a week is left, 30 once a month is."""
    reached = [days for days in REMINDER_DAYS if days_left <= days]
    return min(reached) if reached else None


def send_expiry_reminders(now: datetime) -> int:
    """Remind the owners of listings expiring in 30 or 7 days; returns the reminders sent (one per listing)."""
    today = local_date(now)
    listings = db.session.scalars(
        sa.select(Listing)
        .where(
            Listing.status == ListingStatus.PUBLISHED,
            Listing.expires_on >= today,
            Listing.expires_on <= today + timedelta(days=max(REMINDER_DAYS)),
        )
        .options(selectinload(Listing.organisation))
        .order_by(Listing.id)
    ).all()
    sent_before = {
        (listing_id, expires_on, days)
        for listing_id, expires_on, days in db.session.execute(
            sa.select(ExpiryReminder.listing_id, ExpiryReminder.expires_on, ExpiryReminder.days_before).where(
                ExpiryReminder.listing_id.in_([listing.id for listing in listings])
            )
        )
    }
    sent = 0
    for listing in listings:
        days_left = (listing.expires_on - today).days
        threshold = _due_threshold(days_left)
        if threshold is None or (listing.id, listing.expires_on, threshold) in sent_before:
            continue
        # The nearer reminder makes the farther one pointless: a listing first seen a week out gets one mail.
        for days in REMINDER_DAYS:
            if days >= threshold and (listing.id, listing.expires_on, days) not in sent_before:
                db.session.add(ExpiryReminder(listing_id=listing.id, expires_on=listing.expires_on, days_before=days))
        _remind_owners(listing, days_left)
        if _committed():
            sent += 1
    return sent


def _remind_owners(listing: Listing, days_left: int) -> None:
    renew_url = url_for("listings.show", listing_id=listing.id, slug=listing.slug, _external=True)
    notify(
        _wanting(_members_of(listing.organisation_id), MailKind.REMINDERS),
        lambda: _("Your listing expires in %(days)d days", days=days_left),
        lambda: _(
            "The listing “%(title)s” stops being public on %(date)s. To keep it on Techport for another "
            "12 months, open it and choose Renew: %(url)s",
            title=listing.title,
            date=listing.expires_on.isoformat(),
            url=renew_url,
        ),
        link=renew_url,
        category="reminder",
        unsubscribe_url=lambda user: unsubscribe_url(user, MailKind.REMINDERS),
    )


def send_review_digest(now: datetime) -> int:
    """Tell the curators, once a day, how many listings wait for review; returns the messages sent."""
    today = local_date(now)
    if db.session.get(ReviewDigest, today) is not None:
        return 0
    waiting = listing_queries.review_queue()
    if not waiting:
        return 0
    curators = _wanting(
        list(db.session.scalars(sa.select(User).where(User.role == Role.CURATOR, User.status == AccountStatus.ACTIVE))),
        MailKind.DIGESTS,
    )
    db.session.add(ReviewDigest(digest_date=today, queue_length=len(waiting)))
    queue_url = url_for("curation.queue", _external=True)
    titles = "\n".join(f"- {listing.title} (no. {listing.id})" for listing in waiting[:20])
    notify(
        curators,
        lambda: _("%(count)d listings wait for review", count=len(waiting)),
        lambda: _(
            "These listings wait for a curator, the longest-waiting first:\n\n%(titles)s\n\nOpen the queue: %(url)s",
            titles=titles,
            url=queue_url,
        ),
        link=queue_url,
        category="digest",
        unsubscribe_url=lambda user: unsubscribe_url(user, MailKind.DIGESTS),
    )
    return len(curators) if _committed() else 0


def _committed() -> bool:
    """Commit the record with its mail; another worker that recorded it first wins, and this copy is dropped."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
