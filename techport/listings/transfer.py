"""Import and export of listings in JSON Lines (docs/listings-jsonl.md).

Each line is imported in its own savepoint: a bad line is reported with its number and reason and
rolls back alone, while the good lines are kept. Re-importing an unchanged line changes nothing, so
imports are idempotent and do not raise version counters needlessly. When an import unpublishes a
listing that an exhibit shows, the curators are told, as when its owner withdraws it on the web.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.profile import ProfileError, parse_profile
from techport.listings.services import apply_profile, find_listing, profile_record
from techport.organisations.models import Organisation


@dataclass
class LineError:
    line_number: int
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_lines(lines: Iterable[str], dry_run: bool = False) -> ImportReport:
    """Import JSON Lines; commit the good lines unless ``dry_run``."""
    report = ImportReport()
    organisations: dict[str, Organisation | None] = {}
    unpublished: list[Listing] = []
    for line_number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            outcome = _import_record(json.loads(text), organisations, unpublished)
        except json.JSONDecodeError as error:
            report.errors.append(LineError(line_number, f"not valid JSON: {error.msg} at column {error.colno}"))
            continue
        except (ProfileError, ValueError) as error:
            report.errors.append(LineError(line_number, str(error)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    if dry_run:
        db.session.rollback()
        return report
    for listing in unpublished:
        exhibits.tell_curators_listing_left(listing)
    db.session.commit()
    return report


def _import_record(record: dict, organisations: dict[str, Organisation | None], unpublished: list[Listing]) -> str:
    """Upsert one record; a published listing the record unpublishes is added to ``unpublished``."""
    profile = parse_profile(record)
    if profile.organisation not in organisations:
        organisations[profile.organisation] = db.session.scalar(
            db.select(Organisation).where(Organisation.slug == profile.organisation)
        )
    organisation = organisations[profile.organisation]
    if organisation is None:
        raise ValueError(f"organisation: no organisation has the slug {profile.organisation!r}")
    listing = find_listing(organisation, profile.external_id)
    is_new = listing is None
    was_public = listing is not None and listing.is_public
    savepoint = db.session.begin_nested()
    try:
        listing = listing or Listing()
        changed = apply_profile(listing, profile, organisation)
        db.session.add(listing)
        db.session.flush()
    except ValueError:
        savepoint.rollback()
        raise
    savepoint.commit()
    if was_public and not listing.is_public:
        unpublished.append(listing)
    if is_new:
        return "created"
    return "updated" if changed else "unchanged"


def export_records() -> Iterator[dict]:
    """Every listing, oldest first, in the import format."""
    query = db.select(Listing).order_by(Listing.id).execution_options(yield_per=500)
    for listing in db.session.scalars(query):
        yield profile_record(listing)
