"""The import engine's refusal reasons in the reader's language.

The engine (``profile.parse_profile``, ``transfer``, ``spreadsheets``) words its reasons in English,
which is what ``techport import`` prints and what uploads keep. The portfolio pages and the refusal
report show them through ``localise``: a reason is "field: message", the field is named by its
column in the template, and a known message is matched by its pattern and translated with its values.
A reason no pattern knows is shown as the engine wrote it.
"""

import re

from flask_babel import lazy_gettext as _l

from techport.i18n import current_locale
from techport.listings import spreadsheets

FIELD_REASON = re.compile(r"^(?P<field>(?:ip\.|contact\.)?[a-z_]+): (?P<message>.+)$", re.DOTALL)
# Fields of the record that are not one column of the template.
FIELD_LABELS = {
    "line": _l("Row"),
    "ip": _l("IP details"),
    "ip.ip": _l("IP details"),
    "contact": _l("Contact"),
    "contact.name": _l("Contact name"),
    "contact.email": _l("Contact e-mail"),
    "contact.phone": _l("Contact phone"),
}
# (pattern, translatable message with the pattern's named groups); the first match wins.
MESSAGES = (
    (r"is required", _l("is required")),
    (r"must be a string", _l("must be text")),
    (
        r"is (?P<length>\d+) characters long; the limit is (?P<limit>\d+)",
        _l("is %(length)s characters long; the limit is %(limit)s"),
    ),
    (
        r"contains the control character (?P<code>U\+[0-9A-F]{4}); only tabs and line breaks are allowed",
        _l("contains the invisible control character %(code)s; only tabs and line breaks are allowed"),
    ),
    (r"(?P<value>.+) is not one of (?P<choices>.+)", _l("%(value)s is not one of %(choices)s")),
    (r"must be a list of codes", _l("must be a list of codes")),
    (
        r"unknown code\(s\) (?P<codes>.+); allowed: (?P<allowed>.+)",
        _l("unknown code(s) %(codes)s; allowed: %(allowed)s"),
    ),
    (r"needs at least (?P<count>\d+) code\(s\)", _l("needs at least %(count)s code(s)")),
    (r"allows at most (?P<count>\d+) code\(s\)", _l("allows at most %(count)s code(s)")),
    (r"must be a list of strings", _l("must be a list of texts")),
    (r"allows at most (?P<count>\d+) entries", _l("allows at most %(count)s entries")),
    (r"entries are limited to (?P<limit>\d+) characters", _l("entries are limited to %(limit)s characters")),
    (r"(?P<value>.+) is not a date in the form YYYY-MM-DD", _l("%(value)s is not a date in the form YYYY-MM-DD")),
    (r"unknown field\(s\) (?P<names>.+)", _l("unknown field(s) %(names)s")),
    (r"may hold only letters, digits, '\.', '-' and '_'", _l("may hold only letters, digits, '.', '-' and '_'")),
    (
        r"must be a whole number from (?P<low>\d+) to (?P<high>\d+)",
        _l("must be a whole number from %(low)s to %(high)s"),
    ),
    (
        r"must be a whole number of VND from 0 to (?P<high>\d+), or null",
        _l("must be a whole number of VND from 0 to %(high)s, or empty"),
    ),
    (r"must be true or false", _l("must be yes or no")),
    (r"must be an object with name, email and phone", _l("must hold a name, an e-mail and a phone number")),
    (r"is not an e-mail address", _l("is not an e-mail address")),
    (r"is only for IP assets", _l("is only for IP assets")),
    (r"is for offers and IP assets, not needs", _l("is for offers and IP assets, not needs")),
    (r"is for needs only", _l("is for needs only")),
    (r"is required for IP assets and must be an object", _l("is required for IP assets")),
    (
        r"must be a list of \{name, share\} with shares above 0 and up to 100",
        _l('must be written "name: share", with shares above 0 and up to 100'),
    ),
    (r"shares add up to (?P<total>.+), not 100", _l("shares add up to %(total)s, not 100")),
    (r"no organisation has the slug (?P<slug>.+)", _l("no organisation has the slug %(slug)s")),
    (r"this file is for (?P<mine>.+), not (?P<other>.+)", _l("this file is for %(mine)s, not %(other)s")),
    (
        r"(?P<status>[a-z_]+) is granted by the curators; use draft or submitted",
        _l("%(status)s is granted by the curators; use draft or submitted"),
    ),
    (r"an archived listing stays archived", _l("an archived listing stays archived")),
    (r"the publication date is set by the curators", _l("the publication date is set by the curators")),
    (r"the line must hold a JSON object", _l("the line must hold a JSON object")),
    (r"not valid JSON: nested too deeply", _l("not valid JSON: nested too deeply")),
    (r"not valid JSON: (?P<detail>.+)", _l("not valid JSON: %(detail)s")),
    (r"the database refused the row: (?P<error>.+)", _l("the database refused the row (%(error)s)")),
    (r"only universities and institutes hold IP assets", _l("only universities and institutes hold IP assets")),
    # Whole-file problems (``SpreadsheetError``).
    (r"unknown column\(s\): (?P<names>.+)", _l("unknown column(s): %(names)s")),
    (
        r"no header row with the template's columns \(external id, kind, title, \.\.\.\)",
        _l("no header row with the template's columns (external id, kind, title, ...)"),
    ),
    (r"the file is empty", _l("the file is empty")),
    (r"the file has more than (?P<count>\d+) rows; split it", _l("the file has more than %(count)s rows; split it")),
    (
        r'the CSV file is not UTF-8 text; save it as "CSV UTF-8"',
        _l('the CSV file is not UTF-8 text; save it as "CSV UTF-8"'),
    ),
    (r"the CSV file cannot be read: (?P<detail>.+)", _l("the CSV file cannot be read: %(detail)s")),
    (r"the file is not a readable XLSX workbook", _l("the file is not a readable XLSX workbook")),
    (r"the file is not UTF-8 text", _l("the file is not UTF-8 text")),
)
COMPILED = tuple((re.compile(f"^{pattern}$", re.DOTALL), message) for pattern, message in MESSAGES)
COLUMNS_BY_KEY = {column.key: column for column in spreadsheets.COLUMNS}


def field_label(name: str) -> str:
    """The field as its column is headed in the template, in the reader's language."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    column = COLUMNS_BY_KEY.get(name.removeprefix("ip."))
    if column is None:
        return name
    return column.english if current_locale() == "en" else column.vietnamese


def message(text: str) -> str:
    """A message without its field, translated when a pattern knows it."""
    for pattern, translated in COMPILED:
        found = pattern.match(text)
        if found:
            return translated % found.groupdict() if found.groupdict() else str(translated)
    return text


def localise(reason: str) -> str:
    """One refusal reason in the reader's language."""
    found = FIELD_REASON.match(reason)
    if found is None:
        return message(reason)
    return f"{field_label(found['field'])}: {message(found['message'])}"
