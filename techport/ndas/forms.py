"""The owner's confidential-details form, the signature forms and the template upload."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import DataRequired

from techport.forms_common import at_most
from techport.ndas.services import CONFIDENTIAL_DETAILS_MAX


class ConfidentialDetailsForm(FlaskForm):
    confidential_details = TextAreaField(
        _l("Confidential details"),
        validators=[at_most(CONFIDENTIAL_DETAILS_MAX)],
        render_kw={"maxlength": CONFIDENTIAL_DETAILS_MAX, "rows": 12},
        description=_l(
            "Process parameters, test results, drawings… Only your organisation and organisations that have signed "
            "an NDA with you for this listing see them; they are never searchable, exported or sent through the API."
        ),
    )
    nda_required = BooleanField(_l("Ask inquiring organisations to sign an NDA"))


class SignatureForm(FlaskForm):
    """Accepting or countersigning: the hash of the text shown travels with the form, so a signature is
    refused if the text is not the one the NDA fixes."""

    template_sha256 = HiddenField()
    agree = BooleanField(
        _l("I have read this agreement and sign it on behalf of my organisation"),
        validators=[DataRequired(message=_l("Tick the box to confirm that you sign on behalf of your organisation."))],
    )


class TemplateUploadForm(FlaskForm):
    file = FileField(
        _l("Your NDA as a PDF file"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
        render_kw={"accept": ".pdf,application/pdf"},
    )
