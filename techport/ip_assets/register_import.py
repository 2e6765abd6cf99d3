"""The register workbook's rows in and out: the export rows and the row-by-row import.

The listings' import engine (``listings.transfer``) upserts listing profiles, not register rows, so the
register has this small engine with the same behaviour: each row is checked and applied in its own
savepoint, so a refused row rolls back alone; the preview runs the same code and rolls everything back; a
row that changes nothing is reported unchanged and touches nothing, so exporting and importing again is
harmless. Reasons are written in the language of the page that ran the preview or the import.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload
from wtforms.validators import ValidationError

from techport.extensions import db
from techport.ip_assets import workbook
from techport.ip_assets.deadlines import title_deadlines
from techport.ip_assets.forms import inventors_text, owners_text, parse_inventors, parse_owners
from techport.ip_assets.models import CoOwner, Inventor, ProtectionTitle, RegisterAsset
from techport.ip_assets.services import new_title, share_problems, title_problems
from techport.ip_assets.vocabulary import (
    ASSET_TITLE_MAX,
    IP_NUMBER_MAX,
    OFFICE_MAX,
    PROTECTION_TYPE_LABELS,
    TITLE_STATUS_LABELS,
    ProtectionType,
    TitleStatus,
)
from techport.organisations.models import Organisation

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
SUMMARY_MAX = 4000
RENEWALS_MAX = 20
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "có", "x"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "không", ""})
TEXT_LIMITS = {
    "reference": IP_NUMBER_MAX,
    "office": OFFICE_MAX,
    "application_number": IP_NUMBER_MAX,
    "publication_number": IP_NUMBER_MAX,
    "grant_number": IP_NUMBER_MAX,
}
TITLE_KEYS = (
    "protection_type",
    "status",
    "office",
    "country",
    "application_number",
    "application_date",
    "priority_date",
    "publication_number",
    "publication_date",
    "grant_number",
    "grant_date",
    "renewals",
    "woody_plant",
)


# ---- export -----------------------------------------------------------------------------------------


def _title_cells(title: ProtectionTitle, today: date) -> dict:
    cells = {key: getattr(title, key) for key in TITLE_KEYS}
    cells["protection_type"] = title.protection_type.value
    cells["status"] = title.status.value
    cells["woody_plant"] = workbook.YES if title.woody_plant else workbook.NO
    cells["deadlines"] = "\n".join(
        f"{deadline.due_on.isoformat()} {deadline.label} – {deadline.rule}"
        for deadline in title_deadlines(title, today)
    )
    return cells


def export_rows(organisation: Organisation, today: date) -> list[dict]:
    """One row per title (an asset without titles gets one row of its own), oldest asset first."""
    assets = db.session.scalars(
        sa.select(RegisterAsset)
        .where(RegisterAsset.organisation_id == organisation.id)
        .order_by(RegisterAsset.id)
        .options(selectinload(RegisterAsset.titles), selectinload(RegisterAsset.inventors))
    )
    rows = []
    for asset in assets:
        shared = {
            "reference": asset.reference,
            "asset_title": asset.title,
            "summary": asset.summary,
            "is_public": workbook.YES if asset.is_public else workbook.NO,
            "inventors": inventors_text(asset.inventors),
            "owners": owners_text(asset.owners),
        }
        rows.extend({**shared, **_title_cells(title, today)} for title in asset.titles)
        if not asset.titles:
            rows.append(shared)
    return rows


# ---- reading one row ----------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    asset_fields: dict
    title_values: dict | None
    inventors: list[dict] | None
    owners: list[dict] | None


def _code(text: str, labels: dict, enum_class, name: str, problems: list[str]):
    wanted = text.strip().casefold()
    for code, label in labels.items():
        if wanted in {code.value, str(label).casefold()}:
            return enum_class(code)
    problems.append(_("%(column)s: “%(value)s” is not in the list.", column=name, value=text))
    return None


def _date(text: str, name: str, problems: list[str]) -> date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    problems.append(_("%(column)s: write the date as YYYY-MM-DD.", column=name))
    return None


def _flag(text: str, name: str, problems: list[str]) -> bool:
    word = text.strip().casefold()
    if word not in TRUE_WORDS | FALSE_WORDS:
        problems.append(_("%(column)s: write yes or no.", column=name))
    return word in TRUE_WORDS


def _people(parser, text: str, name: str, problems: list[str]) -> list[dict] | None:
    if not text.strip():
        return None
    try:
        return parser(text)
    except ValidationError as error:
        problems.append(f"{name}: {error}")
        return None


def _header(key: str) -> str:
    return workbook.COLUMNS[workbook.COLUMN_KEYS.index(key)].header


def parse_row(cells: dict[str, str]) -> tuple[ParsedRow | None, list[str]]:
    """The row's values as the register stores them, or the reasons it cannot be imported."""
    problems: list[str] = []
    text = {key: cells.get(key, "") for key in workbook.COLUMN_KEYS}
    if not text["asset_title"]:
        problems.append(_("%(column)s is required.", column=_header("asset_title")))
    for key, limit in {"asset_title": ASSET_TITLE_MAX, "summary": SUMMARY_MAX, **TEXT_LIMITS}.items():
        if len(text[key]) > limit:
            problems.append(_("%(column)s: at most %(max)d characters.", column=_header(key), max=limit))
    asset_fields = {
        "title": text["asset_title"],
        "reference": text["reference"],
        "summary": text["summary"],
        "is_public": _flag(text["is_public"], _header("is_public"), problems),
    }
    title_values = None
    if any(text[key] for key in TITLE_KEYS):
        title_values = _title_values(text, problems)
        problems += title_problems(title_values)
    inventors = _people(parse_inventors, text["inventors"], _header("inventors"), problems)
    owners = _people(parse_owners, text["owners"], _header("owners"), problems)
    problems += share_problems(inventors or [], owners or [])
    if problems:
        return None, problems
    return ParsedRow(asset_fields, title_values, inventors, owners), []


