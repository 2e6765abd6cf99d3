"""NDAs and the PDF templates organisations upload instead of the exchange's default text.

An NDA fixes its template (version and SHA-256 of the exact text or file) when it is required, so both
signatures always refer to the same bytes, whatever templates come later.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.accounts.models import User
from techport.extensions import db
from techport.listings.models import ATTACHMENT_FILENAME_MAX, STORED_NAME_MAX, Listing
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation

VERSION_MAX = 80
SHA256_HEX_LENGTH = 64
SIGNER_NAME_MAX = 200
IP_ADDRESS_MAX = 45


class NdaStatus(enum.StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    SIGNED = "signed"


class NdaTemplate(db.Model):
    """An organisation's own NDA as a PDF. Files are never replaced in place: a new upload is a new row, and
    the old one is retired but kept, because NDAs signed on it refer to its hash."""

    __tablename__ = "nda_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    version: Mapped[str] = mapped_column(sa.String(VERSION_MAX))
    filename: Mapped[str] = mapped_column(sa.String(ATTACHMENT_FILENAME_MAX))
    stored_name: Mapped[str] = mapped_column(sa.String(STORED_NAME_MAX), unique=True)
    sha256: Mapped[str] = mapped_column(sa.String(SHA256_HEX_LENGTH))
    size_bytes: Mapped[int] = mapped_column(sa.Integer)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    uploaded_by: Mapped[User] = relationship()


class Nda(db.Model):
    """One NDA per listing and inquiring organisation: required by the owner, accepted by the inquirer,
    countersigned by the owner. Each signature keeps the signer's name as it was, the time and the address."""

    __tablename__ = "ndas"
    __table_args__ = (sa.UniqueConstraint("listing_id", "asking_organisation_id", name="uq_ndas_listing_asking"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    owner_organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    asking_organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    status: Mapped[NdaStatus] = mapped_column(enum_column(NdaStatus, "nda_status"), default=NdaStatus.REQUESTED)
    # Null means the exchange's default text, identified by template_version.
    template_id: Mapped[int | None] = mapped_column(sa.ForeignKey("nda_templates.id"))
    template_version: Mapped[str] = mapped_column(sa.String(VERSION_MAX))
    template_sha256: Mapped[str] = mapped_column(sa.String(SHA256_HEX_LENGTH))
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    accepted_by_name: Mapped[str] = mapped_column(sa.String(SIGNER_NAME_MAX), default="")
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_ip: Mapped[str] = mapped_column(sa.String(IP_ADDRESS_MAX), default="")
    countersigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    countersigned_by_name: Mapped[str] = mapped_column(sa.String(SIGNER_NAME_MAX), default="")
    countersigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    countersigned_ip: Mapped[str] = mapped_column(sa.String(IP_ADDRESS_MAX), default="")

    listing: Mapped[Listing] = relationship()
    owner_organisation: Mapped[Organisation] = relationship(foreign_keys=[owner_organisation_id])
    asking_organisation: Mapped[Organisation] = relationship(foreign_keys=[asking_organisation_id])
    template: Mapped[NdaTemplate | None] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])

    @property
    def is_signed(self) -> bool:
        return self.status == NdaStatus.SIGNED
