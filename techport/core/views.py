"""The home page and the language switch."""

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, request, url_for

from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.i18n import remember_language
from techport.organisations.models import Organisation, OrganisationKind
from techport.urls import safe_next_url

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    counts = dict(
        db.session.execute(
            sa.select(Organisation.kind, sa.func.count(Organisation.id)).group_by(Organisation.kind)
        ).all()
    )
    return render_template(
        "core/home.html",
        university_count=counts.get(OrganisationKind.UNIVERSITY, 0),
        organisation_count=sum(counts.values()),
        showcase=exhibits.showcase(),
    )


@bp.route("/lang/<code>")
def switch_language(code: str):
    """Store the chosen language in the session and go back to where the visitor was."""
    if not remember_language(code):
        abort(404)
    return redirect(safe_next_url(request.args.get("next")) or url_for("core.home"))
