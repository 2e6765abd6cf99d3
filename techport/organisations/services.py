"""Organisation use cases: listing, profiles, membership and the demo upsert."""

import re
import unicodedata

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from techport.accounts.models import AccountStatus, User
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import IP_HOLDER_KINDS
from techport.listings.vocabulary import ListingKind, ListingStatus
from techport.organisations.models import SLUG_MAX, Organisation, OrganisationKind

PROFILE_FIELDS = (
    "name_vi",
    "name_en",
    "short_name",
    "province",
    "website",
    "description_vi",
    "description_en",
)
STAFF_FIELDS = ("kind", "verified")


class SlugTaken(ValueError):
    pass


class KindChangeRefused(ValueError):
    """Only universities and institutes hold IP assets, so one with live IP asset listings keeps such a kind."""

    def __init__(self, ip_assets: int):
        super().__init__(f"{ip_assets} IP asset listings are not archived")
        self.ip_assets = ip_assets


def slugify(text: str) -> str:
    """ASCII slug that also folds Vietnamese letters: "Đại học Bách khoa" -> "dai-hoc-bach-khoa"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-")


def _name_column(locale: str):
    return Organisation.name_en if locale == "en" else Organisation.name_vi


def organisation_choices(locale: str) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Organisation.id, _name_column(locale), Organisation.short_name).order_by(_name_column(locale))
    )
    return [(id_, f"{name} ({short})" if short else name) for id_, name, short in rows]


def get_organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def find_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def list_organisations(*, locale: str, page: int, per_page: int, kind: OrganisationKind | None = None) -> Pagination:
    query = sa.select(Organisation).order_by(_name_column(locale), Organisation.id)
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def members_of(organisation: Organisation) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(User.organisation_id == organisation.id).order_by(User.status, User.full_name)
        )
    )


def active_member_count(organisation: Organisation) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.organisation_id == organisation.id, User.status == AccountStatus.ACTIVE
        )
    )


def ip_assets_held(organisation: Organisation) -> int:
    """IP asset listings that can still change or be shown again; archived ones are frozen for good."""
    return db.session.scalar(
        sa.select(sa.func.count(Listing.id)).where(
            Listing.organisation_id == organisation.id,
            Listing.kind == ListingKind.IP_ASSET,
            Listing.status != ListingStatus.ARCHIVED,
        )
    )


def update_profile(organisation: Organisation, values: dict, *, staff: bool) -> None:
    """Apply a validated form; only staff may change the kind or the verified flag.

    Raises ``KindChangeRefused``, changing nothing, for a kind that could not hold the organisation's IP assets.
    """
    kind = values.get("kind") if staff else None
    if kind is not None and kind != organisation.kind and kind not in IP_HOLDER_KINDS:
        held = ip_assets_held(organisation)
        if held:
            raise KindChangeRefused(held)
    allowed = PROFILE_FIELDS + (STAFF_FIELDS if staff else ())
    for field in allowed:
        if field in values:
            setattr(organisation, field, values[field])
    db.session.commit()


def create_organisation(values: dict) -> Organisation:
    slug = slugify(values.get("slug") or values.get("short_name") or values["name_en"])
    if find_by_slug(slug) is not None:
        raise SlugTaken(slug)
    organisation = Organisation(
        slug=slug, **{key: values[key] for key in PROFILE_FIELDS + STAFF_FIELDS if key in values}
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def upsert_organisation(record: dict) -> Organisation:
    """Create or refresh an organisation by slug, so seeding twice changes nothing."""
    organisation = find_by_slug(record["slug"]) or Organisation(slug=record["slug"])
    organisation.kind = OrganisationKind(record["kind"])
    for field in PROFILE_FIELDS:
        setattr(organisation, field, record.get(field, ""))
    organisation.verified = bool(record.get("verified", False))
    db.session.add(organisation)
    return organisation
