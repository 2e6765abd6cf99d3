"""Error pages in both languages: the visitor's first, the other one below it."""

import logging

from flask import Flask, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from techport.extensions import db
from techport.i18n import current_locale

log = logging.getLogger(__name__)


def _messages(status: int, csrf: bool) -> tuple[str, str]:
    if csrf:
        return (
            _("The form has expired or is missing its security token"),
            _("Nothing was saved. Go back, reload the page and send the form again."),
        )
    messages = {
        400: (_("Bad request"), _("The request could not be understood. Nothing was saved.")),
        403: (_("Access denied"), _("You do not have permission to open this page.")),
        404: (_("Page not found"), _("The page you asked for does not exist or has moved.")),
        405: (_("Method not allowed"), _("This page cannot be used that way.")),
        413: (_("Too much data"), _("What you sent is larger than Techport accepts. Nothing was saved.")),
        500: (_("Something went wrong"), _("An unexpected error happened on our side. Please try again later.")),
    }
    return messages.get(status) or messages[500 if status >= 500 else 400]


def _render(status: int, csrf: bool = False):
    primary = current_locale()
    secondary = "en" if primary == "vi" else "vi"
    title, message = _messages(status, csrf)
    with force_locale(secondary):
        other_title, other_message = _messages(status, csrf)
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title,
            message=message,
            other_lang=secondary,
            other_title=other_title,
            other_message=other_message,
        ),
        status,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, csrf=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400 or error.response is not None:
            return error
        response = _render(error.code)
        if error.code == 405:
            return response[0], 405, {"Allow": ", ".join(error.valid_methods or [])}
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error", exc_info=error)
        db.session.rollback()
        return _render(InternalServerError.code)
