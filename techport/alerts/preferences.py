"""Which mail a person wants, and the signed one-click unsubscribe links that change it without a sign-in."""

import enum

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from techport.accounts.models import User
from techport.alerts.models import MailPreferences
from techport.extensions import db

TOKEN_SALT = "techport-unsubscribe"


class MailKind(enum.StrEnum):
    """The kinds of mail a person may turn off; each is a column of ``MailPreferences``."""

    ALERTS = "alerts"
    REMINDERS = "reminders"
    DIGESTS = "digests"


def preferences_for(user: User) -> MailPreferences:
    """The stored preferences, or the defaults (everything on) without writing them."""
    return db.session.get(MailPreferences, user.id) or MailPreferences(
        user_id=user.id, alerts=True, reminders=True, digests=True
    )


def wants(user: User, kind: MailKind) -> bool:
    return getattr(preferences_for(user), kind.value)


def users_refusing(user_ids: set[int], kind: MailKind) -> set[int]:
    """Which of ``user_ids`` turned ``kind`` off (one query for a whole job)."""
    if not user_ids:
        return set()
    column = getattr(MailPreferences, kind.value)
    return set(
        db.session.scalars(
            db.select(MailPreferences.user_id).where(MailPreferences.user_id.in_(user_ids), column.is_(False))
        )
    )


def save_preferences(user: User, **choices: bool) -> None:
    preferences = db.session.get(MailPreferences, user.id)
    if preferences is None:
        preferences = MailPreferences(user_id=user.id, alerts=True, reminders=True, digests=True)
        db.session.add(preferences)
    for kind in MailKind:
        if kind.value in choices:
            setattr(preferences, kind.value, bool(choices[kind.value]))
    db.session.commit()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def unsubscribe_token(user: User, kind: MailKind) -> str:
    return _serializer().dumps({"user": user.id, "kind": kind.value})


def unsubscribe_url(user: User, kind: MailKind) -> str:
    return url_for("alerts.unsubscribe", token=unsubscribe_token(user, kind), _external=True)


def read_unsubscribe_token(token: str) -> tuple[User, MailKind] | None:
    """The person and kind of mail a link names, or None when it was not signed by us or names nobody."""
    try:
        payload = _serializer().loads(token)
        kind = MailKind(payload["kind"])
        user = db.session.get(User, int(payload["user"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    return (user, kind) if user is not None else None
