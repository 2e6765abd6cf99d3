"""Rate limits of the account forms (Flask-Limiter), read from the settings on every request.

The per-(e-mail, address) lock in ``services`` stops guessing one account's password; these
limits stop one address, or everybody together, from trying many accounts or sending much mail.
Only POSTs count, and a refused POST never reaches the view, so it costs no password hash.
"""

from collections.abc import Callable

from flask import current_app, make_response
from flask_babel import gettext as _
from flask_limiter import RequestLimit

from techport.extensions import limiter

EVERYONE = "everyone"


def _everyone() -> str:
    return EVERYONE


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _answer_with(render: Callable[[str], str]) -> Callable[[RequestLimit], object]:
    """``on_breach`` callback: the form again, with a message, status 429."""

    def on_breach(_limit: RequestLimit):
        message = _("Too many attempts from your network. Wait a few minutes, then try again.")
        return make_response(render(message), 429)

    return on_breach


def limit_posts(render: Callable[[str], str], per_address: str, overall: str | None = None) -> Callable:
    """Decorator: POSTs limited per client address (setting ``per_address``) and, if given, for everyone."""

    def decorator(view: Callable) -> Callable:
        on_breach = _answer_with(render)
        limited = limiter.limit(_setting(per_address), methods=["POST"], on_breach=on_breach)
        view = limited(view)
        if overall:
            view = limiter.limit(_setting(overall), key_func=_everyone, methods=["POST"], on_breach=on_breach)(view)
        return view

    return decorator
