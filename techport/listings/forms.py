"""Listing forms, one per kind, plus the curator's rejection form and the attachment upload.

The listing forms only collect and convert what people type; ``parse_profile`` decides what is valid,
so the web and the JSON Lines import obey exactly the same rules. Its problems come back as
"field: message" in English and are mapped here onto the form's fields as translated messages.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

from techport.forms_common import at_most, required
from techport.input_guards import ID_MAX, whole_number
from techport.ip_assets.vocabulary import IP_NUMBER_MAX, IP_TYPE_LABELS, LEGAL_STATUS_LABELS
from techport.listings.models import Listing
from techport.listings.vocabulary import (
    CONTACT_FIELD_MAX,
    DESCRIPTION_MAX,
    DETAIL_TEXT_MAX,
    KEYWORDS_MAX_COUNT,
    PARTNER_SOUGHT_MAX,
    SECTORS,
    SECTORS_MAX_COUNT,
    SUMMARY_MAX,
    TITLE_MAX,
    TRANSFER_MODES,
    TRL_MAX,
    TRL_MIN,
    ListingKind,
    OfferType,
)

LANGUAGE_CHOICES = [SelectChoice("vi", _l("Vietnamese")), SelectChoice("en", _l("English"))]
OFFER_TYPE_LABELS = {OfferType.TECHNOLOGY: _l("Technology"), OfferType.EQUIPMENT: _l("Equipment")}
TRL_CHOICES = [SelectChoice("", _l("Choose a level"))] + [
    SelectChoice(str(level), str(level)) for level in range(TRL_MIN, TRL_MAX + 1)
]
REJECTION_REASON_MAX = 2000

# parse_profile's wording → the message people read. Unknown wording falls back to a generic message
# that still shows the detail, so a new rule in profile.py is never silently swallowed.
PROBLEM_MESSAGES = [
    (re.compile(r"^is required"), _l("This field is required.")),
    (
        re.compile(r"^is (?P<length>\d+) characters long; the limit is (?P<max>\d+)"),
        _l("At most %(max)d characters are allowed (you entered %(length)d)."),
    ),
    (re.compile(r"is not one of|^unknown code"), _l("Choose only from the options offered.")),
    (re.compile(r"^needs at least (?P<min>\d+) code"), _l("Choose at least %(min)d.")),
    (re.compile(r"^allows at most (?P<max>\d+) code"), _l("Choose at most %(max)d.")),
    (re.compile(r"^allows at most (?P<max>\d+) entries"), _l("Enter at most %(max)d entries.")),
    (
        re.compile(r"^entries are limited to (?P<max>\d+) characters"),
        _l("Each entry may have at most %(max)d characters."),
    ),
    (re.compile(r"is not a date"), _l("Enter a date as YYYY-MM-DD.")),
    (
        re.compile(r"^must be a whole number from (?P<min>\d+) to (?P<max>\d+)"),
        _l("Choose a level from %(min)d to %(max)d."),
    ),
    (re.compile(r"^must be a whole number of VND"), _l("Enter a whole number of đồng, or leave the field empty.")),
    (re.compile(r"^is not an e-mail address"), _l("Enter a valid e-mail address.")),
    (
        re.compile(r"^contains the control character (?P<code>U\+[0-9A-F]+)"),
        _l("The text holds an invisible control character (%(code)s); remove it, for example by retyping the text."),
    ),
    (
        re.compile(r"^must be a list of \{name, share\}"),
        _l("Write one owner per line as “name; share”, each share above 0 and at most 100."),
    ),
    (
        re.compile(r"^shares add up to (?P<total>[\d.]+), not 100"),
        _l("The shares add up to %(total)s; they must add up to 100."),
    ),
]
NUMERIC_GROUPS = {"length", "max", "min"}
# Longer digit strings are no column's number (BIGINT has 19 digits) and int() of thousands is slow.
WHOLE_NUMBER_MAX_DIGITS = 30


class MarkRequired:
    """Marks a field required for browsers and screen readers; ``parse_profile`` enforces it."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(str(code), label) for code, label in labels.items()]


def _max(limit: int) -> dict:
    return {"maxlength": limit}


