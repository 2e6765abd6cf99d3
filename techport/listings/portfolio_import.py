"""An organisation's portfolio from an uploaded spreadsheet: check the file, preview it, then import it.

Between the preview and the confirmation the upload waits under the instance folder, named by a random
id and tied to the organisation and the person who sent it, so the rows imported are exactly the rows
previewed and nothing is written before the confirmation. The preview and the import run the same engine
(``transfer.import_rows``); the preview rolls back.
"""

import csv
import io
import json
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from techport.accounts.services import active_curators
from techport.audit.services import record
from techport.extensions import db
from techport.listings import spreadsheets, transfer
from techport.listings.models import Listing
from techport.listings.portfolio_reasons import localise
from techport.listings.services import profile_record
from techport.listings.vocabulary import ListingStatus
from techport.notifications.services import notify
from techport.organisations.models import Organisation

FORMATS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl", "ndjson": "jsonl"}
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
UPLOAD_LIFETIME_SECONDS = 24 * 3600
UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{22}")
# The curators' digest names this many submitted listings and counts the rest.
DIGEST_TITLES = 20
ZIP_SIGNATURE = b"PK\x03\x04"


class UploadError(ValueError):
    """The file cannot be previewed at all; the message says why in words a person can act on."""


@dataclass
class Upload:
    upload_id: str
    organisation_id: int
    user_id: int
    filename: str
    file_format: str
    outcomes: list[dict]
    imported: bool = False

    def counts(self) -> dict[str, int]:
        actions = [outcome["action"] for outcome in self.outcomes]
        return {
            action: actions.count(action)
            for action in (transfer.CREATE, transfer.UPDATE, transfer.UNCHANGED, transfer.REFUSED)
        }

    @property
    def refusals(self) -> list[dict]:
        return [outcome for outcome in self.outcomes if outcome["action"] == transfer.REFUSED]


def upload_dir() -> Path:
    configured = current_app.config.get("PORTFOLIO_UPLOAD_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "portfolio-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_format(filename: str, data: bytes) -> str:
    """The format the file claims by its name, checked against what it holds."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise UploadError("unsupported_type")
    if not data:
        raise UploadError("empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError("too_large")
    chosen = FORMATS[extension]
    if (chosen == "xlsx") != data.startswith(ZIP_SIGNATURE):
        raise UploadError("content_mismatch")
    return chosen


def read_rows(chosen_format: str, data: bytes) -> Iterator[tuple[int, dict | transfer.RowRefused]]:
    if chosen_format == "csv":
        return spreadsheets.read_csv(data, MAX_ROWS)
    if chosen_format == "xlsx":
        return spreadsheets.read_xlsx(data, MAX_ROWS)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise spreadsheets.SpreadsheetError("the file is not UTF-8 text") from error
    lines = text.splitlines()
    if len(lines) > MAX_ROWS:
        raise spreadsheets.SpreadsheetError(f"the file has more than {MAX_ROWS} rows; split it")
    return transfer.read_json_lines(lines)


def run(chosen_format: str, data: bytes, organisation: Organisation, *, by_owner: bool, dry_run: bool):
    """Preview (``dry_run``) or import the file's rows for ``organisation``; raises ``SpreadsheetError``."""
    rows = list(read_rows(chosen_format, data))
    return transfer.import_rows(rows, dry_run=dry_run, organisation=organisation, by_owner=by_owner)


def preview_upload(filename: str, data: bytes, organisation: Organisation, user, *, by_owner: bool) -> Upload:
    """Check and preview the file, then keep it (and its preview) until the person confirms."""
    chosen = file_format(filename, data)
    report = run(chosen, data, organisation, by_owner=by_owner, dry_run=True)
    _forget_old_uploads()
    upload = Upload(
        upload_id=secrets.token_urlsafe(16),
        organisation_id=organisation.id,
        user_id=user.id,
        filename=Path(filename).name[:200],
        file_format=chosen,
        outcomes=[asdict(outcome) for outcome in report.outcomes],
    )
    (upload_dir() / f"{upload.upload_id}.data").write_bytes(data)
    _save(upload)
    return upload


def find_upload(upload_id: str, organisation: Organisation, user) -> Upload | None:
    """The upload when it exists and was sent by ``user`` for ``organisation``; otherwise None."""
    if not UPLOAD_ID.fullmatch(upload_id):
        return None
    path = upload_dir() / f"{upload_id}.json"
    if not path.is_file():
        return None
    upload = Upload(**json.loads(path.read_text(encoding="utf-8")))
    if upload.organisation_id != organisation.id or upload.user_id != user.id:
        return None
    return upload


def import_upload(upload: Upload, organisation: Organisation, user, *, by_owner: bool) -> Upload:
    """Import the previewed file's valid rows; its outcomes (and the refusal report) replace the preview's.

    The import is kept in the audit log, and the curators get one message for all the rows it submitted
    for review."""
    data_path = upload_dir() / f"{upload.upload_id}.data"
    report = run(upload.file_format, data_path.read_bytes(), organisation, by_owner=by_owner, dry_run=False)
    upload.outcomes = [asdict(outcome) for outcome in report.outcomes]
    upload.imported = True
    submitted = _submitted_by(upload, organisation)
    record(
        user,
        "portfolio.imported",
        "organisation",
        organisation.id,
        None,
        {"file": upload.filename, **upload.counts(), "submitted_listing_ids": [listing.id for listing in submitted]},
    )
    if submitted:
        _tell_curators(organisation, submitted)
    db.session.commit()
    _save(upload)
    data_path.unlink(missing_ok=True)
    return upload


def _submitted_by(upload: Upload, organisation: Organisation) -> list[Listing]:
    """The listings this import put in the review queue: created as submitted, or moved to submitted."""
    external_ids = [
        outcome["external_id"]
        for outcome in upload.outcomes
        if outcome["action"] in (transfer.CREATE, transfer.UPDATE) and "status" in outcome["changed_fields"]
    ]
    if not external_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Listing)
            .where(
                Listing.organisation_id == organisation.id,
                Listing.external_id.in_(external_ids),
                Listing.status == ListingStatus.SUBMITTED,
            )
            .order_by(Listing.id)
        )
    )


