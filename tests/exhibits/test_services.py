"""The exhibit service layer: status from dates, what may go on show, order, interest, statistics, covers."""

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from techport.exhibits import services, visits
from techport.exhibits.models import Exhibit, ExhibitStatus, VisitKind
from techport.extensions import db
from techport.listings import attachments
from techport.listings.models import Listing
from tests.exhibits.conftest import item_ids, session_user

TODAY = date(2026, 6, 15)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.mark.parametrize(
    ("published", "starts", "ends", "status"),
    [
        (False, -1, 1, ExhibitStatus.DRAFT),
        (True, 1, 5, ExhibitStatus.SCHEDULED),
        (True, 0, 0, ExhibitStatus.LIVE),
        (True, -5, 0, ExhibitStatus.LIVE),
        (True, -5, -1, ExhibitStatus.CLOSED),
    ],
)
def test_status_follows_the_published_flag_and_the_dates(published, starts, ends, status):
    exhibit = Exhibit(
        published=published, starts_on=TODAY + timedelta(days=starts), ends_on=TODAY + timedelta(days=ends)
    )
    assert exhibit.status_on(TODAY) == status


def test_only_published_offers_and_ip_assets_go_on_show(app, make_listing, make_exhibit):
    offer = make_listing("hcmut", "offer", status="published", offer_type="equipment")
    ip_asset = make_listing("hcmut", "ip_asset", status="published")
    need = make_listing("hcmut", "need", status="published")
    draft = make_listing("hcmut", "offer")
    slug = make_exhibit(offer, ip_asset)
    with app.app_context():
        exhibit = services.get_by_slug(slug)
        for listing_id in (need, draft):
            with pytest.raises(services.NotExhibitable):
                services.add_item(exhibit, db.session.get(Listing, listing_id))
        again = services.add_item(exhibit, db.session.get(Listing, offer))
        assert [item.listing_id for item in exhibit.items] == [offer, ip_asset]
        assert again is exhibit.items[0]


def test_items_move_up_and_down_and_can_be_removed(app, make_listing, make_exhibit):
    first, second, third = (make_listing("hcmut", status="published") for _ in range(3))
    slug = make_exhibit(first, second, third)
    with app.app_context():
        exhibit = services.get_by_slug(slug)
        services.move_item(exhibit.items[2], -1)
        assert [item.listing_id for item in exhibit.items] == [first, third, second]
        services.move_item(exhibit.items[0], -1)
        assert [item.listing_id for item in exhibit.items] == [first, third, second]
        services.remove_item(exhibit.items[1])
        db.session.expire_all()
        assert [item.listing_id for item in services.get_by_slug(slug).items] == [first, second]


def test_showcase_has_live_and_upcoming_exhibits_only(app, make_listing, make_exhibit):
    live = make_exhibit(starts_in_days=-2)
    upcoming = make_exhibit(starts_in_days=3)
    closed = make_exhibit(starts_in_days=-30, lasts_days=5)
    draft = make_exhibit(published=False)
    with app.app_context():
        showcase = services.showcase()
        assert live in {exhibit.slug for exhibit in showcase.live}
        assert upcoming in {exhibit.slug for exhibit in showcase.upcoming}
        shown = {exhibit.slug for exhibit in showcase.live + showcase.upcoming}
        assert closed not in shown and draft not in shown


def test_interest_is_registered_once(app, make_user, make_listing, make_exhibit):
    slug = make_exhibit(make_listing("hcmut", status="published"))
    email = make_user("sao-mai-agritech-demo")
    with app.app_context():
        item = services.get_by_slug(slug).items[0]
        user = session_user(email)
        assert services.register_interest(item, user) is True
        assert services.register_interest(item, user) is False
        assert [interest.user.email for interest in services.interested_people(item)] == [email]


def test_statistics_csv_counts_views_and_interest_and_quotes_formulas(app, make_user, make_listing, make_exhibit):
    listing_id = make_listing("hcmut", status="published", title='=HYPERLINK("http://evil.example")')
    slug = make_exhibit(listing_id)
    with app.app_context():
        exhibit = services.get_by_slug(slug)
        [item] = exhibit.items
        visits.record([item], VisitKind.PAGE, "first visitor")
        visits.record([item], VisitKind.PAGE, "first visitor")
        visits.record([item], VisitKind.PAGE, "second visitor")
        visits.record([item], VisitKind.SHEET, "first visitor")
        services.register_interest(item, session_user(make_user("sao-mai-agritech-demo")))
        db.session.expire_all()
        rows = list(csv.DictReader(io.StringIO(services.stats_csv(services.get_by_slug(slug)))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["Số tin"], row["Lượt xem trang triển lãm"], row["Lượt xem tờ giới thiệu"], row["Quan tâm"]) == (
        str(listing_id),
        "2",
        "1",
        "1",
    )
    assert row["Tiêu đề"].startswith("'=")
    assert row["Hiển thị trong triển lãm"] == "có"


def test_a_cover_must_be_a_png_or_jpeg_and_replaces_the_previous_one(app, make_exhibit):
    slug = make_exhibit()
    with app.app_context():
        exhibit = services.get_by_slug(slug)
        with pytest.raises(attachments.AttachmentRejected) as rejection:
            services.set_cover(exhibit, FileStorage(io.BytesIO(PDF), "cover.pdf"))
        assert rejection.value.problem == attachments.Problem.WRONG_TYPE
        services.set_cover(exhibit, FileStorage(io.BytesIO(PNG), "cover.png"))
        first = services.cover_path(exhibit)
        assert first.parent == Path(app.config["ATTACHMENT_DIR"]) and first.read_bytes() == PNG
        services.set_cover(exhibit, FileStorage(io.BytesIO(PNG), "again.png"))
        assert not first.exists() and services.cover_path(exhibit).is_file()
        services.remove_cover(exhibit)
        assert exhibit.cover_stored_name is None


def test_items_of_unpublished_listings_are_not_public(app, make_listing, make_exhibit):
    shown, withdrawn = make_listing("hcmut", status="published"), make_listing("hcmut", status="published")
    slug = make_exhibit(shown, withdrawn)
    with app.app_context():
        db.session.get(Listing, withdrawn).status = "draft"
        db.session.commit()
        assert [item.listing_id for item in services.public_items(services.get_by_slug(slug))] == [shown]
    assert len(item_ids(app, slug)) == 2
