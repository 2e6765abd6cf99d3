"""The search log: what people look for, without who they are or where from.

The search page and the search API call ``record_search`` (a GET: one spool line, no database write); the
worker's ``ingest_spools`` moves the lines into ``search_log`` and ``prune_search_log`` keeps
``TECHPORT_SEARCH_LOG_RETENTION_MONTHS`` of it. ``TECHPORT_SEARCH_LOG=off`` records nothing.
"""

import logging
from datetime import datetime

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app

from techport.extensions import db
from techport.reports import listing_views, spool
from techport.reports.models import SEARCH_QUERY_MAX, SECTOR_CODE_MAX, SearchLogEntry

log = logging.getLogger(__name__)


def _folder():
    return spool.spool_dir("SEARCH_LOG_DIR", "search-log")


def record_search(results) -> None:
    """Spool a first results page that asked for something (words or filters); never raises."""
    try:
        request = results.request
        filters = {name: values for name, values in request.filters.items() if values}
        if not current_app.config.get("SEARCH_LOG", True) or request.page != 1 or not (request.text or filters):
            return
        spool.append(_folder(), {"q": request.text, "filters": filters, "results": results.total})
    except Exception:  # a search must never fail because it could not be counted
        log.exception("a search could not be logged")


def _entry(record: dict) -> SearchLogEntry | None:
    filters = record.get("filters") if isinstance(record.get("filters"), dict) else {}
    sectors = filters.get("sector") or [None]
    if not isinstance(record.get("results"), int):
        return None
    return SearchLogEntry(
        query=" ".join(str(record.get("q", "")).split()).casefold()[:SEARCH_QUERY_MAX],
        filters=filters,
        sector=str(sectors[0])[:SECTOR_CODE_MAX] if sectors[0] else None,
        result_count=record["results"],
        searched_at=record["at"],
    )


def ingest_searches(now: datetime) -> int:
    """Move the spooled searches of the minutes before ``now`` into the table; returns how many."""
    claimed = spool.claim_ready(_folder(), now)
    entries = [entry for entry in map(_entry, spool.records(claimed)) if entry is not None]
    db.session.add_all(entries)
    db.session.commit()
    spool.release(claimed)
    return len(entries)


def ingest_spools(now: datetime) -> None:
    """The worker's job: searches and listing-page views, each committed before its files are deleted."""
    ingest_searches(now)
    listing_views.ingest_views(now)


def prune_search_log(now: datetime) -> int:
    """Delete the searches older than the retention; returns how many."""
    cutoff = now - relativedelta(months=current_app.config.get("SEARCH_LOG_RETENTION_MONTHS", 12))
    result = db.session.execute(sa.delete(SearchLogEntry).where(SearchLogEntry.searched_at < cutoff))
    return result.rowcount
