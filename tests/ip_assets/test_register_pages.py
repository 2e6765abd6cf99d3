"""The register's pages on the site's design: the register menu shows which page is open."""

import re

from tests.helpers import sign_in

CURRENT = re.compile(r'<a class="nav-link active" aria-current="page" href="([^"]+)">([^<]+)</a>')


def test_the_register_menu_marks_the_open_page(client, make_user):
    sign_in(client, make_user("hcmut"))

    calendar = client.get("/ip-register/calendar").get_data(as_text=True)
    dashboard = client.get("/ip-register/dashboard").get_data(as_text=True)

    assert CURRENT.findall(calendar) == [("/ip-register/calendar?organisation=hcmut", "Lịch thời hạn")]
    assert CURRENT.findall(dashboard) == [("/ip-register/dashboard?organisation=hcmut", "Tổng quan danh mục")]
