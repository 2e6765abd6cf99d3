"""The form that creates an API token; its choices are the model's."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from techport.api.models import NAME_MAX, TokenScope
from techport.api.tokens import EXPIRY_CHOICES_DAYS
from techport.forms_common import at_most, required

SCOPE_LABELS = {
    TokenScope.READ: _l("Read: see the organisation's listings"),
    TokenScope.WRITE: _l("Write: also create, edit, submit and withdraw listings"),
}


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[required(), at_most(NAME_MAX)],
        description=_l("What the token is for, e.g. the system that uses it."),
    )
    scope = SelectField(
        _l("Scope"),
        choices=[SelectChoice(scope.value, label) for scope, label in SCOPE_LABELS.items()],
        coerce=TokenScope,
    )
    valid_days = SelectField(
        _l("Valid for"),
        choices=[SelectChoice(days, _l("%(days)d days", days=days)) for days in EXPIRY_CHOICES_DAYS],
        coerce=int,
        default=90,
    )
