"""Register forms. People and shares are typed one per line, as a tech-transfer office keeps them in a sheet."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, ValidationError

from techport.forms_common import at_most, optional, required
from techport.inquiries.forms import VndField
from techport.ip_assets.vocabulary import (
    AFFILIATION_MAX,
    ASSET_TITLE_MAX,
    COUNTRY_MAX,
    EMAIL_MAX,
    IP_NUMBER_MAX,
    NAME_MAX,
    NOTE_MAX,
    OFFICE_MAX,
    PROTECTION_TYPE_LABELS,
    TITLE_STATUS_LABELS,
    TitleStatus,
)

TITLE_FIELDS = (
    "protection_type",
    "status",
    "office",
    "country",
    "application_number",
    "application_date",
    "priority_date",
    "publication_number",
    "publication_date",
    "grant_number",
    "grant_date",
    "renewals",
    "woody_plant",
)


def _share(text: str, line_number: int) -> int:
    text = text.strip().rstrip("%").strip()
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise ValidationError(_l("Line %(line)d: a share is a whole number from 0 to 100.", line=line_number))
    return int(text)


def parse_inventors(text: str) -> list[dict]:
    """``name; affiliation; e-mail; share`` per line, the last three optional."""
    inventors = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in line.split(";")]
        if not parts[0]:
            continue
        if len(parts) > 4 or len(parts[0]) > NAME_MAX:
            raise ValidationError(_l("Line %(line)d: write name; affiliation; e-mail; share.", line=number))
        parts += [""] * (4 - len(parts))
        if len(parts[1]) > AFFILIATION_MAX or len(parts[2]) > EMAIL_MAX:
            raise ValidationError(_l("Line %(line)d is too long.", line=number))
        inventors.append(
            {
                "name": parts[0],
                "affiliation": parts[1],
                "email": parts[2],
                "remuneration_share": _share(parts[3], number) if parts[3] else None,
            }
        )
    return inventors


def parse_owners(text: str) -> list[dict]:
    """``name; share`` per line."""
    owners = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, share = line.rpartition(";")
        if not name.strip() or len(name.strip()) > NAME_MAX:
            raise ValidationError(_l("Line %(line)d: write the owner's name; share, e.g. University; 70.", line=number))
        owners.append({"name": name.strip(), "share": _share(share, number)})
    return owners


def inventors_text(inventors) -> str:
    return "\n".join(
        "; ".join([i.name, i.affiliation, i.email, "" if i.remuneration_share is None else str(i.remuneration_share)])
        for i in inventors
    )


def owners_text(owners) -> str:
    return "\n".join(f"{owner.name}; {owner.share}" for owner in owners)


class TitleFieldsMixin:
    protection_type = SelectField(
        _l("Type of protection"), choices=[(k.value, v) for k, v in PROTECTION_TYPE_LABELS.items()]
    )
    status = SelectField(_l("Legal status"), choices=[(k.value, v) for k, v in TITLE_STATUS_LABELS.items()])
    office = StringField(_l("Office"), default="Cục Sở hữu trí tuệ", validators=[at_most(OFFICE_MAX)])
    country = StringField(_l("Country (two letters)"), default="VN", validators=[at_most(COUNTRY_MAX)])
    application_number = StringField(_l("Application number"), validators=[at_most(IP_NUMBER_MAX)])
    application_date = DateField(_l("Filing date"), validators=[optional()], format="%Y-%m-%d")
    priority_date = DateField(
        _l("Priority date"),
        validators=[optional()],
        description=_l("Only when a priority is claimed; the examination deadline then counts from it."),
    )
    publication_number = StringField(_l("Publication number"), validators=[at_most(IP_NUMBER_MAX)])
    publication_date = DateField(_l("Publication date"), validators=[optional()])
    grant_number = StringField(_l("Grant number"), validators=[at_most(IP_NUMBER_MAX)])
    grant_date = DateField(_l("Grant date"), validators=[optional()])
    renewals = IntegerField(
        _l("Renewals granted"),
        default=0,
        validators=[optional(), NumberRange(min=0, max=20, message=_l("Enter a number from 0 to 20."))],
    )
    woody_plant = BooleanField(_l("Tree or vine (plant varieties)"))

    def title_values(self) -> dict:
        values = {name: getattr(self, name).data for name in TITLE_FIELDS}
        values["country"] = (values["country"] or "VN").upper()
        values["renewals"] = values["renewals"] or 0
        return values


class TitleForm(TitleFieldsMixin, FlaskForm):
    pass


class AssetForm(FlaskForm):
    title = StringField(_l("Name of the asset"), validators=[required(), at_most(ASSET_TITLE_MAX)])
    reference = StringField(_l("Internal reference"), validators=[at_most(IP_NUMBER_MAX)])
    summary = TextAreaField(_l("Summary"), validators=[at_most(4000)])
    is_public = BooleanField(_l("Show on the public register (never the inventors)"))
    inventors = TextAreaField(
        _l("Inventors or authors"),
        description=_l("One per line: name; affiliation; e-mail; share of the remuneration in %."),
    )
    owners = TextAreaField(_l("Owners and co-owners"), description=_l("One per line: name; share in %."))

    def validate_inventors(self, field):
        field.parsed = parse_inventors(field.data or "")

    def validate_owners(self, field):
        field.parsed = parse_owners(field.data or "")

    def asset_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "reference": (self.reference.data or "").strip(),
            "summary": self.summary.data or "",
            "is_public": self.is_public.data,
        }


class NewAssetForm(TitleFieldsMixin, AssetForm):
    pass


class EventForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[(k.value, v) for k, v in TITLE_STATUS_LABELS.items()])
    happened_on = DateField(_l("Date"), validators=[required()])
    note = StringField(_l("Note"), validators=[at_most(NOTE_MAX)])
    document = FileField(
        _l("Document from the office (PDF or image, optional)"),
        render_kw={"accept": ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf"},
    )

    def status_value(self) -> TitleStatus:
        return TitleStatus(self.status.data)


DOCUMENT_TYPES = ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf"


class FeePaymentForm(FlaskForm):
    """``due_on``'s choices are the title's unpaid anniversaries, set by the view."""

    due_on = SelectField(_l("Fee of the year due on"))
    paid_on = DateField(_l("Paid on"), validators=[required()])
    amount = VndField(_l("Amount paid (VND)"), validators=[required()])
    receipt = FileField(_l("Receipt (PDF or image, optional)"), render_kw={"accept": DOCUMENT_TYPES})


class RegisterUploadForm(FlaskForm):
    file = FileField(
        _l("Register workbook (.xlsx)"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
        render_kw={"accept": ".xlsx"},
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the confirmation of a preview, or of a deletion."""
