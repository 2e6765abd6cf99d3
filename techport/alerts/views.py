"""Saved searches and alerts pages, mail preferences, and the one-click unsubscribe link."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import require_signed_in
from techport.alerts import services
from techport.alerts.forms import FREQUENCY_LABELS, FrequencyForm, PreferencesForm, SaveSearchForm
from techport.alerts.models import Frequency
from techport.alerts.preferences import (
    MailKind,
    preferences_for,
    read_unsubscribe_token,
    save_preferences,
)
from techport.extensions import csrf
from techport.search.query import RANGE_FACETS, TERM_FACETS

bp = Blueprint("alerts", __name__, url_prefix="/alerts")

FILTER_NAMES = [*TERM_FACETS, *RANGE_FACETS]
KIND_LABELS = {
    MailKind.ALERTS: lambda: _("alerts about new listings"),
    MailKind.REMINDERS: lambda: _("expiry reminders"),
    MailKind.DIGESTS: lambda: _("review-queue digests"),
}


@bp.app_context_processor
def alert_helpers():
    return {
        "frequency_labels": FREQUENCY_LABELS,
        "matches_alert_args": services.search_for_matches_of,
    }


def _search_from_args() -> dict:
    return {
        "text": request.args.get("q", ""),
        "filters": {name: [value for value in request.args.getlist(name) if value] for name in FILTER_NAMES},
        "sort": request.args.get("sort", "relevance"),
    }


@bp.route("/")
@require_signed_in
def index():
    return render_template(
        "alerts/index.html",
        saved_searches=services.searches_of(current_user),
        frequency_form=FrequencyForm(),
        search_args=services.search_args,
        limit=services.SAVED_SEARCHES_PER_USER_MAX,
    )


@bp.route("/new", methods=["GET", "POST"])
@require_signed_in
def new():
    """The search comes in the query string (from the search page or a listing), so a visitor sent to sign in
    comes back to this same form with the same search."""
    search = _search_from_args()
    form = SaveSearchForm()
    if request.method == "GET":
        form.name.data = request.args.get("name", "") or search["text"]
    if form.validate_on_submit():
        try:
            services.save_search(current_user, name=form.name.data, frequency=Frequency(form.frequency.data), **search)
        except services.SavedSearchRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            flash(_("The search was saved. You will hear about new listings that match it."), "success")
            return redirect(url_for("alerts.index"))
    return render_template("alerts/new.html", form=form, search=search), 400 if form.errors or form.form_errors else 200


def _own_search(saved_search_id: int):
    return services.search_of(current_user, saved_search_id) or abort(404)


@bp.route("/<int:saved_search_id>/<any(pause, resume):action>", methods=["POST"])
@require_signed_in
def pause(saved_search_id: int, action: str):
    services.set_paused(_own_search(saved_search_id), action == "pause")
    flash(_("The alert is paused.") if action == "pause" else _("The alert is on again."), "success")
    return redirect(url_for("alerts.index"))


@bp.route("/<int:saved_search_id>/frequency", methods=["POST"])
@require_signed_in
def frequency(saved_search_id: int):
    saved = _own_search(saved_search_id)
    form = FrequencyForm()
    if form.validate_on_submit():
        services.set_frequency(saved, Frequency(form.frequency.data))
        flash(_("How often you hear about this search was changed."), "success")
    else:
        flash(_("Choose how often you want to hear about this search."), "error")
    return redirect(url_for("alerts.index"))


@bp.route("/<int:saved_search_id>/delete", methods=["POST"])
@require_signed_in
def delete(saved_search_id: int):
    services.delete_search(_own_search(saved_search_id))
    flash(_("The saved search was deleted."), "success")
    return redirect(url_for("alerts.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@require_signed_in
def preferences():
    form = PreferencesForm(obj=preferences_for(current_user))
    if form.validate_on_submit():
        save_preferences(
            current_user, alerts=form.alerts.data, reminders=form.reminders.data, digests=form.digests.data
        )
        flash(_("Your mail preferences were saved."), "success")
        return redirect(url_for("alerts.preferences"))
    return render_template("alerts/preferences.html", form=form)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks for confirmation (mail scanners follow links); POST unsubscribes, including a mail client's
    RFC 8058 one-click POST (``List-Unsubscribe=One-Click``), which carries no CSRF token: the signed token
    is the proof, so this one endpoint is exempt."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render_template("alerts/unsubscribe.html", invalid=True), 404
    user, kind = found
    if request.method == "POST":
        save_preferences(user, **{kind.value: False})
        if request.form.get("List-Unsubscribe") == "One-Click":
            return "", 204
        return render_template("alerts/unsubscribe.html", done=True, kind_label=KIND_LABELS[kind]())
    return render_template("alerts/unsubscribe.html", token=token, kind_label=KIND_LABELS[kind](), email=user.email)
