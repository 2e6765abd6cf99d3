"""Saved searches and the alert job that tells their owners about new listings.

A run of one frequency looks at the listings published (or renewed) since each saved search last ran,
asks Elasticsearch which of them each search finds (``alerts.matching``), and sends every person ONE
message for all their searches of that frequency. ``sent_alerts`` remembers each (search, listing) pair,
so an item is announced once per search however often the job runs: a repeated run finds nothing new,
which is what makes it idempotent for its period. Mail, notifications and the pairs are committed
together, a batch of people at a time, so a crash re-sends nothing that was committed and loses nothing
that was not.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from elasticsearch import Elasticsearch
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from techport.accounts.models import AccountStatus, User
from techport.alerts import matching
from techport.alerts.models import NAME_MAX, Frequency, SavedSearch, SentAlert
from techport.alerts.preferences import MailKind, unsubscribe_url, users_refusing
from techport.extensions import db
from techport.i18n import current_locale
from techport.listings.models import Listing
from techport.notifications.services import notify
from techport.search.query import InvalidSearch, SearchRequest

SAVED_SEARCHES_PER_USER_MAX = 50
# Listed in the mail per search; every item found (up to ``matching.HITS_PER_QUERY``) counts as announced,
# the rest behind a link to the search.
ITEMS_PER_SEARCH_MAX = 20
PEOPLE_PER_COMMIT = 200


class SavedSearchRefused(ValueError):
    """The saved search cannot be stored; the message says why, in the visitor's language."""


def searches_of(user: User) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            sa.select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.created_at.desc())
        )
    )


def search_of(user: User, saved_search_id: int) -> SavedSearch | None:
    saved = db.session.get(SavedSearch, saved_search_id)
    return saved if saved is not None and saved.user_id == user.id else None


def save_search(
    user: User, *, name: str, text: str, filters: dict[str, list[str]], sort: str, frequency: Frequency
) -> SavedSearch:
    """Store a saved search after checking it the way the search page does; raises ``SavedSearchRefused``."""
    try:
        request = SearchRequest(text=text, filters=filters, sort=sort)
    except InvalidSearch as error:
        raise SavedSearchRefused(_("This search cannot be saved: %(reason)s", reason=str(error))) from error
    if not request.text and not request.filters:
        raise SavedSearchRefused(_("Enter search words or choose a filter before saving a search."))
    count = db.session.scalar(sa.select(sa.func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))
    if count >= SAVED_SEARCHES_PER_USER_MAX:
        raise SavedSearchRefused(
            _(
                "You already have %(count)d saved searches, the most allowed. Delete one to save another.",
                count=SAVED_SEARCHES_PER_USER_MAX,
            )
        )
    name = " ".join(name.split()) or request.text or _("Saved search")
    saved = SavedSearch(
        user_id=user.id,
        name=name[:NAME_MAX],
        query_text=request.text,
        filters=request.filters,
        sort=request.sort,
        frequency=frequency,
    )
    db.session.add(saved)
    db.session.commit()
    return saved


def search_for_matches_of(listing: Listing) -> dict:
    """What "alert me about new matches" saves: the other side of the market in the listing's sectors.

    A filter-only search, so what it announces is predictable and the person can open it as an ordinary
    search; matching's free-text "any shared word" would make an unranked alert list mostly noise.
    """
    kinds = ["offer", "ip_asset"] if listing.kind.value == "need" else ["need"]
    return {"text": "", "filters": {"kind": kinds, "sector": list(listing.sectors)}, "sort": "newest"}


def set_paused(saved: SavedSearch, paused: bool) -> None:
    saved.paused = paused
    db.session.commit()


def set_frequency(saved: SavedSearch, frequency: Frequency) -> None:
    saved.frequency = frequency
    db.session.commit()


def delete_search(saved: SavedSearch) -> None:
    db.session.delete(saved)
    db.session.commit()


def search_args(saved: SavedSearch) -> dict:
    """The saved search as search-page query parameters."""
    args: dict = {"q": saved.query_text} if saved.query_text else {}
    args.update(saved.filters)
    if saved.sort != "relevance":
        args["sort"] = saved.sort
    return args


@dataclass
class _Message:
    user: User
    sections: list[tuple[SavedSearch, list[int]]] = field(default_factory=list)


def _window_start(saved: SavedSearch) -> date:
    """Listings published on or after this date are new to the search (the day of its last run, or of its
    creation); a day's earlier listings that it already announced are skipped by ``sent_alerts``."""
    return (saved.last_run_at or saved.created_at).astimezone().date()


def _due_searches(frequency: Frequency) -> list[SavedSearch]:
    searches = list(
        db.session.scalars(
            sa.select(SavedSearch)
            .join(User, User.id == SavedSearch.user_id)
            .where(
                SavedSearch.frequency == frequency, SavedSearch.paused.is_(False), User.status == AccountStatus.ACTIVE
            )
            .options(selectinload(SavedSearch.user))
            .order_by(SavedSearch.user_id, SavedSearch.id)
        )
    )
    refusing = users_refusing({saved.user_id for saved in searches}, MailKind.ALERTS)
    return [saved for saved in searches if saved.user_id not in refusing]


