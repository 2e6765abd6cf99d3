"""The index may lag the database (indexer behind or stopped): a listing withdrawn since it was indexed must not
be shown by search, the search page or matches, however long its document stays in the index."""

import re
import uuid

from indexer.reindex import reindex
from techport.extensions import db
from techport.listings import services as listing_services
from techport.listings.models import Listing
from techport.search.index import alias_name

LISTED_ID = re.compile(r'data-listing-id="(\d+)"')


def listed_ids(page: str) -> set[int]:
    return {int(listing_id) for listing_id in LISTED_ID.findall(page)}


def test_a_listing_withdrawn_while_the_indexer_is_stopped_is_not_shown(app, client, es, search_prefix, make_listing):
    word = f"kvx{uuid.uuid4().hex[:8]}"
    # The made-up word everywhere puts these offers first among the need's matches, whatever else is stored.
    text = {"summary": f"Sấy hạt điều {word}.", "description": f"Dây chuyền {word}.", "keywords": [word]}
    offer_id = make_listing(status="published", title=f"Máy sấy hạt điều {word}", **text)
    kept_id = make_listing(status="published", title=f"Lò sấy hạt điều {word}", **text)
    need_id = make_listing(
        "sao-mai-agritech-demo", kind="need", status="published", title=f"Cần máy sấy hạt điều {word}", **text
    )
    with app.app_context():
        reindex(es, search_prefix, replicas=0)

    def api_ids() -> set[int]:
        return {result["id"] for result in client.get("/api/v1/search", query_string={"q": word}).get_json()["results"]}

    def match_ids() -> set[int]:
        return {match["id"] for match in client.get(f"/api/v1/listings/{need_id}/matches").get_json()["matches"]}

    assert {offer_id, kept_id} <= api_ids() and {offer_id, kept_id} <= match_ids()

    with app.app_context():
        listing_services.withdraw(db.session.get(Listing, offer_id))
        db.session.commit()
    es.indices.refresh(index=alias_name(search_prefix))
    assert es.exists(index=alias_name(search_prefix), id=str(offer_id)), "the index still holds the withdrawn listing"

    payload = client.get("/api/v1/search", query_string={"q": word}).get_json()
    assert offer_id not in {result["id"] for result in payload["results"]} and kept_id in api_ids()
    assert payload["total"] == len(payload["results"])
    on_search_page = listed_ids(client.get("/search", query_string={"q": word}).get_data(as_text=True))
    assert offer_id not in on_search_page and kept_id in on_search_page
    assert offer_id not in match_ids() and kept_id in match_ids()
    on_need_page = listed_ids(client.get(f"/listings/{need_id}/matches", follow_redirects=True).get_data(as_text=True))
    assert offer_id not in on_need_page and kept_id in on_need_page
