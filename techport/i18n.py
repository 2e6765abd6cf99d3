"""Locale choice: Vietnamese unless the visitor picked English at ``/lang/<code>``."""

from flask import current_app, has_request_context, session
from flask_babel import get_locale

SESSION_KEY = "lang"


def supported_languages() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    """The visitor's choice; the default outside a request (workers and the CLI)."""
    chosen = session.get(SESSION_KEY) if has_request_context() else None
    if chosen in supported_languages():
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(code: str) -> bool:
    if code not in supported_languages():
        return False
    session[SESSION_KEY] = code
    return True


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
