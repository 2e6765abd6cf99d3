"""The coded values of the standard profile, with their Vietnamese and English labels.

Codes are stored and exchanged (import/export, search documents); labels are only for display.
"""

import enum

from flask_babel import lazy_gettext as _l


class ListingKind(enum.StrEnum):
    OFFER = "offer"
    NEED = "need"
    IP_ASSET = "ip_asset"


class OfferType(enum.StrEnum):
    TECHNOLOGY = "technology"
    EQUIPMENT = "equipment"


class ListingStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    EXPIRED = "expired"
    ARCHIVED = "archived"


class Language(enum.StrEnum):
    VI = "vi"
    EN = "en"


KIND_LABELS = {
    ListingKind.OFFER: _l("Technology offer"),
    ListingKind.NEED: _l("Technology need"),
    ListingKind.IP_ASSET: _l("IP asset"),
}

STATUS_LABELS = {
    ListingStatus.DRAFT: _l("Draft"),
    ListingStatus.SUBMITTED: _l("Awaiting review"),
    ListingStatus.PUBLISHED: _l("Published"),
    ListingStatus.EXPIRED: _l("Expired"),
    ListingStatus.ARCHIVED: _l("Archived"),
}

SECTORS = {
    "ai": _l("Artificial intelligence"),
    "fintech": _l("Fintech"),
    "edtech": _l("Education technology"),
    "smart_agriculture": _l("Smart and high-tech agriculture"),
    "health": _l("Health and medicine"),
    "social_impact": _l("Social impact"),
    "tourism": _l("Tourism"),
    "digital_transformation": _l("Digital transformation"),
    "biotech": _l("Biotechnology"),
    "food_processing": _l("Food processing"),
    "energy": _l("Energy"),
    "environment": _l("Environment"),
    "manufacturing": _l("Mechanical engineering and manufacturing"),
    "materials": _l("Materials"),
    "electronics": _l("Electronics and automation"),
    "construction": _l("Construction and architecture"),
    "transport": _l("Transport and logistics"),
    "water": _l("Water resources"),
}

TRANSFER_MODES = {
    "assignment": _l("Assignment"),
    "licence": _l("Licence"),
    "joint_venture": _l("Joint venture or capital contribution"),
    "rd_cooperation": _l("R&D cooperation"),
    "technical_consulting": _l("Technical consulting"),
}

TRL_MIN, TRL_MAX = 1, 9
TITLE_MAX = 256
SUMMARY_MAX = 500
DESCRIPTION_MAX = 4000
DETAIL_TEXT_MAX = 2000
PARTNER_SOUGHT_MAX = 500
EXTERNAL_ID_MAX = 64
KEYWORD_MAX = 64
KEYWORDS_MAX_COUNT = 5
SECTORS_MAX_COUNT = 3
CONTACT_FIELD_MAX = 254
PUBLICATION_MONTHS = 12
