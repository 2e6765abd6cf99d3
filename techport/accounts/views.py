"""Sign-up, sign-in, sign-out, password reset and the approval queue."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from techport.accounts import services
from techport.accounts.forms import ForgotPasswordForm, ResetPasswordForm, SignInForm, SignUpForm
from techport.accounts.models import AccountStatus, Role, User
from techport.accounts.permissions import require_role, require_signed_in
from techport.extensions import db
from techport.i18n import current_locale
from techport.organisations import services as organisation_services
from techport.urls import safe_next_url

bp = Blueprint("accounts", __name__, url_prefix="/account")

ROLE_LABELS = {Role.ADMIN: _l("Administrator"), Role.CURATOR: _l("Curator"), Role.MEMBER: _l("Member")}
STATUS_LABELS = {
    AccountStatus.PENDING: _l("Waiting for approval"),
    AccountStatus.ACTIVE: _l("Active"),
    AccountStatus.REJECTED: _l("Rejected"),
    AccountStatus.DISABLED: _l("Disabled"),
}


@bp.app_context_processor
def account_labels():
    return {
        "role_label": lambda role: ROLE_LABELS[Role(role)],
        "status_label": lambda status: STATUS_LABELS[AccountStatus(status)],
    }


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up():
    form = SignUpForm(organisation_services.organisation_choices(current_locale()))
    if form.validate_on_submit():
        organisation = organisation_services.get_organisation(form.organisation_id.data)
        try:
            services.register_member(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                organisation=organisation,
            )
        except services.EmailAlreadyRegistered:
            form.email.errors.append(_("An account with this e-mail already exists. Sign in or reset the password."))
        else:
            flash(_("Thank you. Your account is waiting for approval by a Techport curator."), "success")
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/sign_up.html", form=form), 400 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = SignInForm()
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data, request.remote_addr or "unknown")
        if result.outcome is services.SignInOutcome.SUCCESS:
            login_user(result.user)
            flash(_("Welcome, %(name)s.", name=result.user.full_name), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("core.home"))
        form.form_errors.append(_sign_in_refusal(result))
    return render_template("accounts/sign_in.html", form=form), 400 if form.errors else 200


def _sign_in_refusal(result: services.SignInResult) -> str:
    if result.outcome is services.SignInOutcome.LOCKED:
        return _(
            "Too many failed sign-in attempts. For your security this account is locked; "
            "try again in %(minutes)d minutes or reset your password.",
            minutes=result.retry_after_minutes,
        )
    if result.outcome is services.SignInOutcome.PENDING:
        return _("Your account is waiting for approval by a Techport curator. You can sign in once it is approved.")
    if result.outcome is services.SignInOutcome.REFUSED:
        return _("This account cannot sign in. Contact the Techport team if you think this is a mistake.")
    return _("The e-mail or password is incorrect.")


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data,
            lambda token: url_for("accounts.reset_password", token=token, _external=True),
        )
        flash(_("If an account exists for that address, we have sent a link to reset the password."), "info")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user, problem = services.user_for_reset_token(token)
    if problem is services.ResetTokenProblem.EXPIRED:
        return render_template(
            "accounts/reset_link_problem.html",
            message=_("This password-reset link has expired. Ask for a new one."),
        ), 400
    if problem is not None:
        return render_template(
            "accounts/reset_link_problem.html",
            message=_("This password-reset link is not valid or has already been used. Ask for a new one."),
        ), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200


@bp.route("/approvals")
@require_role(Role.ADMIN, Role.CURATOR)
def approvals():
    return render_template("accounts/approvals.html", pending=services.pending_accounts())


@bp.route("/approvals/<int:user_id>/<any(approve, reject):decision>", methods=["POST"])
@require_role(Role.ADMIN, Role.CURATOR)
def review(user_id: int, decision: str):
    user = db.session.get(User, user_id) or abort(404)
    if user.status != AccountStatus.PENDING:
        flash(_("This sign-up has already been reviewed."), "info")
        return redirect(url_for("accounts.approvals"))
    services.review_account(user, current_user, approve=decision == "approve")
    if decision == "approve":
        flash(_("%(email)s can now sign in.", email=user.email), "success")
    else:
        flash(_("The sign-up of %(email)s was rejected.", email=user.email), "info")
    return redirect(url_for("accounts.approvals"))


@bp.route("/")
@require_signed_in
def profile():
    return render_template("accounts/profile.html")
