"""Accounts, the sign-in throttle and the development mail outbox."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation

EMAIL_MAX = 254
FULL_NAME_MAX = 120
PASSWORD_MIN = 12
PASSWORD_MAX = 128


class Role(enum.StrEnum):
    ADMIN = "admin"
    CURATOR = "curator"
    MEMBER = "member"


class OrganisationRole(enum.StrEnum):
    """A person's place inside their organisation; organisation admins approve their colleagues."""

    MEMBER = "member"
    ADMIN = "admin"


class AccountStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    DISABLED = "disabled"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(FULL_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"), default=Role.MEMBER)
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus, "account_status"), default=AccountStatus.PENDING
    )
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Part of the id in every session and remember cookie; raising it signs every one of them out.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    organisation_role: Mapped[OrganisationRole] = mapped_column(
        enum_column(OrganisationRole, "organisation_role"), default=OrganisationRole.MEMBER, server_default="member"
    )
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    reviewed_by: Mapped["User | None"] = relationship(remote_side=[id])

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sessions for accounts that are not approved."""
        return self.status == AccountStatus.ACTIVE

    @property
    def is_organisation_admin(self) -> bool:
        return self.organisation_id is not None and self.organisation_role == OrganisationRole.ADMIN

    def get_id(self) -> str:
        """What Flask-Login stores in the cookies: ``<id>:<session version>``."""
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginFailure(db.Model):
    """One failed sign-in; counted per e-mail and client address to lock out guessing.

    Rows older than the lock window are pruned whenever one is written, so with the sign-in rate
    limits the table holds at most about (global limit x lock window) rows per limiter storage,
    made-up e-mails included;
    unknown e-mails are recorded like known ones so that the lock does not reveal which exist.
    """

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_email_ip_at", "email", "ip_address", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX))
    ip_address: Mapped[str] = mapped_column(sa.String(45))
    # Indexed alone too: stale rows of every e-mail are pruned by age.
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    # Claimed by a sender and committed before the SMTP conversation (techport/mail_delivery/outbox.py).
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutgoingEmail(db.Model):
    """The mail outbox: every message the app sends, queued in the caller's transaction and delivered by
    ``techport worker`` (or ``techport mail send-pending``), kept afterwards so people and tests can read it."""

    __tablename__ = "outgoing_emails"
    __table_args__ = (sa.Index("ix_outgoing_emails_due", "status", "next_attempt_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), index=True)
    subject: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text)
    list_unsubscribe: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Made when queued, so every delivery attempt of one message carries the same Message-ID.
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus, "mail_status"), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
