"""The write API: an organisation's systems create, edit and move its listings with a token.

The same rules as the forms: records go through ``parse_profile`` and ``workflow``, so a listing made
here is reviewed, mailed about and indexed exactly like one made on the site.
"""

from flask import Blueprint, jsonify, request, url_for

from techport.api.auth import check_csrf_unless_bearer, require_token, scope_by_method
from techport.api.models import ApiToken, TokenScope
from techport.api.payloads import (
    BadBody,
    field_problems,
    json_object,
    listing_body,
    merge_patch,
    read_only_problems,
    read_only_values,
    unprocessable,
)
from techport.errors import json_error
from techport.extensions import csrf
from techport.input_guards import PAGE_MAX, whole_number
from techport.listings import queries, workflow
from techport.listings.models import Listing
from techport.listings.profile import ProfileError
from techport.listings.services import LifecycleError, can_hold_ip_assets, find_listing, profile_record
from techport.listings.vocabulary import ListingKind
from techport.organisations.services import find_by_slug

bp = Blueprint("api_listings", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(check_csrf_unless_bearer)

PAGE_SIZE_MAX = 100
STEPS = ("submit", "withdraw", "renew")


def _own_listing(token: ApiToken, listing_id: int) -> Listing | None:
    """Another organisation's listing is answered like a missing one: a token learns nothing of it."""
    listing = queries.get_listing(listing_id)
    return listing if listing is not None and listing.organisation_id == token.organisation_id else None


def _not_found(listing_id: int):
    return json_error(404, f"this token's organisation has no listing with the id {listing_id}")


def _save_problems(listing: Listing | None, record: dict, token: ApiToken) -> dict[str, list[str]]:
    """What the forms refuse before ``parse_profile``: a change of kind, IP assets outside universities."""
    kind = record.get("kind")
    if listing is not None and kind is not None and kind != listing.kind.value:
        return {"kind": [f"cannot change from {listing.kind.value}; create another listing"]}
    if kind == ListingKind.IP_ASSET.value and not can_hold_ip_assets(token.organisation):
        return {"kind": ["only universities and research institutes hold IP assets"]}
    return {}


def _save(listing: Listing | None, record: dict, token: ApiToken, seen_version: int | None = None):
    """Create or update through ``workflow``; answers the listing, or 422/409 with the reasons."""
    problems = _save_problems(listing, record, token)
    if problems:
        return unprocessable(problems)
    try:
        if listing is None:
            listing = workflow.create_listing(record, token.organisation, submit=False)
            status = 201
        else:
            workflow.update_listing(listing, record, seen_version=seen_version, submit=False)
            status = 200
    except ProfileError as error:
        return unprocessable(field_problems(error.problems))
    except workflow.StaleListing:
        return json_error(409, "the listing was changed after the version given; fetch it and try again")
    response = jsonify(listing_body(listing))
    response.status_code = status
    response.headers["Location"] = url_for("api_listings.listing_resource", listing_id=listing.id)
    return response


@bp.route("/listings", methods=["POST"])
@require_token(TokenScope.WRITE)
def upsert_listing(token: ApiToken):
    """Create a listing, or replace the one with the same external id: sending a record twice is harmless."""
    try:
        body = json_object()
    except BadBody as error:
        return json_error(400, str(error))
    slug = token.organisation.slug
    external_id = body.get("external_id")
    listing = find_listing(token.organisation, external_id) if isinstance(external_id, str) and external_id else None
    if listing is not None and not workflow.is_editable(listing):
        return json_error(409, "an archived listing can no longer be changed")
    current = read_only_values(listing, slug)
    problems = read_only_problems(body, current)
    if problems:
        return unprocessable(problems)
    record = {**current, **body}
    if not record.get("external_id"):
        record["external_id"] = workflow.new_external_id()
    return _save(listing, record, token)


@bp.route("/listings/<int:listing_id>", methods=["GET", "PATCH"])
@require_token(scope_by_method)
def listing_resource(listing_id: int, token: ApiToken):
    """One rule for both methods: with two, an id out of range would answer 405 instead of 404."""
    listing = _own_listing(token, listing_id)
    if listing is None:
        return _not_found(listing_id)
    if request.method == "GET":
        return jsonify(listing_body(listing))
    return _patch(listing, token)


def _patch(listing: Listing, token: ApiToken):
    """A JSON merge patch of the listing's record; ``version``, if given, must be the stored one."""
    try:
        body = json_object()
    except BadBody as error:
        return json_error(400, str(error))
    if not workflow.is_editable(listing):
        return json_error(409, "an archived listing can no longer be changed")
    seen_version = body.pop("version", None)
    if seen_version is not None and (not isinstance(seen_version, int) or isinstance(seen_version, bool)):
        return unprocessable({"version": ["must be the whole number the listing was read with"]})
    stored = profile_record(listing)
    record = merge_patch(stored, body)
    problems = read_only_problems(record, stored)
    for name in ("external_id", "kind"):
        if record.get(name) != stored.get(name):
            problems[name] = ["cannot be changed"]
    if problems:
        return unprocessable(problems)
    return _save(listing, record, token, seen_version=seen_version)


@bp.route("/listings/<int:listing_id>/<any(submit, withdraw, renew):step>", methods=["POST"])
@require_token(TokenScope.WRITE)
def take_step(listing_id: int, step: str, token: ApiToken):
    listing = _own_listing(token, listing_id)
    if listing is None:
        return _not_found(listing_id)
    try:
        workflow.take_step(listing, step, **_audited_as(token))
    except LifecycleError:
        return json_error(409, f"a {listing.status.value} listing cannot {step}; it can {_steps_text(listing)}")
    return jsonify(listing_body(listing))


def _audited_as(token: ApiToken) -> dict:
    """The audit log names the person who issued the token, and the token itself."""
    return {"actor": token.created_by, "via": {"api_token_id": token.id}}


def _steps_text(listing: Listing) -> str:
    steps = [step for step in workflow.available_steps(listing) if step in STEPS]
    return " or ".join(steps) if steps else "take none of these steps"


@bp.route("/organisations/<slug>/listings")
@require_token(TokenScope.READ)
def organisation_listings(slug: str, token: ApiToken):
    """The organisation's own listings in every status, the most recently changed first."""
    organisation = find_by_slug(slug)
    if organisation is None:
        return json_error(404, f"no organisation has the slug {slug!r}")
    if organisation.id != token.organisation_id:
        return json_error(403, "this token belongs to another organisation")
    page = whole_number(request.args.get("page", "1"), minimum=1, maximum=PAGE_MAX)
    page_size = whole_number(request.args.get("page_size", "20"), minimum=1, maximum=PAGE_SIZE_MAX)
    if page is None or page_size is None:
        return json_error(400, f"page must be a whole number from 1, page_size from 1 to {PAGE_SIZE_MAX}")
    unknown = sorted(set(request.args) - {"page", "page_size"})
    if unknown:
        return json_error(400, f"unknown parameter(s) {', '.join(unknown)}")
    listings = queries.organisation_listings(organisation, page=page, per_page=page_size)
    return jsonify(
        {
            "organisation": organisation.slug,
            "page": listings.page,
            "page_size": page_size,
            "pages": listings.pages,
            "total": listings.total,
            "items": [listing_body(listing) for listing in listings.items],
        }
    )
