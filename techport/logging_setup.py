"""Logs an operator can search: a request id on every request, and one JSON line per request and per job.

``TECHPORT_LOG_FORMAT=json`` (the default outside development) writes every log record as one JSON
object: time, level, logger, message and, inside a request, its id, method, route, user id; the
request line adds status and duration, a job's line its name, period and duration. The request id is
the caller's ``X-Request-ID`` when it is a sane token (a proxy's or a client's), a new one otherwise;
it is sent back in the ``X-Request-ID`` header, in JSON error bodies and on error pages, so a user's
report leads straight to the lines of their request.
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

from techport.config import ConfigurationError

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
TEXT_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"
# Attributes every LogRecord has; whatever else a record carries came in through ``extra=``.
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

request_log = logging.getLogger("techport.requests")


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry.update(_request_fields())
        entry.update({key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _request_fields() -> dict:
    fields = {"request_id": g.get("request_id"), "method": request.method, "path": request.path}
    if request.url_rule is not None:
        fields["route"] = request.url_rule.rule
    # Only a user Flask-Login has already loaded: logging must not cost a database read.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        fields["user_id"] = user.id
    return fields


def configure_logging(log_format: str, text_format: str = TEXT_FORMAT) -> None:
    """The root logger's format: JSON, or ``text_format`` (a process's own, e.g. the worker's)."""
    if log_format not in ("json", "text"):
        raise ConfigurationError(f"TECHPORT_LOG_FORMAT must be json or text, not {log_format!r}")
    logging.basicConfig(level=logging.INFO, format=text_format)
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(text_format)
    for handler in logging.getLogger().handlers:
        # The console handlers only: a test runner's capturing handlers keep their own format.
        if type(handler) is logging.StreamHandler:
            handler.setFormatter(formatter)


def install_request_logging(app: Flask) -> None:
    """Request ids for every app; the request line only in JSON (in text, the development server logs each)."""
    configure_logging(app.config["LOG_FORMAT"])
    json_lines = app.config["LOG_FORMAT"] == "json"

    @app.before_request
    def start_request() -> None:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if REQUEST_ID_PATTERN.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.monotonic()

    @app.after_request
    def log_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is None:
            return response
        response.headers[REQUEST_ID_HEADER] = request_id
        if not json_lines:
            return response
        duration_ms = round((time.monotonic() - g.request_started) * 1000, 1)
        request_log.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={**_request_fields(), "status": response.status_code, "duration_ms": duration_ms},
        )
        return response
