"""The NDA rules: who requires, accepts and countersigns, and who may see a listing's confidential details.

Confidential details reach the owner's organisation and the organisations with a signed NDA for that
listing, nobody else: not curators, not the search index, not the API, not exports.
"""

import enum
from collections.abc import Callable

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from techport.accounts.models import AccountStatus, User
from techport.accounts.permissions import is_signed_in, is_staff
from techport.accounts.services import answering_members
from techport.extensions import db
from techport.i18n import current_locale
from techport.listings.models import Listing
from techport.models_common import utcnow
from techport.ndas.models import SIGNER_NAME_MAX, Nda, NdaStatus, NdaTemplate
from techport.ndas.template_files import current_template
from techport.ndas.texts import CURRENT_VERSION, default_text
from techport.notifications.services import notify
from techport.organisations.models import Organisation

CONFIDENTIAL_DETAILS_MAX = 20_000


class Side(enum.StrEnum):
    """How a person stands to an NDA; None (no side) means the NDA does not exist for them."""

    OWNER = "owner"
    ASKER = "asker"
    STAFF = "staff"


class Problem(enum.Enum):
    NOT_OWNER = "not_owner"
    OWN_LISTING = "own_listing"
    ALREADY_REQUIRED = "already_required"
    NOT_ASKER = "not_asker"
    NOT_REQUESTED = "not_requested"
    NOT_ACCEPTED = "not_accepted"
    TEXT_CHANGED = "text_changed"


class NdaError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.value)
        self.problem = problem


def side_of(user, nda: Nda) -> Side | None:
    """Members of either organisation first (a curator's own organisation may be a party), then staff."""
    if not is_signed_in(user):
        return None
    if user.organisation_id == nda.owner_organisation_id:
        return Side.OWNER
    if user.organisation_id == nda.asking_organisation_id:
        return Side.ASKER
    return Side.STAFF if is_staff(user) else None


def get_nda(nda_id: int) -> Nda | None:
    return db.session.get(Nda, nda_id)


def nda_between(listing_id: int, asking_organisation_id: int) -> Nda | None:
    return db.session.scalar(
        sa.select(Nda).where(Nda.listing_id == listing_id, Nda.asking_organisation_id == asking_organisation_id)
    )


def can_see_confidential_details(user, listing: Listing) -> bool:
    if not is_signed_in(user) or user.organisation_id is None:
        return False
    if user.organisation_id == listing.organisation_id:
        return True
    nda = nda_between(listing.id, user.organisation_id)
    return nda is not None and nda.is_signed


def can_edit_confidential_details(user, listing: Listing) -> bool:
    """Only the owner's members: the details are theirs, and admins have no NDA to see them under."""
    return is_signed_in(user) and user.organisation_id == listing.organisation_id


def set_confidential_details(listing: Listing, details: str, nda_required: bool) -> None:
    listing.confidential_details = details.strip() or None
    listing.nda_required = nda_required
    db.session.commit()


def require_nda(listing: Listing, asking_organisation: Organisation, actor: User) -> Nda:
    """The owner asks the inquiring organisation to sign; its members are told. Commits."""
    if actor.organisation_id != listing.organisation_id:
        raise NdaError(Problem.NOT_OWNER)
    if asking_organisation.id == listing.organisation_id:
        raise NdaError(Problem.OWN_LISTING)
    if nda_between(listing.id, asking_organisation.id) is not None:
        raise NdaError(Problem.ALREADY_REQUIRED)
    uploaded = current_template(listing.organisation)
    if uploaded is not None:
        version, sha256 = uploaded.version, uploaded.sha256
    else:
        text = default_text(CURRENT_VERSION)
        version, sha256 = text.version, text.sha256
    nda = Nda(
        listing=listing,
        owner_organisation_id=listing.organisation_id,
        asking_organisation_id=asking_organisation.id,
        template=uploaded,
        template_version=version,
        template_sha256=sha256,
        requested_by_id=actor.id,
    )
    db.session.add(nda)
    db.session.flush()
    _tell(
        asking_organisation.id,
        nda,
        lambda: _("NDA to sign for “%(title)s”", title=listing.title),
        lambda: _(
            "%(owner)s asks your organisation to sign a non-disclosure agreement before sharing the confidential "
            "details of “%(title)s”. Read it and accept it here: %(link)s",
            owner=listing.organisation.name_for(current_locale()),
            title=listing.title,
            link=_nda_link(nda),
        ),
    )
    db.session.commit()
    return nda


