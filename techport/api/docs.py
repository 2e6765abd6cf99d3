"""``/api/docs``: the API reference for integrators, Swagger UI rendering the served OpenAPI document.

Swagger UI is served from ``static/vendor/`` (copied from npm) and started by ``static/js/api-docs.js``,
so the page keeps the site's CSP: no CDN, no inline script. The text around it (how to get a token,
the error format, the limits) is the site's own, in both languages.
"""

from flask import Blueprint, current_app, render_template

from techport.search.query import MAX_QUERY_LENGTH

bp = Blueprint("api_docs", __name__)


@bp.route("/api/docs")
def reference():
    config = current_app.config
    return render_template(
        "api/docs.html",
        token_limit=config["API_TOKEN_LIMIT"],
        max_body_bytes=config["MAX_CONTENT_LENGTH"],
        max_query_length=MAX_QUERY_LENGTH,
    )
