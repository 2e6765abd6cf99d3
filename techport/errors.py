"""Error pages in both languages (the visitor's first, the other one below it), and JSON errors for the API.

Everything under ``/api/`` answers JSON in one shape, ``{"error": {"status": …, "message": …}}``, even for
paths no route matches (Flask then knows no blueprint, so blueprint handlers cannot catch those).
"""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from techport.extensions import db
from techport.i18n import current_locale
from techport.logging_setup import current_request_id

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


API_PREFIX = "/api/"
API_MESSAGES = {
    400: "bad request",
    403: "access denied",
    404: "not found",
    405: "method not allowed",
    413: "request too large",
    500: "internal error",
}


def json_error(status: int, message: str):
    """The API's one error shape; ``request_id`` finds the request's lines in the log."""
    error = {"status": status, "message": message}
    if request_id := current_request_id():
        error["request_id"] = request_id
    response = jsonify({"error": error})
    response.status_code = status
    return response


def _is_api_request() -> bool:
    return (request.path + "/").startswith(API_PREFIX)


def _api_message(status: int, error: HTTPException | None) -> str:
    """A description given when the error was raised (or by a subclass) beats Werkzeug's generic one."""
    generic = default_exceptions.get(status)
    if error is not None and error.description and (generic is None or error.description != generic.description):
        return error.description
    return API_MESSAGES.get(status) or API_MESSAGES[500 if status >= 500 else 400]


def _render(status: int, csrf: bool = False, error: HTTPException | None = None):
    if _is_api_request():
        return json_error(status, "the CSRF token is missing or invalid" if csrf else _api_message(status, error))
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
        response = app.make_response(_render(error.code, error=error))
        if error.code == 405:
            response.headers["Allow"] = ", ".join(error.valid_methods or [])
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error", exc_info=error)
        db.session.rollback()
        return _render(InternalServerError.code)
