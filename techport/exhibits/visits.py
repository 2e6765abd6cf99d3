"""Exhibit views counted once per visitor and day, never by a page load.

The exhibit page and the sheet ask the browser to POST a beacon once the page is really shown
(``static/js/exhibit-visit.js``), so GET requests, prefetches and link previews write nothing. The
beacon is counted unless it comes from a robot, a prefetch or another site. A visitor is a keyed hash
of the account, or of the address and browser, that changes every day: yesterday's rows are deleted,
and the counters on ``ExhibitItem`` keep the totals.
"""

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from techport.exhibits.models import ExhibitItem, ExhibitVisit, VisitKind
from techport.extensions import db

ROBOT_AGENT = re.compile(r"bot|crawl|spider|preview|slurp|externalhit", re.IGNORECASE)
PREFETCH_HEADERS = ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")
COUNTERS = {VisitKind.PAGE: "page_views", VisitKind.SHEET: "sheet_views"}


def is_countable(headers: Mapping[str, str]) -> bool:
    """A person's browser on this site: not a robot, a prefetch or preview, or a request from another site."""
    agent = headers.get("User-Agent", "")
    if not agent or ROBOT_AGENT.search(agent):
        return False
    if any(headers.get(name) for name in PREFETCH_HEADERS):
        return False
    return headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


def visitor_key(identity: str, day: date) -> str:
    """A hash only this server can make, different each day, so visits cannot be tied together or to a person."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{day.isoformat()}|{identity}".encode(), hashlib.sha256).hexdigest()


def record(items: list[ExhibitItem], kind: VisitKind, identity: str, today: date | None = None) -> int:
    """Count ``kind`` views of ``items`` by one visitor, each item once a day; returns how many counted."""
    today = today or date.today()
    visitor = visitor_key(identity, today)
    item_ids = {item.id for item in items}
    seen = db.session.scalars(
        sa.select(ExhibitVisit.item_id).where(
            ExhibitVisit.item_id.in_(item_ids),
            ExhibitVisit.kind == kind,
            ExhibitVisit.visitor == visitor,
            ExhibitVisit.day == today,
        )
    )
    new_ids = sorted(item_ids - set(seen))
    if not new_ids:
        return 0
    counter = COUNTERS[kind]
    try:
        db.session.execute(sa.delete(ExhibitVisit).where(ExhibitVisit.day < today))
        db.session.add_all(ExhibitVisit(item_id=item_id, kind=kind, visitor=visitor, day=today) for item_id in new_ids)
        db.session.execute(
            sa.update(ExhibitItem)
            .where(ExhibitItem.id.in_(new_ids))
            .values({counter: getattr(ExhibitItem, counter) + 1})
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except IntegrityError:
        # The same visitor's other tab counted these items a moment ago.
        db.session.rollback()
        return 0
    return len(new_ids)
