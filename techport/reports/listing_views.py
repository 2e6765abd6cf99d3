"""Listing-page views per day, for the reports' funnel: the page (a GET) spools one line per view and the
worker adds them up into ``listing_view_days``."""

from collections import Counter
from datetime import datetime

import sqlalchemy as sa

from techport.extensions import db
from techport.listings.models import Listing
from techport.reports import spool
from techport.reports.models import ListingViewDay
from techport.worker.schedule import local_now


def _folder():
    return spool.spool_dir("LISTING_VIEWS_DIR", "listing-views")


def record_listing_view(listing_id: int) -> None:
    """Spool one view of a listing's page; never raises."""
    spool.append(_folder(), {"listing": listing_id})


def ingest_views(now: datetime) -> int:
    """Add the spooled views of the minutes before ``now`` to the daily counters (local days)."""
    claimed = spool.claim_ready(_folder(), now)
    counts: Counter = Counter()
    for record in spool.records(claimed):
        if isinstance(record.get("listing"), int):
            counts[record["listing"], local_now(record["at"]).date()] += 1
    # A listing deleted since its view was spooled has nothing left to count.
    existing_listings = set(db.session.scalars(sa.select(Listing.id).where(Listing.id.in_({key[0] for key in counts}))))
    for (listing_id, day), views in counts.items():
        if listing_id not in existing_listings:
            continue
        row = db.session.scalar(
            sa.select(ListingViewDay).where(ListingViewDay.listing_id == listing_id, ListingViewDay.day == day)
        )
        if row is None:
            db.session.add(ListingViewDay(listing_id=listing_id, day=day, views=views))
        else:
            row.views += views
    db.session.commit()
    spool.release(claimed)
    return sum(counts.values())