class ListingForm(FlaskForm):
    """The fields every kind shares; subclasses add their own and may relabel."""

    kind: ListingKind

    version = HiddenField()
    language = SelectField(_l("Language of the text"), choices=LANGUAGE_CHOICES, validate_choice=False)
    title = StringField(
        _l("Title"),
        validators=[MarkRequired()],
        render_kw=_max(TITLE_MAX),
        description=_l("At most %(max)d characters.", max=TITLE_MAX),
    )
    summary = TextAreaField(
        _l("Short summary"),
        validators=[MarkRequired()],
        render_kw=_max(SUMMARY_MAX),
        description=_l("Two or three sentences, at most %(max)d characters.", max=SUMMARY_MAX),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[MarkRequired()],
        render_kw=_max(DESCRIPTION_MAX),
        description=_l("At most %(max)d characters.", max=DESCRIPTION_MAX),
    )
    trl = SelectField(
        _l("Technology readiness level"),
        choices=TRL_CHOICES,
        validators=[MarkRequired()],
        validate_choice=False,
        description=_l("1: basic principles observed … 9: proven in operation."),
    )
    sectors = CheckboxesField(
        _l("Sectors"),
        choices=_choices(SECTORS),
        validate_choice=False,
        description=_l("Choose 1 to %(max)d.", max=SECTORS_MAX_COUNT),
    )
    keywords = StringField(
        _l("Keywords"), description=_l("Up to %(max)d, separated by commas.", max=KEYWORDS_MAX_COUNT)
    )
    transfer_modes = CheckboxesField(
        _l("Transfer modes"),
        choices=_choices(TRANSFER_MODES),
        validate_choice=False,
        description=_l("Choose at least one."),
    )
    price_vnd = StringField(
        _l("Price (VND)"),
        render_kw={"inputmode": "numeric"},
        description=_l("A whole number of đồng; leave empty if you prefer not to say."),
    )
    price_negotiable = BooleanField(_l("Negotiable"))
    partner_sought = TextAreaField(_l("Partner sought"), render_kw=_max(PARTNER_SOUGHT_MAX))
    contact_name = StringField(_l("Contact person"), render_kw=_max(CONTACT_FIELD_MAX))
    contact_email = StringField(_l("Contact e-mail"), render_kw=_max(CONTACT_FIELD_MAX))
    contact_phone = StringField(_l("Contact telephone"), render_kw=_max(CONTACT_FIELD_MAX))

    def record(self, *, organisation_slug: str, external_id: str, listing: Listing | None) -> dict:
        """The form as a JSON Lines record (docs/listings-jsonl.md), ready for ``parse_profile``."""
        record = {
            "external_id": external_id,
            "organisation": organisation_slug,
            "kind": self.kind.value,
            "status": listing.status.value if listing else "draft",
            "language": self.language.data,
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "description": self.description.data or "",
            "trl": _whole_number(self.trl.data),
            "sectors": list(self.sectors.data or []),
            "keywords": [word.strip() for word in (self.keywords.data or "").split(",") if word.strip()],
            "transfer_modes": list(self.transfer_modes.data or []),
            "price_vnd": _price(self.price_vnd.data),
            "price_negotiable": bool(self.price_negotiable.data),
            "partner_sought": self.partner_sought.data or "",
            "contact": {
                "name": self.contact_name.data or "",
                "email": self.contact_email.data or "",
                "phone": self.contact_phone.data or "",
            },
        }
        if listing is not None and listing.published_on:
            record["published_at"] = listing.published_on.isoformat()
        return record

    def seen_version(self) -> int | None:
        return whole_number(self.version.data, maximum=ID_MAX)

    def add_problems(self, problems: list[str]) -> None:
        """Attach ``parse_profile``'s problems to the fields they concern, translated."""
        for problem in problems:
            name, _, detail = problem.partition(": ")
            field = self._fields.get(name.removeprefix("ip.").replace("contact.", "contact_"))
            message = _problem_message(detail)
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = [*field.errors, message]


class OfferForm(ListingForm):
    kind = ListingKind.OFFER

    offer_type = SelectField(_l("What is offered"), choices=_choices(OFFER_TYPE_LABELS), validate_choice=False)
    advantages = TextAreaField(_l("Advantages and innovations"), render_kw=_max(DETAIL_TEXT_MAX))

    def record(self, **context) -> dict:
        return {
            **super().record(**context),
            "offer_type": self.offer_type.data,
            "advantages": self.advantages.data or "",
        }


class NeedForm(ListingForm):
    kind = ListingKind.NEED

    trl = SelectField(
        _l("Lowest technology readiness level accepted"),
        choices=TRL_CHOICES,
        validators=[MarkRequired()],
        validate_choice=False,
        description=_l("1: basic principles observed … 9: proven in operation."),
    )
    price_vnd = StringField(
        _l("Budget (VND)"),
        render_kw={"inputmode": "numeric"},
        description=_l("A whole number of đồng; leave empty if you prefer not to say."),
    )
    specification_sought = TextAreaField(_l("Technical specification sought"), render_kw=_max(DETAIL_TEXT_MAX))

    def record(self, **context) -> dict:
        return {**super().record(**context), "specification_sought": self.specification_sought.data or ""}


