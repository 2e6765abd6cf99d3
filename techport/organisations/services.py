"""Organisation use cases: listing, profiles, membership and the demo upsert."""

import re
import unicodedata

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from techport.accounts.models import AccountStatus, OrganisationRole, User
from techport.audit.services import record
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import IP_HOLDER_KINDS
from techport.listings.vocabulary import ListingKind, ListingStatus
from techport.organisations import verification
from techport.organisations.models import SLUG_MAX, Organisation, OrganisationKind

PROFILE_FIELDS = (
    "name_vi",
    "name_en",
    "short_name",
    "province",
    "website",
    "description_vi",
    "description_en",
    "transfer_office_vi",
    "transfer_office_en",
)
STAFF_FIELDS = ("kind", "verified")


JOINING_FIELDS = ("name_vi", "name_en", "kind", "province", "website")
# A Vietnamese tax code (10 digits, "-" and 3 more for a branch) or a public body's 7-digit establishment code.
TAX_CODE_PATTERN = re.compile(r"\d{10}(-\d{3})?|\d{7}")


class SlugTaken(ValueError):
    pass


class TaxCodeTaken(ValueError):
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


def _not_retired():
    return sa.and_(Organisation.merged_into_id.is_(None), Organisation.rejected_at.is_(None))


def organisation_choices(locale: str) -> list[tuple[int, str]]:
    """What sign-up and other pickers offer: every organisation not rejected or merged away."""
    rows = db.session.execute(
        sa.select(Organisation.id, _name_column(locale), Organisation.short_name)
        .where(_not_retired())
        .order_by(_name_column(locale))
    )
    return [(id_, f"{name} ({short})" if short else name) for id_, name, short in rows]


def get_organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def find_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def list_organisations(*, locale: str, page: int, per_page: int, kind: OrganisationKind | None = None) -> Pagination:
    query = sa.select(Organisation).where(_not_retired()).order_by(_name_column(locale), Organisation.id)
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def members_of(organisation: Organisation) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(User.organisation_id == organisation.id).order_by(User.status, User.full_name)
        )
    )


def active_admins_of(organisation: Organisation) -> list[User]:
    """The organisation's admins who can act now, by name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.organisation_id == organisation.id,
                User.organisation_role == OrganisationRole.ADMIN,
                User.status == AccountStatus.ACTIVE,
            )
            .order_by(User.full_name, User.id)
        )
    )


def member_of(organisation: Organisation, user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.organisation_id == organisation.id else None


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


def update_profile(
    organisation: Organisation, values: dict, *, editor: User, staff: bool, kind_editable: bool = False
) -> None:
    """Apply a validated form; staff may change the kind and the verified flag, organisation admins the kind.

    A member's change of a verified organisation's names or kind sends it back to the verification queue.
    Raises ``KindChangeRefused``, changing nothing, for a kind that could not hold the organisation's IP assets.
    """
    kind = values.get("kind") if staff or kind_editable else None
    if kind is not None and kind != organisation.kind and kind not in IP_HOLDER_KINDS:
        held = ip_assets_held(organisation)
        if held:
            raise KindChangeRefused(held)
    before = verification.audit_state(organisation)
    profile_before = _profile_state(organisation)
    allowed = PROFILE_FIELDS + (STAFF_FIELDS if staff else ("kind",) if kind_editable else ())
    for field in allowed:
        if field in values:
            setattr(organisation, field, values[field])
    if staff:
        if organisation.verified and not before["verified"]:
            organisation.verified_identity = verification.identity(organisation)
        after = verification.audit_state(organisation)
        if after != before:
            record(editor, "organisation.identity_changed", "organisation", organisation.id, before, after)
        elif _profile_state(organisation) != profile_before:
            record(
                editor,
                "organisation.profile_changed",
                "organisation",
                organisation.id,
                profile_before,
                _profile_state(organisation),
            )
    else:
        verification.send_back_if_identity_changed(
            organisation, {field: before[field] for field in verification.IDENTITY_FIELDS}, editor
        )
    db.session.commit()


def normalise_tax_code(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_valid_tax_code(text: str) -> bool:
    return TAX_CODE_PATTERN.fullmatch(normalise_tax_code(text)) is not None


def tax_code_taken(tax_code: str) -> bool:
    return (
        db.session.scalar(sa.select(Organisation.id).where(Organisation.tax_code == normalise_tax_code(tax_code)))
        is not None
    )


def add_joining_organisation(values: dict) -> Organisation:
    """A firm or body joining with its first member: added unverified and queued, uncommitted.

    Raises ``TaxCodeTaken`` or ``SlugTaken`` (a similar name is already listed), adding nothing.
    """
    tax_code = normalise_tax_code(values["tax_code"])
    if tax_code_taken(tax_code):
        raise TaxCodeTaken(tax_code)
    slug = slugify(values["name_en"]) or slugify(values["name_vi"])
    if not slug or find_by_slug(slug) is not None:
        raise SlugTaken(slug)
    organisation = Organisation(slug=slug, tax_code=tax_code, **{key: values[key] for key in JOINING_FIELDS})
    db.session.add(organisation)
    verification.enqueue_new(organisation)
    return organisation


def _profile_state(organisation: Organisation) -> dict:
    return {field: getattr(organisation, field) for field in PROFILE_FIELDS + STAFF_FIELDS}


def create_organisation(values: dict, creator: User | None = None) -> Organisation:
    slug = slugify(values.get("slug") or values.get("short_name") or values["name_en"])
    if find_by_slug(slug) is not None:
        raise SlugTaken(slug)
    organisation = Organisation(
        slug=slug, **{key: values[key] for key in PROFILE_FIELDS + STAFF_FIELDS if key in values}
    )
    db.session.add(organisation)
    db.session.flush()
    record(creator, "organisation.created", "organisation", organisation.id, None, _profile_state(organisation))
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
