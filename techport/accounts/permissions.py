"""The one place that decides who may do what.

Views call these helpers instead of testing roles themselves, so a rule changes in
one place. Refusals abort with 403; anonymous visitors are sent to sign in.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from techport.accounts.models import Role
from techport.extensions import login_manager
from techport.organisations.models import Organisation

STAFF_ROLES = frozenset({Role.ADMIN, Role.CURATOR})


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    """Admins and curators run the exchange and may act on any organisation."""
    return is_signed_in(user) and user.role in STAFF_ROLES


def can_approve_accounts(user) -> bool:
    return is_staff(user)


def can_create_organisation(user) -> bool:
    return is_signed_in(user) and user.role == Role.ADMIN


def can_verify_organisation(user) -> bool:
    return is_staff(user)


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Members manage their own organisation; staff manage all of them."""
    if not is_signed_in(user):
        return False
    return is_staff(user) or user.organisation_id == organisation.id


def require_organisation_manager(organisation: Organisation) -> None:
    """Abort with 403 unless the current user may manage ``organisation``."""
    _require_signed_in()
    if not can_manage_organisation(current_user, organisation):
        abort(403)


def require_role(*roles: Role) -> Callable:
    """Decorator: the view needs a signed-in, approved user holding one of ``roles``."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            _require_signed_in()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require_signed_in(view: Callable) -> Callable:
    """Decorator: the view needs a signed-in, approved user of any role."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        _require_signed_in()
        return view(*args, **kwargs)

    return wrapped


def _require_signed_in() -> None:
    if not is_signed_in(current_user):
        abort(login_manager.unauthorized())
