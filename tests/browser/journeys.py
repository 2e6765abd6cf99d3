"""The main pages of a visitor's, a firm's and a curator's journeys, for the layout and accessibility tests."""

from datetime import date, timedelta

import sqlalchemy as sa

from techport.accounts.models import User
from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.listings.models import Listing
from tests.helpers import unique_title

PHONE = {"width": 390, "height": 844}
FIRM = "hcmut@techport.example"
CURATOR = "curator@techport.example"


def live_exhibit(app, listing_id: int) -> str:
    """A published exhibit, on today, showing one listing; returns its slug."""
    with app.app_context():
        curator = db.session.scalar(sa.select(User).where(User.email == CURATOR))
        starts_on = date.today() - timedelta(days=1)
        exhibit = exhibits.create_exhibit(
            {
                "title_vi": unique_title("Triển lãm"),
                "title_en": unique_title("Exhibit"),
                "description_vi": "Mô tả triển lãm",
                "description_en": "About the exhibit",
                "theme": "Nông nghiệp",
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=10),
                "venue": "Techmart Daily",
                "booth": "A",
            },
            curator,
        )
        exhibits.add_item(exhibit, db.session.get(Listing, listing_id))
        exhibits.set_published(exhibit, True)
        return exhibit.slug


def public_listing(app) -> tuple[int, str]:
    with app.app_context():
        listing = db.session.scalars(sa.select(Listing).where(Listing.is_public).order_by(Listing.id)).first()
        return listing.id, f"/listings/{listing.id}-{listing.slug}"


def main_pages(app) -> list[tuple[str, str | None]]:
    """(path, account to sign in as or None) for every page the issue names, and a page of each domain's own."""
    listing_id, listing_path = public_listing(app)
    return [
        ("/", None),
        ("/search?q=drone", None),
        (listing_path, None),
        ("/organisations/hcmut", None),
        (f"/exhibits/{live_exhibit(app, listing_id)}", None),
        ("/account/sign-in", None),
        ("/account/sign-up", None),
        ("/organisations/", None),
        ("/listings/new/offer", FIRM),
        ("/curation/queue", CURATOR),
        ("/my/listings", FIRM),
        ("/my/inquiries", FIRM),
        ("/ip-register/dashboard", FIRM),
        ("/organisations/hcmut/api-tokens", FIRM),
        ("/alerts/preferences", FIRM),
        ("/curation/inquiries", CURATOR),
        ("/account/approvals", CURATOR),
        ("/reports", CURATOR),
    ]


# Loaded from the site itself, so the pages' Content-Security-Policy ('self') allows it.
AXE = "/static/vendor/axe-core/axe.min.js"


def serious_violations(page, live_server: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now: rule, impact, first targets."""
    page.add_script_tag(url=live_server + AXE)
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


def sign_in(page, live_server: str, account: dict) -> None:
    page.goto(live_server + "/account/sign-in")
    page.fill("input[name=email]", account["email"])
    page.fill("input[name=password]", account["password"])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/sign-in" not in url)
