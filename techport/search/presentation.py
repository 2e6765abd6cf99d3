"""Labels and links for the search page: facet values in the reader's language, and URLs that
toggle one facet value or move to another page while keeping the rest of the search."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from techport.extensions import db
from techport.i18n import current_locale
from techport.ip_assets.vocabulary import IP_TYPE_LABELS, LEGAL_STATUS_LABELS
from techport.listings.vocabulary import KIND_LABELS, SECTORS, TRANSFER_MODES
from techport.organisations.models import Organisation

FACET_TITLES = {
    "kind": _l("Kind"),
    "sector": _l("Sector"),
    "trl": _l("Technology readiness (TRL)"),
    "ip_type": _l("IP type"),
    "legal_status": _l("Legal status"),
    "transfer_mode": _l("Transfer mode"),
    "organisation": _l("Organisation"),
    "province": _l("Province"),
    "language": _l("Language"),
    "price": _l("Price or budget"),
}
FACET_ORDER = list(FACET_TITLES)
LANGUAGE_LABELS = {"vi": _l("Vietnamese"), "en": _l("English")}
TRL_LABELS = {"1-3": _l("TRL 1–3 (research)"), "4-6": _l("TRL 4–6 (prototype)"), "7-9": _l("TRL 7–9 (proven)")}
PRICE_LABELS = {
    "under-100m": _l("Under 100 million VND"),
    "100m-500m": _l("100–500 million VND"),
    "500m-2b": _l("500 million – 2 billion VND"),
    "over-2b": _l("Over 2 billion VND"),
}
SORT_LABELS = {"relevance": _l("Relevance"), "newest": _l("Newest"), "trl": _l("Highest TRL")}
VOCABULARIES = {
    "kind": KIND_LABELS,
    "sector": SECTORS,
    "ip_type": IP_TYPE_LABELS,
    "legal_status": LEGAL_STATUS_LABELS,
    "transfer_mode": TRANSFER_MODES,
    "language": LANGUAGE_LABELS,
    "trl": TRL_LABELS,
    "price": PRICE_LABELS,
}


def organisation_names(slugs: list[str]) -> dict[str, str]:
    if not slugs:
        return {}
    organisations = db.session.scalars(db.select(Organisation).where(Organisation.slug.in_(slugs)))
    locale = current_locale()
    return {
        organisation.slug: organisation.short_name or organisation.name_for(locale) for organisation in organisations
    }


def facet_label(name: str, value: str, organisations: dict[str, str]) -> str:
    if name == "organisation":
        return organisations.get(value, value)
    vocabulary = VOCABULARIES.get(name, {})
    return str(vocabulary.get(value, value))


def toggled_url(args: MultiDict, name: str, value: str) -> str:
    """The search URL with ``value`` of facet ``name`` switched on or off, back on page 1."""
    params = MultiDict(args)
    values = params.getlist(name)
    params.setlist(name, [other for other in values if other != value] if value in values else [*values, value])
    params.pop("page", None)
    return url_for("search.search_page", **params.to_dict(flat=False))


def page_url(args: MultiDict, page: int) -> str:
    params = MultiDict(args)
    params["page"] = str(page)
    return url_for("search.search_page", **params.to_dict(flat=False))
