"""Public organisation pages and each organisation's private management page."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from techport.accounts import administration
from techport.accounts.models import OrganisationRole, Role
from techport.accounts.permissions import (
    can_administer_organisation,
    can_change_organisation_kind,
    can_manage_organisation,
    can_verify_organisation,
    require_organisation_admin,
    require_organisation_manager,
    require_role,
)
from techport.extensions import db
from techport.i18n import current_locale
from techport.input_guards import int_arg
from techport.inquiries import queries as inquiry_queries
from techport.listings import queries as listing_queries
from techport.listings.attachments import AttachmentRejected
from techport.listings.vocabulary import KIND_LABELS as LISTING_KIND_LABELS
from techport.listings.vocabulary import ListingKind
from techport.organisations import logos, merging, services, verification
from techport.organisations.forms import (
    KIND_LABELS,
    LogoForm,
    MemberRoleForm,
    MergeForm,
    OrganisationForm,
    RejectionForm,
)
from techport.organisations.models import Organisation, OrganisationKind

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.app_context_processor
def organisation_helpers():
    return {
        "kind_label": lambda kind: KIND_LABELS[OrganisationKind(kind)],
        "organisation_logo_url": logos.logo_url,
        "organisation_logo_urls": logos.logo_urls,
    }


def _organisation_or_404(slug: str) -> Organisation:
    organisation = services.find_by_slug(slug) or abort(404)
    if organisation.rejected_at is not None:
        abort(404)
    return organisation


@bp.route("/")
def index():
    kind_arg = request.args.get("kind", "")
    kind = OrganisationKind(kind_arg) if kind_arg in OrganisationKind._value2member_map_ else None
    organisations = services.list_organisations(
        locale=current_locale(),
        page=int_arg("page", 1),
        per_page=current_app.config["ORGANISATIONS_PER_PAGE"],
        kind=kind,
    )
    return render_template("organisations/index.html", organisations=organisations, kind=kind, kinds=KIND_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def create():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(form.profile_values(), current_user._get_current_object())
        except services.SlugTaken:
            form.name_en.errors.append(_("An organisation with a similar name already exists."))
        else:
            flash(_("The organisation was created."), "success")
            return redirect(url_for("organisations.show", slug=organisation.slug))
    return render_template("organisations/new.html", form=form), 400 if form.errors else 200


@bp.route("/<slug>")
def show(slug: str):
    """The public page, with the organisation's published portfolio (filterable by kind, paginated)."""
    organisation = _organisation_or_404(slug)
    if organisation.merged_into is not None:
        return redirect(url_for("organisations.show", slug=organisation.merged_into.slug), 301)
    kind_arg = request.args.get("kind", "")
    kind = ListingKind(kind_arg) if kind_arg in ListingKind._value2member_map_ else None
    page = int_arg("page", 1)
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        can_manage=can_manage_organisation(current_user, organisation),
        member_count=services.active_member_count(organisation),
        listing_kind=kind,
        listing_kinds=LISTING_KIND_LABELS,
        portfolio=listing_queries.published_portfolio(
            organisation, kind=kind, page=page, per_page=current_app.config["LISTINGS_PER_PAGE"]
        ),
        portfolio_counts=listing_queries.portfolio_counts(organisation),
        median_first_response=inquiry_queries.median_first_response(organisation.id),
    )


@bp.route("/<slug>/manage", methods=["GET", "POST"])
def manage(slug: str):
    organisation = _organisation_or_404(slug)
    require_organisation_manager(organisation)
    staff = can_verify_organisation(current_user)
    kind_editable = can_change_organisation_kind(current_user, organisation)
    form = OrganisationForm(obj=organisation)
    if not staff:
        del form.verified
    if not kind_editable:
        del form.kind
    if form.validate_on_submit():
        try:
            services.update_profile(
                organisation, form.profile_values(), editor=current_user, staff=staff, kind_editable=kind_editable
            )
        except services.KindChangeRefused as refusal:
            form.kind.errors.append(
                _(
                    "Only universities and research institutes hold IP assets, and this organisation still has "
                    "IP asset listings that are not archived (%(count)d). Archive them before changing its kind.",
                    count=refusal.ip_assets,
                )
            )
        else:
            if organisation.queue_reason is not None and not staff:
                flash(_("The profile was saved. Its new names or kind wait for a curator to verify them."), "info")
            else:
                flash(_("The organisation profile was saved."), "success")
            return redirect(url_for("organisations.manage", slug=organisation.slug))
    return render_template(
        "organisations/manage.html",
        organisation=organisation,
        form=form,
        members=services.members_of(organisation),
        can_administer=can_administer_organisation(current_user, organisation),
        role_form=MemberRoleForm(),
        logo_form=LogoForm(),
    ), 400 if form.errors else 200


@bp.route("/<slug>/logo")
def logo(slug: str):
    organisation = _organisation_or_404(slug)
    path = logos.logo_path(organisation)
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=logos.logo_media_type(organisation).value, conditional=True, max_age=86400)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/<slug>/logo", methods=["POST"])
def upload_logo(slug: str):
    """A new logo; a refused file re-renders the management page with the reason, the profile untouched."""
    organisation = _organisation_or_404(slug)
    require_organisation_manager(organisation)
    logo_form = LogoForm()
    if logo_form.validate_on_submit():
        try:
            logos.set_logo(organisation, logo_form.logo.data, actor=current_user)
        except AttachmentRejected as refusal:
            logo_form.logo.errors.append(logos.problem_message(refusal.problem))
        else:
            flash(_("The logo was saved."), "success")
            return redirect(url_for("organisations.manage", slug=organisation.slug))
    staff = can_verify_organisation(current_user)
    form = OrganisationForm(obj=organisation, formdata=None)
    if not staff:
        del form.verified
    if not can_change_organisation_kind(current_user, organisation):
        del form.kind
    return render_template(
        "organisations/manage.html",
        organisation=organisation,
        form=form,
        members=services.members_of(organisation),
        can_administer=can_administer_organisation(current_user, organisation),
        role_form=MemberRoleForm(),
        logo_form=logo_form,
    ), 400


