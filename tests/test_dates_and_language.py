"""Vietnamese date formats and search errors in the page's language."""

from datetime import date, datetime, timezone

import pytest
from flask import session


@pytest.mark.parametrize(
    ("language", "expected_date", "expected_time"),
    [("vi", "01/12/2026", "15:21, 01/12/2026"), ("en", "Dec 1, 2026", "Dec 1, 2026, 3:21:00\u202fPM")],
)
def test_date_filters_follow_the_language(app, language, expected_date, expected_time):
    with app.test_request_context("/"):
        session["lang"] = language
        template = app.jinja_env.from_string("{{ day | dateformat }}|{{ moment | datetimeformat }}")
        rendered = template.render(day=date(2026, 12, 1), moment=datetime(2026, 12, 1, 8, 21, tzinfo=timezone.utc))
    assert rendered == f"{expected_date}|{expected_time}"


def test_an_unreadable_search_is_explained_in_vietnamese_and_keeps_the_query(client):
    response = client.get("/search", query_string={"q": "máy bơm", "page": "abc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "số trang hoặc một bộ lọc trong địa chỉ không hợp lệ" in page
    assert "page and page_size must be whole numbers" not in page
    assert 'value="máy bơm"' in page