def _title_values(text: dict, problems: list[str]) -> dict:
    values = {
        "protection_type": _code(
            text["protection_type"], PROTECTION_TYPE_LABELS, ProtectionType, _header("protection_type"), problems
        ),
        "status": _code(text["status"], TITLE_STATUS_LABELS, TitleStatus, _header("status"), problems),
        "office": text["office"],
        "country": (text["country"] or "VN").upper(),
        "application_number": text["application_number"],
        "publication_number": text["publication_number"],
        "grant_number": text["grant_number"],
        "woody_plant": _flag(text["woody_plant"], _header("woody_plant"), problems),
        "renewals": 0,
    }
    if not re.fullmatch(r"[A-Z]{2}", values["country"]):
        problems.append(_("%(column)s: two letters, such as VN.", column=_header("country")))
    for key in workbook.DATE_COLUMNS:
        values[key] = _date(text[key], _header(key), problems)
    if text["renewals"]:
        if text["renewals"].isdigit() and int(text["renewals"]) <= RENEWALS_MAX:
            values["renewals"] = int(text["renewals"])
        else:
            problems.append(_("%(column)s: a whole number from 0 to 20.", column=_header("renewals")))
    return values


# ---- applying rows ------------------------------------------------------------------------------------


@dataclass
class RowOutcome:
    row_number: int
    action: str
    asset_title: str = ""
    application_number: str = ""
    reasons: list[str] = field(default_factory=list)
    cells: dict = field(default_factory=dict)


def _closest(candidates: list, fields: dict, asset_of):
    """Of the matches, the one whose asset has the row's reference and name, then its reference, then the first."""
    for wanted in (
        lambda asset: asset.reference == fields["reference"] and asset.title == fields["title"],
        lambda asset: asset.reference == fields["reference"],
        lambda asset: True,
    ):
        found = next((candidate for candidate in candidates if wanted(asset_of(candidate))), None)
        if found is not None:
            return found
    return None


