"""What ``techport indexer status`` and ``techport search status`` report."""

from dataclasses import dataclass
from datetime import datetime

from elasticsearch import Elasticsearch

from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from techport.search.index import alias_name, current_indices, retired_indices
from techport.search.outbox import OutboxEntity, OutboxEntry, OutboxStatus
from techport.search.query import PUBLIC_ONLY


@dataclass
class OutboxStatusReport:
    pending: int
    parked: int
    oldest_pending_at: datetime | None
    parked_rows: list[OutboxEntry]
    # The listings of the parked rows, by id (a row of a listing since deleted has none).
    parked_listings: dict[int, Listing]

    @property
    def oldest_pending_age_seconds(self) -> float | None:
        return (utcnow() - self.oldest_pending_at).total_seconds() if self.oldest_pending_at else None


def outbox_status(parked_shown: int = 20) -> OutboxStatusReport:
    def count(status: OutboxStatus) -> int:
        return db.session.scalar(
            db.select(db.func.count()).select_from(OutboxEntry).where(OutboxEntry.status == status)
        )

    oldest = db.session.scalar(
        db.select(db.func.min(OutboxEntry.created_at)).where(OutboxEntry.status == OutboxStatus.PENDING)
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    parked = list(
        db.session.scalars(
            db.select(OutboxEntry)
            .where(OutboxEntry.status == OutboxStatus.PARKED)
            .order_by(OutboxEntry.id)
            .limit(parked_shown)
        )
    )
    listing_ids = {entry.entity_id for entry in parked if entry.entity == OutboxEntity.LISTING}
    listings = {
        listing.id: listing for listing in db.session.scalars(db.select(Listing).where(Listing.id.in_(listing_ids)))
    }
    return OutboxStatusReport(count(OutboxStatus.PENDING), count(OutboxStatus.PARKED), oldest, parked, listings)


def index_status(es: Elasticsearch, prefix: str) -> dict:
    """The alias, the index behind it, its count of public documents, its schema version, retired indices."""
    indices = current_indices(es, prefix)
    report = {
        "alias": alias_name(prefix),
        "indices": indices,
        "documents": None,
        "schema_version": None,
        "retired": retired_indices(es, prefix),
    }
    if indices:
        report["documents"] = es.count(index=alias_name(prefix), query=PUBLIC_ONLY)["count"]
        mapping = es.indices.get_mapping(index=indices[0])[indices[0]]["mappings"]
        report["schema_version"] = mapping.get("_meta", {}).get("schema_version")
    return report
