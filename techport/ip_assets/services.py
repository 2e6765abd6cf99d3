"""The register's writes and the portfolio's figures. Views call these; each write commits once."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from techport.extensions import db
from techport.inquiries import pipeline as inquiry_pipeline
from techport.inquiries import queries as inquiry_queries
from techport.ip_assets.deadlines import title_deadlines
from techport.ip_assets.models import CoOwner, Inventor, ProtectionTitle, RegisterAsset, TitleEvent
from techport.ip_assets.rules import Deadline
from techport.ip_assets.vocabulary import IpType, LegalStatus, ProtectionType, TitleStatus
from techport.listings import attachments, workflow
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind
from techport.organisations.models import Organisation, OrganisationKind

PROTECTION_TYPES_OFFERABLE = frozenset(ProtectionType(ip_type.value) for ip_type in IpType)
# The listing profile needs one sector; the owners choose the real ones before submitting the draft.
DRAFT_SECTOR = "social_impact"
SHARES_TOTAL_MAX = 100
UPCOMING_MONTHS = 12
STALE_AFTER_MONTHS = 6
LEGAL_STATUS_OF = {
    TitleStatus.GRANTED: LegalStatus.GRANTED,
    TitleStatus.MAINTAINED: LegalStatus.GRANTED,
    TitleStatus.REFUSED: LegalStatus.REFUSED,
    TitleStatus.LAPSED: LegalStatus.EXPIRED,
    TitleStatus.EXPIRED: LegalStatus.EXPIRED,
}


class RegisterError(ValueError):
    """The entry breaks a rule of the register; ``problems`` says which, in the reader's language."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DatedDeadline:
    """A deadline together with the title and asset it belongs to, for calendars and reminders."""

    deadline: Deadline
    title: ProtectionTitle

    @property
    def asset(self) -> RegisterAsset:
        return self.title.asset


def share_problems(inventors: list[dict], owners: list[dict]) -> list[str]:
    problems = []
    if sum(owner["share"] for owner in owners) > SHARES_TOTAL_MAX:
        problems.append(_("The co-owners' shares add up to more than 100%."))
    if sum(inventor.get("remuneration_share") or 0 for inventor in inventors) > SHARES_TOTAL_MAX:
        problems.append(_("The inventors' remuneration shares add up to more than 100%."))
    return problems


def title_problems(values: dict) -> list[str]:
    problems = []
    filed, priority, granted = values.get("application_date"), values.get("priority_date"), values.get("grant_date")
    if priority and filed and priority > filed:
        problems.append(_("The priority date cannot be after the filing date."))
    if granted and filed and granted < filed:
        problems.append(_("The grant date cannot be before the filing date."))
    return problems


def save_asset(
    asset: RegisterAsset, fields: dict, title_values: dict | None, inventors: list[dict], owners: list[dict]
) -> RegisterAsset:
    """Store the asset with its people (replacing the old lists) and, for a new asset, its first title."""
    problems = share_problems(inventors, owners) + (title_problems(title_values) if title_values else [])
    if problems:
        raise RegisterError(problems)
    for name, value in fields.items():
        setattr(asset, name, value)
    asset.inventors = [Inventor(**inventor) for inventor in inventors]
    asset.owners = [CoOwner(**owner) for owner in owners]
    asset.updated_at = datetime.now(UTC)
    if title_values is not None:
        asset.titles.append(new_title(title_values))
    db.session.add(asset)
    db.session.commit()
    return asset


def save_title(title: ProtectionTitle, values: dict) -> ProtectionTitle:
    problems = title_problems(values)
    if problems:
        raise RegisterError(problems)
    for name, value in values.items():
        setattr(title, name, value)
    title.asset.updated_at = datetime.now(UTC)
    db.session.commit()
    return title


def add_title(asset: RegisterAsset, values: dict) -> ProtectionTitle:
    problems = title_problems(values)
    if problems:
        raise RegisterError(problems)
    title = new_title(values)
    asset.titles.append(title)
    asset.updated_at = datetime.now(UTC)
    db.session.commit()
    return title


def new_title(values: dict) -> ProtectionTitle:
    title = ProtectionTitle(**values)
    if title.application_date:
        title.events.append(TitleEvent(status=TitleStatus.FILED, happened_on=title.application_date, note=""))
    return title


