"""What a person was told in the site, in both languages, and whether they have read it."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from techport.extensions import db
from techport.models_common import UTCDateTime, utcnow

SUBJECT_MAX = 255
LINK_MAX = 500


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    category: Mapped[str] = mapped_column(sa.String(40))
    subject_vi: Mapped[str] = mapped_column(sa.String(SUBJECT_MAX))
    subject_en: Mapped[str] = mapped_column(sa.String(SUBJECT_MAX))
    link: Mapped[str | None] = mapped_column(sa.String(LINK_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def subject_for(self, locale: str) -> str:
        return self.subject_en if locale == "en" else self.subject_vi
