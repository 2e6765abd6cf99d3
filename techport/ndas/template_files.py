"""Organisations' own NDA templates as PDF files, under the same upload rules as listing attachments.

The file is checked by ``techport.listings.attachments`` (content sniffing, size limit), stored outside the
web root under a random name, and served only by a view that checks who is asking.
"""

from pathlib import Path

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from techport.accounts.models import User
from techport.extensions import db
from techport.listings import attachments
from techport.listings.models import MediaType
from techport.models_common import utcnow
from techport.ndas.models import NdaTemplate
from techport.ndas.texts import sha256_hex
from techport.organisations.models import Organisation

PDF_ONLY = frozenset({MediaType.PDF})


def current_template(organisation: Organisation) -> NdaTemplate | None:
    """The organisation's PDF in use for new NDAs; None means the exchange's default text."""
    return db.session.scalar(
        sa.select(NdaTemplate)
        .where(NdaTemplate.organisation_id == organisation.id, NdaTemplate.retired_at.is_(None))
        .order_by(NdaTemplate.id.desc())
        .limit(1)
    )


def upload_template(organisation: Organisation, upload: FileStorage, actor: User) -> NdaTemplate:
    """Check and keep a PDF as the organisation's template, retiring the previous one (its file stays: NDAs
    signed on it refer to its hash). Raises ``attachments.AttachmentRejected``; commits."""
    checked = attachments.check_upload(upload, accepted=PDF_ONLY)
    earlier = db.session.scalar(
        sa.select(sa.func.count(NdaTemplate.id)).where(NdaTemplate.organisation_id == organisation.id)
    )
    _retire_current(organisation)
    path = attachments.write_file(checked)
    template = NdaTemplate(
        organisation_id=organisation.id,
        version=f"{organisation.slug}-{earlier + 1}",
        filename=checked.filename,
        stored_name=path.name,
        sha256=sha256_hex(checked.content),
        size_bytes=len(checked.content),
        uploaded_by_id=actor.id,
    )
    db.session.add(template)
    attachments.commit_or_discard(path)
    return template


def use_default_text(organisation: Organisation) -> None:
    """New NDAs of the organisation use the exchange's default text again. Commits."""
    _retire_current(organisation)
    db.session.commit()


def _retire_current(organisation: Organisation) -> None:
    current = current_template(organisation)
    if current is not None:
        current.retired_at = utcnow()


def path_of(template: NdaTemplate) -> Path:
    return attachments.storage_dir() / template.stored_name
