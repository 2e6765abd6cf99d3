"""What the write API reads and answers: request bodies, listing representations and field errors."""

import json

from flask import jsonify, request, url_for

from techport.listings import workflow
from techport.listings.models import Listing
from techport.listings.services import profile_record
from techport.listings.vocabulary import ListingStatus

# Set by the lifecycle (submit, withdraw, renew) and by ownership, never by a body; a body may repeat them.
READ_ONLY_FIELDS = ("organisation", "status", "published_at")
# parse_profile reports problems of the record as a whole under "line" (one line of JSON Lines).
WHOLE_BODY = "body"


class BadBody(ValueError):
    """The body is not a JSON object."""


def json_object() -> dict:
    """The request body as a JSON object; raises ``BadBody`` otherwise (deep nesting included)."""
    try:
        body = json.loads(request.get_data(cache=False) or b"null")
    except (ValueError, RecursionError) as error:
        raise BadBody("the body must be a JSON object (Content-Type: application/json)") from error
    if not isinstance(body, dict):
        raise BadBody("the body must be a JSON object (Content-Type: application/json)")
    return body


def read_only_values(listing: Listing | None, organisation_slug: str) -> dict:
    """What the read-only fields hold now: those of ``listing``, or a new draft's."""
    if listing is None:
        return {"organisation": organisation_slug, "status": ListingStatus.DRAFT.value}
    values = {"organisation": listing.organisation.slug, "status": listing.status.value}
    if listing.published_on:
        values["published_at"] = listing.published_on.isoformat()
    return values


def read_only_problems(body: dict, current: dict) -> dict[str, list[str]]:
    problems = {}
    for name in READ_ONLY_FIELDS:
        if name in body and body[name] != current.get(name):
            hint = (
                "changes only through the submit, withdraw and renew operations"
                if name != "organisation"
                else "is the token's organisation"
            )
            problems[name] = [f"cannot be set through the API; it {hint}"]
    return problems


def merge_patch(target: dict, patch: dict) -> dict:
    """RFC 7396 JSON merge patch: objects merge member by member, null removes, anything else replaces."""
    merged = dict(target)
    for name, value in patch.items():
        if value is None:
            merged.pop(name, None)
        elif isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = merge_patch(merged[name], value)
        else:
            merged[name] = value
    return merged


def field_problems(problems: list[str]) -> dict[str, list[str]]:
    """``parse_profile``'s "field: message" problems, grouped by field."""
    fields: dict[str, list[str]] = {}
    for problem in problems:
        name, _, message = problem.partition(": ")
        fields.setdefault(WHOLE_BODY if name == "line" else name, []).append(message)
    return fields


def unprocessable(fields: dict[str, list[str]]):
    """422 in the API's error shape, with the problems of each field."""
    message = "the listing breaks the standard profile; see fields"
    response = jsonify({"error": {"status": 422, "message": message, "fields": fields}})
    response.status_code = 422
    return response


def listing_body(listing: Listing) -> dict:
    """The listing as the API shows it: the JSON Lines record plus what the exchange keeps about it."""
    return {
        "id": listing.id,
        **profile_record(listing),
        "version": listing.version,
        "expires_on": listing.expires_on.isoformat() if listing.expires_on else None,
        "rejection_reason": listing.rejection_reason or None,
        "steps": workflow.available_steps(listing),
        "url": url_for("listings.show", listing_id=listing.id, slug=listing.slug, _external=True),
        "created_at": listing.created_at.isoformat(),
        "updated_at": listing.updated_at.isoformat(),
    }
