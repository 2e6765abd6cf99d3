"""Exhibits made through the service layer, so view tests start from a known showroom."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from techport.accounts.models import User
from techport.exhibits import services
from techport.extensions import db
from techport.listings.models import Listing
from tests.helpers import unique_title

CURATOR = "curator@techport.example"


@pytest.fixture
def make_exhibit(app, demo_data):
    """Create an exhibit (live today unless ``starts_in_days`` says otherwise) showing ``listing_ids``; returns its slug."""

    def factory(*listing_ids: int, published: bool = True, starts_in_days: int = -1, lasts_days: int = 10) -> str:
        starts_on = date.today() + timedelta(days=starts_in_days)
        with app.app_context():
            curator = session_user(CURATOR)
            exhibit = services.create_exhibit(
                {
                    "title_vi": unique_title("Triển lãm"),
                    "title_en": unique_title("Exhibit"),
                    "description_vi": "Mô tả",
                    "description_en": "Description",
                    "theme": "Nông nghiệp",
                    "starts_on": starts_on,
                    "ends_on": starts_on + timedelta(days=lasts_days),
                    "venue": "Techmart Daily",
                    "booth": "A",
                },
                curator,
            )
            for listing_id in listing_ids:
                services.add_item(exhibit, db.session.get(Listing, listing_id))
            services.set_published(exhibit, published)
            return exhibit.slug

    return factory


def session_user(email: str) -> User:
    """The user in the current session (a nested app context would open a second SQLite transaction)."""
    return db.session.scalar(sa.select(User).where(User.email == email))


def item_ids(app, slug: str) -> list[int]:
    with app.app_context():
        return [item.id for item in services.get_by_slug(slug).items]
