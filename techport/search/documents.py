"""Search documents, built from the database at indexing time.

Building from the current row (never from a queued payload) makes every indexing job repeatable:
sending a listing twice, or late, gives the same document, and the external version decides.
A listing that is not public keeps a versioned "not public" document instead of none: a stale write
of its old text then loses the version check, however late it comes (a delete's tombstone expires).
"""

from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind
from techport.organisations.models import Organisation


def listing_document(listing: Listing, vector: list[float] | None = None) -> dict:
    """The document of a published listing, with its embedding when the semantic layer made one.
    Contact details are never indexed."""
    details = listing.ip_details
    detail_text = listing.specification_sought if listing.kind == ListingKind.NEED else listing.advantages
    document = {
        "listing_id": listing.id,
        "public": True,
        "kind": listing.kind.value,
        "offer_type": listing.offer_type.value if listing.kind == ListingKind.OFFER else None,
        "language": listing.language.value,
        "title": listing.title,
        "summary": listing.summary,
        "description": listing.description,
        "details": detail_text,
        "keywords": list(listing.keywords),
        "trl": listing.trl,
        "sectors": list(listing.sectors),
        "transfer_modes": list(listing.transfer_modes),
        "price_vnd": listing.price_vnd,
        "price_negotiable": listing.price_negotiable,
        "ip_type": details.ip_type.value if details else None,
        "legal_status": details.legal_status.value if details else None,
        "inventors": list(details.inventors) if details else [],
        "organisation": organisation_document(listing.organisation),
        "url_slug": f"{listing.id}-{listing.slug}",
        "published_on": listing.published_on.isoformat() if listing.published_on else None,
        "expires_on": listing.expires_on.isoformat() if listing.expires_on else None,
        "version": listing.version,
    }
    if vector is not None:
        document["embedding"] = vector
    return document


def organisation_document(organisation: Organisation) -> dict:
    """What a listing's document carries of its organisation: enough to facet, show and sort by it."""
    return {
        "id": organisation.id,
        "slug": organisation.slug,
        "kind": organisation.kind.value,
        "name_vi": organisation.name_vi,
        "name_en": organisation.name_en,
        "short_name": organisation.short_name,
        "province": organisation.province,
    }


def not_public_document(listing_id: int, version: int) -> dict:
    """The stand-in of a listing that is not public: no text, filtered out of every query (``query.PUBLIC_ONLY``)."""
    return {"listing_id": listing_id, "public": False, "version": version}
