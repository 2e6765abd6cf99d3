"""Recording and reading the audit log; every domain calls ``record`` in its own transaction."""

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from techport.accounts.models import User
from techport.audit.models import AuditEntry
from techport.extensions import db


def _jsonable(value):
    """Enums, dates and nested containers as plain JSON values, so ``before``/``after`` always store."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    return value


def record(
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Add an entry to the session; it is committed with the change it describes, or not at all."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    db.session.add(entry)
    return entry


def actors_of(target_type: str, target_id: int) -> set[int]:
    """The people who acted on one target (submitted a listing, changed it...): who its notices concern."""
    query = sa.select(AuditEntry.actor_id).where(
        AuditEntry.target_type == target_type, AuditEntry.target_id == target_id, AuditEntry.actor_id.is_not(None)
    )
    return set(db.session.scalars(query.distinct()))


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    target_type: str = ""
    target_id: int | None = None
    actor_email: str = ""
    since: date | None = None
    until: date | None = None


def browse(filters: AuditFilters, *, page: int, per_page: int) -> Pagination:
    """Newest first, narrowed by ``filters``."""
    query = sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        query = query.where(AuditEntry.target_id == filters.target_id)
    if filters.actor_email:
        query = query.join(User, AuditEntry.actor_id == User.id).where(User.email == filters.actor_email.lower())
    if filters.since:
        query = query.where(AuditEntry.created_at >= datetime.combine(filters.since, time(), tzinfo=UTC))
    if filters.until:
        query = query.where(
            AuditEntry.created_at < datetime.combine(filters.until + timedelta(days=1), time(), tzinfo=UTC)
        )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def known_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def known_target_types() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)))
