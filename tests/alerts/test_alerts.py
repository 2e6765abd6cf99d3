"""Saved searches and alerts against the live search node: the issue's "done when", duplicates, validation."""

import re
import uuid
from datetime import timedelta
from urllib.parse import unquote

import sqlalchemy as sa

from indexer.reindex import reindex
from techport.accounts.models import OutgoingEmail
from techport.alerts import services as alert_services
from techport.alerts.models import SavedSearch
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from tests.helpers import sign_in, submit, user_by_email

DRYER = "Máy sấy nông sản bằng bơm nhiệt cho hợp tác xã"
CUTTER = "Máy cắt cỏ chạy pin cho vườn cây ăn trái"


def _mails_to(app, email: str) -> list[OutgoingEmail]:
    with app.app_context():
        mails = db.session.scalars(
            sa.select(OutgoingEmail).where(OutgoingEmail.recipient == email).order_by(OutgoingEmail.id)
        ).all()
        db.session.expunge_all()
        return list(mails)


def _run(app, period: str = "daily", now=None) -> int:
    with app.app_context():
        return alert_services.run_alerts(period, now or utcnow())


def _index_everything(app, es, prefix: str) -> None:
    with app.app_context():
        reindex(es, prefix, replicas=0)


def test_a_firm_hears_once_about_a_new_dryer_and_the_unsubscribe_link_stops_the_next(
    client, app, es, search_prefix, make_user, make_listing
):
    firm_user = make_user("sao-mai-agritech-demo")
    sign_in(client, firm_user)
    marker = uuid.uuid4().hex[:10]  # only this test's dryer has it, however many the shared database holds
    saved = submit(client, f"/alerts/new?q=may+say+{marker}", {"name": "", "frequency": "daily"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/alerts/")
    page = client.get("/alerts/").get_data(as_text=True)
    assert f"may say {marker}" in page and "Một lần mỗi ngày" in page

    dryer = make_listing("hcmut", kind="offer", status="published", title=f"{DRYER} {marker}")
    make_listing(
        "hcmut",
        kind="offer",
        status="published",
        title=f"{CUTTER} {marker}",
        summary="Cắt cỏ.",
        description="Lưỡi cắt bền.",
        keywords=["cỏ"],
    )
    _index_everything(app, es, search_prefix)
    before = len(_mails_to(app, firm_user))

    assert _run(app) == 1
    mails = _mails_to(app, firm_user)[before:]
    assert len(mails) == 1
    mail = mails[0]
    assert "saved searches" in mail.subject and "tìm kiếm đã lưu" in mail.subject
    assert DRYER in mail.body and CUTTER not in mail.body, "every word of the saved search must match"
    assert f"/listings/{dryer}-" in mail.body and "?src=alert" in mail.body
    assert f"Tìm kiếm đã lưu “may say {marker}”" in mail.body and f"Saved search “may say {marker}”" in mail.body
    assert mail.list_unsubscribe and "/alerts/unsubscribe/" in mail.list_unsubscribe

    assert _run(app) == 0, "a second run announces nothing twice"
    assert len(_mails_to(app, firm_user)) == before + 1

    unsubscribe_path = re.sub(r"^https?://[^/]+", "", mail.list_unsubscribe)
    assert "Hủy đăng ký" in client.get(unsubscribe_path).get_data(as_text=True)
    assert client.post(unsubscribe_path).status_code == 200
    make_listing("hcmus", kind="offer", status="published", title=f"Máy sấy cà phê năng lượng mặt trời {marker}")
    _index_everything(app, es, search_prefix)
    assert _run(app) == 0
    assert len(_mails_to(app, firm_user)) == before + 1


def test_one_message_per_person_for_all_their_searches_and_paused_ones_stay_quiet(
    client, app, es, search_prefix, make_user, make_listing
):
    firm_user = make_user("ben-nghe-meditech-demo")
    sign_in(client, firm_user)
    submit(client, "/alerts/new?q=bom+nhiet", {"name": "Bơm nhiệt", "frequency": "weekly"})
    submit(client, "/alerts/new?q=nong+san&kind=offer", {"name": "Nông sản", "frequency": "weekly"})
    submit(client, "/alerts/new?q=may+say", {"name": "Paused", "frequency": "weekly"})
    with app.app_context():
        paused = db.session.scalar(sa.select(SavedSearch).where(SavedSearch.name == "Paused"))
        paused_id = paused.id
    submit(client, f"/alerts/{paused_id}/pause", {}, form_url="/alerts/")
    make_listing("hcmiu", kind="offer", status="published", title=DRYER)
    _index_everything(app, es, search_prefix)
    before = len(_mails_to(app, firm_user))

    assert _run(app, "daily") == 0 or all(m.recipient != firm_user for m in _mails_to(app, firm_user)[before:])
    _run(app, "weekly")
    mails = _mails_to(app, firm_user)[before:]
    assert len(mails) == 1
    assert "“Bơm nhiệt”" in mails[0].body and "“Nông sản”" in mails[0].body and "“Paused”" not in mails[0].body


def test_alert_links_leave_out_the_firms_own_listings(client, app, es, search_prefix, make_user, make_listing):
    university_user = make_user("hcmute")
    sign_in(client, university_user)
    marker = uuid.uuid4().hex[:10]  # ranks this test's two dryers above the others in the shared database
    submit(client, f"/alerts/new?q=may+say+{marker}", {"name": "", "frequency": "immediately"})
    own = make_listing("hcmute", kind="offer", status="published", title=f"{DRYER} {marker}")
    other = make_listing("hcmus", kind="offer", status="published", title=f"{DRYER} {marker}")
    _index_everything(app, es, search_prefix)
    before = len(_mails_to(app, university_user))
    assert _run(app, "immediately") >= 1
    bodies = "".join(mail.body for mail in _mails_to(app, university_user)[before:])
    assert f"/listings/{other}-" in bodies and f"/listings/{own}-" not in bodies


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_same_search(client, make_user):
    target = "/alerts/new?q=may+say&sector=energy&sort=newest"
    response = client.get(target)
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    next_url = unquote(response.headers["Location"].split("next=", 1)[1])
    assert next_url == target
    email = make_user("sao-mai-agritech-demo")
    signed_in = submit(
        client,
        f"/account/sign-in?next={response.headers['Location'].split('next=', 1)[1]}",
        {"email": email, "password": "correct-horse-battery"},
    )
    assert signed_in.status_code == 302 and signed_in.headers["Location"].endswith(target)
    form = client.get(target).get_data(as_text=True)
    assert 'value="may say"' in form


def test_the_search_page_offers_to_save_the_search_with_its_filters(client, indexed_corpus):
    page = client.get("/search?q=may+say&kind=offer&sort=newest").get_data(as_text=True)
    form = page.split('class="save-search"', 1)[1].split("</form>", 1)[0]
    assert 'action="/alerts/new"' in form
    assert 'name="q" value="may say"' in form and 'name="kind" value="offer"' in form
    assert 'name="sort" value="newest"' in form


def test_a_listing_page_offers_an_alert_about_new_matches(client, app, make_user, make_listing):
    need = make_listing("hcmut", kind="need", status="published")
    sign_in(client, make_user("sao-mai-agritech-demo"))
    with app.app_context():
        listing = db.session.get(Listing, need)
        url = f"/listings/{listing.id}-{listing.slug}"
    page = client.get(url).get_data(as_text=True)
    link = re.search(r'data-alert-matches href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "kind=offer" in link and "kind=ip_asset" in link and "sector=smart_agriculture" in link
    saved = submit(client, link, {"name": "Khớp nhu cầu", "frequency": "daily"}, form_url=link)
    assert saved.status_code == 302
    with app.app_context():
        stored = db.session.scalar(sa.select(SavedSearch).where(SavedSearch.name == "Khớp nhu cầu"))
        assert stored.filters == {"kind": ["offer", "ip_asset"], "sector": ["smart_agriculture", "energy"]}


def test_saving_is_validated_with_clear_messages(client, app, make_user, monkeypatch):
    email = make_user("sao-mai-agritech-demo")
    sign_in(client, email)
    empty = submit(client, "/alerts/new", {"name": "x", "frequency": "daily"})
    assert empty.status_code == 400
    assert "Hãy nhập từ khóa hoặc chọn một bộ lọc" in empty.get_data(as_text=True)
    bad_sort = submit(client, "/alerts/new?q=drone&sort=cheapest", {"name": "", "frequency": "daily"})
    assert bad_sort.status_code == 400 and "sort must be one of" in bad_sort.get_data(as_text=True)
    bad_frequency = submit(
        client, "/alerts/new?q=drone", {"name": "", "frequency": "hourly"}, form_url="/alerts/new?q=drone"
    )
    assert bad_frequency.status_code == 400
    monkeypatch.setattr(alert_services, "SAVED_SEARCHES_PER_USER_MAX", 1)
    assert submit(client, "/alerts/new?q=drone", {"name": "", "frequency": "daily"}).status_code == 302
    over = submit(client, "/alerts/new?q=robot", {"name": "", "frequency": "daily"})
    assert over.status_code == 400 and "nhiều nhất được phép" in over.get_data(as_text=True)
    with app.app_context():
        user = user_by_email(app, email)
        assert db.session.scalar(sa.select(sa.func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id)) == 1


def test_only_the_owner_may_pause_or_delete_a_saved_search(client, app, make_user):
    owner = make_user("sao-mai-agritech-demo")
    sign_in(client, owner)
    submit(client, "/alerts/new?q=drone", {"name": "Mine", "frequency": "daily"})
    with app.app_context():
        saved_id = db.session.scalar(sa.select(SavedSearch.id).where(SavedSearch.name == "Mine"))
    other = app.test_client()
    sign_in(other, make_user("thu-thiem-data-demo"))
    assert submit(other, f"/alerts/{saved_id}/delete", {}, form_url="/alerts/").status_code == 404
    assert submit(client, f"/alerts/{saved_id}/delete", {}, form_url="/alerts/").status_code == 302
    with app.app_context():
        assert db.session.get(SavedSearch, saved_id) is None


def test_a_run_waits_for_listings_published_after_its_window(app, es, search_prefix, make_user, make_listing, client):
    """A listing already announced stays announced: renewing it later does not repeat it to the same search."""
    email = make_user("thu-thiem-data-demo")
    sign_in(client, email)
    submit(client, "/alerts/new?q=bom+nhiet+nong+san", {"name": "", "frequency": "daily"})
    listing_id = make_listing("nlu", kind="offer", status="published", title=DRYER)
    _index_everything(app, es, search_prefix)
    assert _run(app) >= 1
    before = len(_mails_to(app, email))
    assert _run(app, now=utcnow() + timedelta(days=1)) == 0 or all(
        str(listing_id) not in mail.body for mail in _mails_to(app, email)[before:]
    )