def _tell_curators(organisation: Organisation, submitted: list[Listing]) -> None:
    """One digest for the whole import, however many rows it submitted."""
    link = url_for("curation.queue", _external=True)
    named = "\n".join(f"- {listing.title} (no. {listing.id})" for listing in submitted[:DIGEST_TITLES])
    more = len(submitted) - DIGEST_TITLES

    def body() -> str:
        text = _(
            "%(organisation)s imported its portfolio spreadsheet; %(count)d listings wait for review:",
            organisation=organisation.name_for(str(get_locale())),
            count=len(submitted),
        )
        text += "\n\n" + named
        if more > 0:
            text += "\n" + _("… and %(count)d more.", count=more)
        return text + "\n\n" + _("The review queue: %(link)s", link=link)

    notify(
        active_curators(),
        lambda: _(
            "%(organisation)s submitted %(count)d listings for review",
            organisation=organisation.name_for(str(get_locale())),
            count=len(submitted),
        ),
        body,
        link=link,
        category="curation",
    )


def refusal_report(upload: Upload) -> bytes:
    """The refused rows as CSV: row number, external id, title and every reason, in the reader's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Dòng / Row", "Mã riêng / External id", "Tiêu đề / Title", "Lý do / Reasons"])
    for outcome in upload.refusals:
        writer.writerow(
            [
                outcome["row_number"],
                outcome["external_id"],
                outcome["title"],
                "; ".join(localise(reason) for reason in outcome["reasons"]),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def portfolio_records(organisation: Organisation) -> Iterable[dict]:
    """Every listing of the organisation, whatever its status, in the import format."""
    query = db.select(Listing).where(Listing.organisation_id == organisation.id).order_by(Listing.id)
    return [profile_record(listing) for listing in db.session.scalars(query)]


def _save(upload: Upload) -> None:
    (upload_dir() / f"{upload.upload_id}.json").write_text(json.dumps(asdict(upload), ensure_ascii=False), "utf-8")


def _forget_old_uploads() -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in upload_dir().iterdir():
        if path.suffix in {".json", ".data"} and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
