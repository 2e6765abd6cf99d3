"""Organisation logos: checked and stored exactly like listing images (techport.listings.attachments)."""

from pathlib import Path

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from techport.audit.services import record
from techport.extensions import db
from techport.listings import attachments
from techport.listings.models import MediaType
from techport.organisations.models import Organisation

MEDIA_TYPES = {".png": MediaType.PNG, ".jpg": MediaType.JPEG}


def logo_path(organisation: Organisation) -> Path | None:
    if not organisation.logo_stored_name:
        return None
    return attachments.storage_dir() / organisation.logo_stored_name


def logo_media_type(organisation: Organisation) -> MediaType:
    """The stored name ends with the extension ``write_file`` gave the sniffed type."""
    return MEDIA_TYPES[Path(organisation.logo_stored_name).suffix]


def set_logo(organisation: Organisation, upload: FileStorage, *, actor) -> None:
    """Replace the logo with a checked PNG or JPEG (raises ``AttachmentRejected``); the old file goes after the commit."""
    checked = attachments.check_upload(upload, attachments.IMAGE_TYPES)
    path = attachments.write_file(checked)
    old = logo_path(organisation)
    before = {"logo": organisation.logo_stored_name}
    organisation.logo_stored_name = path.name
    record(actor, "organisation.logo_set", "organisation", organisation.id, before, {"logo": path.name})
    attachments.commit_or_discard(path)
    if old is not None:
        old.unlink(missing_ok=True)


def remove_logo(organisation: Organisation, *, actor) -> None:
    old = logo_path(organisation)
    record(
        actor,
        "organisation.logo_removed",
        "organisation",
        organisation.id,
        {"logo": organisation.logo_stored_name},
        None,
    )
    organisation.logo_stored_name = None
    db.session.commit()
    if old is not None:
        old.unlink(missing_ok=True)


def logo_url(organisation: Organisation) -> str | None:
    if not organisation.logo_stored_name:
        return None
    # The stored name changes with every upload, so the URL can be cached for long.
    return url_for("organisations.logo", slug=organisation.slug, v=organisation.logo_stored_name[:8])


def logo_urls(slugs: list[str]) -> dict[str, str]:
    """Logo URLs of the organisations in ``slugs`` that have one, in one query (search result cards)."""
    if not slugs:
        return {}
    rows = db.session.execute(
        sa.select(Organisation.slug, Organisation.logo_stored_name).where(
            Organisation.slug.in_(set(slugs)), Organisation.logo_stored_name.is_not(None)
        )
    )
    return {slug: url_for("organisations.logo", slug=slug, v=stored[:8]) for slug, stored in rows}


def problem_message(problem: attachments.Problem) -> str:
    """What to tell someone whose logo upload was refused: only images are accepted here."""
    if problem == attachments.Problem.WRONG_TYPE:
        return _("Only PNG and JPEG images can be used as a logo.")
    return attachments.problem_message(problem, too_many=lambda: "")