class IpAssetForm(ListingForm):
    kind = ListingKind.IP_ASSET

    advantages = TextAreaField(_l("Advantages and innovations"), render_kw=_max(DETAIL_TEXT_MAX))
    ip_type = SelectField(
        _l("Type of IP"),
        choices=[SelectChoice("", _l("Choose a type"))] + _choices(IP_TYPE_LABELS),
        validators=[MarkRequired()],
        validate_choice=False,
    )
    legal_status = SelectField(
        _l("Legal status"),
        choices=[SelectChoice("", _l("Choose a status"))] + _choices(LEGAL_STATUS_LABELS),
        validators=[MarkRequired()],
        validate_choice=False,
    )
    application_number = StringField(_l("Application number"), render_kw=_max(IP_NUMBER_MAX))
    application_date = StringField(_l("Application date"), widget=DateInput())
    grant_number = StringField(_l("Grant number"), render_kw=_max(IP_NUMBER_MAX))
    grant_date = StringField(_l("Grant date"), widget=DateInput())
    inventors = TextAreaField(_l("Inventors"), description=_l("One name per line."))
    owners = TextAreaField(
        _l("Owners"),
        description=_l(
            "One owner per line as “name; share in %”, for example “Trường Đại học Bách khoa; 70”. The shares add up to 100."
        ),
    )

    def record(self, **context) -> dict:
        ip = {
            "ip_type": self.ip_type.data or None,
            "legal_status": self.legal_status.data or None,
            "application_number": self.application_number.data or "",
            "application_date": self.application_date.data or None,
            "grant_number": self.grant_number.data or "",
            "grant_date": self.grant_date.data or None,
            "inventors": _lines(self.inventors.data),
            "owners": [_owner(line) for line in _lines(self.owners.data)],
        }
        return {**super().record(**context), "advantages": self.advantages.data or "", "ip": ip}


FORMS = {ListingKind.OFFER: OfferForm, ListingKind.NEED: NeedForm, ListingKind.IP_ASSET: IpAssetForm}


def form_data(listing: Listing) -> dict:
    """A stored listing as the form's initial data (the inverse of ``ListingForm.record``)."""
    data = {
        "version": str(listing.version),
        "language": listing.language.value,
        "title": listing.title,
        "summary": listing.summary,
        "description": listing.description,
        "trl": str(listing.trl),
        "sectors": list(listing.sectors),
        "keywords": ", ".join(listing.keywords),
        "transfer_modes": list(listing.transfer_modes),
        "price_vnd": "" if listing.price_vnd is None else str(listing.price_vnd),
        "price_negotiable": listing.price_negotiable,
        "partner_sought": listing.partner_sought,
        "contact_name": listing.contact_name,
        "contact_email": listing.contact_email,
        "contact_phone": listing.contact_phone,
        "offer_type": listing.offer_type.value,
        "advantages": listing.advantages,
        "specification_sought": listing.specification_sought,
    }
    details = listing.ip_details
    if details is not None:
        data.update(
            ip_type=details.ip_type.value,
            legal_status=details.legal_status.value,
            application_number=details.application_number,
            application_date=details.application_date.isoformat() if details.application_date else "",
            grant_number=details.grant_number,
            grant_date=details.grant_date.isoformat() if details.grant_date else "",
            inventors="\n".join(details.inventors),
            owners="\n".join(f"{owner['name']}; {_number_text(owner['share'])}" for owner in details.owners),
        )
    return data


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the owner"),
        validators=[required(), at_most(REJECTION_REASON_MAX)],
        render_kw=_max(REJECTION_REASON_MAX),
        description=_l("Say what to change; the owner reads this on the listing page and by e-mail."),
    )


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
        render_kw={"accept": ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf"},
    )


def _problem_message(detail: str) -> str:
    for pattern, message in PROBLEM_MESSAGES:
        match = pattern.search(detail)
        if match:
            values = {key: int(value) if key in NUMERIC_GROUPS else value for key, value in match.groupdict().items()}
            return str(message) % values if values else str(message)
    return str(_l("This value is not accepted (%(detail)s).", detail=detail))


def _whole_number(text: str | None):
    """An int when the text is ASCII digits ("²" passes ``isdigit`` but not ``int``); otherwise the text itself,
    so that ``parse_profile`` reports it."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= WHOLE_NUMBER_MAX_DIGITS else text or None


def _price(text: str | None):
    """Accepts "350000000", "350.000.000" and "350 000 000"; anything else goes on to be reported."""
    text = (text or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s.,_]", "", text)
    return _whole_number(digits) if digits.isdigit() else text


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _owner(line: str) -> dict:
    name, _, share = line.rpartition(";")
    if not name:
        return {"name": line, "share": None}
    share = share.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(share)
    except ValueError:
        return {"name": name.strip(), "share": share}
    return {"name": name.strip(), "share": int(number) if number.is_integer() else number}


def _number_text(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
