"""The demo events: a past "Cà phê công nghệ" with its attendance and an upcoming one with registrations.

Upserted by slug; agenda and registrations are only added to an event that has none, so seeding twice
changes nothing. Times are days from now, so the demo always has one past and one upcoming event.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from techport.accounts.services import find_user_by_email
from techport.events.models import (
    EVENT_ZONE,
    AgendaItem,
    AgendaKind,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from techport.events.registrations import new_code
from techport.extensions import db
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug

SERIES = "Cà phê công nghệ"
DEMO_EVENTS = (
    {
        "slug": "ca-phe-cong-nghe-iot-cho-vuon-cay",
        "title_vi": "Cà phê công nghệ: IoT và năng lượng mặt trời cho vườn cây",
        "title_en": "Technology coffee: IoT and solar power for orchards",
        "description_vi": "Hai nhóm nghiên cứu trình bày bơm năng lượng mặt trời và cảm biến LoRaWAN cho nhà vườn.",
        "description_en": "Two research teams present solar pumping and LoRaWAN sensors for orchard owners.",
        "theme": "Nông nghiệp thông minh",
        "sectors": ["smart_agriculture", "energy"],
        "days_from_now": -14,
        "pitches": [("hcmut", "hcmut-ip-001"), ("uit", "uit-offer-001")],
        "registrants": [("firm@techport.example", True)],
        "walk_ins": [("Lê Thị Hoa", "HTX Rau sạch Củ Chi", "smart_agriculture")],
    },
    {
        "slug": "ca-phe-cong-nghe-truy-xuat-nguon-goc",
        "title_vi": "Cà phê công nghệ: truy xuất nguồn gốc nông sản",
        "title_en": "Technology coffee: tracing farm produce",
        "description_vi": "Tem chống giả, truy xuất nguồn gốc và chuỗi lạnh cho doanh nghiệp thực phẩm.",
        "description_en": "Anti-counterfeit labels, traceability and the cold chain for food firms.",
        "theme": "Thực phẩm và truy xuất nguồn gốc",
        "sectors": ["food_processing", "digital_transformation"],
        "days_from_now": 10,
        "pitches": [("huit", "huit-offer-001"), ("hcmute", "hcmute-offer-001")],
        "registrants": [("firm@techport.example", False)],
        "walk_ins": [],
    },
)


@dataclass
class SeedReport:
    events: int = 0
    registrations: int = 0
    missing: list[str] = field(default_factory=list)


def _local(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), EVENT_ZONE).astimezone(UTC)


def seed_demo_events(now: datetime | None = None) -> SeedReport:
    now = now or datetime.now(UTC)
    report = SeedReport()
    for record in DEMO_EVENTS:
        day = (now + timedelta(days=record["days_from_now"])).astimezone(EVENT_ZONE).date()
        event = db.session.scalar(sa.select(Event).where(Event.slug == record["slug"])) or Event(slug=record["slug"])
        for name in ("title_vi", "title_en", "description_vi", "description_en", "theme", "sectors"):
            setattr(event, name, record[name])
        event.series, event.status, event.capacity = SERIES, EventStatus.PUBLISHED, 40
        event.starts_at, event.ends_at = _local(day, 8, 30), _local(day, 11, 30)
        event.registration_deadline = _local(day - timedelta(days=1), 17)
        event.venue = "Techmart Daily, 273 Điện Biên Phủ, Quận 3, TP.HCM"
        db.session.add(event)
        db.session.flush()
        if not event.agenda:
            _add_agenda(event, record, report)
        if not event.registrations:
            _add_registrations(event, record, report)
        report.events += 1
    db.session.commit()
    return report


def _add_agenda(event: Event, record: dict, report: SeedReport) -> None:
    event.agenda.append(
        AgendaItem(kind=AgendaKind.TALK, starts_at=event.starts_at, title="Khai mạc / Opening: Sở KH&CN TP.HCM")
    )
    for number, (organisation_slug, external_id) in enumerate(record["pitches"], start=1):
        organisation = find_by_slug(organisation_slug)
        listing = find_listing(organisation, external_id) if organisation else None
        if listing is None or not listing.is_public:
            report.missing.append(f"{organisation_slug}/{external_id}")
            continue
        event.agenda.append(
            AgendaItem(
                kind=AgendaKind.PITCH,
                starts_at=event.starts_at + timedelta(minutes=20 * number),
                title=listing.title,
                listing=listing,
                presenter_organisation_id=listing.organisation_id,
            )
        )


def _add_registrations(event: Event, record: dict, report: SeedReport) -> None:
    for email, attended in record["registrants"]:
        user = find_user_by_email(email)
        if user is None:
            report.missing.append(email)
            continue
        organisation = user.organisation
        event.registrations.append(
            Registration(
                user=user,
                full_name=user.full_name,
                organisation_name=organisation.name_vi if organisation else "",
                organisation_id=organisation.id if organisation else None,
                organisation_kind=organisation.kind if organisation else None,
                sector="smart_agriculture",
                looking_for="Giải pháp tưới tiết kiệm nước cho vườn sầu riêng.",
                status=RegistrationStatus.REGISTERED,
                check_in_code=new_code(),
                checked_in_at=event.starts_at if attended else None,
            )
        )
        report.registrations += 1
    for full_name, organisation_name, sector in record["walk_ins"]:
        event.registrations.append(
            Registration(
                full_name=full_name,
                organisation_name=organisation_name,
                sector=sector,
                walk_in=True,
                status=RegistrationStatus.REGISTERED,
                check_in_code=new_code(),
                checked_in_at=event.starts_at,
            )
        )
        report.registrations += 1
