"""Images and PDFs attached to listings.

A file is recognised by its first bytes, not by the name or the type the browser claims, and must have
a matching extension. It is stored under a random name in ``ATTACHMENT_DIR`` (under the instance folder
by default, outside the web root) and reaches people only through a view that checks permission.
"""

import enum
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from techport.extensions import db
from techport.listings.models import ATTACHMENT_FILENAME_MAX, Listing, ListingAttachment, MediaType

SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", MediaType.PNG),
    (b"\xff\xd8\xff", MediaType.JPEG),
    (b"%PDF-", MediaType.PDF),
)
IMAGE_TYPES = frozenset({MediaType.PNG, MediaType.JPEG})
EXTENSIONS = {MediaType.PNG: (".png",), MediaType.JPEG: (".jpg", ".jpeg"), MediaType.PDF: (".pdf",)}
MAX_PER_LISTING = 10
# Multipart framing and the other form fields around the file itself.
REQUEST_OVERHEAD_BYTES = 64 * 1024


class Problem(enum.Enum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    WRONG_TYPE = "wrong_type"
    EXTENSION_MISMATCH = "extension_mismatch"
    TOO_MANY = "too_many"


class AttachmentRejected(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.value)
        self.problem = problem


def problem_message(problem: Problem, too_many: Callable[[], str]) -> str:
    """What to tell the person whose upload was refused; ``too_many`` words the caller's own count limit."""
    messages = {
        Problem.EMPTY: lambda: _("The file is empty."),
        Problem.TOO_LARGE: lambda: _("The file is larger than %(size)s MB.", size=f"{max_bytes() / 1024 / 1024:g}"),
        Problem.WRONG_TYPE: lambda: _("Only PNG and JPEG images and PDF documents can be attached."),
        Problem.EXTENSION_MISMATCH: lambda: _(
            "The file name's extension does not match its content (a PNG, JPEG or PDF file)."
        ),
        Problem.TOO_MANY: too_many,
    }
    return messages[problem]()


def max_bytes() -> int:
    return current_app.config["ATTACHMENT_MAX_BYTES"]


def max_request_bytes() -> int:
    return max_bytes() + REQUEST_OVERHEAD_BYTES


def storage_dir() -> Path:
    return Path(current_app.config["ATTACHMENT_DIR"])


def sniff(head: bytes) -> MediaType | None:
    for signature, media_type in SIGNATURES:
        if head.startswith(signature):
            return media_type
    return None


def display_name(filename: str | None) -> str:
    """The uploader's file name without any directory part or control characters, for showing only."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = "".join(character for character in name if unicodedata.category(character)[0] != "C").strip()
    if len(name) > ATTACHMENT_FILENAME_MAX:
        stem, suffix = name.rsplit(".", 1) if "." in name else (name, "")
        name = stem[: ATTACHMENT_FILENAME_MAX - len(suffix) - 1] + "." + suffix
    return name


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    media_type: MediaType
    filename: str


def check_upload(upload: FileStorage, accepted: frozenset[MediaType] = frozenset(MediaType)) -> CheckedUpload:
    """Read and check one upload against the size limit and the ``accepted`` types; raises ``AttachmentRejected``.

    Shared with other uploads (exhibit covers), so every file Techport keeps obeys the same rules.
    """
    content = upload.stream.read(max_bytes() + 1)
    if not content:
        raise AttachmentRejected(Problem.EMPTY)
    if len(content) > max_bytes():
        raise AttachmentRejected(Problem.TOO_LARGE)
    media_type = sniff(content[:16])
    if media_type not in accepted:
        raise AttachmentRejected(Problem.WRONG_TYPE)
    filename = display_name(upload.filename)
    if not filename.lower().endswith(EXTENSIONS[media_type]):
        raise AttachmentRejected(Problem.EXTENSION_MISMATCH)
    return CheckedUpload(content, media_type, filename)


def write_file(checked: CheckedUpload) -> Path:
    """Save checked content under a new random name in the storage folder; returns its path."""
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (secrets.token_hex(16) + EXTENSIONS[checked.media_type][0])
    path.write_bytes(checked.content)
    return path


def store(listing: Listing, upload: FileStorage) -> ListingAttachment:
    """Check and save one upload; raises ``AttachmentRejected`` and writes nothing when it fails a rule."""
    if len(listing.attachments) >= MAX_PER_LISTING:
        raise AttachmentRejected(Problem.TOO_MANY)
    checked = check_upload(upload)
    path = write_file(checked)
    attachment = ListingAttachment(
        media_type=checked.media_type, filename=checked.filename, stored_name=path.name, size_bytes=len(checked.content)
    )
    listing.attachments.append(attachment)
    commit_or_discard(path)
    return attachment


def commit_or_discard(path: Path) -> None:
    """Commit the row that refers to the file at ``path``; if the commit fails, the file goes too."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise


def path_of(attachment: ListingAttachment) -> Path:
    return storage_dir() / attachment.stored_name


def remove(attachment: ListingAttachment) -> None:
    """Delete the record first: a file left behind by a crash is harmless, a record without its file is not."""
    path = path_of(attachment)
    db.session.delete(attachment)
    db.session.commit()
    path.unlink(missing_ok=True)
