"""Confidential details appear nowhere but on the listing page of the owner and of NDA signatories:
not in the search index, the JSON API, the JSON Lines export, or the page of anyone else."""

import json

from indexer.reindex import reindex
from techport.cli import main as cli
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.transfer import export_records
from techport.search.documents import listing_document
from tests.ndas.conftest import signed_in_client


def test_the_index_document_has_no_trace_of_them(app, deal):
    with app.app_context():
        document = listing_document(db.session.get(Listing, deal["listing_id"]))
    text = json.dumps(document, ensure_ascii=False)
    assert deal["marker"] not in text and "nda_required" not in text and "confidential" not in text


def test_the_search_api_neither_finds_nor_returns_them(app, es, deal, search_prefix):
    with app.app_context():
        title = db.session.get(Listing, deal["listing_id"]).title
        reindex(es, search_prefix, replicas=0)
    client = app.test_client()
    found = client.get("/api/v1/search", query_string={"q": title})
    assert found.status_code == 200 and deal["listing_id"] in [hit["id"] for hit in found.get_json()["results"]]
    assert deal["marker"] not in found.get_data(as_text=True)
    by_marker = client.get("/api/v1/search", query_string={"q": deal["marker"]}).get_json()
    assert deal["listing_id"] not in [hit["id"] for hit in by_marker["results"]]
    stored = es.search(index=f"{search_prefix}*", query={"match_all": {}}, size=1000)
    assert deal["marker"] not in json.dumps(stored.body, ensure_ascii=False)
    matches = client.get(f"/api/v1/listings/{deal['listing_id']}/matches")
    assert deal["marker"] not in matches.get_data(as_text=True)


def test_the_inquiry_api_does_not_return_them(app, deal):
    for email in (deal["firm"], deal["owner"]):
        response = signed_in_client(app, email).get(f"/api/v1/inquiries/{deal['inquiry_id']}")
        assert response.status_code == 200 and deal["marker"] not in response.get_data(as_text=True)


def test_the_export_leaves_them_out(app, deal):
    with app.app_context():
        assert deal["marker"] not in json.dumps(list(export_records()), ensure_ascii=False)
    result = app.test_cli_runner().invoke(cli, ["export"])
    assert result.exit_code == 0 and deal["marker"] not in result.output
    assert f'"title": "{_title(app, deal)}"' in result.output


def test_visitors_and_third_organisations_see_only_that_they_exist(app, deal):
    url = f"/listings/{deal['listing_id']}"
    for client in (app.test_client(), signed_in_client(app, deal["third"]), signed_in_client(app, deal["firm"])):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert deal["marker"] not in page and "Thông tin bảo mật: xem được sau khi ký NDA" in page


def _title(app, deal) -> str:
    with app.app_context():
        return db.session.get(Listing, deal["listing_id"]).title
