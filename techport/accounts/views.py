"""Sign-up, sign-in, sign-out, passwords, sessions and the approval queue."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from techport.accounts import administration, services
from techport.accounts.forms import (
    ORGANISATION_ROLE_LABELS,
    ROLE_LABELS,
    ChangePasswordForm,
    EndSessionsForm,
    ForgotPasswordForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from techport.accounts.limits import limit_posts
from techport.accounts.models import AccountStatus, OrganisationRole, Role, User
from techport.accounts.permissions import can_approve_accounts, can_review_account, require_role, require_signed_in
from techport.extensions import db
from techport.i18n import SESSION_KEY as LANGUAGE_SESSION_KEY
from techport.i18n import current_locale
from techport.organisations import services as organisation_services
from techport.urls import safe_next_url

bp = Blueprint("accounts", __name__, url_prefix="/account")

STATUS_LABELS = {
    AccountStatus.PENDING: _l("Waiting for approval"),
    AccountStatus.ACTIVE: _l("Active"),
    AccountStatus.REJECTED: _l("Rejected"),
    AccountStatus.DISABLED: _l("Disabled"),
}
CSRF_SESSION_KEY = "csrf_token"


@bp.app_context_processor
def account_labels():
    return {
        "role_label": lambda role: ROLE_LABELS[Role(role)],
        "organisation_role_label": lambda role: ORGANISATION_ROLE_LABELS[OrganisationRole(role)],
        "status_label": lambda status: STATUS_LABELS[AccountStatus(status)],
    }


def _form_page(template: str, form, message: str | None = None, **context) -> str:
    if message:
        form.form_errors.append(message)
    return render_template(template, form=form, **context)


def _sign_up_form() -> SignUpForm:
    return SignUpForm(organisation_services.organisation_choices(current_locale()))


@bp.route("/sign-up", methods=["GET", "POST"])
@limit_posts(
    lambda message: _form_page("accounts/sign_up.html", _sign_up_form(), message), "ACCOUNT_MAIL_LIMIT_PER_ADDRESS"
)
def sign_up():
    form = _sign_up_form()
    if form.validate_on_submit():
        if not form.joins_new_organisation:
            services.register_member(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                organisation=organisation_services.get_organisation(form.organisation_id.data),
            )
            flash(_("Thank you. Your account is waiting for approval by a Techport curator."), "success")
            return redirect(url_for("accounts.sign_in"))
        try:
            services.register_founder(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                organisation_values=form.organisation_values(),
            )
        except organisation_services.TaxCodeTaken:
            form.new_tax_code.errors.append(
                _("An organisation with this code is already on Techport: choose it in the list above.")
            )
        except organisation_services.SlugTaken:
            form.new_name_en.errors.append(
                _("An organisation with a similar name is already on Techport: choose it in the list above.")
            )
        else:
            flash(
                _(
                    "Thank you. A Techport curator will verify your organisation; "
                    "you can sign in as its admin once it is verified."
                ),
                "success",
            )
            return redirect(url_for("accounts.sign_in"))
    return _form_page("accounts/sign_up.html", form), 400 if form.errors else 200


def _clear_session() -> None:
    """Empty the session, the CSRF token with it; only the visitor's language choice carries over."""
    language = session.get(LANGUAGE_SESSION_KEY)
    session.clear()
    g.pop(CSRF_SESSION_KEY, None)
    if language:
        session[LANGUAGE_SESSION_KEY] = language


def _restart_session(user: User) -> None:
    """Sign ``user`` in on a fresh session, so nothing planted before it survives (session fixation)."""
    _clear_session()
    login_user(user)


