"""Organisations: the universities, institutes, firms and agencies that trade on Techport."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.models_common import UTCDateTime, enum_column, utcnow

NAME_MAX = 255
SHORT_NAME_MAX = 32
SLUG_MAX = 80
PROVINCE_MAX = 100
WEBSITE_MAX = 255
DESCRIPTION_MAX = 4000


class OrganisationKind(enum.StrEnum):
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    FIRM = "firm"
    AGENCY = "agency"


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"))
    name_vi: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    name_en: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    short_name: Mapped[str] = mapped_column(sa.String(SHORT_NAME_MAX), default="")
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX), unique=True)
    province: Mapped[str] = mapped_column(sa.String(PROVINCE_MAX), default="")
    website: Mapped[str] = mapped_column(sa.String(WEBSITE_MAX), default="")
    description_vi: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    verified: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="organisation")  # noqa: F821

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_vi

    def description_for(self, locale: str) -> str:
        primary, fallback = (
            (self.description_en, self.description_vi) if locale == "en" else (self.description_vi, self.description_en)
        )
        return primary or fallback

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
