"""Account use cases: sign-up, sign-in with throttling, sessions, approval and password reset."""

import enum
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from techport.accounts.models import AccountStatus, LoginFailure, OrganisationRole, Role, User
from techport.accounts.permissions import can_review_account, is_staff
from techport.audit.services import record
from techport.extensions import db
from techport.mail import send_bilingual_mail, send_mail
from techport.models_common import utcnow
from techport.notifications.services import notify
from techport.organisations.models import Organisation
from techport.organisations.services import add_joining_organisation

RESET_SALT = "techport.password-reset"
PASSWORD_HASH_METHOD = "scrypt"

# Checked against when the e-mail is unknown, so both paths cost the same time.
_UNKNOWN_USER_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_HASH_METHOD)


class EmailAlreadyRegistered(ValueError):
    pass


class SignInOutcome(enum.Enum):
    SUCCESS = "success"
    INVALID = "invalid"
    LOCKED = "locked"
    PENDING = "pending"
    REFUSED = "refused"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    user: User | None = None
    retry_after_minutes: int = 0


class ResetTokenProblem(enum.Enum):
    EXPIRED = "expired"
    INVALID = "invalid"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_account(
    *,
    email: str,
    full_name: str,
    password: str,
    role: Role = Role.MEMBER,
    status: AccountStatus = AccountStatus.PENDING,
    organisation: Organisation | None = None,
) -> User:
    """Add an account to the session; raises ``EmailAlreadyRegistered`` on a duplicate."""
    if find_user_by_email(email) is not None:
        raise EmailAlreadyRegistered(email)
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        role=role,
        status=status,
        organisation=organisation,
    )
    db.session.add(user)
    return user


def register_member(*, email: str, full_name: str, password: str, organisation: Organisation) -> User | None:
    """Sign-up: a member of an existing organisation, pending until staff approve.

    For an address that already has an account nothing is created (``None``) and its owner is told
    by mail instead, so the answer on screen, and its time, do not reveal who has an account.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the new-account path hashes too; both take the same time
        _mail_sign_up_attempt(existing)
        db.session.commit()
        return None
    user = create_account(email=email, full_name=full_name, password=password, organisation=organisation)
    db.session.flush()
    _tell_organisation_admins(user)
    db.session.commit()
    return user


def register_founder(*, email: str, full_name: str, password: str, organisation_values: dict) -> User | None:
    """Sign-up with an organisation not yet on Techport: both wait for a curator; the founder is its admin.

    Raises ``organisations.services.TaxCodeTaken`` or ``SlugTaken`` before anything is stored. For an
    address that already has an account, as in ``register_member``, nothing is created and its owner is mailed.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)
        _mail_sign_up_attempt(existing)
        db.session.commit()
        return None
    organisation = add_joining_organisation(organisation_values)
    user = create_account(email=email, full_name=full_name, password=password, organisation=organisation)
    user.organisation_role = OrganisationRole.ADMIN
    db.session.commit()
    return user


def _tell_organisation_admins(applicant: User) -> None:
    """A colleague's sign-up waits for the organisation's own admins too."""
    admins = db.session.scalars(
        sa.select(User).where(
            User.organisation_id == applicant.organisation_id,
            User.organisation_role == OrganisationRole.ADMIN,
            User.status == AccountStatus.ACTIVE,
        )
    ).all()
    link = url_for("accounts.approvals", _external=True)
    notify(
        admins,
        lambda: _("%(name)s asks to join your organisation on Techport", name=applicant.full_name),
        lambda: _(
            "%(name)s (%(email)s) signed up as a member of your organisation. Approve or reject the sign-up: %(link)s",
            name=applicant.full_name,
            email=applicant.email,
            link=link,
        ),
        link=link,
        category="account",
    )


def _mail_sign_up_attempt(owner: User) -> None:
    send_bilingual_mail(
        [owner.email],
        lambda: _("Someone tried to sign up to Techport with your address"),
        lambda: _(
            "Hello %(name)s,\n\nSomeone tried to create a Techport account with this e-mail address, which "
            "already has one. If it was you, sign in, or reset your password if you have forgotten it. "
            "If it was not you, you can ignore this message: nothing was changed.",
            name=owner.full_name,
        ),
    )


def user_for_session_id(session_id: str) -> User | None:
    """Flask-Login's loader: the active user whose current session version the cookie carries."""
    user_id, _sep, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def end_sessions(user: User) -> None:
    """Sign ``user`` out everywhere: every cookie issued so far carries an older session version."""
    user.session_version += 1
    db.session.commit()


def authenticate(email: str, password: str, ip_address: str) -> SignInResult:
    """Check credentials, counting failures per e-mail and client address."""
    email = normalise_email(email)
    retry_after = _lock_remaining(email, ip_address)
    if retry_after:
        return SignInResult(SignInOutcome.LOCKED, retry_after_minutes=math.ceil(retry_after.total_seconds() / 60))

    user = find_user_by_email(email)
    password_ok = check_password_hash(user.password_hash if user else _UNKNOWN_USER_HASH, password)
    if user is None or not password_ok:
        _record_failure(email, ip_address)
        return SignInResult(SignInOutcome.INVALID)

    _clear_failures(LoginFailure.email == email, LoginFailure.ip_address == ip_address)
    if user.status == AccountStatus.PENDING:
        return SignInResult(SignInOutcome.PENDING, user)
    if user.status != AccountStatus.ACTIVE:
        return SignInResult(SignInOutcome.REFUSED, user)
    user.last_sign_in_at = utcnow()
    db.session.commit()
    return SignInResult(SignInOutcome.SUCCESS, user)


