"""What the other side of an inquiry hears, in both languages, through the one notification service.

Mail says who and which listing, never the message itself: bodies stay on the permission-checked page.
"""

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from techport.accounts.models import User
from techport.accounts.services import answering_members
from techport.inquiries.models import Inquiry
from techport.inquiries.pipeline import STAGE_LABELS
from techport.notifications.services import notify

CATEGORY = "inquiry"


def side_people(inquiry: Inquiry, organisation_id: int) -> list[User]:
    """Who hears for one side: those who started or wrote in the conversation, the listing's contact person
    on the owner's side, and the side's admins (``answering_members``)."""
    took_part = {message.author_id for message in inquiry.messages if message.author_organisation_id == organisation_id}
    if organisation_id == inquiry.asking_organisation_id:
        took_part.add(inquiry.started_by_id)
    emails = [inquiry.listing.contact_email] if organisation_id == inquiry.owner_organisation_id else []
    return answering_members(organisation_id, emails=emails, user_ids=took_part)


def _other_side(inquiry: Inquiry, actor: User) -> int:
    return (
        inquiry.asking_organisation_id
        if actor.organisation_id == inquiry.owner_organisation_id
        else inquiry.owner_organisation_id
    )


def _link(inquiry: Inquiry) -> str:
    return url_for("inquiries.show", inquiry_id=inquiry.id, _external=True)


def new_inquiry(inquiry: Inquiry) -> None:
    link = _link(inquiry)
    asker = inquiry.asking_organisation
    title = inquiry.listing.title
    notify(
        side_people(inquiry, inquiry.owner_organisation_id),
        lambda: _("New inquiry about “%(title)s”", title=title),
        lambda: _(
            "%(organisation)s sent an inquiry about your listing “%(title)s”. Read it and answer here: %(link)s",
            organisation=asker.name_for(str(get_locale())),
            title=title,
            link=link,
        ),
        link=link,
        category=CATEGORY,
    )


def new_message(inquiry: Inquiry, author: User) -> None:
    link = _link(inquiry)
    title = inquiry.listing.title
    notify(
        side_people(inquiry, _other_side(inquiry, author)),
        lambda: _("New message about “%(title)s”", title=title),
        lambda: _("There is a new message in the inquiry about “%(title)s”: %(link)s", title=title, link=link),
        link=link,
        category=CATEGORY,
    )


def stage_changed(inquiry: Inquiry, actor: User) -> None:
    link = _link(inquiry)
    title = inquiry.listing.title
    stage = inquiry.stage
    notify(
        side_people(inquiry, _other_side(inquiry, actor)),
        lambda: _("Inquiry about “%(title)s”: %(stage)s", title=title, stage=STAGE_LABELS[stage]),
        lambda: _(
            "The inquiry about “%(title)s” moved to the stage “%(stage)s”: %(link)s",
            title=title,
            stage=STAGE_LABELS[stage],
            link=link,
        ),
        link=link,
        category=CATEGORY,
    )


def reminder(inquiry: Inquiry, days: int) -> None:
    link = _link(inquiry)
    title = inquiry.listing.title
    notify(
        side_people(inquiry, inquiry.owner_organisation_id),
        lambda: _("An inquiry about “%(title)s” has waited %(days)d days", title=title, days=days),
        lambda: _(
            "An inquiry about your listing “%(title)s” has waited %(days)d days for an answer. "
            "Please reply, or decline it with a reason: %(link)s",
            title=title,
            days=days,
            link=link,
        ),
        link=link,
        category=CATEGORY,
    )