@bp.route("/<slug>/logo/remove", methods=["POST"])
def remove_logo(slug: str):
    organisation = _organisation_or_404(slug)
    require_organisation_manager(organisation)
    if organisation.logo_stored_name:
        logos.remove_logo(organisation, actor=current_user)
        flash(_("The logo was removed."), "success")
    return redirect(url_for("organisations.manage", slug=organisation.slug))


@bp.route("/<slug>/members/<int:user_id>/<any(promote, demote):change>", methods=["POST"])
def member_role(slug: str, user_id: int, change: str):
    """An organisation admin (or staff) makes a colleague an admin, or a member again."""
    organisation = _organisation_or_404(slug)
    require_organisation_admin(organisation, _("Naming the organisation's admins"))
    if not MemberRoleForm().validate_on_submit():
        abort(400)
    member = services.member_of(organisation, user_id) or abort(404)
    role = OrganisationRole.ADMIN if change == "promote" else OrganisationRole.MEMBER
    try:
        changed = administration.set_organisation_role(member, current_user._get_current_object(), role)
    except administration.LastOrganisationAdmin:
        db.session.rollback()
        flash(
            _("%(name)s is the organisation's last admin; make a colleague an admin first.", name=member.full_name),
            "error",
        )
    except administration.NotAColleague:
        flash(_("Only active members of the organisation can be made admins."), "error")
    else:
        if not changed:
            flash(_("Nothing changed."), "info")
        elif role == OrganisationRole.ADMIN:
            flash(_("%(name)s is now an admin of the organisation and was told.", name=member.full_name), "success")
        else:
            flash(_("%(name)s is a member again and was told.", name=member.full_name), "success")
    return redirect(url_for("organisations.manage", slug=organisation.slug, _anchor="members-title"))


def _queued_or_404(slug: str) -> Organisation:
    organisation = _organisation_or_404(slug)
    if organisation.queue_reason is None:
        abort(404)
    return organisation


def _merge_form(organisation: Organisation, **kwargs) -> MergeForm:
    form = MergeForm(prefix=f"merge-{organisation.id}", **kwargs)
    form.target_id.choices = [SelectChoice(0, _("Choose an organisation"))] + [
        SelectChoice(id_, name) for id_, name in merging.merge_targets(organisation, current_locale())
    ]
    return form


def _render_queue(failed: Organisation | None = None, failed_form=None):
    """The queue, with the form that failed (if any) re-rendered with its messages and what was typed."""
    queued = verification.queue()
    forms = {}
    for organisation in queued:
        mine = failed is not None and organisation.id == failed.id
        forms[organisation.id] = {
            "reject": failed_form
            if mine and isinstance(failed_form, RejectionForm)
            else RejectionForm(prefix=f"reject-{organisation.id}", formdata=None),
            "merge": failed_form
            if mine and isinstance(failed_form, MergeForm)
            else _merge_form(organisation, formdata=None),
        }
    return render_template("organisations/verification_queue.html", queued=queued, forms=forms)


@bp.route("/verification-queue")
@require_role(Role.ADMIN, Role.CURATOR)
def verification_queue():
    return _render_queue()


@bp.route("/<slug>/verification/approve", methods=["POST"])
@require_role(Role.ADMIN, Role.CURATOR)
def verify(slug: str):
    organisation = _queued_or_404(slug)
    verification.approve(organisation, current_user._get_current_object())
    flash(_("%(name)s is verified.", name=organisation.name_for(current_locale())), "success")
    return redirect(url_for("organisations.verification_queue"))


@bp.route("/<slug>/verification/reject", methods=["POST"])
@require_role(Role.ADMIN, Role.CURATOR)
def reject(slug: str):
    organisation = _queued_or_404(slug)
    form = RejectionForm(prefix=f"reject-{organisation.id}")
    if not form.validate_on_submit():
        return _render_queue(organisation, form), 400
    verification.reject(organisation, current_user._get_current_object(), form.reason.data.strip())
    flash(
        _(
            "%(name)s was not verified; the people concerned were told why.",
            name=organisation.name_for(current_locale()),
        ),
        "info",
    )
    return redirect(url_for("organisations.verification_queue"))


@bp.route("/<slug>/verification/merge", methods=["POST"])
@require_role(Role.ADMIN, Role.CURATOR)
def merge(slug: str):
    organisation = _queued_or_404(slug)
    form = _merge_form(organisation)
    if not form.validate_on_submit():
        return _render_queue(organisation, form), 400
    target = services.get_organisation(form.target_id.data)
    try:
        merging.merge(organisation, target, current_user._get_current_object())
    except merging.MergeRefused as refusal:
        db.session.rollback()
        if refusal.nda_listing_ids:
            form.target_id.errors.append(
                _(
                    "Both organisations asked an NDA for the same listings (no. %(ids)s); settle them first.",
                    ids=", ".join(str(listing_id) for listing_id in refusal.nda_listing_ids),
                )
            )
        else:
            form.target_id.errors.append(
                _(
                    "Both organisations hold listings with the same external ids (%(ids)s); change them first.",
                    ids=", ".join(refusal.external_ids),
                )
            )
        return _render_queue(organisation, form), 409
    flash(
        _(
            "%(name)s was merged into %(target)s.",
            name=organisation.name_for(current_locale()),
            target=target.name_for(current_locale()),
        ),
        "success",
    )
    return redirect(url_for("organisations.verification_queue"))