def record_event(title: ProtectionTitle, status: TitleStatus, happened_on: date, note: str, upload=None) -> TitleEvent:
    """Add a step to the legal timeline and move the title to it; the document passes the attachment checks
    (raises ``attachments.AttachmentRejected`` and writes nothing when it fails one)."""
    event = TitleEvent(status=status, happened_on=happened_on, note=note)
    path = None
    if upload is not None and upload.filename:
        checked = attachments.check_upload(upload)
        path = attachments.write_file(checked)
        event.document_filename = checked.filename
        event.document_stored_name = path.name
        event.document_media_type = checked.media_type
    title.events.append(event)
    title.status = status
    if status == TitleStatus.GRANTED and title.grant_date is None:
        title.grant_date = happened_on
    if status == TitleStatus.PUBLISHED and title.publication_date is None:
        title.publication_date = happened_on
    title.asset.updated_at = datetime.now(UTC)
    if path is None:
        db.session.commit()
    else:
        attachments.commit_or_discard(path)
    return event


def document_path(event: TitleEvent):
    return attachments.storage_dir() / event.document_stored_name


def register_query(organisation: Organisation, protection_type=None, status=None, text: str = ""):
    query = (
        sa.select(RegisterAsset)
        .where(RegisterAsset.organisation_id == organisation.id)
        .options(selectinload(RegisterAsset.titles), selectinload(RegisterAsset.listings))
        .order_by(RegisterAsset.updated_at.desc(), RegisterAsset.id.desc())
    )
    if protection_type or status:
        conditions = [ProtectionTitle.asset_id == RegisterAsset.id]
        if protection_type:
            conditions.append(ProtectionTitle.protection_type == protection_type)
        if status:
            conditions.append(ProtectionTitle.status == status)
        query = query.where(sa.exists().where(*conditions))
    if text:
        pattern = f"%{text}%"
        query = query.where(sa.or_(RegisterAsset.title.ilike(pattern), RegisterAsset.reference.ilike(pattern)))
    return query


def organisation_assets(organisation: Organisation, **filters) -> list[RegisterAsset]:
    return list(db.session.scalars(register_query(organisation, **filters)).unique())


def deadlines_between(assets: list[RegisterAsset], today: date, until: date, since: date | None = None):
    """The deadlines as of ``today`` that fall from ``since`` (default today) to ``until``, soonest first."""
    since = since or today
    found = [
        DatedDeadline(deadline, title)
        for asset in assets
        for title in asset.titles
        for deadline in title_deadlines(title, today)
        if since <= deadline.due_on <= until
    ]
    return sorted(found, key=lambda item: (item.deadline.due_on, item.title.id))


def upcoming_deadlines(assets: list[RegisterAsset], today: date) -> list[DatedDeadline]:
    return deadlines_between(assets, today, today + relativedelta(months=UPCOMING_MONTHS))


def calendar_by_month(assets: list[RegisterAsset], today: date) -> list[tuple[date, list[DatedDeadline]]]:
    months: dict[date, list[DatedDeadline]] = {}
    for item in upcoming_deadlines(assets, today):
        months.setdefault(item.deadline.due_on.replace(day=1), []).append(item)
    return list(months.items())


def later_deadlines(assets: list[RegisterAsset], today: date) -> list[DatedDeadline]:
    """Everything after the calendar's 12 months: term ends, renewals and distant examination requests."""
    start = today + relativedelta(months=UPCOMING_MONTHS) + relativedelta(days=1)
    return deadlines_between(assets, today, date.max, since=start)


@dataclass(frozen=True)
class AssetDeals:
    """The inquiries on an asset's listings (newest activity first) and the agreements signed on it."""

    inquiries: list
    agreements: list

    @property
    def active(self) -> list:
        return [inquiry for inquiry in self.inquiries if inquiry_pipeline.is_open(inquiry)]


def _owner_inquiries(organisation: Organisation) -> list:
    return [inquiry for stage in inquiry_queries.owner_pipeline(organisation.id).values() for inquiry in stage]


def _deals(asset: RegisterAsset, inquiries: list) -> AssetDeals:
    listing_ids = {listing.id for listing in asset.listings}
    on_asset = [inquiry for inquiry in inquiries if inquiry.listing_id in listing_ids]
    agreements = [
        inquiry
        for inquiry in inquiries
        if inquiry.agreement_signed_on is not None
        and (inquiry.listing_id in listing_ids or listing_ids & set(inquiry.agreement_listing_ids or []))
    ]
    return AssetDeals(on_asset, sorted(agreements, key=lambda inquiry: inquiry.agreement_signed_on, reverse=True))


