"""Exchange admins' pages for users: search and filters, role changes, deactivation and reactivation."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts import administration
from techport.accounts.forms import ORGANISATION_ROLE_LABELS, ROLE_LABELS, RolesForm
from techport.accounts.models import AccountStatus, OrganisationRole, Role, User
from techport.accounts.permissions import require_role
from techport.extensions import db
from techport.i18n import current_locale
from techport.input_guards import int_arg, whole_number
from techport.organisations.services import organisation_choices

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")
PER_PAGE = 50


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/")
@require_role(Role.ADMIN)
def index():
    filters = administration.UserFilters(
        text=request.args.get("q", "").strip(),
        role=request.args.get("role", ""),
        status=request.args.get("status", ""),
        organisation_id=whole_number(request.args.get("organisation"), minimum=1),
    )
    return render_template(
        "accounts/admin_users.html",
        users=administration.search_users(
            filters, page=int_arg("page", 1), per_page=current_app.config.get("USERS_PER_PAGE", PER_PAGE)
        ),
        filters=filters,
        role_filters=[(role.value, label) for role, label in ROLE_LABELS.items()]
        + [(administration.ORGANISATION_ADMIN_FILTER, ORGANISATION_ROLE_LABELS[OrganisationRole.ADMIN])],
        statuses=list(AccountStatus),
        organisations=organisation_choices(current_locale()),
        query_args={key: value for key, value in request.args.items() if key != "page" and value},
    )


@bp.route("/<int:user_id>")
@require_role(Role.ADMIN)
def show(user_id: int):
    user = _user_or_404(user_id)
    return render_template("accounts/admin_user.html", user=user, form=RolesForm(obj=user))


@bp.route("/<int:user_id>/roles", methods=["POST"])
@require_role(Role.ADMIN)
def change_roles(user_id: int):
    user = _user_or_404(user_id)
    form = RolesForm()
    if not form.validate_on_submit():
        return render_template("accounts/admin_user.html", user=user, form=form), 400
    try:
        changed = administration.change_roles(user, current_user, form.role.data, form.organisation_role.data)
    except administration.OwnAccountRefused:
        db.session.rollback()
        flash(_("You cannot change your own role on the exchange; ask another admin."), "error")
    else:
        flash(
            _("The roles of %(email)s were saved.", email=user.email) if changed else _("Nothing changed."), "success"
        )
    return redirect(url_for("admin_users.show", user_id=user.id))


@bp.route("/<int:user_id>/<any(deactivate, reactivate):step>", methods=["POST"])
@require_role(Role.ADMIN)
def change_status(user_id: int, step: str):
    user = _user_or_404(user_id)
    if step == "reactivate":
        if user.status != AccountStatus.DISABLED:
            abort(409)
        administration.reactivate(user, current_user)
        flash(_("%(email)s can sign in again.", email=user.email), "success")
        return redirect(url_for("admin_users.show", user_id=user.id))
    try:
        administration.deactivate(user, current_user)
    except administration.OwnAccountRefused:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        flash(_("%(email)s is deactivated and signed out everywhere.", email=user.email), "success")
    return redirect(url_for("admin_users.show", user_id=user.id))
