"""A register workbook between its preview and its import.

The upload waits under the instance folder, named by a random id and tied to the organisation and the
person who sent it, so the rows imported are exactly the rows previewed and nothing is written before the
confirmation. After the import the refused rows stay downloadable in the template, with their reasons.
"""

import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from techport.ip_assets import workbook
from techport.ip_assets.register_import import REFUSED, import_rows
from techport.organisations.models import Organisation

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_LIFETIME_SECONDS = 24 * 3600
UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{22}")
ZIP_SIGNATURE = b"PK\x03\x04"


class UploadError(ValueError):
    """The file cannot be previewed at all; ``str()`` is the message for the person who sent it."""


@dataclass
class Upload:
    upload_id: str
    organisation_id: int
    user_id: int
    filename: str
    outcomes: list[dict]
    imported: bool = False

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome["action"] == action)

    @property
    def refusals(self) -> list[dict]:
        return [outcome for outcome in self.outcomes if outcome["action"] == REFUSED]


def upload_dir() -> Path:
    folder = Path(current_app.instance_path) / "ip-register-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _run(data: bytes, organisation: Organisation, *, dry_run: bool) -> list[dict]:
    try:
        rows = list(workbook.read_workbook(data))
    except workbook.WorkbookError as error:
        raise UploadError(_("The file cannot be read: %(reason)s", reason=str(error))) from error
    return [asdict(outcome) for outcome in import_rows(rows, organisation, dry_run=dry_run)]


def preview_upload(filename: str, data: bytes, organisation: Organisation, user) -> Upload:
    if not filename.lower().endswith(".xlsx") or not data.startswith(ZIP_SIGNATURE):
        raise UploadError(_("Upload the register workbook as an Excel file (.xlsx)."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(_("The file is larger than 2 MB; split it into several files."))
    outcomes = _run(data, organisation, dry_run=True)
    _forget_old_uploads()
    upload = Upload(secrets.token_urlsafe(16), organisation.id, user.id, Path(filename).name[:200], outcomes)
    (upload_dir() / f"{upload.upload_id}.xlsx").write_bytes(data)
    _save(upload)
    return upload


def find_upload(upload_id: str, organisation: Organisation, user) -> Upload | None:
    """The upload when it exists and was sent by ``user`` for ``organisation``."""
    path = upload_dir() / f"{upload_id}.json"
    if not UPLOAD_ID.fullmatch(upload_id) or not path.is_file():
        return None
    upload = Upload(**json.loads(path.read_text(encoding="utf-8")))
    if upload.organisation_id != organisation.id or upload.user_id != user.id:
        return None
    return upload


def import_upload(upload: Upload, organisation: Organisation) -> Upload:
    """Import the previewed file's good rows; the outcomes (and refused rows) replace the preview's."""
    data_path = upload_dir() / f"{upload.upload_id}.xlsx"
    upload.outcomes = _run(data_path.read_bytes(), organisation, dry_run=False)
    upload.imported = True
    _save(upload)
    data_path.unlink(missing_ok=True)
    return upload


def refused_workbook(upload: Upload) -> bytes:
    """The refused rows in the template, each with its reasons, to correct and import again."""
    rows = [{**outcome["cells"], "extra": "; ".join(outcome["reasons"])} for outcome in upload.refusals]
    return workbook.write_workbook(rows, extra_header="Lý do / Reasons")


def _save(upload: Upload) -> None:
    (upload_dir() / f"{upload.upload_id}.json").write_text(json.dumps(asdict(upload), ensure_ascii=False), "utf-8")


def _forget_old_uploads() -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in upload_dir().iterdir():
        if path.suffix in {".json", ".xlsx"} and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
