"""The search page, and the JSON API: search, matches (of a listing or of a need in words), the OpenAPI
document, and the "not relevant" marks on matches."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from techport.accounts.permissions import can_view_listing, require_signed_in
from techport.api.auth import check_csrf_unless_bearer
from techport.api.payloads import BadBody, json_object
from techport.errors import json_error as _json_error
from techport.extensions import csrf, db, limiter
from techport.input_guards import whole_number
from techport.listings.models import Listing
from techport.reports.search_log import record_search
from techport.search import feedback, params, presentation, service
from techport.search.openapi import openapi_document
from techport.search.query import RANGE_FACETS, TERM_FACETS, InvalidSearch, SearchRequest
from techport.urls import safe_next_url

bp = Blueprint("search", __name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")
# Like the write API: exempt from the app-wide CSRF check, but a POST carrying the site's cookies needs a token.
csrf.exempt(api)
api.before_request(check_csrf_unless_bearer)


@bp.app_context_processor
def search_page_helpers():
    return {
        "facet_order": presentation.FACET_ORDER,
        "facet_titles": presentation.FACET_TITLES,
        "sort_labels": presentation.SORT_LABELS,
        "facet_label": presentation.facet_label,
        "facet_organisations": lambda results: presentation.organisation_names(
            [value.value for value in results.facets.get("organisation", [])]
        ),
        "toggled_url": lambda name, value: presentation.toggled_url(request.args, name, value),
        "page_url": lambda page: presentation.page_url(request.args, page),
        "is_new_match": service.is_new_match,
        "matches_seen": lambda source, matches: feedback.matches_seen(current_user, source, matches),
    }


FILTER_NAMES = [*TERM_FACETS, *RANGE_FACETS]
# Far above any real code or slug, far below what makes Elasticsearch refuse the query (a client error).
FILTER_VALUE_MAX_LENGTH = 100
FILTER_VALUES_MAX_COUNT = 50
API_REJECTED_MESSAGE = "the search engine cannot read these search terms or filters; shorten or change them"


def search_request_from(args: MultiDict) -> tuple[SearchRequest, bool]:
    """Read a SearchRequest from query parameters, and whether its text was cut to the first
    ``params.SEARCH_TEXT_MAX`` characters; raises InvalidSearch with a precise message."""
    page = whole_number(args.get("page", "1"))
    page_size = whole_number(args.get("page_size", "20"))
    if page is None or page_size is None:
        raise InvalidSearch("page and page_size must be whole numbers")
    filters = {name: [value for value in args.getlist(name) if value] for name in FILTER_NAMES}
    for name, values in filters.items():
        if len(values) > FILTER_VALUES_MAX_COUNT or any(len(value) > FILTER_VALUE_MAX_LENGTH for value in values):
            raise InvalidSearch(
                f"{name} may be given at most {FILTER_VALUES_MAX_COUNT} times, each value at most "
                f"{FILTER_VALUE_MAX_LENGTH} characters",
                oversized_filter=True,
            )
        unknown_value = params.unknown_value_message(name, values)
        if unknown_value:
            raise InvalidSearch(unknown_value)
    known = {"q", "page", "page_size", "sort", *FILTER_NAMES}
    unknown = sorted(set(args) - known)
    if unknown:
        raise InvalidSearch(f"unknown parameter(s) {', '.join(unknown)}")
    text, truncated = params.capped_text(args.get("q", ""))
    search_request = SearchRequest(
        text=text,
        filters=filters,
        sort=args.get("sort", "relevance"),
        page=page,
        page_size=page_size,
    )
    return search_request, truncated


@bp.route("/search")
def search_page():
    try:
        search_request, truncated = search_request_from(request.args)
    except InvalidSearch as problem:
        # The precise reason is English, for API clients; the page says it in the visitor's language.
        if problem.oversized_filter:
            message = _(
                "a filter in the address is too long: at most %(count)d values of at most %(length)d characters each",
                count=FILTER_VALUES_MAX_COUNT,
                length=FILTER_VALUE_MAX_LENGTH,
            )
        else:
            message = _("the page number or a filter in the address is not valid; change the search or start again")
        return render_template(
            "search/index.html", error=message, results=None, unavailable=False, query=request.args.get("q", "")
        ), 400
    try:
        results = service.search(search_request)
    except service.SearchRejected:
        message = _("the search engine cannot read these search terms or filters; shorten or change them")
        return render_template(
            "search/index.html", error=message, results=None, unavailable=False, query=search_request.text
        ), 400
    except service.SearchUnavailable:
        return render_template(
            "search/index.html", error=None, results=None, unavailable=True, query=search_request.text
        ), 503
    record_search(results)
    return render_template(
        "search/index.html",
        error=None,
        results=results,
        unavailable=False,
        query=search_request.text,
        truncated=truncated,
        text_limit=params.SEARCH_TEXT_MAX,
    )


@api.route("/search")
def api_search():
    try:
        search_request, truncated = search_request_from(request.args)
    except InvalidSearch as error:
        return _json_error(400, str(error))
    try:
        results = service.search(search_request)
    except service.SearchRejected:
        return _json_error(400, API_REJECTED_MESSAGE)
    except service.SearchUnavailable:
        return _json_error(503, "search is unavailable; try again shortly")
    record_search(results)
    return jsonify(
        {
            "query": search_request.text,
            "truncated": truncated,
            "filters": search_request.filters,
            "sort": search_request.sort,
            "page": search_request.page,
            "page_size": search_request.page_size,
            "total": results.total,
            "total_exact": True,
            "results": [
                {
                    "id": hit.listing_id,
                    "score": hit.score,
                    "kind": hit.document["kind"],
                    "title": hit.document["title"],
                    "summary": hit.document["summary"],
                    "organisation": hit.document["organisation"]["slug"],
                    "url": f"/listings/{hit.document['url_slug']}",
                    "highlights": {
                        name: [str(fragment) for fragment in fragments] for name, fragments in hit.highlights.items()
                    },
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"value": value.value, "count": value.count, "selected": value.selected} for value in values]
                for name, values in results.facets.items()
            },
            "suggestion": results.suggestion,
        }
    )


@api.route("/listings/<int:listing_id>/matches")
def api_matches(listing_id: int):
    listing = db.session.get(Listing, listing_id)
    if listing is None or not can_view_listing(current_user, listing):
        return _json_error(404, f"no published listing has the id {listing_id}")
    size = whole_number(request.args.get("size", "10"), minimum=1, maximum=50)
    if size is None:
        return _json_error(400, "size must be a whole number from 1 to 50")
    try:
        matches = service.matches_for(listing, size=size)
    except service.SearchUnavailable:
        return _json_error(503, "search is unavailable; try again shortly")
    return jsonify(
        {
            "listing": {"id": listing.id, "kind": listing.kind.value, "title": listing.title},
            "matches": [_match_body(match) for match in matches],
        }
    )


def _match_body(match: service.Match) -> dict:
    return {
        "id": match.listing_id,
        "score": match.score,
        "strength": match.strength,
        "kind": match.document["kind"],
        "title": match.document["title"],
        "summary": match.document["summary"],
        "organisation": match.document["organisation"]["slug"],
        "sectors": match.document["sectors"],
        "url": f"/listings/{match.document['url_slug']}",
        "reasons": [{"code": reason.code, "values": reason.values} for reason in match.reasons],
    }


def _match_limit() -> str:
    return current_app.config["MATCH_API_LIMIT"]


def _too_many_matches(_limit):
    return _json_error(429, "too many match requests from this address; wait a minute and try again")


def _unprocessable(fields: dict[str, list[str]]):
    message = "the match request is invalid; see fields"
    response = jsonify({"error": {"status": 422, "message": message, "fields": fields}})
    response.status_code = 422
    return response


@api.route("/match", methods=["POST"])
@limiter.limit(_match_limit, key_func=get_remote_address, on_breach=_too_many_matches)
def api_match():
    """Supply for a need described in words (no account needed): ranked, with reasons and strength. With a
    ``sector``, only supply in that sector is kept, from a wider window of ranked matches."""
    try:
        body = json_object()
    except BadBody as error:
        return _json_error(400, str(error))
    problems = params.match_problems(body)
    if problems:
        return _unprocessable(problems)
    try:
        match_request = params.match_request(body)
    except params.UnknownValue as error:
        return _json_error(400, str(error))
    window = params.MATCH_SIZE_MAX if match_request.sector else match_request.size
    try:
        matches = service.match_text(match_request.text, kinds=match_request.kinds, size=window)
    except service.SearchRejected:
        return _json_error(400, API_REJECTED_MESSAGE)
    except service.SearchUnavailable:
        return _json_error(503, "search is unavailable; try again shortly")
    if match_request.sector:
        matches = [match for match in matches if match_request.sector in match.document["sectors"]]
    return jsonify(
        {
            "text_length": len(match_request.text),
            "kind": match_request.kinds,
            "sector": match_request.sector,
            "size": match_request.size,
            "matches": [_match_body(match) for match in matches[: match_request.size]],
        }
    )


@api.route("/openapi.json")
def api_openapi():
    return jsonify(openapi_document())


def _pair_or_404(listing_id: int, match_id: int) -> tuple[Listing, Listing]:
    source, matched = db.session.get(Listing, listing_id), db.session.get(Listing, match_id)
    if source is None or matched is None or not can_view_listing(current_user, source):
        abort(404)
    try:
        feedback.pair_of(source, matched)
    except feedback.NotAMatch:
        abort(404)
    return source, matched


@bp.route("/listings/<int:listing_id>/matches/<int:match_id>/feedback", methods=["POST"])
@require_signed_in
def match_feedback(listing_id: int, match_id: int):
    """Mark a match of ``listing_id`` not relevant for the visitor's organisation, or undo the mark."""
    source, matched = _pair_or_404(listing_id, match_id)
    if not feedback.can_give_feedback(current_user, source, matched):
        abort(403)
    action = request.form.get("action")
    if action == "not_relevant":
        feedback.mark_not_relevant(current_user, source, matched)
        flash(_("Marked as not relevant: your organisation no longer sees this match."), "success")
    elif action == "undo":
        feedback.undo_not_relevant(current_user, source, matched)
        flash(_("The match is shown again."), "success")
    else:
        abort(400)
    back = safe_next_url(request.form.get("next"))
    return redirect(back or url_for("listings.show", listing_id=source.id, slug=source.slug))