@bp.route("/sign-in", methods=["GET", "POST"])
@limit_posts(
    lambda message: _form_page("accounts/sign_in.html", SignInForm(), message),
    "SIGN_IN_LIMIT_PER_ADDRESS",
    "SIGN_IN_LIMIT_GLOBAL",
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = SignInForm()
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data, request.remote_addr or "unknown")
        if result.outcome is services.SignInOutcome.SUCCESS:
            next_url = safe_next_url(request.args.get("next"))
            _restart_session(result.user)
            flash(_("Welcome, %(name)s.", name=result.user.full_name), "success")
            return redirect(next_url or url_for("core.home"))
        form.form_errors.append(_sign_in_refusal(result))
    return _form_page("accounts/sign_in.html", form), 400 if form.errors else 200


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
    """Ends the user's sessions on the server too, so a copied cookie stops working."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
    logout_user()
    _clear_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limit_posts(
    lambda message: _form_page("accounts/forgot_password.html", ForgotPasswordForm(), message),
    "ACCOUNT_MAIL_LIMIT_PER_ADDRESS",
)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data,
            lambda token: url_for("accounts.reset_password", token=token, _external=True),
        )
        flash(_("If an account exists for that address, we have sent a link to reset the password."), "info")
        return redirect(url_for("accounts.sign_in"))
    return _form_page("accounts/forgot_password.html", form), 400 if form.errors else 200


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
    form = ResetPasswordForm(account_email=user.email, account_name=user.full_name)
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("accounts.sign_in"))
    return _form_page("accounts/reset_password.html", form), 400 if form.errors else 200


@bp.route("/password", methods=["GET", "POST"])
@require_signed_in
@limit_posts(
    lambda message: _form_page("accounts/change_password.html", ChangePasswordForm(), message),
    "SIGN_IN_LIMIT_PER_ADDRESS",
)
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(account_email=user.email, account_name=user.full_name)
    if form.validate_on_submit():
        if services.change_password(user, form.current_password.data, form.password.data):
            _restart_session(user)  # the change ended every session, this one included
            flash(_("Your password has been changed. Your other sessions have been signed out."), "success")
            return redirect(url_for("accounts.profile"))
        form.current_password.errors.append(_("The current password is incorrect."))
    return _form_page("accounts/change_password.html", form), 400 if form.errors else 200


def _require_account_approver() -> None:
    if not can_approve_accounts(current_user):
        abort(403)


@bp.route("/approvals")
@require_signed_in
def approvals():
    """Staff see every sign-up; organisation admins those of their own colleagues."""
    _require_account_approver()
    end_sessions_form = EndSessionsForm() if current_user.role == Role.ADMIN else None
    return render_template(
        "accounts/approvals.html",
        pending=services.pending_accounts(current_user),
        end_sessions_form=end_sessions_form,
    )


@bp.route("/approvals/<int:user_id>/<any(approve, reject):decision>", methods=["POST"])
@require_signed_in
def review(user_id: int, decision: str):
    _require_account_approver()
    user = db.session.get(User, user_id) or abort(404)
    if not can_review_account(current_user, user):
        abort(403)
    if user.status != AccountStatus.PENDING:
        flash(_("This sign-up has already been reviewed."), "info")
        return redirect(url_for("accounts.approvals"))
    services.review_account(user, current_user, approve=decision == "approve")
    if decision == "approve":
        flash(_("%(email)s can now sign in.", email=user.email), "success")
    else:
        flash(_("The sign-up of %(email)s was rejected.", email=user.email), "info")
    return redirect(url_for("accounts.approvals"))


@bp.route("/end-sessions", methods=["POST"])
@require_role(Role.ADMIN)
def end_sessions():
    """An admin signs an account out everywhere, e.g. when its password may have leaked."""
    form = EndSessionsForm()
    user = services.find_user_by_email(form.email.data) if form.validate_on_submit() else None
    if user is None:
        flash(_("No account uses this e-mail address."), "error")
    else:
        administration.end_sessions_of(user, current_user)
        flash(_("Every session of %(email)s has ended.", email=user.email), "success")
    return redirect(url_for("accounts.approvals"))


@bp.route("/")
@require_signed_in
def profile():
    return render_template("accounts/profile.html")
