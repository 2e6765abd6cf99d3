"""The home page, the language switch and the health check."""

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from sqlalchemy.exc import DBAPIError

from indexer.status import outbox_status
from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.i18n import local_date, local_datetime, remember_language
from techport.listings import queries as listing_queries
from techport.listings.vocabulary import SECTORS
from techport.organisations.models import Organisation, OrganisationKind
from techport.reports.trends import public_summary_for_home
from techport.search.service import search_health
from techport.urls import safe_next_url

bp = Blueprint("core", __name__)
HOME_NEWEST_COUNT = 6
# Registered after Flask-Babel's own filters, so every template gets the Vietnamese date formats.
bp.add_app_template_filter(local_date, "dateformat")
bp.add_app_template_filter(local_datetime, "datetimeformat")


@bp.app_template_global()
def has_endpoint(endpoint: str) -> bool:
    """Lets base.html link to sections that other packages may not have installed yet (e.g. events)."""
    return endpoint in current_app.view_functions


@bp.app_template_global()
def paged_url(endpoint: str, **values):
    """For the shared pagination macro: page number -> the URL of that page of ``endpoint``."""
    return lambda page: url_for(endpoint, page=page, **values)


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
        summary=public_summary_for_home(),
        sectors=SECTORS,
        newest=listing_queries.newest_public(HOME_NEWEST_COUNT),
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
