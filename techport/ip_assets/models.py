"""The legal record of an IP asset listing."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.ip_assets.vocabulary import IP_NUMBER_MAX, IpType, LegalStatus
from techport.listings.models import Listing
from techport.models_common import enum_column


class IpAssetDetails(db.Model):
    __tablename__ = "ip_asset_details"

    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    ip_type: Mapped[IpType] = mapped_column(enum_column(IpType, "ip_type"), index=True)
    legal_status: Mapped[LegalStatus] = mapped_column(enum_column(LegalStatus, "ip_legal_status"))
    application_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    application_date: Mapped[date | None] = mapped_column(sa.Date)
    grant_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    grant_date: Mapped[date | None] = mapped_column(sa.Date)
    inventors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # [{"name": "...", "share": 60}, ...]; shares add up to 100.
    owners: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)

    listing: Mapped[Listing] = relationship(back_populates="ip_details")
