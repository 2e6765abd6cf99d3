"""Demo registers for every demo university, dated relative to today so deadlines fall in the coming months."""

from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.extensions import db
from techport.ip_assets.models import CoOwner, Inventor, ProtectionTitle, RegisterAsset, TitleEvent
from techport.ip_assets.vocabulary import ProtectionType, TitleStatus
from techport.organisations.models import Organisation, OrganisationKind

DEMO_REFERENCE_PREFIX = "DEMO-"
OFFICE = "Cục Sở hữu trí tuệ"
# One university in five last touched its register 7-9 months ago, so the curators' freshness view has work.
STALE_EVERY = 5
STALE_REMAINDER = 2


def _last_update(number: int, today: date) -> datetime | None:
    """When a stale demo register was last updated; None for the registers kept current."""
    if number % STALE_EVERY != STALE_REMAINDER:
        return None
    return datetime.combine(today - relativedelta(months=7 + number % 3), time(9), tzinfo=UTC)


def _demo_assets(organisation: Organisation, number: int, today: date) -> list[RegisterAsset]:
    name = organisation.name_vi
    # A granted patent whose next annual fee falls 1-3 months from now (the grant anniversary).
    patent_grant = today - relativedelta(years=2) + relativedelta(months=1 + number % 3)
    patent_filed = patent_grant - relativedelta(years=3)
    # A utility solution whose examination request is due 2-8 months from now.
    utility_filed = today - relativedelta(months=36) + relativedelta(months=2 + number % 7)
    design_filed = today - relativedelta(months=5 + number % 4)
    specs = [
        (
            "Quy trình xử lý nước thải bằng vi sinh",
            ProtectionType.PATENT,
            TitleStatus.GRANTED,
            patent_filed,
            patent_grant,
            True,
        ),
        (
            "Thiết bị cảm biến độ mặn nước tưới",
            ProtectionType.UTILITY_SOLUTION,
            TitleStatus.PUBLISHED,
            utility_filed,
            None,
            False,
        ),
        (
            "Kiểu dáng vỏ thiết bị đo nhịp tim",
            ProtectionType.INDUSTRIAL_DESIGN,
            TitleStatus.FORMALITY_EXAMINATION,
            design_filed,
            None,
            False,
        ),
    ]
    updated = _last_update(number, today)
    assets = []
    for index, (title, kind, status, filed, granted, public) in enumerate(specs, start=1):
        code = f"{number:02d}{index}"
        protection = ProtectionTitle(
            protection_type=kind,
            status=status,
            office=OFFICE,
            country="VN",
            application_number=f"{ {ProtectionType.PATENT: 1, ProtectionType.UTILITY_SOLUTION: 2}.get(kind, 3) }"
            f"-{filed.year}-0{code}",
            application_date=filed,
            grant_date=granted,
            grant_number=f"4{code}" if granted else "",
        )
        protection.events.append(TitleEvent(status=TitleStatus.FILED, happened_on=filed, note=""))
        if granted:
            protection.events.append(TitleEvent(status=TitleStatus.GRANTED, happened_on=granted, note=""))
        assets.append(
            RegisterAsset(
                organisation=organisation,
                title=f"{title} ({organisation.short_name or organisation.slug})",
                reference=f"{DEMO_REFERENCE_PREFIX}{code}",
                summary=f"Kết quả nghiên cứu của {name}.",
                is_public=public,
                titles=[protection],
                inventors=[
                    Inventor(name="Nguyễn Văn An", affiliation=name, email="", remuneration_share=60),
                    Inventor(name="Trần Thị Bình", affiliation=name, email="", remuneration_share=40),
                ],
                owners=[CoOwner(name=name, share=100)],
                **({"created_at": updated, "updated_at": updated} if updated else {}),
            )
        )
    return assets


def seed_demo_registers(today: date | None = None) -> int:
    """Add the demo registers to universities that have none yet; returns how many universities got one."""
    today = today or date.today()
    universities = db.session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.UNIVERSITY).order_by(Organisation.slug)
    ).all()
    seeded = 0
    for number, organisation in enumerate(universities, start=1):
        has_register = db.session.scalar(
            sa.select(sa.func.count(RegisterAsset.id)).where(RegisterAsset.organisation_id == organisation.id)
        )
        if has_register:
            continue
        db.session.add_all(_demo_assets(organisation, number, today))
        seeded += 1
    db.session.commit()
    return seeded
