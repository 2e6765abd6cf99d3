"""Merging an organisation that joined twice into the one already on Techport.

Everything the merged organisation held moves to the one it joins: its people (as plain members: the
target's admins stay in charge), listings (and with them their exhibit items), IP register, inquiries and
NDAs on either side, NDA templates, and the organisation filter of saved searches. Its API tokens are
revoked rather than moved: they were issued by people who are no longer admins, and the target's admins
decide which systems may write for it. The merged organisation is kept, marked ``merged_into``, so its
old page redirects and the history keeps its name.
"""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from techport.accounts.models import OrganisationRole, User
from techport.alerts import services as alerts
from techport.api import tokens
from techport.audit.services import record
from techport.extensions import db
from techport.inquiries import services as inquiries
from techport.ip_assets import services as ip_register
from techport.listings.models import Listing
from techport.ndas import services as ndas
from techport.notifications.services import notify
from techport.organisations.models import Organisation
from techport.organisations.verification import CATEGORY, audit_state, display_name, leave_queue


class MergeRefused(ValueError):
    """The merge would break a rule; ``external_ids`` are listings both organisations hold under one id,
    ``nda_listing_ids`` listings both asked an NDA for."""

    def __init__(self, message: str, external_ids: tuple[str, ...] = (), nda_listing_ids: tuple[int, ...] = ()):
        super().__init__(message)
        self.external_ids = external_ids
        self.nda_listing_ids = nda_listing_ids


def merge_targets(source: Organisation, locale: str) -> list[tuple[int, str]]:
    """Where ``source`` may be merged: any other organisation that is not itself retired."""
    name = Organisation.name_en if locale == "en" else Organisation.name_vi
    rows = db.session.execute(
        sa.select(Organisation.id, name)
        .where(Organisation.id != source.id, Organisation.merged_into_id.is_(None), Organisation.rejected_at.is_(None))
        .order_by(name)
    )
    return [(id_, label) for id_, label in rows]


def _check(source: Organisation, target: Organisation) -> None:
    if source.id == target.id or target.merged_into_id is not None or target.rejected_at is not None:
        raise MergeRefused("not a valid target")
    clashes = tuple(
        db.session.scalars(
            sa.select(Listing.external_id).where(
                Listing.organisation_id == source.id,
                Listing.external_id.in_(sa.select(Listing.external_id).where(Listing.organisation_id == target.id)),
            )
        )
    )
    if clashes:
        raise MergeRefused("listing external ids clash", external_ids=clashes)
    nda_clashes = tuple(ndas.clashing_ndas(source.id, target.id))
    if nda_clashes:
        raise MergeRefused("both organisations asked an NDA for the same listing", nda_listing_ids=nda_clashes)


def merge(source: Organisation, target: Organisation, curator: User) -> None:
    """Move everything of ``source`` to ``target`` in one transaction (raises ``MergeRefused``, changing nothing)."""
    _check(source, target)
    before = audit_state(source)
    members = list(source.members)
    listings = list(db.session.scalars(sa.select(Listing).where(Listing.organisation_id == source.id)))
    for member in members:
        member.organisation = target
        member.organisation_role = OrganisationRole.MEMBER
    for listing in listings:
        listing.organisation_id = target.id
    moved = {
        "moved_member_ids": [member.id for member in members],
        "moved_listing_ids": [listing.id for listing in listings],
        "moved_ip_asset_ids": ip_register.move_organisation(source.id, target.id),
        "moved_inquiry_ids": inquiries.move_organisation(source.id, target.id),
        "moved_nda_ids": ndas.move_organisation(source.id, target.id),
        "renamed_saved_search_ids": alerts.rename_organisation_filter(source.slug, target.slug),
        "revoked_api_token_ids": tokens.revoke_all_of(source, curator),
    }
    tax_code, source.tax_code = source.tax_code, None
    db.session.flush()
    if target.tax_code is None:
        target.tax_code = tax_code
    source.merged_into = target
    source.verified = False
    leave_queue(source)
    record(curator, "organisation.merged", "organisation", source.id, before, {**audit_state(source), **moved})
    link = url_for("organisations.show", slug=target.slug, _external=True)
    notify(
        members,
        lambda: _("Your organisation on Techport is now %(name)s", name=display_name(target)),
        lambda: _(
            "A Techport curator found that %(source)s is already on Techport as %(name)s and merged the two. "
            "Your account and listings now belong to %(name)s: %(link)s",
            source=display_name(source),
            name=display_name(target),
            link=link,
        ),
        link=link,
        category=CATEGORY,
    )
    db.session.commit()
