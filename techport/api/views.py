"""Token management for the people who manage an organisation: create (the secret shown once), list, revoke."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import require_organisation_admin
from techport.api import tokens
from techport.api.forms import SCOPE_LABELS, TokenForm
from techport.models_common import utcnow
from techport.organisations.services import find_by_slug

bp = Blueprint("api_tokens", __name__, url_prefix="/organisations")


def _managed_organisation(slug: str):
    organisation = find_by_slug(slug) or abort(404)
    if organisation.is_retired:
        abort(404)
    require_organisation_admin(organisation, _("Managing API tokens"))
    return organisation


def _page(organisation, form: TokenForm, *, new_secret: str | None = None, status: int = 200):
    return render_template(
        "api/tokens.html",
        organisation=organisation,
        form=form,
        tokens=tokens.organisation_tokens(organisation),
        scope_labels=SCOPE_LABELS,
        new_secret=new_secret,
        now=utcnow(),
    ), status


@bp.route("/<slug>/api-tokens", methods=["GET", "POST"])
def manage_tokens(slug: str):
    """A POST that creates a token answers with the page itself, not a redirect: the secret is in that
    one response (never stored, never in the session) and cannot be fetched again."""
    organisation = _managed_organisation(slug)
    form = TokenForm()
    if form.validate_on_submit():
        _token, secret = tokens.create_token(
            organisation,
            name=form.name.data,
            scope=form.scope.data,
            valid_days=form.valid_days.data,
            created_by=current_user._get_current_object(),
        )
        return _page(organisation, TokenForm(formdata=None), new_secret=secret)
    return _page(organisation, form, status=400 if form.errors else 200)


@bp.route("/<slug>/api-tokens/<int:token_id>/revoke", methods=["POST"])
def revoke(slug: str, token_id: int):
    organisation = _managed_organisation(slug)
    token = tokens.token_of(organisation, token_id) or abort(404)
    tokens.revoke_token(token, current_user._get_current_object())
    flash(_("The token “%(name)s” was revoked; requests with it are now refused.", name=token.name), "success")
    return redirect(url_for("api_tokens.manage_tokens", slug=organisation.slug))
