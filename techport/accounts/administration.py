"""The exchange admins' user management: search, roles, deactivation; every change goes to the audit log."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from techport.accounts.models import AccountStatus, OrganisationRole, Role, User
from techport.audit.services import record
from techport.extensions import db

ORGANISATION_ADMIN_FILTER = "organisation_admin"


class OwnAccountRefused(ValueError):
    """Admins do not demote or deactivate themselves, so the exchange is never left without one by accident."""


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
