"""``techport search verify``: the index compared with the database by version, and repaired."""

import sqlalchemy as sa

from techport.extensions import db
from techport.listings.models import Listing
from techport.search.index import alias_name
from tests.indexer.test_reindex import published
from tests.search.indexing_helpers import drain_outbox, run_cli

EXTRA_ID = 987_654_321


def counts(output: str) -> tuple[int, int, int]:
    values = dict(line.split(": ") for line in output.splitlines() if ": " in line)
    return int(values["missing"]), int(values["stale"]), int(values["extra"])


def test_verify_counts_missing_stale_and_extra_documents_and_repair_fixes_them(app, es, search_prefix):
    with app.app_context():
        missing_id, stale_id = published("Sẽ thiếu"), published("Sẽ cũ")
        drain_outbox(es, search_prefix)
    result = run_cli(app, "search", "verify")
    assert result.exit_code == 0 and counts(result.output) == (0, 0, 0)

    with app.app_context():
        es.delete(index=alias_name(search_prefix), id=str(missing_id))
        # A change that reached the database without its outbox row.
        db.session.execute(sa.update(Listing).where(Listing.id == stale_id).values(version=Listing.version + 1))
        db.session.commit()
    es.index(
        index=alias_name(search_prefix),
        id=str(EXTRA_ID),
        document={"listing_id": EXTRA_ID, "public": True, "title": "Không có trong cơ sở dữ liệu", "version": 3},
        version=3,
        version_type="external",
    )

    result = run_cli(app, "search", "verify")
    assert result.exit_code == 0 and counts(result.output) == (1, 1, 1)

    result = run_cli(app, "search", "verify", "--repair")
    assert result.exit_code == 0 and "queued for the indexer: 3" in result.output
    with app.app_context():
        drain_outbox(es, search_prefix)
    assert counts(run_cli(app, "search", "verify").output) == (0, 0, 0)


def test_repair_replaces_a_document_ahead_of_the_database(app, es, search_prefix):
    with app.app_context():
        listing_id = published("Sẽ bị ghi đè")
        drain_outbox(es, search_prefix)
        version = db.session.get(Listing, listing_id).version
    es.index(
        index=alias_name(search_prefix),
        id=str(listing_id),
        document={"listing_id": listing_id, "public": True, "title": "Bản sao lưu cũ", "version": version + 5},
        version=version + 5,
        version_type="external",
    )
    assert counts(run_cli(app, "search", "verify", "--repair").output) == (0, 1, 0)
    with app.app_context():
        drain_outbox(es, search_prefix)
    assert counts(run_cli(app, "search", "verify").output) == (0, 0, 0)
    with app.app_context():
        assert db.session.get(Listing, listing_id).version == version + 6
    document = es.get(index=alias_name(search_prefix), id=str(listing_id))
    assert (document["_version"], document["_source"]["title"]) == (version + 6, "Sẽ bị ghi đè")
