"""Organisation profile form; limits match the columns in ``organisations.models``."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from techport.forms_common import at_most, optional, required, website
from techport.organisations.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    PROVINCE_MAX,
    SHORT_NAME_MAX,
    WEBSITE_MAX,
    OrganisationKind,
)

REASON_MAX = 2000

KIND_LABELS = {
    OrganisationKind.UNIVERSITY: _l("University"),
    OrganisationKind.INSTITUTE: _l("Research institute"),
    OrganisationKind.FIRM: _l("Firm"),
    OrganisationKind.AGENCY: _l("Agency"),
}


class OrganisationForm(FlaskForm):
    """The profile; views remove ``kind`` and ``verified`` for non-staff users."""

    name_vi = StringField(_l("Name in Vietnamese"), validators=[required(), at_most(NAME_MAX)])
    name_en = StringField(_l("Name in English"), validators=[required(), at_most(NAME_MAX)])
    short_name = StringField(_l("Short name"), validators=[optional(), at_most(SHORT_NAME_MAX)])
    province = StringField(_l("Province or city"), validators=[optional(), at_most(PROVINCE_MAX)])
    website = StringField(_l("Website"), validators=[optional(), at_most(WEBSITE_MAX), website()])
    description_vi = TextAreaField(_l("Description in Vietnamese"), validators=[optional(), at_most(DESCRIPTION_MAX)])
    description_en = TextAreaField(_l("Description in English"), validators=[optional(), at_most(DESCRIPTION_MAX)])
    transfer_office_vi = TextAreaField(
        _l("Tech-transfer office, in Vietnamese"),
        validators=[optional(), at_most(DESCRIPTION_MAX)],
        description=_l("Shown on the public page: what the office offers and how to reach it."),
    )
    transfer_office_en = TextAreaField(
        _l("Tech-transfer office, in English"), validators=[optional(), at_most(DESCRIPTION_MAX)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        coerce=OrganisationKind,
    )
    verified = BooleanField(_l("Verified by the exchange"))

    def profile_values(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class LogoForm(FlaskForm):
    logo = FileField(
        _l("Logo"),
        validators=[FileRequired(message=_l("Choose an image file."))],
        description=_l("A PNG or JPEG image, square if possible; it is shown on the public page and on listing cards."),
    )


class RejectionForm(FlaskForm):
    reason = TextAreaField(_l("Reason, sent to the people concerned"), validators=[required(), at_most(REASON_MAX)])


class MergeForm(FlaskForm):
    target_id = SelectField(_l("Merge into"), coerce=int, validators=[required()], validate_choice=True)


class MemberRoleForm(FlaskForm):
    """The button that makes a colleague an organisation admin, or a member again (CSRF only)."""
