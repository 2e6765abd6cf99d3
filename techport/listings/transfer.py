"""Import and export of listings: the one engine for JSON Lines, CSV and XLSX (docs/listings-jsonl.md).

Each line is imported in its own savepoint: a bad line is reported with its number and reason and
rolls back alone, while the good lines are kept. Re-importing an unchanged line changes nothing, so
imports are idempotent and do not raise version counters needlessly. When an import unpublishes a
listing that an exhibit shows, the curators are told, as when its owner withdraws it on the web.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.listings import revisions
from techport.listings.models import Listing
from techport.listings.profile import ProfileError, parse_profile
from techport.listings.services import apply_profile, find_listing, profile_record
from techport.listings.vocabulary import EXTERNAL_ID_MAX, TITLE_MAX, ListingStatus
from techport.organisations.models import Organisation

# One row's fate; a preview shows the same outcomes an import then applies.
CREATE, UPDATE, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
# Statuses only curators grant; an owner's import may keep them on a listing that has them, not set them.
CURATED_STATUSES = frozenset({ListingStatus.PUBLISHED, ListingStatus.EXPIRED})


@dataclass
class LineError:
    line_number: int
    reason: str


@dataclass
class RowOutcome:
    row_number: int
    action: str
    external_id: str = ""
    title: str = ""
    reasons: list[str] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, outcome: RowOutcome) -> None:
        self.outcomes.append(outcome)
        if outcome.action == REFUSED:
            self.errors.append(LineError(outcome.row_number, "; ".join(outcome.reasons)))
        else:
            setattr(self, outcome.action, getattr(self, outcome.action) + 1)


class RowRefused(ValueError):
    """A row that cannot be read at all (not JSON, nested too deep); carried to the engine as its outcome."""


def read_json_lines(lines: Iterable[str]) -> Iterator[tuple[int, dict | RowRefused]]:
    """(line number, record or the reason it cannot be read) for each line that is not blank or a comment."""
    for line_number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            yield line_number, json.loads(text)
        except json.JSONDecodeError as error:
            yield line_number, RowRefused(f"not valid JSON: {error.msg} at column {error.colno}")
        except RecursionError:
            yield line_number, RowRefused("not valid JSON: nested too deeply")
        except ValueError as error:
            yield line_number, RowRefused(f"not valid JSON: {error}")


def import_lines(
    lines: Iterable[str], dry_run: bool = False, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import JSON Lines; commit the good lines unless ``dry_run``."""
    return import_rows(read_json_lines(lines), dry_run=dry_run, progress=progress)


def import_rows(
    rows: Iterable[tuple[int, dict | RowRefused]],
    *,
    dry_run: bool = False,
    organisation: Organisation | None = None,
    by_owner: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """The one engine behind every format: validate each row, upsert it in its own savepoint, report it.

    With ``organisation`` every row belongs to it (an empty organisation cell means it). ``by_owner``
    applies the rules of the owners' own forms: statuses only curators grant cannot be set, and a changed
    wording of a published listing waits for review. ``dry_run`` rolls everything back: the preview.
    """
    report = ImportReport()
    organisations: dict[str, Organisation | None] = {}
    if organisation is not None:
        organisations[organisation.slug] = organisation
    unpublished: list[Listing] = []
    for row_number, record in _counted(rows, progress):
        if isinstance(record, RowRefused):
            report.add(RowOutcome(row_number, REFUSED, reasons=[str(record)]))
            continue
        if organisation is not None and isinstance(record, dict):
            record = {**record, "organisation": record.get("organisation") or organisation.slug}
        report.add(_import_row(row_number, record, organisations, unpublished, organisation, by_owner))
    if dry_run:
        db.session.rollback()
        return report
    for listing in unpublished:
        exhibits.tell_curators_listing_left(listing)
    db.session.commit()
    return report


def _counted(rows: Iterable, progress: Callable[[int], None] | None) -> Iterator:
    """``rows``, telling ``progress`` (techport.progress) of each one once it has been dealt with."""
    for row in rows:
        yield row
        if progress is not None:
            progress(1)


def _import_row(row_number, record, organisations, unpublished, only_organisation, by_owner) -> RowOutcome:
    outcome = RowOutcome(row_number, REFUSED)
    if isinstance(record, dict):
        outcome.external_id = str(record.get("external_id") or "")[:EXTERNAL_ID_MAX]
        outcome.title = str(record.get("title") or "")[:TITLE_MAX]
    try:
        outcome.action, changed = _import_record(record, organisations, unpublished, only_organisation, by_owner)
    except ProfileError as error:
        outcome.reasons = list(error.problems)
    except ValueError as error:
        outcome.reasons = [str(error)]
    except SQLAlchemyError as error:
        outcome.reasons = [f"the database refused the row: {type(getattr(error, 'orig', None) or error).__name__}"]
    else:
        outcome.changed_fields = sorted(changed)
    return outcome


def _import_record(record, organisations, unpublished, only_organisation, by_owner) -> tuple[str, frozenset[str]]:
    """Upsert one record; a published listing the record unpublishes is added to ``unpublished``."""
    profile = parse_profile(record)
    if profile.organisation not in organisations:
        organisations[profile.organisation] = db.session.scalar(
            db.select(Organisation).where(Organisation.slug == profile.organisation)
        )
    organisation = organisations[profile.organisation]
    if organisation is None:
        raise ValueError(f"organisation: no organisation has the slug {profile.organisation!r}")
    if only_organisation is not None and organisation.id != only_organisation.id:
        raise ValueError(f"organisation: this file is for {only_organisation.slug}, not {profile.organisation}")
    listing = find_listing(organisation, profile.external_id)
    if by_owner:
        _check_owner_may_set(listing, profile)
    is_new = listing is None
    was_public = listing is not None and listing.is_public
    wording_before = revisions.material_values(listing) if listing is not None else None
    savepoint = db.session.begin_nested()
    try:
        listing = listing or Listing()
        changed = apply_profile(listing, profile, organisation)
        db.session.add(listing)
        db.session.flush()
        if by_owner and wording_before is not None:
            revisions.record_edit(listing, wording_before)
            db.session.flush()
    except (ValueError, SQLAlchemyError):
        savepoint.rollback()
        raise
    savepoint.commit()
    if was_public and not listing.is_public:
        unpublished.append(listing)
    if is_new:
        return CREATE, changed
    return (UPDATE if changed else UNCHANGED), changed


def _check_owner_may_set(listing: Listing | None, profile) -> None:
    """Owners publish through the curators' review, as on the site; an import cannot skip it."""
    current = listing.status if listing is not None else None
    if profile.status in CURATED_STATUSES and profile.status != current:
        raise ValueError(f"status: {profile.status.value} is granted by the curators; use draft or submitted")
    if current == ListingStatus.ARCHIVED and profile.status != current:
        raise ValueError("status: an archived listing stays archived")
    if profile.published_on and (listing is None or profile.published_on != listing.published_on):
        raise ValueError("published_at: the publication date is set by the curators")


def count_listings() -> int:
    """How many listings ``export_records`` yields: the total of the export's progress bar."""
    return db.session.scalar(db.select(db.func.count()).select_from(Listing))


def export_records() -> Iterator[dict]:
    """Every listing, oldest first, in the import format."""
    query = db.select(Listing).order_by(Listing.id).execution_options(yield_per=500)
    for listing in db.session.scalars(query):
        yield profile_record(listing)
