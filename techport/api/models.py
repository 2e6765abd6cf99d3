"""API tokens: an organisation's keys for other systems, kept only as hashes."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation

NAME_MAX = 100
PREFIX_LENGTH = 12
# SHA-256 in hexadecimal.
HASH_LENGTH = 64


class TokenScope(enum.StrEnum):
    """``read`` sees the organisation's own listings; ``write`` also creates, edits and moves them."""

    READ = "read"
    WRITE = "write"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, "api_token_scope"))
    # The first characters of the secret, shown in the list so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(PREFIX_LENGTH))
    secret_hash: Mapped[str] = mapped_column(sa.String(HASH_LENGTH), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped["User | None"] = relationship()  # noqa: F821

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def allows(self, scope: TokenScope) -> bool:
        return self.scope == TokenScope.WRITE or scope == TokenScope.READ

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… of {self.organisation_id}>"
