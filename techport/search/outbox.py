"""The search outbox: every change to something searchable leaves a row in the same transaction.

The indexer (``indexer/``) reads these rows, builds each document from the database and sends it
to Elasticsearch, marking a row done only once Elasticsearch confirmed it. Because the row is written
by the same flush as the change, a change can never reach the database without reaching the outbox.
"""

import enum
from datetime import datetime
from itertools import chain

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from techport.extensions import db
from techport.ip_assets.models import IpAssetDetails
from techport.listings.models import Listing
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation


class OutboxEntity(enum.StrEnum):
    LISTING = "listing"
    # An organisation's names and place appear in its listings' documents; the indexer
    # rebuilds every listing of the organisation.
    ORGANISATION = "organisation"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    PARKED = "parked"


class OutboxEntry(db.Model):
    __tablename__ = "search_outbox"
    __table_args__ = (sa.Index("ix_search_outbox_pending", "status", "next_attempt_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[OutboxEntity] = mapped_column(enum_column(OutboxEntity, "outbox_entity"))
    entity_id: Mapped[int] = mapped_column(sa.Integer)
    version: Mapped[int] = mapped_column(sa.Integer, default=0)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def _outbox_rows(session: Session) -> list[dict]:
    rows: dict[tuple[OutboxEntity, int], int] = {}
    for instance in chain(session.new, session.dirty, session.deleted):
        if instance in session.dirty and not session.is_modified(instance, include_collections=False):
            continue
        if isinstance(instance, Listing):
            key, version = (OutboxEntity.LISTING, instance.id), instance.version
        elif isinstance(instance, IpAssetDetails):
            listing = instance.listing
            key, version = (OutboxEntity.LISTING, instance.listing_id), listing.version if listing else 0
        elif isinstance(instance, Organisation):
            key, version = (OutboxEntity.ORGANISATION, instance.id), 0
        else:
            continue
        rows[key] = max(version, rows.get(key, 0))
    now = utcnow()
    return [
        {
            "entity": entity.value,
            "entity_id": entity_id,
            "version": version,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
        }
        for (entity, entity_id), version in rows.items()
        if entity_id is not None
    ]


def _record_search_changes(session: Session, flush_context) -> None:
    rows = _outbox_rows(session)
    if rows:
        session.connection().execute(sa.insert(OutboxEntry.__table__), rows)


def install_outbox_hook() -> None:
    """Write outbox rows on every flush of every session (idempotent)."""
    if not event.contains(Session, "after_flush", _record_search_changes):
        event.listen(Session, "after_flush", _record_search_changes)
