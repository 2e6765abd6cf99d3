"""Account forms; every limit here matches a column in ``accounts.models``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, Optional, ValidationError

from techport.accounts.models import EMAIL_MAX, FULL_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, OrganisationRole, Role
from techport.accounts.passwords import PASSWORD_HINT, check_new_password
from techport.forms_common import at_most, between, email_address, required, website
from techport.organisations.forms import KIND_LABELS
from techport.organisations.models import NAME_MAX, PROVINCE_MAX, TAX_CODE_MAX, WEBSITE_MAX, OrganisationKind
from techport.organisations.services import is_valid_tax_code

NOT_LISTED = -1


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

    new_name_vi = StringField(_l("Name in Vietnamese"), validators=[required(), at_most(NAME_MAX)])
    new_name_en = StringField(_l("Name in English"), validators=[required(), at_most(NAME_MAX)])
    new_kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        coerce=OrganisationKind,
    )
    new_tax_code = StringField(
        _l("Tax code or establishment code"),
        validators=[required(), at_most(TAX_CODE_MAX)],
        description=_l("10 digits (a branch adds a dash and 3 digits), or the 7-digit code of a public body."),
    )
    new_province = StringField(_l("Province or city"), validators=[Optional(), at_most(PROVINCE_MAX)])
    new_website = StringField(_l("Website"), validators=[Optional(), at_most(WEBSITE_MAX), website()])

    NEW_ORGANISATION_FIELDS = ("new_name_vi", "new_name_en", "new_kind", "new_tax_code", "new_province", "new_website")

    def __init__(self, organisation_choices: list[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.organisation_id.choices = (
            [SelectChoice(0, _l("Choose your organisation"))]
            + [SelectChoice(value, label) for value, label in organisation_choices]
            + [SelectChoice(NOT_LISTED, _l("My organisation is not listed"))]
        )
        if not self.joins_new_organisation:
            for name in self.NEW_ORGANISATION_FIELDS:
                self[name].validators = [Optional()]

    @property
    def joins_new_organisation(self) -> bool:
        return self.organisation_id.data == NOT_LISTED

    def validate_new_tax_code(self, field) -> None:
        if self.joins_new_organisation and not is_valid_tax_code(field.data):
            raise ValidationError(
                _l("Enter 10 digits (or 10 digits, a dash and 3 digits for a branch), or a 7-digit establishment code.")
            )

    def organisation_values(self) -> dict:
        return {
            name.removeprefix("new_"): self[name].data.strip() if name != "new_kind" else self[name].data
            for name in self.NEW_ORGANISATION_FIELDS
        }

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


ROLE_LABELS = {Role.ADMIN: _l("Administrator"), Role.CURATOR: _l("Curator"), Role.MEMBER: _l("Member")}
ORGANISATION_ROLE_LABELS = {
    OrganisationRole.MEMBER: _l("Member of the organisation"),
    OrganisationRole.ADMIN: _l("Organisation admin"),
}


class RolesForm(FlaskForm):
    role = SelectField(
        _l("Role on the exchange"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        coerce=Role,
    )
    organisation_role = SelectField(
        _l("Role in the organisation"),
        choices=[SelectChoice(role.value, label) for role, label in ORGANISATION_ROLE_LABELS.items()],
        coerce=OrganisationRole,
        default=OrganisationRole.MEMBER,
    )
