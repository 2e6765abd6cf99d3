"""Organisation pages and who may manage them."""

import itertools

import pytest
import sqlalchemy as sa

from techport.accounts.models import Role
from techport.extensions import db
from techport.listings import workflow
from techport.listings.models import Listing
from techport.organisations.models import Organisation, OrganisationKind
from techport.organisations.services import create_organisation, find_by_slug, list_organisations, slugify
from tests.helpers import csrf_token, listing_by_title, listing_form, sign_in, submit

_new_organisations = itertools.count(1)


def _organisation(app, slug: str) -> Organisation:
    with app.app_context():
        organisation = find_by_slug(slug)
        db.session.expunge(organisation)
        return organisation


def _profile_form(organisation: Organisation, **overrides) -> dict:
    return {
        "name_vi": organisation.name_vi,
        "name_en": organisation.name_en,
        "short_name": organisation.short_name,
        "province": organisation.province,
        "website": organisation.website,
        "description_vi": organisation.description_vi,
        "description_en": organisation.description_en,
        **overrides,
    }


def test_list_is_paginated(client, app, demo_data):
    """Other tests add organisations of their own, so the number of pages is counted, not assumed."""
    per_page = app.config["ORGANISATIONS_PER_PAGE"]
    with app.app_context():
        pages = list_organisations(locale="vi", page=1, per_page=per_page).pages
    assert pages >= 2
    first = client.get("/organisations/").get_data(as_text=True)
    second = client.get("/organisations/?page=2").get_data(as_text=True)
    assert f"Trang 1 / {pages}" in first
    assert f"Trang 2 / {pages}" in second
    assert first.count('class="stretched-link"') == per_page


def test_list_filters_by_kind(client, demo_data):
    page = client.get("/organisations/?kind=institute").get_data(as_text=True)
    assert "Viện Sinh học Nhiệt đới" in page
    assert "Trường Đại học Bách khoa" not in page


def test_public_page_shows_both_names(client, demo_data):
    response = client.get("/organisations/hcmut")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Trường Đại học Bách khoa – ĐHQG-HCM" in page
    assert "Ho Chi Minh City University of Technology – VNU-HCM" in page


def test_unknown_organisation_is_404(client, demo_data):
    assert client.get("/organisations/no-such-place").status_code == 404


def test_visitors_are_sent_to_sign_in_for_the_private_page(client, demo_data):
    response = client.get("/organisations/hcmut/manage")
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_member_manages_own_organisation(client, make_user):
    email = make_user("hcmut")
    sign_in(client, email)
    page = client.get("/organisations/hcmut/manage")
    assert page.status_code == 200
    assert email in page.get_data(as_text=True)


def test_member_of_one_organisation_gets_403_on_another_by_editing_the_url(client, app, make_user):
    sign_in(client, make_user("hcmut"))
    assert client.get("/organisations/hcmut/manage").status_code == 200
    response = client.get("/organisations/hcmus/manage")
    assert response.status_code == 403
    assert "Bạn không có quyền mở trang này." in response.get_data(as_text=True)

    before = _organisation(app, "hcmus")
    posted = submit(
        client,
        "/organisations/hcmus/manage",
        _profile_form(before, name_en="Hijacked"),
        form_url="/organisations/hcmut/manage",
    )
    assert posted.status_code == 403
    assert _organisation(app, "hcmus").name_en == before.name_en


