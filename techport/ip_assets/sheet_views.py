"""The register workbook pages: export, the blank template, and upload → preview → import → refused rows."""

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import is_staff, require_organisation_manager, require_signed_in
from techport.ip_assets import register_import, register_uploads, workbook
from techport.ip_assets.forms import ConfirmForm, RegisterUploadForm
from techport.organisations.models import Organisation
from techport.organisations.services import find_by_slug

bp = Blueprint("ip_register_sheets", __name__, url_prefix="/ip-register")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _organisation() -> Organisation:
    """The member's own organisation; staff name another one with ?organisation=slug."""
    slug = request.args.get("organisation", "")
    organisation = find_by_slug(slug) if slug and is_staff(current_user) else current_user.organisation
    if organisation is None:
        abort(404)
    require_organisation_manager(organisation)
    return organisation


def _xlsx(data: bytes, filename: str) -> Response:
    return Response(data, mimetype=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/export.xlsx")
@require_signed_in
def export():
    organisation = _organisation()
    rows = register_import.export_rows(organisation, date.today())
    return _xlsx(workbook.write_workbook(rows), f"{organisation.slug}-ip-register-{date.today().isoformat()}.xlsx")


@bp.get("/template.xlsx")
@require_signed_in
def template():
    _organisation()
    return _xlsx(workbook.write_workbook([]), "techport-ip-register-template.xlsx")


@bp.get("/import")
@require_signed_in
def import_form():
    organisation = _organisation()
    return render_template("ip_assets/import.html", organisation=organisation, form=RegisterUploadForm())


@bp.post("/import")
@require_signed_in
def upload():
    organisation = _organisation()
    form = RegisterUploadForm()
    if form.validate_on_submit():
        received = form.file.data
        data = received.read(register_uploads.MAX_UPLOAD_BYTES + 1)
        try:
            previewed = register_uploads.preview_upload(received.filename or "", data, organisation, current_user)
        except register_uploads.UploadError as problem:
            form.file.errors.append(str(problem))
        else:
            return redirect(url_for(".preview", upload_id=previewed.upload_id, **_organisation_arg()))
    return render_template("ip_assets/import.html", organisation=organisation, form=form), 400


def _organisation_arg() -> dict:
    slug = request.args.get("organisation")
    return {"organisation": slug} if slug else {}


def _upload_or_404(organisation: Organisation, upload_id: str) -> register_uploads.Upload:
    return register_uploads.find_upload(upload_id, organisation, current_user) or abort(404)


@bp.get("/import/<upload_id>")
@require_signed_in
def preview(upload_id: str):
    organisation = _organisation()
    return render_template(
        "ip_assets/import_report.html",
        organisation=organisation,
        upload=_upload_or_404(organisation, upload_id),
        form=ConfirmForm(),
        organisation_arg=_organisation_arg(),
    )


@bp.post("/import/<upload_id>")
@require_signed_in
def confirm(upload_id: str):
    organisation = _organisation()
    previewed = _upload_or_404(organisation, upload_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not previewed.imported:
        register_uploads.import_upload(previewed, organisation)
        flash(_("The good rows were imported into the register."), "success")
    return redirect(url_for(".preview", upload_id=upload_id, **_organisation_arg()))


@bp.get("/import/<upload_id>/refused.xlsx")
@require_signed_in
def refused(upload_id: str):
    organisation = _organisation()
    report = register_uploads.refused_workbook(_upload_or_404(organisation, upload_id))
    return _xlsx(report, f"{organisation.slug}-ip-register-refused-rows.xlsx")
