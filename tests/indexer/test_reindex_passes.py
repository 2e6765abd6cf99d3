"""The full reindex reads the listings no more often than it must: with the semantic layer off, there is no
encoding pass before the load, and the catch-up's reading of the database's versions is one query, not
one per listing."""

import sqlalchemy as sa

import indexer.reindex as reindex_module
from indexer.reindex import reindex
from indexer.verify import database_versions
from techport.extensions import db
from techport.search.index import alias_name
from tests.indexer.test_reindex import published


def test_a_reindex_without_embeddings_loads_no_listing_for_encoding(app, es, search_prefix, monkeypatch):
    with app.app_context():
        listing_id = published("Máy sấy nông sản bằng năng lượng mặt trời")
        assert app.config["EMBEDDINGS"] == "off"

        def refuse(_listing_ids):
            raise AssertionError("listings loaded to be encoded while the semantic layer is off")

        monkeypatch.setattr(reindex_module.sync, "load_listings", refuse)
        report = reindex(es, search_prefix, replicas=0)
        assert report.loaded >= 1
        assert es.exists(index=alias_name(search_prefix), id=str(listing_id))


def test_the_database_versions_are_read_in_one_query_whatever_the_number_of_listings(app):
    with app.app_context():
        for number in range(5):
            published(f"Cảm biến độ mặn cho ao nuôi tôm, lô {number}")
        selects = []

        def count_selects(_connection, _cursor, statement, *_arguments):
            if statement.lstrip().upper().startswith("SELECT"):
                selects.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count_selects)
        try:
            versions = database_versions()
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count_selects)
        assert len(versions) >= 5 and sum(public for _, public in versions.values()) >= 5
        assert len(selects) == 1