def _find_title(organisation: Organisation, number: str, fields: dict) -> ProtectionTitle | None:
    """The title with the application number (which should be unique; the closest match when it is not)."""
    if not number:
        return None
    candidates = db.session.scalars(
        sa.select(ProtectionTitle)
        .join(RegisterAsset)
        .where(RegisterAsset.organisation_id == organisation.id, ProtectionTitle.application_number == number)
        .order_by(ProtectionTitle.id)
    ).all()
    return _closest(candidates, fields, lambda title: title.asset)


def _find_asset(organisation: Organisation, fields: dict) -> RegisterAsset | None:
    query = sa.select(RegisterAsset).where(RegisterAsset.organisation_id == organisation.id)
    if fields["reference"]:
        query = query.where(RegisterAsset.reference == fields["reference"])
    else:
        query = query.where(RegisterAsset.title == fields["title"], RegisterAsset.reference == "")
    return _closest(db.session.scalars(query.order_by(RegisterAsset.id)).all(), fields, lambda asset: asset)


def _set(target, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def _set_people(asset: RegisterAsset, row: ParsedRow) -> bool:
    changed = False
    if row.inventors is not None:
        keys = ("name", "affiliation", "email", "remuneration_share")
        if [tuple(i[k] for k in keys) for i in row.inventors] != [
            tuple(getattr(i, k) for k in keys) for i in asset.inventors
        ]:
            asset.inventors = [Inventor(**inventor) for inventor in row.inventors]
            changed = True
    if row.owners is not None:
        if [(o["name"], o["share"]) for o in row.owners] != [(o.name, o.share) for o in asset.owners]:
            asset.owners = [CoOwner(**owner) for owner in row.owners]
            changed = True
    return changed


def _apply(organisation: Organisation, row: ParsedRow) -> str:
    """Upsert the row; raises ``ValueError`` with the reason when it names another asset's title."""
    number = (row.title_values or {}).get("application_number", "")
    title = _find_title(organisation, number, row.asset_fields)
    asset = title.asset if title is not None else _find_asset(organisation, row.asset_fields)
    reference = row.asset_fields["reference"]
    if title is not None and reference and reference != asset.reference:
        raise ValueError(
            _(
                "Application %(number)s belongs to “%(asset)s”, not to the reference %(reference)s.",
                number=number,
                asset=asset.title,
                reference=reference,
            )
        )
    created = asset is None
    asset = asset or RegisterAsset(organisation=organisation)
    changed = _set(asset, row.asset_fields)
    changed = _set_people(asset, row) or changed
    if row.title_values is not None:
        if title is None and not number:
            title = next(
                (
                    t
                    for t in asset.titles
                    if t.protection_type == row.title_values["protection_type"] and not t.application_number
                ),
                None,
            )
        if title is None:
            asset.titles.append(new_title(row.title_values))
            created = True
        else:
            changed = _set(title, row.title_values) or changed
    if created or changed:
        asset.updated_at = datetime.now(UTC)
        db.session.add(asset)
        db.session.flush()
    return CREATED if created else UPDATED if changed else UNCHANGED


def import_rows(rows: Iterable[tuple[int, dict]], organisation: Organisation, *, dry_run: bool) -> list[RowOutcome]:
    """Apply every row in its own savepoint and say what happened to it; ``dry_run`` keeps nothing."""
    outcomes = []
    for row_number, cells in rows:
        outcome = RowOutcome(
            row_number, REFUSED, cells.get("asset_title", "")[:ASSET_TITLE_MAX], cells.get("application_number", "")
        )
        outcome.cells = cells
        parsed, outcome.reasons = parse_row(cells)
        if parsed is not None:
            savepoint = db.session.begin_nested()
            try:
                outcome.action = _apply(organisation, parsed)
            except ValueError as error:
                savepoint.rollback()
                outcome.reasons = [str(error)]
            except SQLAlchemyError as error:
                savepoint.rollback()
                outcome.reasons = [
                    _("The database refused the row (%(error)s).", error=type(getattr(error, "orig", error)).__name__)
                ]
            else:
                savepoint.commit()
        outcomes.append(outcome)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return outcomes
