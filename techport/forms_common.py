"""Validators with translated, explicit messages shared by every form."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, Optional, Regexp

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
WEBSITE_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"


def required():
    return DataRequired(message=_l("This field is required."))


def at_most(maximum: int):
    return Length(max=maximum, message=_l("At most %(max)d characters are allowed (you entered %(length)d)."))


def between(minimum: int, maximum: int):
    return Length(
        min=minimum,
        max=maximum,
        message=_l("Enter between %(min)d and %(max)d characters (you entered %(length)d)."),
    )


def email_address():
    return Regexp(EMAIL_PATTERN, message=_l("Enter a valid e-mail address."))


def website():
    return Regexp(WEBSITE_PATTERN, message=_l("Enter a web address starting with http:// or https://."))


def optional():
    return Optional()
