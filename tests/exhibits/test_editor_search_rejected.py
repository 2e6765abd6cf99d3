"""The exhibit editor's search box explains a search the engine refuses instead of failing the page."""

from techport.search import service
from tests.exhibits.conftest import CURATOR
from tests.helpers import sign_in


def test_the_editor_explains_a_search_the_engine_rejects(client, make_exhibit, demo_data, monkeypatch):
    def rejected(*args, **kwargs):
        raise service.SearchRejected("too_long_term_exception")

    monkeypatch.setattr(service, "search", rejected)
    slug = make_exhibit()
    sign_in(client, CURATOR, demo_data[CURATOR]["password"])
    response = client.get(f"/exhibits/{slug}/editor", query_string={"q": "drone"})
    assert response.status_code == 200
    assert "công cụ tìm kiếm không đọc được các từ khóa hoặc bộ lọc này" in response.get_data(as_text=True)