def test_curator_manages_any_organisation(client, demo_data):
    sign_in(client, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    assert client.get("/organisations/hcmus/manage").status_code == 200


def test_member_saves_the_profile(client, app, make_user):
    sign_in(client, make_user("uit"))
    organisation = _organisation(app, "uit")
    response = submit(client, "/organisations/uit/manage", _profile_form(organisation, description_en="Labs for AI."))
    assert response.status_code == 302
    assert _organisation(app, "uit").description_en == "Labs for AI."


def test_member_cannot_set_the_verified_flag(client, app, make_user):
    sign_in(client, make_user("thu-thiem-data-demo"))
    organisation = _organisation(app, "thu-thiem-data-demo")
    response = submit(
        client,
        "/organisations/thu-thiem-data-demo/manage",
        _profile_form(organisation, verified="y", kind="university"),
    )
    assert response.status_code == 302
    after = _organisation(app, "thu-thiem-data-demo")
    assert after.verified is False
    assert after.kind == "firm"


def test_over_long_description_is_rejected_and_nothing_is_saved(client, app, make_user):
    sign_in(client, make_user("hcmute"))
    before = _organisation(app, "hcmute")
    response = submit(
        client,
        "/organisations/hcmute/manage",
        _profile_form(before, name_en="Changed name", description_vi="x" * 4001),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Chỉ được nhập tối đa 4000 ký tự (bạn đã nhập 4001)." in page
    after = _organisation(app, "hcmute")
    assert (after.name_en, after.description_vi) == (before.name_en, before.description_vi)


def test_only_admins_create_organisations(client, app, make_user, demo_data):
    sign_in(client, make_user("hcmut", role=Role.CURATOR))
    assert client.get("/organisations/new").status_code == 403

    admin = app.test_client()
    sign_in(admin, "admin@techport.example", demo_data["admin@techport.example"]["password"])
    response = submit(
        admin,
        "/organisations/new",
        {
            "kind": "institute",
            "name_vi": "Viện Thử nghiệm",
            "name_en": "Test Institute",
            "short_name": "TI Test",
            "province": "Thành phố Hồ Chí Minh",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(sa.select(Organisation.name_en).where(Organisation.slug == "ti-test")) == "Test Institute"
        )


def test_slugify_folds_vietnamese():
    assert slugify("Trường Đại học Bách khoa") == "truong-dai-hoc-bach-khoa"


@pytest.fixture
def university(app, demo_data) -> str:
    """A university of its own, so a test may change its kind without touching the demo organisations."""
    number = next(_new_organisations)
    with app.app_context():
        return create_organisation(
            {
                "name_vi": f"Trường Đại học Thử nghiệm {number}",
                "name_en": f"Test University {number}",
                "short_name": f"TU{number}",
                "kind": OrganisationKind.UNIVERSITY,
            }
        ).slug


def _curator(app, demo_data):
    client = app.test_client()
    sign_in(client, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    return client


def test_an_organisation_with_ip_assets_cannot_become_a_firm(app, demo_data, university, make_listing):
    listing_id = make_listing(university, kind="ip_asset", status="published")
    curator = _curator(app, demo_data)
    url = f"/organisations/{university}/manage"
    before = _organisation(app, university)
    form = _profile_form(before, kind="firm", name_en="Renamed")

    response = submit(curator, url, form)
    assert response.status_code == 400
    assert "lưu trữ chúng trước khi đổi loại tổ chức" in response.get_data(as_text=True)
    after = _organisation(app, university)
    assert (after.kind, after.name_en) == ("university", before.name_en)

    assert submit(curator, url, {**form, "kind": "institute"}).status_code == 302
    assert _organisation(app, university).kind == "institute"
    with app.app_context():
        workflow.take_step(db.session.get(Listing, listing_id), "archive")
    assert submit(curator, url, form).status_code == 302
    assert _organisation(app, university).kind == "firm"


def test_an_ip_asset_of_an_organisation_that_is_no_longer_a_university_is_refused_not_a_500(
    app, demo_data, university, make_listing, make_user
):
    listing_id = make_listing(university, kind="ip_asset", status="published")
    with app.app_context():
        find_by_slug(university).kind = OrganisationKind.FIRM
        db.session.commit()
        title = db.session.get(Listing, listing_id).title
    member = app.test_client()
    sign_in(member, make_user(university))

    edit_url = f"/listings/{listing_id}/edit"
    response = member.post(edit_url, data={**listing_form("ip_asset"), "csrf_token": _token(member)})
    assert response.status_code == 302 and f"/listings/{listing_id}-" in response.headers["Location"]
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chỉ trường đại học và viện nghiên cứu mới giữ tài sản trí tuệ" in page
    assert listing_by_title(app, title) is not None
    assert member.get(edit_url).status_code == 302
    archive = member.post(f"/listings/{listing_id}/archive", data={"csrf_token": _token(member)})
    assert archive.status_code == 302
    assert listing_by_title(app, title).status == "archived"


def _token(client) -> str:
    return csrf_token(client, "/my/listings")
