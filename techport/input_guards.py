"""Odd input stops at the edge of the app as a 400 or 404, never as a database or engine error (a 500).

Python's ``int`` and ``str.isdigit`` accept far more than the database does: numbers of any size and
Unicode digits such as "²" or "٣". PostgreSQL refuses NUL characters in text outright. So numbers in
URLs, query strings and forms are read here as ASCII digits within the range of the column they are
compared with, and NUL or other control characters anywhere in the request are refused up front.
"""

import re

from flask import Flask, Request, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, ValidationError

# Ids are INTEGER columns (SERIAL on PostgreSQL); BIGINT columns hold up to BIGINT_MAX.
ID_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
# Beyond this no listing or organisation list has pages; OFFSET stays far from any overflow.
PAGE_MAX = 100_000
ASCII_DIGITS = re.compile(r"[0-9]+")
# NUL and the C0 control characters except tab, line feed and carriage return, which forms may carry.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def whole_number(text: str | None, *, minimum: int = 0, maximum: int = BIGINT_MAX) -> int | None:
    """The int ``text`` spells in ASCII digits when it lies in ``minimum..maximum``, otherwise None."""
    text = (text or "").strip()
    if not ASCII_DIGITS.fullmatch(text) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_arg(name: str, default: int, *, minimum: int = 1, maximum: int = PAGE_MAX) -> int:
    """An int query parameter such as ``page``; a missing, malformed or out-of-range value gives ``default``."""
    number = whole_number(request.args.get(name), minimum=minimum, maximum=maximum)
    return default if number is None else number


class IdConverter(IntegerConverter):
    """``<int:…>`` in routes: ASCII digits from 1 to ID_MAX, so an id no row can have is a 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = ID_MAX) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)

    def to_python(self, value: str) -> int:
        if len(value) > len(str(self.max)):
            raise ValidationError()
        return super().to_python(value)


def has_forbidden_characters(text: str) -> bool:
    return FORBIDDEN_CHARACTERS.search(text) is not None


class ForbiddenCharacters(BadRequest):
    description = "The request contains NUL or other control characters, which Techport does not accept."


class GuardedRequest(Request):
    """Form fields and upload file names are checked when the body is first parsed, whichever code parses it
    (the CSRF check or a view that raised the upload limit first), so the limit on the body still applies."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        texts = [*self.form.keys(), *self.form.values(), *self.files.keys()]
        texts += [upload.filename or "" for upload in self.files.values()]
        if any(has_forbidden_characters(text) for text in texts):
            raise ForbiddenCharacters()


def _refuse_forbidden_characters_in_url() -> None:
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if any(has_forbidden_characters(text) for text in texts):
        raise ForbiddenCharacters()


def install_input_guards(app: Flask) -> None:
    """Call before blueprints are registered: their routes pick up the converter when they are added."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = GuardedRequest
    app.before_request(_refuse_forbidden_characters_in_url)
