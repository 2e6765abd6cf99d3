"""Events made through the service layer, and the SMTP server, so each test starts from a known event."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from techport.accounts.models import User
from techport.events import services
from techport.events.models import AgendaKind, EventStatus
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from tests.helpers import sign_in, unique_title
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture)

CURATOR = "curator@techport.example"
FIRM_ORG = "sao-mai-agritech-demo"


def session_user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


@pytest.fixture
def make_event(app, demo_data):
    """A published event starting in ``starts_in`` (a timedelta) with a pitch per listing; returns its id."""

    def factory(
        *listing_ids: int,
        capacity: int = 30,
        starts_in: timedelta = timedelta(days=5),
        deadline_in: timedelta | None = None,
        status: EventStatus = EventStatus.PUBLISHED,
        series: str = "Cà phê công nghệ",
    ) -> int:
        starts_at = utcnow() + starts_in
        with app.app_context():
            event = services.create_event(
                {
                    "series": series,
                    "title_vi": unique_title("Cà phê công nghệ"),
                    "title_en": unique_title("Technology coffee"),
                    "description_vi": "Mô tả",
                    "description_en": "Description",
                    "theme": "AI",
                    "sectors": ["ai"],
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=3),
                    "venue": "Techmart Daily",
                    "online_url": "",
                    "capacity": capacity,
                    "registration_deadline": utcnow() + deadline_in if deadline_in else None,
                },
                session_user(CURATOR),
            )
            for number, listing_id in enumerate(listing_ids):
                services.add_agenda_item(
                    event,
                    kind=AgendaKind.PITCH,
                    starts_at=starts_at + timedelta(minutes=20 * number),
                    title="",
                    listing=db.session.get(Listing, listing_id),
                )
            services.set_status(event, status)
            return event.id

    return factory


def signed_in(app, email: str, password: str | None = None):
    client = app.test_client()
    response = sign_in(client, email, password) if password else sign_in(client, email)
    assert response.status_code == 302
    return client


def register_form(**changes) -> dict:
    return {
        "full_name": "Nguyễn Thị Mai",
        "organisation_name": "Sao Mai Agritech",
        "sector": "smart_agriculture",
        "looking_for": "AI nhận diện sâu bệnh cho vườn sầu riêng",
        **changes,
    }
