"""Account forms; every limit here matches a column in ``accounts.models``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo

from techport.accounts.models import EMAIL_MAX, FULL_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN
from techport.forms_common import at_most, between, email_address, required


class SignInForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), at_most(EMAIL_MAX)])
    password = PasswordField(_l("Password"), validators=[required(), at_most(PASSWORD_MAX)])


def _new_password_fields():
    password = PasswordField(
        _l("Password"),
        validators=[required(), between(PASSWORD_MIN, PASSWORD_MAX)],
        description=_l("At least %(min)d characters.", min=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords do not match."))],
    )
    return password, confirm


class SignUpForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[required(), at_most(FULL_NAME_MAX)])
    email = EmailField(_l("E-mail"), validators=[required(), at_most(EMAIL_MAX), email_address()])
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        validators=[required()],
        validate_choice=True,
    )
    password, confirm = _new_password_fields()

    def __init__(self, organisation_choices: list[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.organisation_id.choices = [SelectChoice(0, _l("Choose your organisation"))] + [
            SelectChoice(value, label) for value, label in organisation_choices
        ]


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), at_most(EMAIL_MAX), email_address()])


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
