"""Forms of the exhibit pages: the exhibit's details, its cover, and one form per item on show."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from techport.exhibits.models import BOOTH_MAX, DESCRIPTION_MAX, NOTE_MAX, THEME_MAX, TITLE_MAX, VENUE_MAX
from techport.forms_common import at_most, optional, required
from techport.input_guards import ID_MAX


def _date_field(label):
    return DateField(
        label,
        validators=[InputRequired(message=_l("Enter a date as YYYY-MM-DD."))],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )


class ExhibitForm(FlaskForm):
    title_vi = StringField(
        _l("Title in Vietnamese"),
        validators=[required(), at_most(TITLE_MAX)],
        render_kw={"maxlength": TITLE_MAX, "lang": "vi"},
    )
    title_en = StringField(
        _l("Title in English"),
        validators=[required(), at_most(TITLE_MAX)],
        render_kw={"maxlength": TITLE_MAX, "lang": "en"},
    )
    description_vi = TextAreaField(
        _l("Description in Vietnamese"),
        validators=[optional(), at_most(DESCRIPTION_MAX)],
        render_kw={"maxlength": DESCRIPTION_MAX, "lang": "vi"},
    )
    description_en = TextAreaField(
        _l("Description in English"),
        validators=[optional(), at_most(DESCRIPTION_MAX)],
        render_kw={"maxlength": DESCRIPTION_MAX, "lang": "en"},
    )
    theme = StringField(
        _l("Theme"),
        validators=[required(), at_most(THEME_MAX)],
        render_kw={"maxlength": THEME_MAX},
        description=_l("A few words, e.g. “Smart agriculture”."),
    )
    starts_on = _date_field(_l("First day"))
    ends_on = _date_field(_l("Last day"))
    venue = StringField(_l("Venue"), validators=[required(), at_most(VENUE_MAX)], render_kw={"maxlength": VENUE_MAX})
    booth = StringField(_l("Booth"), validators=[optional(), at_most(BOOTH_MAX)], render_kw={"maxlength": BOOTH_MAX})

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def data_for_service(self) -> dict:
        return {
            name: getattr(self, name).data or ""
            for name in (
                "title_vi",
                "title_en",
                "description_vi",
                "description_en",
                "theme",
                "venue",
                "booth",
            )
        } | {"starts_on": self.starts_on.data, "ends_on": self.ends_on.data}


class CoverForm(FlaskForm):
    file = FileField(_l("Cover image (PNG or JPEG)"), validators=[FileRequired(message=_l("Choose a file to upload."))])


class AddItemForm(FlaskForm):
    listing_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=ID_MAX)])


class ItemForm(FlaskForm):
    note = TextAreaField(
        _l("Curator's note"), validators=[optional(), at_most(NOTE_MAX)], render_kw={"maxlength": NOTE_MAX}
    )
    booth = StringField(
        _l("Booth number"), validators=[optional(), at_most(BOOTH_MAX)], render_kw={"maxlength": BOOTH_MAX}
    )
    featured = BooleanField(_l("Featured"))
