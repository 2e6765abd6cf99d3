"""Public organisation pages and each organisation's private management page."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.models import Role
from techport.accounts.permissions import (
    can_manage_organisation,
    can_verify_organisation,
    require_organisation_manager,
    require_role,
)
from techport.i18n import current_locale
from techport.input_guards import int_arg
from techport.listings import queries as listing_queries
from techport.listings import workflow as listing_workflow
from techport.listings.vocabulary import KIND_LABELS as LISTING_KIND_LABELS
from techport.listings.vocabulary import ListingKind
from techport.organisations import services
from techport.organisations.forms import KIND_LABELS, OrganisationForm
from techport.organisations.models import Organisation, OrganisationKind

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.app_context_processor
def organisation_helpers():
    return {"kind_label": lambda kind: KIND_LABELS[OrganisationKind(kind)]}


def _organisation_or_404(slug: str) -> Organisation:
    return services.find_by_slug(slug) or abort(404)


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
            organisation = services.create_organisation(form.profile_values())
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
    listing_workflow.expire_lazily()
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
    )


@bp.route("/<slug>/manage", methods=["GET", "POST"])
def manage(slug: str):
    organisation = _organisation_or_404(slug)
    require_organisation_manager(organisation)
    staff = can_verify_organisation(current_user)
    form = OrganisationForm(obj=organisation)
    if not staff:
        del form.kind
        del form.verified
    if form.validate_on_submit():
        try:
            services.update_profile(organisation, form.profile_values(), staff=staff)
        except services.KindChangeRefused as refusal:
            form.kind.errors.append(
                _(
                    "Only universities and research institutes hold IP assets, and this organisation still has "
                    "IP asset listings that are not archived (%(count)d). Archive them before changing its kind.",
                    count=refusal.ip_assets,
                )
            )
        else:
            flash(_("The organisation profile was saved."), "success")
            return redirect(url_for("organisations.manage", slug=organisation.slug))
    return render_template(
        "organisations/manage.html",
        organisation=organisation,
        form=form,
        members=services.members_of(organisation),
    ), 400 if form.errors else 200