def _candidates(since: date) -> list[tuple[int, date, int]]:
    """(id, published on, organisation id) of the public listings published since ``since``."""
    rows = db.session.execute(
        sa.select(Listing.id, Listing.published_on, Listing.organisation_id).where(
            Listing.is_public, Listing.published_on >= since
        )
    )
    return [tuple(row) for row in rows]


def _already_sent(search_ids: set[int], listing_ids: list[int]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(listing_ids), 500):
        rows = db.session.execute(
            sa.select(SentAlert.saved_search_id, SentAlert.listing_id).where(
                SentAlert.listing_id.in_(listing_ids[start : start + 500])
            )
        )
        pairs.update((search_id, listing_id) for search_id, listing_id in rows if search_id in search_ids)
    return pairs


def run_alerts(period: str, now: datetime, es: Elasticsearch | None = None) -> int:
    """Send the alerts of one frequency ("immediately", "daily" or "weekly"); returns the messages sent."""
    frequency = Frequency(period)
    searches = _due_searches(frequency)
    if not searches:
        return 0
    starts = {saved.id: _window_start(saved) for saved in searches}
    candidates = _candidates(min(starts.values()))
    organisation_of = {listing_id: organisation_id for listing_id, _published_on, organisation_id in candidates}
    queries: dict[tuple[matching.AlertQuery, date], list[SavedSearch]] = defaultdict(list)
    for saved in searches:
        queries[(matching.AlertQuery.of(saved.query_text, saved.filters), starts[saved.id])].append(saved)
    asked = [
        (key, [listing_id for listing_id, published_on, _organisation in candidates if published_on >= key[1]])
        for key in queries
    ]
    asked = [(key, ids) for key, ids in asked if ids]
    found = matching.matching_ids([(key[0], ids) for key, ids in asked], es=es) if asked else []
    already = _already_sent({saved.id for saved in searches}, list(organisation_of))

    messages: dict[int, _Message] = {}
    for (key, _ids), listing_ids in zip(asked, found, strict=True):
        for saved in queries[key]:
            new = [
                listing_id
                for listing_id in listing_ids
                if (saved.id, listing_id) not in already and organisation_of[listing_id] != saved.user.organisation_id
            ]
            if new:
                messages.setdefault(saved.user_id, _Message(saved.user)).sections.append((saved, new))
    _send(list(messages.values()), now)
    for saved in searches:
        saved.last_run_at = now
    db.session.commit()
    return len(messages)


def _send(messages: list[_Message], now: datetime) -> None:
    listing_ids = {
        listing_id
        for message in messages
        for _saved, ids in message.sections
        for listing_id in ids[:ITEMS_PER_SEARCH_MAX]
    }
    listings = {
        listing.id: listing
        for listing in db.session.scalars(
            sa.select(Listing).where(Listing.id.in_(listing_ids)).options(selectinload(Listing.organisation))
        )
    }
    links = {
        listing.id: url_for("listings.show", listing_id=listing.id, slug=listing.slug, src="alert", _external=True)
        for listing in listings.values()
    }
    manage_url = url_for("alerts.index", _external=True)
    for number, message in enumerate(messages, start=1):
        item_count = sum(len(ids) for _saved, ids in message.sections)
        notify(
            [message.user],
            lambda count=item_count: _("%(count)d new listings match your saved searches", count=count),
            lambda message=message: _alert_body(message, listings, links, manage_url),
            link=manage_url,
            category="alert",
            unsubscribe_url=lambda user: unsubscribe_url(user, MailKind.ALERTS),
        )
        db.session.execute(
            sa.insert(SentAlert),
            [
                {"saved_search_id": saved.id, "listing_id": listing_id, "sent_at": now}
                for saved, ids in message.sections
                for listing_id in ids
            ],
        )
        for saved, _ids in message.sections:
            saved.last_sent_at = now
        if number % PEOPLE_PER_COMMIT == 0:
            db.session.commit()


def _alert_body(message: _Message, listings: dict[int, Listing], links: dict[int, str], manage_url: str) -> str:
    locale = current_locale()
    parts = [_("New listings on Techport match your saved searches.")]
    for saved, ids in message.sections:
        lines = [_("Saved search “%(name)s”:", name=saved.name)]
        for listing_id in ids[:ITEMS_PER_SEARCH_MAX]:
            listing = listings[listing_id]
            lines.append(f"- {listing.title} ({listing.organisation.name_for(locale)})\n  {links[listing_id]}")
        if len(ids) > ITEMS_PER_SEARCH_MAX:
            lines.append(
                _(
                    "… and %(count)d more: %(url)s",
                    count=len(ids) - ITEMS_PER_SEARCH_MAX,
                    url=url_for("search.search_page", _external=True, **search_args(saved)),
                )
            )
        parts.append("\n".join(lines))
    parts.append(_("Change how often you hear, pause or delete your alerts: %(url)s", url=manage_url))
    return "\n\n".join(parts)


def rename_organisation_filter(old_slug: str, new_slug: str) -> list[int]:
    """Saved searches filtered on an organisation merged into another now follow the one it became.
    Returns the ids of the searches changed."""
    changed = []
    for saved in db.session.scalars(sa.select(SavedSearch)):
        slugs = (saved.filters or {}).get("organisation")
        if isinstance(slugs, list) and old_slug in slugs:
            renamed = list(dict.fromkeys(new_slug if slug == old_slug else slug for slug in slugs))
            saved.filters = {**saved.filters, "organisation": renamed}
            changed.append(saved.id)
    return changed
