"""Listing embeddings stored in the database, keyed by a hash of the text (and model) they were made from.

The indexer asks for the vectors of the listings it sends; only those whose text changed since their vector
was made are encoded (in one batch), so a full reindex of unchanged listings encodes nothing.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import UTCDateTime, utcnow
from techport.search.embeddings import DIMENSIONS, Encoder

# What the model reads of a listing: its title, keywords and summary. On the judged set the description
# added encoding time (three times as long) but not ranking quality.
PASSAGE_MAX_CHARS = 800
ENCODE_BATCH = 32


class ListingEmbedding(db.Model):
    __tablename__ = "listing_embeddings"

    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    text_hash: Mapped[str] = mapped_column(sa.String(64))
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def passage_text(listing: Listing) -> str:
    """The text a listing's embedding is made from."""
    parts = [listing.title, ", ".join(listing.keywords), listing.summary]
    return "\n".join(part for part in parts if part)[:PASSAGE_MAX_CHARS]


def text_hash(encoder: Encoder, text: str) -> str:
    return hashlib.sha256(f"{encoder.name}\n{text}".encode()).hexdigest()


def listing_vectors(listings: Iterable[Listing], encoder: Encoder) -> dict[int, list[float]]:
    """Each public listing's vector: stored ones reused when their text is unchanged, the others encoded now
    and added to the session (the caller's transaction stores them)."""
    wanted = {listing.id: listing for listing in listings if listing.is_public}
    if not wanted:
        return {}
    texts = {listing_id: passage_text(listing) for listing_id, listing in wanted.items()}
    hashes = {listing_id: text_hash(encoder, text) for listing_id, text in texts.items()}
    stored = {
        row.listing_id: row
        for row in db.session.scalars(sa.select(ListingEmbedding).where(ListingEmbedding.listing_id.in_(wanted)))
    }
    vectors = {
        listing_id: np.frombuffer(row.vector, dtype=np.float32).tolist()
        for listing_id, row in stored.items()
        if row.text_hash == hashes[listing_id]
    }
    missing = [listing_id for listing_id in sorted(wanted) if listing_id not in vectors]
    for start in range(0, len(missing), ENCODE_BATCH):
        batch = missing[start : start + ENCODE_BATCH]
        encoded = encoder.passages([texts[listing_id] for listing_id in batch])
        for listing_id, vector in zip(batch, encoded, strict=True):
            data = np.asarray(vector, dtype=np.float32)[:DIMENSIONS].tobytes()
            row = stored.get(listing_id)
            if row is None:
                db.session.add(ListingEmbedding(listing_id=listing_id, text_hash=hashes[listing_id], vector=data))
            else:
                row.text_hash, row.vector, row.created_at = hashes[listing_id], data, utcnow()
            vectors[listing_id] = vector.tolist()
    return vectors


def stored_vector(listing: Listing, encoder: Encoder) -> list[float] | None:
    """The listing's vector if one is stored for its current text (matching never encodes on a page view)."""
    row = db.session.get(ListingEmbedding, listing.id)
    if row is None or row.text_hash != text_hash(encoder, passage_text(listing)):
        return None
    return np.frombuffer(row.vector, dtype=np.float32).tolist()
