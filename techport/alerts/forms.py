"""Forms of the alerts pages; the limits match ``alerts.models``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from techport.alerts.models import NAME_MAX, Frequency
from techport.forms_common import at_most

FREQUENCY_LABELS = {
    Frequency.IMMEDIATELY: _l("As soon as they are published"),
    Frequency.DAILY: _l("Once a day"),
    Frequency.WEEKLY: _l("Once a week"),
}


def _frequency_field():
    return SelectField(
        _l("How often"),
        choices=[SelectChoice(frequency.value, label) for frequency, label in FREQUENCY_LABELS.items()],
        default=Frequency.DAILY.value,
        validate_choice=True,
    )


class SaveSearchForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[at_most(NAME_MAX)], description=_l("Leave empty to use the search words.")
    )
    frequency = _frequency_field()


class FrequencyForm(FlaskForm):
    frequency = _frequency_field()


class PreferencesForm(FlaskForm):
    alerts = BooleanField(_l("Alerts about new listings matching my saved searches"))
    reminders = BooleanField(_l("Reminders before my organisation's listings expire"))
    digests = BooleanField(_l("The daily digest of the review queue (curators)"))
