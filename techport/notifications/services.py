"""The one way to tell people about an event: an in-site notification and a queued mail, in one transaction.

Callers pass ``subject`` and ``body`` as callables so each is rendered once per language (see
``techport.mail.bilingual``); the caller's commit stores the notification and the mail together.
"""

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask_babel import force_locale

from techport.accounts.models import User
from techport.extensions import db
from techport.mail import send_bilingual_mail
from techport.models_common import utcnow
from techport.notifications.models import LINK_MAX, SUBJECT_MAX, Notification


def notify(
    recipients: Iterable[User],
    subject: Callable[[], str],
    body: Callable[[], str],
    *,
    link: str | None = None,
    category: str = "general",
    mail: bool = True,
    unsubscribe_url: Callable[[User], str] | None = None,
) -> list[Notification]:
    """Tell each recipient once, however often they appear in ``recipients``.

    ``unsubscribe_url(user)`` gives that person's one-click unsubscribe link for this kind of mail.
    """
    unique = list({user.id: user for user in recipients}.values())
    subjects = {}
    for locale in ("vi", "en"):
        with force_locale(locale):
            subjects[locale] = str(subject())[:SUBJECT_MAX]
    notifications = [
        Notification(
            user_id=user.id,
            category=category,
            subject_vi=subjects["vi"],
            subject_en=subjects["en"],
            link=link[:LINK_MAX] if link else None,
        )
        for user in unique
    ]
    db.session.add_all(notifications)
    if mail:
        for user in unique:
            send_bilingual_mail(
                [user.email], subject, body, unsubscribe_url=unsubscribe_url(user) if unsubscribe_url else None
            )
    return notifications


def unread_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def recent_for(user: User, limit: int = 50) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount
