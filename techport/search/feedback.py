"""Feedback on matches: "not relevant" marks, and the matches that led to an inquiry.

A mark belongs to an organisation and to a need-supply pair, whichever side it was made from, so a match
marked on the need's page is hidden on the offer's page too, for that organisation only. Whether marks (or
inquiries) should also demote a pair for everybody is for the relevance harness to measure
(``bench/relevance``); ``relevance_feedback`` gives it both.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from techport.accounts.permissions import is_signed_in
from techport.extensions import db
from techport.inquiries import queries as inquiry_queries
from techport.inquiries.models import InquirySource
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind
from techport.models_common import UTCDateTime, utcnow
from techport.organisations.models import OrganisationKind

INQUIRY_PAGE_SIZE = 200


class MatchFeedback(db.Model):
    """One organisation's "not relevant" mark on a need-supply pair; removing the row undoes it."""

    __tablename__ = "match_feedback"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "need_listing_id", "supply_listing_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    need_listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    supply_listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    marked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotAMatch(ValueError):
    """The two listings are not on opposite sides of the market, so they cannot be a match."""


def pair_of(first: Listing, second: Listing) -> tuple[int, int]:
    """(need id, supply id) of two listings on opposite sides, in either order."""
    first_is_need = first.kind == ListingKind.NEED
    if first_is_need == (second.kind == ListingKind.NEED):
        raise NotAMatch(f"listings {first.id} and {second.id} are not a need and a supply")
    return (first.id, second.id) if first_is_need else (second.id, first.id)


def can_give_feedback(user, source: Listing, matched: Listing) -> bool:
    """Members of either listing's organisation, and of any firm (the side that looks for technology)."""
    if not is_signed_in(user) or user.organisation is None:
        return False
    owners = {source.organisation_id, matched.organisation_id}
    return user.organisation_id in owners or user.organisation.kind == OrganisationKind.FIRM


def _mark(organisation_id: int, need_id: int, supply_id: int):
    return db.session.scalar(
        sa.select(MatchFeedback).where(
            MatchFeedback.organisation_id == organisation_id,
            MatchFeedback.need_listing_id == need_id,
            MatchFeedback.supply_listing_id == supply_id,
        )
    )


def mark_not_relevant(user, source: Listing, matched: Listing) -> None:
    """Hide ``matched`` from ``source``'s matches (and the reverse) for the user's organisation; idempotent."""
    need_id, supply_id = pair_of(source, matched)
    if _mark(user.organisation_id, need_id, supply_id) is None:
        db.session.add(
            MatchFeedback(
                organisation_id=user.organisation_id,
                need_listing_id=need_id,
                supply_listing_id=supply_id,
                marked_by_id=user.id,
            )
        )
    db.session.commit()


def undo_not_relevant(user, source: Listing, matched: Listing) -> None:
    need_id, supply_id = pair_of(source, matched)
    mark = _mark(user.organisation_id, need_id, supply_id)
    if mark is not None:
        db.session.delete(mark)
    db.session.commit()


def marked_ids(organisation_id: int | None, source_listing_id: int) -> set[int]:
    """The listings the organisation marked not relevant as matches of ``source_listing_id``."""
    if organisation_id is None:
        return set()
    rows = db.session.execute(
        sa.select(MatchFeedback.need_listing_id, MatchFeedback.supply_listing_id).where(
            MatchFeedback.organisation_id == organisation_id,
            sa.or_(
                MatchFeedback.need_listing_id == source_listing_id,
                MatchFeedback.supply_listing_id == source_listing_id,
            ),
        )
    )
    return {supply if need == source_listing_id else need for need, supply in rows}


def split_matches(user, source_listing_id: int, matches: list) -> tuple[list, list]:
    """(shown, hidden): the matches of ``source_listing_id`` the user's organisation did not mark, and those
    it marked not relevant (shown apart, so the mark can be undone)."""
    organisation_id = user.organisation_id if is_signed_in(user) else None
    hidden_ids = marked_ids(organisation_id, source_listing_id)
    shown = [match for match in matches if match.listing_id not in hidden_ids]
    hidden = [match for match in matches if match.listing_id in hidden_ids]
    return shown, hidden


@dataclass
class MatchesSeen:
    """A list of matches as one visitor sees it: the shown ones, the ones their organisation marked not relevant
    (listed apart with an undo button), and the listings they may mark."""

    shown: list
    hidden: list
    markable_ids: set[int]


def matches_seen(user, source: Listing | None, matches: list) -> MatchesSeen:
    """What ``user`` sees of ``source``'s matches; nothing is hidden or markable without a source or a sign-in."""
    if source is None or not is_signed_in(user) or user.organisation is None:
        return MatchesSeen(list(matches), [], set())
    shown, hidden = split_matches(user, source.id, matches)
    if user.organisation.kind == OrganisationKind.FIRM or user.organisation_id == source.organisation_id:
        markable = {match.listing_id for match in matches}
    else:
        own = user.organisation_id
        markable = {match.listing_id for match in matches if match.document["organisation"]["id"] == own}
    return MatchesSeen(shown, hidden, markable)


def not_relevant_pairs() -> Counter:
    """(need id, supply id) -> how many organisations marked the pair not relevant."""
    rows = db.session.execute(sa.select(MatchFeedback.need_listing_id, MatchFeedback.supply_listing_id))
    return Counter(tuple(row) for row in rows)


@dataclass(frozen=True)
class MatchInquiry:
    """An inquiry started from a list of matches: on ``listing_id``, by ``asking_organisation_id``, from the
    match at ``rank``. ``proposed_listing_id`` is the asker's own supply proposed to a need, when given:
    then (listing, proposed) is a pair the asker judged a match."""

    inquiry_id: int
    listing_id: int
    asking_organisation_id: int
    proposed_listing_id: int | None
    rank: int | None
    stage: str


def match_inquiries() -> list[MatchInquiry]:
    """Every inquiry whose source is a match, read through the inquiries domain, oldest first."""
    found, page = [], 1
    while True:
        inquiries = inquiry_queries.curated_inquiries(
            organisation_id=None, sector=None, stage=None, page=page, per_page=INQUIRY_PAGE_SIZE
        )
        found.extend(
            MatchInquiry(
                inquiry.id,
                inquiry.listing_id,
                inquiry.asking_organisation_id,
                inquiry.proposed_listing_id,
                inquiry.source_rank,
                inquiry.stage.value,
            )
            for inquiry in inquiries.items
            if inquiry.source == InquirySource.MATCH
        )
        if not inquiries.has_next:
            return sorted(found, key=lambda each: each.inquiry_id)
        page += 1


@dataclass
class RelevanceFeedback:
    not_relevant: Counter
    inquiries: list[MatchInquiry]

    def lines(self) -> list[str]:
        """A short printable summary, for the relevance harness."""
        lines = [f"not relevant marks: {sum(self.not_relevant.values())} on {len(self.not_relevant)} pair(s)"]
        lines += [
            f"  need {need} / supply {supply}: {count} organisation(s)"
            for (need, supply), count in self.not_relevant.most_common()
        ]
        lines.append(f"inquiries from matches: {len(self.inquiries)}")
        lines += [
            f"  inquiry {each.inquiry_id}: listing {each.listing_id} from rank {each.rank or '?'}"
            + (f", proposing {each.proposed_listing_id}" if each.proposed_listing_id else "")
            + f" ({each.stage})"
            for each in self.inquiries
        ]
        return lines


def relevance_feedback() -> RelevanceFeedback:
    """Both kinds of feedback the exchange has on matches, for ``bench/relevance``."""
    return RelevanceFeedback(not_relevant_pairs(), match_inquiries())