def asset_deals(asset: RegisterAsset) -> AssetDeals:
    if not asset.listings:
        return AssetDeals([], [])
    return _deals(asset, _owner_inquiries(asset.organisation))


@dataclass(frozen=True)
class Portfolio:
    by_type: Counter
    by_status: Counter
    upcoming: list[DatedDeadline]
    without_listing: list[RegisterAsset]
    asset_count: int
    # (asset, its open inquiries), the busiest first.
    with_active_inquiries: list[tuple[RegisterAsset, list]]


def portfolio(organisation: Organisation, today: date) -> Portfolio:
    assets = organisation_assets(organisation)
    titles = [title for asset in assets for title in asset.titles]
    inquiries = _owner_inquiries(organisation) if any(asset.listings for asset in assets) else []
    active = [(asset, _deals(asset, inquiries).active) for asset in assets if asset.listings]
    return Portfolio(
        by_type=Counter(title.protection_type for title in titles),
        by_status=Counter(title.status for title in titles),
        upcoming=upcoming_deadlines(assets, today),
        without_listing=[asset for asset in assets if not asset.listings],
        asset_count=len(assets),
        with_active_inquiries=sorted(
            ((asset, open_ones) for asset, open_ones in active if open_ones), key=lambda item: -len(item[1])
        ),
    )


def offer_on_exchange(asset: RegisterAsset) -> Listing:
    """A draft IP-asset listing prefilled from the register, linked to the asset; the owners finish and submit it."""
    title = next((t for t in asset.titles if t.protection_type in PROTECTION_TYPES_OFFERABLE), None)
    record = {
        "external_id": workflow.new_external_id(),
        "organisation": asset.organisation.slug,
        "kind": ListingKind.IP_ASSET.value,
        "status": "draft",
        "language": "vi",
        "title": asset.title,
        "summary": (asset.summary or asset.title)[:280],
        "description": asset.summary or asset.title,
        "trl": 3,
        "sectors": [DRAFT_SECTOR],
        "transfer_modes": ["licence"],
    }
    if title is not None:
        ip = {
            "ip_type": title.protection_type.value,
            "legal_status": LEGAL_STATUS_OF.get(title.status, LegalStatus.FILED).value,
            "application_number": title.application_number,
            "application_date": title.application_date.isoformat() if title.application_date else None,
            "grant_number": title.grant_number,
            "grant_date": title.grant_date.isoformat() if title.grant_date else None,
            "inventors": [inventor.name for inventor in asset.inventors],
            "owners": [{"name": owner.name, "share": owner.share} for owner in asset.owners],
        }
        record["ip"] = {name: value for name, value in ip.items() if value not in (None, "", [])}
    listing = workflow.create_listing(record, asset.organisation, submit=False)
    asset.listings.append(listing)
    db.session.commit()
    return listing


def stale_registers(today: date) -> list[tuple[Organisation, datetime | None]]:
    """Universities whose register has not changed for 6 months (or was never started), oldest first."""
    cutoff = datetime.combine(today - relativedelta(months=STALE_AFTER_MONTHS), datetime.min.time(), tzinfo=UTC)
    last_update = (
        sa.select(RegisterAsset.organisation_id, sa.func.max(RegisterAsset.updated_at).label("updated"))
        .group_by(RegisterAsset.organisation_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Organisation, last_update.c.updated)
        .outerjoin(last_update, last_update.c.organisation_id == Organisation.id)
        .where(Organisation.kind == OrganisationKind.UNIVERSITY)
        .where(sa.or_(last_update.c.updated.is_(None), last_update.c.updated < cutoff))
        .order_by(last_update.c.updated.is_(None).desc(), last_update.c.updated, Organisation.slug)
    ).all()
    return [(organisation, updated) for organisation, updated in rows]


def move_organisation(source_id: int, target_id: int) -> list[int]:
    """An organisation merged into another: its IP register follows it. Returns the ids of the assets moved."""
    moved = list(db.session.scalars(sa.select(RegisterAsset.id).where(RegisterAsset.organisation_id == source_id)))
    db.session.execute(
        sa.update(RegisterAsset).where(RegisterAsset.organisation_id == source_id).values(organisation_id=target_id),
        execution_options={"synchronize_session": "fetch"},
    )
    return moved
