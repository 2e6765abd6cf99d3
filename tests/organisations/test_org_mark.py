"""An organisation's mark without a logo: a few letters that never wrap onto a second line."""

import re

import pytest


@pytest.mark.parametrize(
    ("name", "short_name", "letters"),
    [
        ("Công ty Ben Nghe Meditech", "Ben Nghe Meditech", "BNM"),
        ("Trung tâm R&D", "SHTP-RDC", "SHTP"),
        ("Trường Đại học Bách khoa", "HCMUT", "HCMUT"),
        ("Trường Đại học Tài nguyên", "HCMUNRE", "HCMUNR"),
        ("Sao Mai Agritech", None, "SM"),
        ("", None, "?"),
    ],
)
def test_initials_are_a_few_letters_without_spaces(app, name, short_name, letters):
    with app.test_request_context():
        components = app.jinja_env.get_template("_components.html").module
        mark = str(components.org_mark(name, short_name))
    assert 'class="org-logo org-initials text-nowrap"' in mark
    assert re.search(r">([^<]*)</span>", mark).group(1) == letters


def test_a_short_name_of_several_words_shows_its_initials_on_the_page(client, demo_data):
    page = client.get("/organisations/ben-nghe-meditech-demo").get_data(as_text=True)
    assert re.search(r'class="org-logo org-initials text-nowrap org-logo-lg" aria-hidden="true">BNM</span>', page)
