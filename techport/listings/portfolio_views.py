"""An organisation's portfolio as a spreadsheet: templates, export, and the upload → preview → import pages."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from techport.accounts.permissions import is_staff, require_organisation_admin
from techport.listings import portfolio_import, portfolio_reasons, spreadsheets
from techport.organisations.models import Organisation
from techport.organisations.services import find_by_slug

bp = Blueprint("portfolio", __name__, url_prefix="/organisations/<slug>/portfolio")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_PROBLEMS = {
    "unsupported_type": _l("Upload a CSV (.csv), Excel (.xlsx) or JSON Lines (.jsonl) file."),
    "empty": _l("The file is empty."),
    "too_large": _l("The file is larger than 2 MB; split it into several files."),
    "content_mismatch": _l("The file's content does not match its name: save it again as .xlsx, .csv or .jsonl."),
}


@bp.context_processor
def refusal_reasons():
    return {"localise_reason": portfolio_reasons.localise}


class PortfolioUploadForm(FlaskForm):
    file = FileField(
        _l("Portfolio file"),
        validators=[FileRequired(message=_l("Choose a file to upload."))],
        render_kw={"accept": ".csv,.xlsx,.jsonl,.ndjson"},
    )


class ConfirmImportForm(FlaskForm):
    pass


def _managed_organisation(slug: str) -> Organisation:
    organisation = find_by_slug(slug) or abort(404)
    if organisation.is_retired:
        abort(404)
    require_organisation_admin(organisation, _("Importing and exporting the portfolio spreadsheet"))
    return organisation


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/")
def index(slug: str):
    organisation = _managed_organisation(slug)
    return render_template("portfolio/index.html", organisation=organisation, form=PortfolioUploadForm())


@bp.route("/template.<file_format>")
def template(slug: str, file_format: str):
    _managed_organisation(slug)
    return _spreadsheet([], "techport-portfolio-template", file_format)


@bp.route("/export.<file_format>")
def export(slug: str, file_format: str):
    organisation = _managed_organisation(slug)
    return _spreadsheet(portfolio_import.portfolio_records(organisation), f"{organisation.slug}-portfolio", file_format)


def _spreadsheet(records, name: str, file_format: str) -> Response:
    if file_format == "csv":
        return _download(spreadsheets.write_csv(records), f"{name}.csv", "text/csv")
    if file_format == "xlsx":
        return _download(spreadsheets.write_xlsx(records), f"{name}.xlsx", XLSX_TYPE)
    abort(404)


@bp.route("/preview", methods=["POST"])
def upload(slug: str):
    organisation = _managed_organisation(slug)
    form = PortfolioUploadForm()
    if form.validate_on_submit():
        received = form.file.data
        data = received.read(portfolio_import.MAX_UPLOAD_BYTES + 1)
        try:
            previewed = portfolio_import.preview_upload(
                received.filename or "", data, organisation, current_user, by_owner=not is_staff(current_user)
            )
        except portfolio_import.UploadError as problem:
            form.file.errors.append(UPLOAD_PROBLEMS[str(problem)])
        except spreadsheets.SpreadsheetError as problem:
            form.file.errors.append(
                _("The file cannot be read: %(reason)s", reason=portfolio_reasons.message(str(problem)))
            )
        else:
            return redirect(url_for("portfolio.preview", slug=organisation.slug, upload_id=previewed.upload_id))
    return render_template("portfolio/index.html", organisation=organisation, form=form), 400


def _upload_or_404(organisation: Organisation, upload_id: str) -> portfolio_import.Upload:
    return portfolio_import.find_upload(upload_id, organisation, current_user) or abort(404)


@bp.route("/preview/<upload_id>")
def preview(slug: str, upload_id: str):
    organisation = _managed_organisation(slug)
    previewed = _upload_or_404(organisation, upload_id)
    if previewed.imported:
        return redirect(url_for("portfolio.result", slug=organisation.slug, upload_id=upload_id))
    return render_template(
        "portfolio/preview.html", organisation=organisation, upload=previewed, form=ConfirmImportForm()
    )


@bp.route("/preview/<upload_id>/import", methods=["POST"])
def confirm(slug: str, upload_id: str):
    organisation = _managed_organisation(slug)
    previewed = _upload_or_404(organisation, upload_id)
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    if not previewed.imported:
        portfolio_import.import_upload(
            previewed, organisation, current_user._get_current_object(), by_owner=not is_staff(current_user)
        )
        flash(_("The valid rows were imported."), "success")
    return redirect(url_for("portfolio.result", slug=organisation.slug, upload_id=upload_id))


@bp.route("/imports/<upload_id>")
def result(slug: str, upload_id: str):
    organisation = _managed_organisation(slug)
    imported = _upload_or_404(organisation, upload_id)
    if not imported.imported:
        return redirect(url_for("portfolio.preview", slug=organisation.slug, upload_id=upload_id))
    return render_template("portfolio/result.html", organisation=organisation, upload=imported)


@bp.route("/imports/<upload_id>/refused.csv")
def refusals(slug: str, upload_id: str):
    organisation = _managed_organisation(slug)
    report = portfolio_import.refusal_report(_upload_or_404(organisation, upload_id))
    return _download(report, f"{organisation.slug}-refused-rows.csv", "text/csv")
