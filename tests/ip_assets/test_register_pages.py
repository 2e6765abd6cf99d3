"""The register's pages on the site's design: the register menu shows which page is open."""

import re

from techport.extensions import db
from techport.organisations.models import OrganisationKind
from techport.organisations.services import create_organisation
from tests.helpers import sign_in, unique_title

CURRENT = re.compile(r'<a class="nav-link active" aria-current="page" href="([^"]+)">([^<]+)</a>')


def test_the_register_menu_marks_the_open_page(client, make_user):
    sign_in(client, make_user("hcmut"))

    calendar = client.get("/ip-register/calendar").get_data(as_text=True)
    dashboard = client.get("/ip-register/dashboard").get_data(as_text=True)

    assert CURRENT.findall(calendar) == [("/ip-register/calendar?organisation=hcmut", "Lịch thời hạn")]
    assert CURRENT.findall(dashboard) == [("/ip-register/dashboard?organisation=hcmut", "Tổng quan danh mục")]


def test_an_empty_register_says_so_in_each_part_of_the_dashboard(app, client, make_user):
    slug = unique_title("Empty register").replace(" ", "-").lower()
    with app.app_context():
        create_organisation(
            {
                "name_vi": f"Viện {slug}",
                "name_en": f"Institute {slug}",
                "kind": OrganisationKind.INSTITUTE,
                "slug": slug,
            }
        )
        db.session.commit()
    sign_in(client, make_user(slug))

    dashboard = client.get("/ip-register/dashboard").get_data(as_text=True)

    assert dashboard.count("Sổ đăng ký chưa có văn bằng nào.") == 2
    assert "Sổ đăng ký chưa có tài sản nào." in dashboard
