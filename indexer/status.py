"""What ``techport indexer status`` and ``techport search status`` report."""

from dataclasses import dataclass
from datetime import datetime

from elasticsearch import Elasticsearch

from techport.extensions import db
from techport.models_common import utcnow
from techport.search.index import alias_name, current_indices
from techport.search.outbox import OutboxEntry, OutboxStatus


@dataclass
class OutboxStatusReport:
    pending: int
    parked: int
    oldest_pending_at: datetime | None
    parked_rows: list[OutboxEntry]

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
    return OutboxStatusReport(count(OutboxStatus.PENDING), count(OutboxStatus.PARKED), oldest, parked)


def index_status(es: Elasticsearch, prefix: str) -> dict:
    """The alias, the index behind it, its document count and schema version."""
    indices = current_indices(es, prefix)
    report = {"alias": alias_name(prefix), "indices": indices, "documents": None, "schema_version": None}
    if indices:
        report["documents"] = es.count(index=alias_name(prefix))["count"]
        mapping = es.indices.get_mapping(index=indices[0])[indices[0]]["mappings"]
        report["schema_version"] = mapping.get("_meta", {}).get("schema_version")
    return report
