"""The exhibit pages are on the site's Bootstrap design system, not the first, plain markup (issue 13)."""

import io

from werkzeug.datastructures import FileStorage

from techport.exhibits import services
from tests.exhibits.conftest import CURATOR, item_ids
from tests.exhibits.test_services import PNG
from tests.helpers import sign_in, submit
from tests.markup import plain_markup


def _pages(slug: str, item: int) -> list[str]:
    return [
        "/exhibits/",
        "/exhibits/new",
        f"/exhibits/{slug}",
        f"/exhibits/{slug}/edit",
        f"/exhibits/{slug}/cover/edit",
        f"/exhibits/{slug}/editor",
        f"/exhibits/{slug}/editor?q=may+bom+nuoc+nang+luong+mat+troi",
        f"/exhibits/{slug}/items/{item}/interest",
        f"/exhibits/{slug}/items/{item}/sheet",
    ]


def test_every_exhibit_page_uses_bootstrap_markup(
    app, indexed_corpus, make_user, make_listing, make_exhibit, demo_data
):
    slug = make_exhibit(make_listing("hcmut", status="published"), make_listing("hcmus", status="published"))
    item = item_ids(app, slug)[0]
    with app.app_context():
        services.set_cover(services.get_by_slug(slug), FileStorage(io.BytesIO(PNG), "cover.png"))
    firm = app.test_client()
    sign_in(firm, make_user("sao-mai-agritech-demo"))
    assert plain_markup(firm.get(f"/exhibits/{slug}").get_data(as_text=True)) == []
    assert submit(firm, f"/exhibits/{slug}/items/{item}/interest", {}, form_url=f"/exhibits/{slug}").status_code == 302
    assert plain_markup(app.test_client().get(f"/exhibits/{slug}").get_data(as_text=True)) == []

    curator = app.test_client()
    sign_in(curator, CURATOR, demo_data[CURATOR]["password"])
    for url in _pages(slug, item):
        response = curator.get(url)
        assert response.status_code == 200, url
        assert plain_markup(response.get_data(as_text=True)) == [], url
    assert "data-listing-id" in curator.get(_pages(slug, item)[6]).get_data(as_text=True)


def test_the_editor_lists_each_item_with_its_own_named_group_of_settings(app, make_listing, make_exhibit, demo_data):
    slug = make_exhibit(make_listing("hcmut", status="published"), make_listing("hcmus", status="published"))
    curator = app.test_client()
    sign_in(curator, CURATOR, demo_data[CURATOR]["password"])
    page = curator.get(f"/exhibits/{slug}/editor").get_data(as_text=True)
    assert page.count('<legend class="visually-hidden">') == 2
    assert page.count('class="btn btn-outline-danger" aria-label="Gỡ') == 2
