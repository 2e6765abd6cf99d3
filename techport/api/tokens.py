"""Creating, finding and revoking API tokens.

A token is ``tp_`` followed by 32 random bytes (256 bits) in URL-safe base64. Only its SHA-256 is stored:
with that much entropy nobody can guess a secret from its hash, so the slow, salted hashes that
passwords need buy nothing here, and a plain digest lets a request find its token with one indexed
lookup. A stolen copy of the database therefore holds no usable token.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from techport.api.models import PREFIX_LENGTH, ApiToken, TokenScope
from techport.audit.services import record
from techport.extensions import db
from techport.models_common import utcnow
from techport.organisations.models import Organisation

SECRET_PREFIX = "tp_"
SECRET_BYTES = 32
# A token's last use is written at most this often, so a busy client does not cost a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
EXPIRY_CHOICES_DAYS = (30, 90, 365)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    organisation: Organisation, *, name: str, scope: TokenScope, valid_days: int, created_by
) -> tuple[ApiToken, str]:
    """Store a new token and return it with its secret, which is never shown again."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken(
        organisation=organisation,
        name=name.strip(),
        scope=scope,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
        created_by=created_by,
        expires_at=utcnow() + timedelta(days=valid_days),
    )
    db.session.add(token)
    db.session.flush()
    record(created_by, "api_token.created", "api_token", token.id, None, _audit_state(token))
    db.session.commit()
    return token, secret


def _audit_state(token: ApiToken) -> dict:
    """What the audit log keeps of a token: never its secret or hash."""
    return {
        "organisation_id": token.organisation_id,
        "name": token.name,
        "scope": token.scope,
        "prefix": token.prefix,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


def revoke_token(token: ApiToken, actor=None) -> None:
    if token.revoked_at is None:
        _revoke(token, actor)
        db.session.commit()


def _revoke(token: ApiToken, actor) -> None:
    before = _audit_state(token)
    token.revoked_at = utcnow()
    record(actor, "api_token.revoked", "api_token", token.id, before, _audit_state(token))


def usable_token(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The token with this secret if it is neither revoked nor expired; reads only."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret)))
    if token is None or not token.is_usable(now or utcnow()):
        return None
    return token


def record_use(token: ApiToken, now: datetime | None = None) -> None:
    """Note that the token was used, unless that was already noted within the last minute.

    One conditional UPDATE, so concurrent requests write it once at most; commits only when it wrote.
    """
    now = now or utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    result = db.session.execute(
        sa.update(ApiToken)
        .where(
            ApiToken.id == token.id,
            sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_RESOLUTION),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        db.session.commit()


def organisation_tokens(organisation: Organisation) -> list[ApiToken]:
    """All of the organisation's tokens, revoked and expired ones included, the newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.organisation_id == organisation.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def token_of(organisation: Organisation, token_id: int) -> ApiToken | None:
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.organisation_id == organisation.id else None


def revoke_all_of(organisation: Organisation, actor=None) -> list[int]:
    """Revoke every usable token of an organisation merged into another: they were issued by admins who are
    no longer its admins, so the target's admins issue new ones. Returns the ids revoked; commits nothing."""
    revoked = []
    for token in organisation_tokens(organisation):
        if token.revoked_at is None:
            _revoke(token, actor)
            revoked.append(token.id)
    return revoked
