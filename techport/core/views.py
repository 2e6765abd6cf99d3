"""The home page, the language switch and the health check."""

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from sqlalchemy.exc import DBAPIError

from indexer.status import outbox_status
from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.i18n import remember_language
from techport.organisations.models import Organisation, OrganisationKind
from techport.search.service import search_health
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


@bp.route("/healthz")
def health():
    """For load balancers and monitoring: the database must answer (503 otherwise); search may be down,
    which the site survives, so it is reported without failing the check."""
    try:
        backlog = outbox_status()
    except DBAPIError:
        return jsonify({"database": "unavailable"}), 503
    return jsonify(
        {
            "database": "ok",
            "search": search_health(),
            "indexer_backlog": backlog.pending,
            "oldest_pending_seconds": backlog.oldest_pending_age_seconds,
            "parked": backlog.parked,
        }
    )
