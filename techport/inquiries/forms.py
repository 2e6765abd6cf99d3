"""Forms of the inquiry pages: the first message, replies, stage moves and the signed agreement."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from techport.forms_common import at_most, optional, required
from techport.inquiries.models import INTENDED_USE_MAX, MESSAGE_MAX, VND_MAX
from techport.inquiries.pipeline import CLOSING_REASONS, ENDING_STAGES, STAGE_LABELS
from techport.listings.vocabulary import TRANSFER_MODES

ACCEPTED_FILES = ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf"


def parse_vnd(text: str | None) -> int | None:
    """ "350000000", "350.000.000" or "350 000 000" đồng; raises ``ValueError`` for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s.,_]", "", text)
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(VND_MAX)) or int(digits) > VND_MAX:
        raise ValueError(text)
    return int(digits)


class VndField(StringField):
    """A whole number of đồng, optional, with thousands separators allowed; ``amount`` holds the number."""

    amount: int | None = None

    def pre_validate(self, form) -> None:
        try:
            self.amount = parse_vnd(self.data)
        except ValueError:
            self.amount = None
            raise ValidationError(
                _l("Enter a whole number of đồng (at most 15 digits), or leave the field empty.")
            ) from None


def _transfer_choices(blank) -> list[tuple[str, str]]:
    return [("", blank), *((code, label) for code, label in TRANSFER_MODES.items())]


class SourceFields:
    """Where the asking side came from, carried through the form in hidden fields."""

    src = HiddenField()
    rank = HiddenField()
    exhibit = HiddenField()


class MessageField:
    message = TextAreaField(
        _l("Message"),
        validators=[required(), at_most(MESSAGE_MAX)],
        render_kw={"maxlength": MESSAGE_MAX, "rows": 8},
    )
    file = FileField(
        _l("Attach a file (optional)"),
        render_kw={"accept": ACCEPTED_FILES},
        description=_l("A PNG or JPEG image or a PDF document."),
    )


class InquiryForm(SourceFields, MessageField, FlaskForm):
    intended_use = TextAreaField(
        _l("Intended use"),
        validators=[optional(), at_most(INTENDED_USE_MAX)],
        render_kw={"maxlength": INTENDED_USE_MAX, "rows": 3},
        description=_l("What your organisation would use the technology for."),
    )
    transfer_mode = SelectField(_l("Transfer mode wanted"), choices=_transfer_choices(_l("Not decided yet")))
    budget_vnd = VndField(
        _l("Budget (VND)"),
        render_kw={"inputmode": "numeric"},
        description=_l("A whole number of đồng; leave empty if you prefer not to say."),
    )


class ProposalForm(InquiryForm):
    """On a need: the proposer may point at one of its own published offers or IP assets."""

    proposed_listing = SelectField(_l("What you propose"), choices=[], validate_choice=True)


class ReplyForm(MessageField, FlaskForm):
    pass


class StageForm(FlaskForm):
    stage = SelectField(_l("New stage"), choices=[])
    reason = SelectField(
        _l("Reason (for declined, withdrawn or lost)"),
        choices=[("", _l("Choose a reason")), *CLOSING_REASONS.items()],
    )

    def set_stages(self, stages) -> None:
        self.stage.choices = [(stage.value, STAGE_LABELS[stage]) for stage in stages]

    def validate_reason(self, field) -> None:
        if self.stage.data in {stage.value for stage in ENDING_STAGES} and not field.data:
            raise ValidationError(_l("Choose the reason why the inquiry ends."))


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AgreementForm(FlaskForm):
    transfer_mode = SelectField(
        _l("Transfer mode"),
        choices=list(TRANSFER_MODES.items()),
        validators=[InputRequired(message=_l("This field is required."))],
    )
    value_vnd = VndField(
        _l("Value of the agreement (VND)"),
        render_kw={"inputmode": "numeric"},
        description=_l("A whole number of đồng."),
    )
    not_disclosed = BooleanField(_l("The value is not disclosed"))
    signed_on = DateField(
        _l("Date of signature"),
        validators=[InputRequired(message=_l("Enter a date as YYYY-MM-DD."))],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )
    listing_ids = CheckboxesField(_l("Listings involved"), choices=[], coerce=int)

    def validate_value_vnd(self, field) -> None:
        if not field.errors and field.amount is None and not self.not_disclosed.data:
            raise ValidationError(_l("Enter the value, or tick “not disclosed”."))

    def validate_listing_ids(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one listing."))