def _failure_window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_LOCK_SECONDS"])


def _recent_failures(email: str, ip_address: str) -> list:
    since = utcnow() - _failure_window()
    return db.session.scalars(
        sa.select(LoginFailure.failed_at)
        .where(LoginFailure.email == email, LoginFailure.ip_address == ip_address, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
    ).all()


def _lock_remaining(email: str, ip_address: str) -> timedelta | None:
    """How long this e-mail and address stay locked, or ``None`` when they are not."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    failures = _recent_failures(email, ip_address)
    if len(failures) < limit:
        return None
    unlock_at = failures[limit - 1] + _failure_window()
    return max(unlock_at - utcnow(), timedelta(minutes=1))


def _record_failure(email: str, ip_address: str) -> None:
    """Store a failure and prune every e-mail's stale ones, so the table stays bounded."""
    _clear_failures(LoginFailure.failed_at <= utcnow() - _failure_window())
    db.session.add(LoginFailure(email=email, ip_address=ip_address))
    db.session.commit()


def _clear_failures(*where) -> None:
    db.session.execute(sa.delete(LoginFailure).where(*where))
    db.session.commit()


def active_curator_emails() -> list[str]:
    """Where mail for "the curators" goes: every approved curator account."""
    return list(
        db.session.scalars(sa.select(User.email).where(User.role == Role.CURATOR, User.status == AccountStatus.ACTIVE))
    )


def active_curators() -> list[User]:
    return list(
        db.session.scalars(sa.select(User).where(User.role == Role.CURATOR, User.status == AccountStatus.ACTIVE))
    )


def answering_members(organisation_id: int, *, emails: Iterable[str] = (), user_ids: Iterable[int] = ()) -> list[User]:
    """Who hears about one matter of an organisation (a listing, an inquiry, an NDA): the people named for it
    (a listing's contact e-mail, those who already took part) and the organisation's admins, active ones
    only. Every active member only when none of them has an account here, so that a small organisation
    without an admin still hears, and a university of four hundred researchers is not told each time."""
    members = list(
        db.session.scalars(
            sa.select(User)
            .where(User.organisation_id == organisation_id, User.status == AccountStatus.ACTIVE)
            .order_by(User.id)
        )
    )
    named_emails = {normalise_email(email) for email in emails if email}
    named_ids = set(user_ids)
    answering = [
        member
        for member in members
        if member.is_organisation_admin or member.id in named_ids or normalise_email(member.email) in named_emails
    ]
    return answering or members


def pending_accounts(reviewer: User) -> list[User]:
    """The sign-ups ``reviewer`` may decide: all for staff, their colleagues' for organisation admins."""
    query = sa.select(User).where(User.status == AccountStatus.PENDING).order_by(User.created_at, User.id)
    if not is_staff(reviewer):
        query = query.where(User.organisation_id == reviewer.organisation_id)
    return [user for user in db.session.scalars(query) if can_review_account(reviewer, user)]


def review_account(user: User, reviewer: User, approve: bool) -> None:
    """Approve or reject a pending sign-up and tell the applicant; the decision is kept in the audit log."""
    record(
        reviewer,
        "account.approved" if approve else "account.rejected",
        "user",
        user.id,
        {"status": user.status},
        {"status": AccountStatus.ACTIVE if approve else AccountStatus.REJECTED},
    )
    user.status = AccountStatus.ACTIVE if approve else AccountStatus.REJECTED
    user.reviewed_at = utcnow()
    user.reviewed_by = reviewer
    if not approve:
        user.session_version += 1
    if approve:
        send_mail(
            user.email,
            _("Your Techport account is approved"),
            _("Hello %(name)s,\n\nYour Techport account has been approved. You can now sign in.", name=user.full_name),
        )
    db.session.commit()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    """Part of the token: changing the password invalidates every earlier link."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> tuple[User | None, ResetTokenProblem | None]:
    try:
        payload = _serializer().loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except SignatureExpired:
        return None, ResetTokenProblem.EXPIRED
    except BadSignature:
        return None, ResetTokenProblem.INVALID
    user = db.session.get(User, payload.get("user")) if isinstance(payload, dict) else None
    if user is None or payload.get("pw") != _password_fingerprint(user):
        return None, ResetTokenProblem.INVALID
    return user, None


def request_password_reset(email: str, reset_url_for) -> None:
    """Mail a reset link when the account exists; say nothing either way to the caller."""
    user = find_user_by_email(email)
    if user is None or user.status in (AccountStatus.REJECTED, AccountStatus.DISABLED):
        return
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    send_mail(
        user.email,
        _("Reset your Techport password"),
        _(
            "Hello %(name)s,\n\nOpen this link to choose a new password (valid for %(minutes)d minutes):\n%(url)s\n\n"
            "If you did not ask for this, ignore this message.",
            name=user.full_name,
            minutes=minutes,
            url=reset_url_for(make_reset_token(user)),
        ),
    )
    db.session.commit()


def set_password(user: User, new_password: str) -> None:
    """Reset: the new password ends every session and lifts the e-mail's sign-in lock."""
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    db.session.commit()
    _clear_failures(LoginFailure.email == user.email)


def change_password(user: User, current_password: str, new_password: str) -> bool:
    """Change a signed-in user's password; ``False`` when ``current_password`` is wrong.

    Every session ends, the caller's too: it signs the user in again with the new version.
    """
    if not check_password_hash(user.password_hash, current_password):
        return False
    set_password(user, new_password)
    return True
