"""A technology offer is named once ("Chào bán công nghệ"), not "Chào bán công nghệ (Công nghệ)"; equipment says so."""

from tests.exhibits.conftest import CURATOR, item_ids
from tests.helpers import sign_in

REPEATED = "Chào bán công nghệ (Công nghệ)"


def test_the_editor_and_the_sheet_do_not_repeat_the_kind(client, app, make_listing, make_exhibit, demo_data):
    technology = make_listing("hcmut", status="published", offer_type="technology")
    equipment = make_listing("hcmut", status="published", offer_type="equipment")
    slug = make_exhibit(technology, equipment)
    sign_in(client, CURATOR, demo_data[CURATOR]["password"])
    editor = client.get(f"/exhibits/{slug}/editor").get_data(as_text=True)
    assert REPEATED not in editor and "Chào bán công nghệ (Thiết bị)" in editor
    sheets = [client.get(f"/exhibits/{slug}/items/{item}/sheet").get_data(as_text=True) for item in item_ids(app, slug)]
    assert all(REPEATED not in sheet for sheet in sheets)
    assert any("Chào bán công nghệ (Thiết bị)" in sheet for sheet in sheets)
