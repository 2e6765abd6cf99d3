"""The audit log: who did what to which record, when, and how it looked before and after."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.accounts.models import User
from techport.extensions import db
from techport.models_common import UTCDateTime, utcnow

ACTION_MAX = 64
TARGET_TYPE_MAX = 40


class AuditEntry(db.Model):
    """One recorded action; rows are only ever added (an ORM guard refuses updates and deletes)."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for actions of the system itself (CLI, worker).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(ACTION_MAX), index=True)
    target_type: Mapped[str] = mapped_column(sa.String(TARGET_TYPE_MAX))
    target_id: Mapped[int | None] = mapped_column(sa.Integer)
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_changes(_mapper, _connection, entry: AuditEntry) -> None:
    raise AuditLogIsAppendOnly(f"audit entry {entry.id} cannot be changed")
