"""Account forms; every limit here matches a column in ``accounts.models``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo

from techport.accounts.models import EMAIL_MAX, FULL_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN
from techport.accounts.passwords import PASSWORD_HINT, check_new_password
from techport.forms_common import at_most, between, email_address, required


class SignInForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), at_most(EMAIL_MAX)])
    password = PasswordField(_l("Password"), validators=[required(), at_most(PASSWORD_MAX)])


def _new_password_fields(label=_l("Password")):
    password = PasswordField(
        label, validators=[required(), between(PASSWORD_MIN, PASSWORD_MAX)], description=PASSWORD_HINT
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords do not match."))],
    )
    return password, confirm


class _NewPasswordForm(FlaskForm):
    """A form choosing a password for a known account: the policy needs its e-mail and name."""

    password, confirm = _new_password_fields()

    def __init__(self, account_email: str | None = None, account_name: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email
        self.account_name = account_name

    def validate_password(self, field) -> None:
        if not field.errors:
            check_new_password(field.data, self.account_email, self.account_name)


class SignUpForm(_NewPasswordForm):
    full_name = StringField(_l("Full name"), validators=[required(), at_most(FULL_NAME_MAX)])
    email = EmailField(_l("E-mail"), validators=[required(), at_most(EMAIL_MAX), email_address()])
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        validators=[required()],
        validate_choice=True,
    )

    def __init__(self, organisation_choices: list[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.organisation_id.choices = [SelectChoice(0, _l("Choose your organisation"))] + [
            SelectChoice(value, label) for value, label in organisation_choices
        ]

    def validate_password(self, field) -> None:
        self.account_email, self.account_name = self.email.data, self.full_name.data
        super().validate_password(field)


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), at_most(EMAIL_MAX), email_address()])


class ResetPasswordForm(_NewPasswordForm):
    pass


class ChangePasswordForm(_NewPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[required(), at_most(PASSWORD_MAX)])
    password, confirm = _new_password_fields(_l("New password"))


class EndSessionsForm(FlaskForm):
    email = EmailField(_l("E-mail of the account"), validators=[required(), at_most(EMAIL_MAX), email_address()])
