"""The indexer embeds changed listings only; vectors are stored by text hash and reach the index."""

import numpy as np

from indexer import sync
from indexer.reindex import reindex
from techport.extensions import db
from techport.listings.models import Listing
from techport.search.embeddings import DIMENSIONS
from techport.search.index import alias_name
from techport.search.vectors import ListingEmbedding, passage_text, text_hash


class CountingEncoder:
    """Deterministic unit vectors; remembers every text it was asked to encode."""

    name = "counting-test-encoder"

    def __init__(self):
        self.encoded: list[str] = []

    def passages(self, texts):
        self.encoded.extend(texts)
        vectors = np.ones((len(texts), DIMENSIONS), dtype=np.float32)
        vectors[:, 0] = [len(text) for text in texts]
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_reindex_encodes_only_what_changed(app, es, index_name, make_listing, monkeypatch):
    counting = CountingEncoder()
    monkeypatch.setattr(sync, "encoder", lambda: counting)
    listing_id = make_listing(status="published", title="Máy sấy bơm nhiệt cho hạt cà phê, thử nghiệm nhúng")
    with app.app_context():
        reindex(es, index_name, replicas=0)
        listing = db.session.get(Listing, listing_id)
        assert passage_text(listing) in counting.encoded
        stored = db.session.get(ListingEmbedding, listing_id)
        assert stored.text_hash == text_hash(counting, passage_text(listing))
        document = es.get(index=alias_name(index_name), id=str(listing_id))["_source"]
        assert len(document["embedding"]) == DIMENSIONS

        counting.encoded.clear()
        reindex(es, index_name, replicas=0)
        assert counting.encoded == []

        listing.title = "Máy sấy bơm nhiệt cho hạt ca cao, thử nghiệm nhúng"
        db.session.commit()
        reindex(es, index_name, replicas=0)
        assert counting.encoded == [passage_text(listing)]


def test_with_the_semantic_layer_off_documents_carry_no_vector(app, es, index_name, make_listing):
    listing_id = make_listing(status="published", title="Cảm biến độ mặn không dây, thử nghiệm không nhúng")
    with app.app_context():
        assert app.config["EMBEDDINGS"] == "off"
        reindex(es, index_name, replicas=0)
        document = es.get(index=alias_name(index_name), id=str(listing_id))["_source"]
        assert "embedding" not in document
