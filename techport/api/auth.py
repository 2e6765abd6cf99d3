"""``Authorization: Bearer <token>`` for the API: who is calling, with which scope, at what rate.

Bearer requests carry no cookie a third-party page could make the browser send, so CSRF does not
apply to them; every other unsafe request to the write API is still checked for its CSRF token
when it carries the site's cookies (``check_csrf_unless_bearer``), so a signed-in browser cannot be
made to post there.
"""

from collections.abc import Callable
from functools import wraps

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from techport.api import tokens
from techport.api.models import ApiToken, TokenScope
from techport.errors import json_error
from techport.extensions import csrf, limiter

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNSET = object()


def bearer_secret() -> str | None:
    """The secret of an ``Authorization: Bearer`` header ('' when the header is malformed), or None."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def current_token() -> ApiToken | None:
    """The request's usable token, looked up once per request (the rate limiter asks before the view)."""
    token = g.get("api_token", _UNSET)
    if token is _UNSET:
        secret = bearer_secret()
        token = tokens.usable_token(secret) if secret else None
        g.api_token = token
    return token


def _carries_session_cookies() -> bool:
    names = (
        current_app.config["SESSION_COOKIE_NAME"],
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )
    return any(name in request.cookies for name in names)


def check_csrf_unless_bearer() -> None:
    """``before_request`` of the API blueprints, which are exempt from the app-wide check: an unsafe request
    with the site's cookies and no Bearer token needs a CSRF token; one with neither simply gets 401."""
    if request.method not in SAFE_METHODS and bearer_secret() is None and _carries_session_cookies():
        csrf.protect()


def _unauthorised(message: str):
    response = json_error(401, message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="techport", error="invalid_token"'
    return response


def _insufficient_scope(scope: TokenScope):
    response = json_error(403, f"this token's scope does not include {scope.value}")
    response.headers["WWW-Authenticate"] = f'Bearer realm="techport", error="insufficient_scope", scope="{scope.value}"'
    return response


def token_rate_key() -> str:
    """Flask-Limiter key: the token's id, or the client address for calls without a usable token."""
    token = current_token()
    return f"api-token:{token.id}" if token is not None else f"api-address:{get_remote_address()}"


def _token_limit() -> str:
    return current_app.config["API_TOKEN_LIMIT"]


def _too_many(_limit):
    return json_error(429, "this token sent too many requests; wait a minute and try again")


def scope_by_method() -> TokenScope:
    """For a route that both reads and writes: GET needs read, anything else write."""
    return TokenScope.READ if request.method in SAFE_METHODS else TokenScope.WRITE


def require_token(needed: TokenScope | Callable[[], TokenScope]) -> Callable:
    """Decorator: the view needs a usable token allowing the ``needed`` scope (or the one it returns),
    passed to the view as ``token``; requests are limited per token."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            secret = bearer_secret()
            if secret is None:
                return _unauthorised("send an API token in the header Authorization: Bearer <token>")
            token = current_token()
            if token is None:
                return _unauthorised("the API token is invalid, expired or revoked")
            scope = needed() if callable(needed) else needed
            if not token.allows(scope):
                return _insufficient_scope(scope)
            tokens.record_use(token)
            return view(*args, token=token, **kwargs)

        return limiter.limit(_token_limit, key_func=token_rate_key, on_breach=_too_many)(wrapped)

    return decorator
