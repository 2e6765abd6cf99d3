"""The exchange admins' user management: search, roles, deactivation; every change goes to the audit log."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from techport.accounts.models import AccountStatus, OrganisationRole, Role, User
from techport.audit.services import record
from techport.extensions import db
from techport.notifications.services import notify

ORGANISATION_ADMIN_FILTER = "organisation_admin"


class OwnAccountRefused(ValueError):
    """Admins do not demote or deactivate themselves, so the exchange is never left without one by accident."""


class LastOrganisationAdmin(ValueError):
    """An organisation always keeps an active admin, so that someone can approve colleagues and hold its tokens."""


class NotAColleague(ValueError):
    """Organisation admins name admins among their own organisation's active members only."""


@dataclass(frozen=True)
class UserFilters:
    text: str = ""
    role: str = ""
    status: str = ""
    organisation_id: int | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_users(filters: UserFilters, *, page: int, per_page: int) -> Pagination:
    """Name or e-mail containing ``text`` (any case), narrowed by role, status and organisation."""
    query = sa.select(User).order_by(User.full_name, User.id)
    if filters.text:
        pattern = f"%{_escape_like(filters.text.lower())}%"
        query = query.where(
            sa.or_(sa.func.lower(User.full_name).like(pattern, escape="\\"), User.email.like(pattern, escape="\\"))
        )
    if filters.role == ORGANISATION_ADMIN_FILTER:
        query = query.where(User.organisation_role == OrganisationRole.ADMIN)
    elif filters.role in Role._value2member_map_:
        query = query.where(User.role == Role(filters.role))
    if filters.status in AccountStatus._value2member_map_:
        query = query.where(User.status == AccountStatus(filters.status))
    if filters.organisation_id is not None:
        query = query.where(User.organisation_id == filters.organisation_id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _roles(user: User) -> dict:
    return {"role": user.role, "organisation_role": user.organisation_role}


def change_roles(user: User, actor: User, role: Role, organisation_role: OrganisationRole) -> bool:
    """Set the exchange role and the role inside the organisation; ``False`` when nothing changed."""
    if user.id == actor.id and role != user.role:
        raise OwnAccountRefused(user.email)
    before = _roles(user)
    user.role = role
    user.organisation_role = organisation_role if user.organisation_id is not None else OrganisationRole.MEMBER
    if _roles(user) == before:
        return False
    record(actor, "user.role_changed", "user", user.id, before, _roles(user))
    db.session.commit()
    return True


def deactivate(user: User, actor: User) -> None:
    """The account can no longer sign in, and every session it holds ends now."""
    if user.id == actor.id:
        raise OwnAccountRefused(user.email)
    before = {"status": user.status}
    user.status = AccountStatus.DISABLED
    user.session_version += 1
    record(actor, "user.deactivated", "user", user.id, before, {"status": user.status})
    db.session.commit()


def reactivate(user: User, actor: User) -> None:
    before = {"status": user.status}
    user.status = AccountStatus.ACTIVE
    record(actor, "user.reactivated", "user", user.id, before, {"status": user.status})
    db.session.commit()


def end_sessions_of(user: User, actor: User) -> None:
    """An admin signs ``user`` out everywhere, e.g. when the password may have leaked."""
    record(actor, "user.sessions_ended", "user", user.id, {"session_version": user.session_version}, None)
    user.session_version += 1
    db.session.commit()


def set_organisation_role(member: User, actor: User, organisation_role: OrganisationRole) -> bool:
    """An organisation admin makes a colleague an admin, or a member again; ``False`` when nothing changed.

    Raises ``NotAColleague`` for someone outside the actor's organisation or not active, and
    ``LastOrganisationAdmin`` when the change would leave the organisation without an active admin.
    """
    if member.organisation_id is None or member.status != AccountStatus.ACTIVE:
        raise NotAColleague(member.email)
    if actor.role not in (Role.ADMIN, Role.CURATOR) and member.organisation_id != actor.organisation_id:
        raise NotAColleague(member.email)
    if member.organisation_role == organisation_role:
        return False
    if organisation_role == OrganisationRole.MEMBER and _other_active_admins(member) == 0:
        raise LastOrganisationAdmin(member.email)
    before = _roles(member)
    member.organisation_role = organisation_role
    record(actor, "user.organisation_role_changed", "user", member.id, before, _roles(member))
    organisation = member.organisation
    link = url_for("accounts.profile", _external=True)
    promoted = organisation_role == OrganisationRole.ADMIN
    notify(
        [member],
        (lambda: _("You are now an admin of %(name)s on Techport", name=organisation.name_for(str(get_locale()))))
        if promoted
        else (
            lambda: _(
                "You are no longer an admin of %(name)s on Techport", name=organisation.name_for(str(get_locale()))
            )
        ),
        (
            lambda: _(
                "%(actor)s made you an admin of %(name)s. You can now approve colleagues, import the portfolio "
                "and manage API tokens: %(link)s",
                actor=actor.full_name,
                name=organisation.name_for(str(get_locale())),
                link=link,
            )
        )
        if promoted
        else (
            lambda: _(
                "%(actor)s made you a member of %(name)s again; you keep your account and your listings: %(link)s",
                actor=actor.full_name,
                name=organisation.name_for(str(get_locale())),
                link=link,
            )
        ),
        link=link,
        category="account",
    )
    db.session.commit()
    return True


def _other_active_admins(member: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.organisation_id == member.organisation_id,
            User.organisation_role == OrganisationRole.ADMIN,
            User.status == AccountStatus.ACTIVE,
            User.id != member.id,
        )
    )
