"""Locale choice: Vietnamese unless the visitor picked English at ``/lang/<code>``."""

from flask import current_app, has_request_context, session
from flask_babel import format_date, format_datetime, get_locale

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


# Vietnamese writes dates day first with slashes and the time before the date: "15:21, 01/12/2026".
VI_DATE_PATTERN = "dd/MM/yyyy"
VI_DATETIME_PATTERN = "HH:mm, dd/MM/yyyy"
PLAIN_FORMATS = (None, "short", "medium")


def local_date(value, format: str | None = None) -> str:
    """The ``dateformat`` filter: Vietnamese numeric dates; other languages keep Babel's formats."""
    if current_locale() == "vi" and format in PLAIN_FORMATS:
        return format_date(value, VI_DATE_PATTERN)
    return format_date(value, format)


def local_datetime(value, format: str | None = None) -> str:
    """The ``datetimeformat`` filter, in the site's time zone: "15:21, 01/12/2026" in Vietnamese."""
    if current_locale() == "vi" and format in PLAIN_FORMATS:
        return format_datetime(value, VI_DATETIME_PATTERN)
    return format_datetime(value, format)
