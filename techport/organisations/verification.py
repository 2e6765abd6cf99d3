"""The curators' verification queue: new organisations and verified ones whose names or kind changed.

Every decision is kept in the audit log and told to the people it concerns through ``notify``; merging
one organisation into another is in ``merging``.
"""

import sqlalchemy as sa
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from techport.accounts.models import AccountStatus, OrganisationRole, Role, User
from techport.audit.services import record
from techport.extensions import db
from techport.models_common import utcnow
from techport.notifications.services import notify
from techport.organisations.models import Organisation, OrganisationKind, QueueReason

IDENTITY_FIELDS = ("name_vi", "name_en", "kind")
CATEGORY = "organisation"


def identity(organisation: Organisation) -> dict:
    """What a verification vouches for: the names and the kind."""
    return {field: str(getattr(organisation, field)) for field in IDENTITY_FIELDS}


def audit_state(organisation: Organisation) -> dict:
    return {
        **identity(organisation),
        "verified": organisation.verified,
        "queue_reason": organisation.queue_reason,
        "merged_into_id": organisation.merged_into_id,
        "rejected": organisation.rejected_at is not None,
    }


def queue() -> list[Organisation]:
    """Oldest first, so nobody waits behind newcomers."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.queue_reason.is_not(None))
            .order_by(Organisation.queued_at, Organisation.id)
        )
    )


def active_curators() -> list[User]:
    return list(
        db.session.scalars(sa.select(User).where(User.role == Role.CURATOR, User.status == AccountStatus.ACTIVE))
    )


def _queue_link() -> str:
    return url_for("organisations.verification_queue", _external=True)


def display_name(organisation: Organisation) -> str:
    return organisation.name_for(str(get_locale()))


def enqueue_new(organisation: Organisation) -> None:
    """A newly joined organisation waits unverified; the curators hear about it."""
    organisation.verified = False
    organisation.queue_reason = QueueReason.NEW
    organisation.queued_at = utcnow()
    notify(
        active_curators(),
        lambda: _("A new organisation waits for verification: %(name)s", name=display_name(organisation)),
        lambda: _(
            "%(name)s joined Techport and waits for verification. Check it here: %(link)s",
            name=display_name(organisation),
            link=_queue_link(),
        ),
        link=_queue_link(),
        category=CATEGORY,
    )


def send_back_if_identity_changed(organisation: Organisation, before: dict, editor: User) -> bool:
    """A verified organisation renamed or re-kinded by its members loses the mark until a curator looks again."""
    if not organisation.verified or identity(organisation) == before:
        return False
    state_before = {**before, "verified": True, "queue_reason": organisation.queue_reason}
    if organisation.verified_identity is None:
        organisation.verified_identity = before
    organisation.verified = False
    organisation.queue_reason = QueueReason.PROFILE_CHANGED
    organisation.queued_at = utcnow()
    record(
        editor,
        "organisation.sent_back_to_queue",
        "organisation",
        organisation.id,
        state_before,
        audit_state(organisation),
    )
    old_name = before["name_vi"] if str(get_locale()) == "vi" else before["name_en"]
    notify(
        active_curators(),
        lambda: _("A verified organisation changed its names or kind: %(name)s", name=display_name(organisation)),
        lambda: _(
            "%(editor)s changed the names or kind of %(old)s, now %(name)s. It is unverified until a curator "
            "checks it again: %(link)s",
            editor=editor.full_name,
            old=old_name,
            name=display_name(organisation),
            link=_queue_link(),
        ),
        link=_queue_link(),
        category=CATEGORY,
    )
    return True


def leave_queue(organisation: Organisation) -> None:
    organisation.queue_reason = None
    organisation.queued_at = None


def _organisation_admins(organisation: Organisation) -> list[User]:
    return [
        member
        for member in organisation.members
        if member.status == AccountStatus.ACTIVE and member.organisation_role == OrganisationRole.ADMIN
    ]


def approve(organisation: Organisation, curator: User) -> list[User]:
    """Verify the organisation; for a new one, its waiting founders become able to sign in. Returns them."""
    before = audit_state(organisation)
    founders = []
    if organisation.queue_reason == QueueReason.NEW:
        founders = [member for member in organisation.members if member.status == AccountStatus.PENDING]
    organisation.verified = True
    organisation.verified_identity = identity(organisation)
    leave_queue(organisation)
    record(curator, "organisation.verified", "organisation", organisation.id, before, audit_state(organisation))
    for founder in founders:
        founder.status = AccountStatus.ACTIVE
        founder.reviewed_at = utcnow()
        founder.reviewed_by = curator
        record(curator, "account.approved", "user", founder.id, {"status": "pending"}, {"status": "active"})
    sign_in_link = url_for("accounts.sign_in", _external=True)
    notify(
        founders or _organisation_admins(organisation),
        lambda: _("%(name)s is verified on Techport", name=display_name(organisation)),
        lambda: _(
            "A Techport curator verified %(name)s. You can sign in and post for it: %(link)s",
            name=display_name(organisation),
            link=sign_in_link,
        ),
        link=sign_in_link,
        category=CATEGORY,
    )
    db.session.commit()
    return founders


def reject(organisation: Organisation, curator: User, reason: str) -> None:
    """Refuse a new organisation (its waiting sign-ups with it) or restore the names and kind last verified."""
    before = audit_state(organisation)
    if organisation.queue_reason == QueueReason.PROFILE_CHANGED and organisation.verified_identity:
        for field, value in organisation.verified_identity.items():
            setattr(organisation, field, OrganisationKind(value) if field == "kind" else value)
        organisation.verified = True
        told = _organisation_admins(organisation)
    else:
        organisation.rejected_at = utcnow()
        organisation.rejection_reason = reason
        told = [member for member in organisation.members if member.status == AccountStatus.PENDING]
        for member in told:
            member.status = AccountStatus.REJECTED
            member.reviewed_at = utcnow()
            member.reviewed_by = curator
            member.session_version += 1
            record(curator, "account.rejected", "user", member.id, {"status": "pending"}, {"status": "rejected"})
    leave_queue(organisation)
    record(
        curator,
        "organisation.rejected",
        "organisation",
        organisation.id,
        before,
        {**audit_state(organisation), "reason": reason},
    )
    notify(
        told,
        lambda: _("Techport did not verify %(name)s", name=display_name(organisation)),
        lambda: _(
            "A Techport curator did not verify %(name)s, for this reason:\n\n%(reason)s",
            name=display_name(organisation),
            reason=reason,
        ),
        category=CATEGORY,
    )
    db.session.commit()
