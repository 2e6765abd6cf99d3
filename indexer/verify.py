"""The index compared with the database, listing by listing and by version.

Behind ``techport search verify`` and the catch-up of a full reindex. Comparing versions, not outbox
ids, is what makes the catch-up safe: outbox ids are handed out at flush time, not in commit order,
so a transaction open while a reindex starts can commit a lower id after the load's snapshot.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan
from sqlalchemy.orm import load_only

from techport.extensions import db
from techport.listings.models import Listing
from techport.search.outbox import OutboxEntity, OutboxEntry

SCAN_PAGE = 5000
# (version in the database, version in the index); None where there is none.
Versions = tuple[int | None, int | None]


@dataclass
class Differences:
    """Listings on which the index and the database disagree, by kind of disagreement."""

    missing: dict[int, Versions] = field(default_factory=dict)  # public, but not searchable
    stale: dict[int, Versions] = field(default_factory=dict)  # indexed at another version
    extra: dict[int, Versions] = field(default_factory=dict)  # searchable, but not public (or gone)
    unindexed: dict[int, Versions] = field(default_factory=dict)  # not public and without a stand-in document

    def visible(self) -> dict[int, Versions]:
        """What search gets wrong: missing, stale and extra listings."""
        return {**self.missing, **self.stale, **self.extra}

    def everything(self) -> dict[int, Versions]:
        return {**self.visible(), **self.unindexed}


# Called with the number of documents or rows just read (techport.progress).
Progress = Callable[[int], None]


def _ignore(_done: int) -> None:
    """No progress reporting."""


def indexed_versions(es: Elasticsearch, target: str, progress: Progress = _ignore) -> dict[int, tuple[int, bool]]:
    """Listing id -> (external version, public) of every document in ``target``."""
    es.indices.refresh(index=target)
    query = {"query": {"match_all": {}}, "version": True, "_source": ["public"]}
    versions = {}
    for hit in scan(es, index=target, query=query, size=SCAN_PAGE):
        versions[int(hit["_id"])] = (hit["_version"], bool(hit["_source"].get("public")))
        progress(1)
    return versions


def database_versions(progress: Progress = _ignore) -> dict[int, tuple[int, bool]]:
    """Listing id -> (version, public) of every listing in the database, as committed now."""
    db.session.rollback()
    # ``is_public`` reads the expiry date too: without it in the query, each listing would load it on its own.
    query = db.select(Listing).options(load_only(Listing.id, Listing.version, Listing.status, Listing.expires_on))
    versions = {}
    for listing in db.session.scalars(query.execution_options(yield_per=SCAN_PAGE)):
        versions[listing.id] = (listing.version, listing.is_public)
        progress(1)
    db.session.rollback()
    return versions


def items_to_compare(es: Elasticsearch, target: str) -> int:
    """Documents plus database rows ``compare`` reads: the total of ``techport search verify``'s progress."""
    es.indices.refresh(index=target)
    documents = es.count(index=target)["count"]
    return documents + db.session.scalar(db.select(db.func.count()).select_from(Listing))


def compare(es: Elasticsearch, target: str, progress: Progress = _ignore) -> Differences:
    """Read the index first, then the database: whatever the index holds came from a commit the
    database read then sees, so a difference is never an artefact of the order of the two reads."""
    indexed = indexed_versions(es, target, progress)
    in_database = database_versions(progress)
    differences = Differences()
    for listing_id, (version, public) in in_database.items():
        indexed_version, indexed_public = indexed.get(listing_id, (None, False))
        versions = (version, indexed_version)
        if public and not indexed_public:
            differences.missing[listing_id] = versions
        elif indexed_public and not public:
            differences.extra[listing_id] = versions
        elif indexed_version is None:
            differences.unindexed[listing_id] = versions
        elif indexed_version != version:
            differences.stale[listing_id] = versions
    for listing_id, (indexed_version, indexed_public) in indexed.items():
        if indexed_public and listing_id not in in_database:
            differences.extra[listing_id] = (None, indexed_version)
    return differences


def _version_above_the_index(version: int, indexed_version: int | None) -> int | None:
    """The version a listing must rise to so that its next write wins, or None when its own will.

    A document at or above the database's version (a database restored from a backup) wins every
    versioned write, and so does the tombstone an unversioned delete leaves (one above the version deleted)."""
    if indexed_version is not None and indexed_version < version:
        return None
    return max(version, indexed_version if indexed_version is not None else version + 1) + 1


def repair(differences: Differences) -> int:
    """Queue an outbox row for every listing search gets wrong; returns how many.

    Where the index may hold a version the database's would not beat, the listing's version rises
    above it first (the database stays the source of truth; only the counter moves)."""
    wrong = differences.visible()
    for listing_id, (version, indexed_version) in sorted(wrong.items()):
        if version is not None and (raised := _version_above_the_index(version, indexed_version)) is not None:
            db.session.execute(db.update(Listing).where(Listing.id == listing_id).values(version=raised))
            version = raised
        db.session.add(
            OutboxEntry(
                entity=OutboxEntity.LISTING,
                entity_id=listing_id,
                version=indexed_version if version is None else version,
            )
        )
    db.session.commit()
    return len(wrong)
