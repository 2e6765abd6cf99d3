"""Forms of the event pages. Times are typed in Asia/Ho_Chi_Minh and handed to the services in UTC."""

from datetime import UTC

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from techport.events.models import (
    DESCRIPTION_MAX,
    EVENT_ZONE,
    LOOKING_FOR_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    SERIES_MAX,
    THEME_MAX,
    TITLE_MAX,
    URL_MAX,
    VENUE_MAX,
    AgendaKind,
)
from techport.forms_common import at_most, optional, required, website
from techport.input_guards import ID_MAX
from techport.listings.forms import CheckboxesField
from techport.listings.vocabulary import SECTORS
from techport.organisations.forms import KIND_LABELS

CAPACITY_MAX = 10_000
CODE_INPUT_MAX = 64
TIME_FORMAT = "%Y-%m-%dT%H:%M"
AGENDA_KIND_LABELS = {AgendaKind.TALK: _l("Talk"), AgendaKind.PITCH: _l("Pitch")}


def _time_field(label, *, needed: bool = True, description=None):
    validators = [InputRequired(message=_l("Enter a date and time."))] if needed else [Optional()]
    return DateTimeLocalField(
        label, validators=validators, format=TIME_FORMAT, render_kw={"type": "datetime-local"}, description=description
    )


def to_utc(local):
    """A naive time typed in Ho Chi Minh City, as an aware UTC time."""
    return local.replace(tzinfo=EVENT_ZONE).astimezone(UTC) if local else None


def to_local(moment):
    return moment.astimezone(EVENT_ZONE).replace(tzinfo=None) if moment else None


def _sector_choices(blank):
    return [SelectChoice("", blank), *(SelectChoice(code, label) for code, label in SECTORS.items())]


class EventForm(FlaskForm):
    series = StringField(
        _l("Series"),
        validators=[optional(), at_most(SERIES_MAX)],
        render_kw={"maxlength": SERIES_MAX},
        description=_l("Events of one series are counted together, e.g. “Cà phê công nghệ”."),
    )
    title_vi = StringField(
        _l("Title in Vietnamese"), validators=[required(), at_most(TITLE_MAX)], render_kw={"lang": "vi"}
    )
    title_en = StringField(
        _l("Title in English"), validators=[required(), at_most(TITLE_MAX)], render_kw={"lang": "en"}
    )
    description_vi = TextAreaField(
        _l("Description in Vietnamese"), validators=[optional(), at_most(DESCRIPTION_MAX)], render_kw={"lang": "vi"}
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[optional(), at_most(DESCRIPTION_MAX)], render_kw={"lang": "en"}
    )
    theme = StringField(_l("Theme"), validators=[optional(), at_most(THEME_MAX)])
    sectors = CheckboxesField(_l("Sectors"), choices=[SelectChoice(code, label) for code, label in SECTORS.items()])
    starts_at = _time_field(_l("Starts (Ho Chi Minh City time)"))
    ends_at = _time_field(_l("Ends (Ho Chi Minh City time)"))
    venue = StringField(_l("Venue"), validators=[optional(), at_most(VENUE_MAX)])
    online_url = StringField(
        _l("Online link"), validators=[optional(), at_most(URL_MAX), website()], render_kw={"type": "url"}
    )
    capacity = IntegerField(
        _l("Capacity (places)"),
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(min=1, max=CAPACITY_MAX, message=_l("Enter a number from %(min)s to %(max)s.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    registration_deadline = _time_field(
        _l("Registration deadline"), needed=False, description=_l("Leave empty to take registrations until the start.")
    )

    def validate_ends_at(self, field) -> None:
        if self.starts_at.data and field.data and field.data < self.starts_at.data:
            raise ValidationError(_l("The event cannot end before it starts."))

    def validate_registration_deadline(self, field) -> None:
        if self.ends_at.data and field.data and field.data > self.ends_at.data:
            raise ValidationError(_l("The registration deadline cannot be after the end of the event."))

    def validate(self, extra_validators=None) -> bool:
        """Both places are optional fields (their own checks stop when empty), so one of them is asked for here."""
        valid = super().validate(extra_validators)
        if not (self.venue.data or "").strip() and not (self.online_url.data or "").strip():
            self.venue.errors = [*self.venue.errors, _l("Give a venue, an online link, or both.")]
            return False
        return valid

    def fill_from(self, event) -> None:
        """For GET: the stored UTC times shown in local time."""
        for name in ("starts_at", "ends_at", "registration_deadline"):
            getattr(self, name).data = to_local(getattr(event, name))

    def data_for_service(self) -> dict:
        texts = ("series", "title_vi", "title_en", "description_vi", "description_en", "theme", "venue", "online_url")
        return {name: getattr(self, name).data or "" for name in texts} | {
            "sectors": [code for code in self.sectors.data or [] if code in SECTORS],
            "capacity": self.capacity.data,
            "starts_at": to_utc(self.starts_at.data),
            "ends_at": to_utc(self.ends_at.data),
            "registration_deadline": to_utc(self.registration_deadline.data),
        }


class AgendaItemForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, label) for kind, label in AGENDA_KIND_LABELS.items()],
        default=AgendaKind.PITCH.value,
    )
    starts_at = _time_field(_l("Time (Ho Chi Minh City time)"))
    title = StringField(
        _l("Title"),
        validators=[optional(), at_most(TITLE_MAX)],
        description=_l("Leave empty for a pitch to use the listing's title."),
    )
    listing_id = IntegerField(
        _l("Listing number (optional)"),
        validators=[Optional(), NumberRange(min=1, max=ID_MAX, message=_l("Enter a listing number."))],
        render_kw={"inputmode": "numeric"},
        description=_l("A published listing; its organisation presents it."),
    )

    def validate_title(self, field) -> None:
        if not (field.data or "").strip() and not self.listing_id.data:
            raise ValidationError(_l("Give a title or a listing number."))


class RegistrationForm(FlaskForm):
    full_name = StringField(_l("Your name"), validators=[required(), at_most(NAME_MAX)])
    organisation_name = StringField(_l("Organisation"), validators=[optional(), at_most(NAME_MAX)])
    sector = SelectField(_l("Your sector"), choices=_sector_choices(_l("Choose a sector (optional)")))
    looking_for = TextAreaField(
        _l("What are you looking for?"),
        validators=[optional(), at_most(LOOKING_FOR_MAX)],
        description=_l("A technology, a partner, investment … it helps the presenters prepare."),
    )
    listing_ids = CheckboxesField(_l("Listings you want to discuss"), coerce=int)


class MeetingForm(FlaskForm):
    agenda_item_id = HiddenField(validators=[InputRequired()])
    message = TextAreaField(_l("Message to the presenter (optional)"), validators=[optional(), at_most(MESSAGE_MAX)])


class CheckInForm(FlaskForm):
    code = StringField(
        _l("Check-in code"),
        validators=[required(), at_most(CODE_INPUT_MAX)],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "class": "form-control-lg font-monospace",
        },
        description=_l("Eight letters and digits, printed under the registrant's QR code."),
    )


class WalkInForm(FlaskForm):
    full_name = StringField(_l("Name"), validators=[required(), at_most(NAME_MAX)])
    organisation_name = StringField(_l("Organisation"), validators=[optional(), at_most(NAME_MAX)])
    organisation_kind = SelectField(
        _l("Kind of organisation"),
        choices=[
            SelectChoice("", _l("Not known")),
            *(SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()),
        ],
    )
    sector = SelectField(_l("Sector"), choices=_sector_choices(_l("Not known")))