def accept(nda: Nda, actor: User, ip_address: str, seen_sha256: str) -> None:
    """A member of the inquiring organisation signs the text whose hash they were shown. Commits."""
    if actor.organisation_id != nda.asking_organisation_id:
        raise NdaError(Problem.NOT_ASKER)
    if nda.status != NdaStatus.REQUESTED:
        raise NdaError(Problem.NOT_REQUESTED)
    if seen_sha256 != nda.template_sha256:
        raise NdaError(Problem.TEXT_CHANGED)
    nda.status = NdaStatus.ACCEPTED
    nda.accepted_by_id = actor.id
    nda.accepted_by_name = actor.full_name[:SIGNER_NAME_MAX]
    nda.accepted_at = utcnow()
    nda.accepted_ip = ip_address
    _tell(
        nda.owner_organisation_id,
        nda,
        lambda: _("NDA accepted for “%(title)s”: countersign it", title=nda.listing.title),
        lambda: _(
            "%(asker)s accepted the non-disclosure agreement for “%(title)s”. Countersign it to share the "
            "confidential details: %(link)s",
            asker=nda.asking_organisation.name_for(current_locale()),
            title=nda.listing.title,
            link=_nda_link(nda),
        ),
    )
    db.session.commit()


def countersign(nda: Nda, actor: User, ip_address: str, seen_sha256: str) -> None:
    """The owner signs second; the NDA is then in force and the inquiry moves on. Commits."""
    from techport.inquiries.services import record_nda_signed

    if actor.organisation_id != nda.owner_organisation_id:
        raise NdaError(Problem.NOT_OWNER)
    if nda.status != NdaStatus.ACCEPTED:
        raise NdaError(Problem.NOT_ACCEPTED)
    if seen_sha256 != nda.template_sha256:
        raise NdaError(Problem.TEXT_CHANGED)
    nda.status = NdaStatus.SIGNED
    nda.countersigned_by_id = actor.id
    nda.countersigned_by_name = actor.full_name[:SIGNER_NAME_MAX]
    nda.countersigned_at = utcnow()
    nda.countersigned_ip = ip_address
    _tell(
        nda.asking_organisation_id,
        nda,
        lambda: _("NDA signed for “%(title)s”", title=nda.listing.title),
        lambda: _(
            "%(owner)s countersigned the non-disclosure agreement for “%(title)s”. Your organisation can now read "
            "its confidential details on the listing page. The NDA record: %(link)s",
            owner=nda.owner_organisation.name_for(current_locale()),
            title=nda.listing.title,
            link=url_for("ndas.record", nda_id=nda.id, _external=True),
        ),
    )
    record_nda_signed(nda.listing_id, nda.asking_organisation_id, actor)
    db.session.commit()


def _nda_link(nda: Nda) -> str:
    return url_for("ndas.show", nda_id=nda.id, _external=True)


def _tell(organisation_id: int, nda: Nda, subject: Callable[[], str], body: Callable[[], str]) -> None:
    """On the owner's side the listing's people (its contact person, whoever countersigned, the admins:
    ``answering_members``); on the asking side every active member, since whoever asks for the details
    there is someone in an inquiry this domain does not see."""
    if organisation_id == nda.owner_organisation_id:
        people = answering_members(
            organisation_id, emails=[nda.listing.contact_email], user_ids=[nda.countersigned_by_id]
        )
    else:
        people = db.session.scalars(
            sa.select(User).where(User.organisation_id == organisation_id, User.status == AccountStatus.ACTIVE)
        ).all()
    notify(people, subject, body, link=_nda_link(nda), category="nda")


def clashing_ndas(source_id: int, target_id: int) -> list[int]:
    """Listings both organisations asked an NDA for: merged, they would hold two NDAs for one listing."""
    target_asked = sa.select(Nda.listing_id).where(Nda.asking_organisation_id == target_id)
    return list(
        db.session.scalars(
            sa.select(Nda.listing_id).where(Nda.asking_organisation_id == source_id, Nda.listing_id.in_(target_asked))
        )
    )


def move_organisation(source_id: int, target_id: int) -> list[int]:
    """An organisation merged into another: its NDAs (either side) and templates follow it. The target's own
    template stays the one in use; the source's current one is retired but kept, signed NDAs refer to it.
    Returns the ids of the NDAs moved."""
    moved = list(
        db.session.scalars(
            sa.select(Nda.id).where(
                sa.or_(Nda.owner_organisation_id == source_id, Nda.asking_organisation_id == source_id)
            )
        )
    )
    for column in (Nda.owner_organisation_id, Nda.asking_organisation_id):
        db.session.execute(
            sa.update(Nda).where(column == source_id).values({column.key: target_id}),
            execution_options={"synchronize_session": "fetch"},
        )
    target_has_template = db.session.scalar(
        sa.select(NdaTemplate.id).where(NdaTemplate.organisation_id == target_id, NdaTemplate.retired_at.is_(None))
    )
    values = {"organisation_id": target_id}
    if target_has_template is not None:
        db.session.execute(
            sa.update(NdaTemplate)
            .where(NdaTemplate.organisation_id == source_id, NdaTemplate.retired_at.is_(None))
            .values(retired_at=utcnow()),
            execution_options={"synchronize_session": "fetch"},
        )
    db.session.execute(
        sa.update(NdaTemplate).where(NdaTemplate.organisation_id == source_id).values(values),
        execution_options={"synchronize_session": "fetch"},
    )
    return moved
