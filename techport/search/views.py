"""The search page, and the JSON API: search, matches and the OpenAPI document."""

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from techport.accounts.permissions import can_view_listing
from techport.errors import json_error as _json_error
from techport.extensions import db
from techport.input_guards import whole_number
from techport.listings.models import Listing
from techport.search import presentation, service
from techport.search.openapi import openapi_document
from techport.search.query import RANGE_FACETS, TERM_FACETS, InvalidSearch, SearchRequest

bp = Blueprint("search", __name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")


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
    }


FILTER_NAMES = [*TERM_FACETS, *RANGE_FACETS]
# Far above any real code or slug, far below what makes Elasticsearch refuse the query (a client error).
FILTER_VALUE_MAX_LENGTH = 100
FILTER_VALUES_MAX_COUNT = 50
API_REJECTED_MESSAGE = "the search engine cannot read these search terms or filters; shorten or change them"


def search_request_from(args: MultiDict) -> SearchRequest:
    """Read a SearchRequest from query parameters; raises InvalidSearch with a precise message."""
    page = whole_number(args.get("page", "1"))
    page_size = whole_number(args.get("page_size", "20"))
    if page is None or page_size is None:
        raise InvalidSearch("page and page_size must be whole numbers")
    filters = {name: [value for value in args.getlist(name) if value] for name in FILTER_NAMES}
    for name, values in filters.items():
        if len(values) > FILTER_VALUES_MAX_COUNT:
            raise InvalidSearch(f"{name} may be given at most {FILTER_VALUES_MAX_COUNT} times")
        if any(len(value) > FILTER_VALUE_MAX_LENGTH for value in values):
            raise InvalidSearch(f"each {name} value may have at most {FILTER_VALUE_MAX_LENGTH} characters")
    known = {"q", "page", "page_size", "sort", *FILTER_NAMES}
    unknown = sorted(set(args) - known)
    if unknown:
        raise InvalidSearch(f"unknown parameter(s) {', '.join(unknown)}")
    return SearchRequest(
        text=args.get("q", ""),
        filters=filters,
        sort=args.get("sort", "relevance"),
        page=page,
        page_size=page_size,
    )


@bp.route("/search")
def search_page():
    try:
        search_request = search_request_from(request.args)
    except InvalidSearch as error:
        return render_template("search/index.html", error=str(error), results=None, unavailable=False), 400
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
    return render_template(
        "search/index.html", error=None, results=results, unavailable=False, query=search_request.text
    )


@api.route("/search")
def api_search():
    try:
        search_request = search_request_from(request.args)
    except InvalidSearch as error:
        return _json_error(413 if error.too_long else 400, str(error))
    try:
        results = service.search(search_request)
    except service.SearchRejected:
        return _json_error(400, API_REJECTED_MESSAGE)
    except service.SearchUnavailable:
        return _json_error(503, "search is unavailable; try again shortly")
    return jsonify(
        {
            "query": search_request.text,
            "filters": search_request.filters,
            "sort": search_request.sort,
            "page": search_request.page,
            "page_size": search_request.page_size,
            "total": results.total,
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
            "matches": [
                {
                    "id": match.listing_id,
                    "score": match.score,
                    "kind": match.document["kind"],
                    "title": match.document["title"],
                    "url": f"/listings/{match.document['url_slug']}",
                    "reasons": [{"code": reason.code, "values": reason.values} for reason in match.reasons],
                }
                for match in matches
            ],
        }
    )


@api.route("/openapi.json")
def api_openapi():
    return jsonify(openapi_document())
