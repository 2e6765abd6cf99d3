"""IP types and legal statuses, as Vietnam's IP Office names them."""

import enum

from flask_babel import lazy_gettext as _l


class IpType(enum.StrEnum):
    PATENT = "patent"
    UTILITY_SOLUTION = "utility_solution"
    INDUSTRIAL_DESIGN = "industrial_design"
    TRADEMARK = "trademark"
    PLANT_VARIETY = "plant_variety"
    SOFTWARE_COPYRIGHT = "software_copyright"
    TRADE_SECRET = "trade_secret"


class LegalStatus(enum.StrEnum):
    FILED = "filed"
    GRANTED = "granted"
    EXPIRED = "expired"
    REFUSED = "refused"


IP_TYPE_LABELS = {
    IpType.PATENT: _l("Patent"),
    IpType.UTILITY_SOLUTION: _l("Utility solution"),
    IpType.INDUSTRIAL_DESIGN: _l("Industrial design"),
    IpType.TRADEMARK: _l("Trademark"),
    IpType.PLANT_VARIETY: _l("Plant variety"),
    IpType.SOFTWARE_COPYRIGHT: _l("Software copyright"),
    IpType.TRADE_SECRET: _l("Trade secret or know-how"),
}

LEGAL_STATUS_LABELS = {
    LegalStatus.FILED: _l("Filed"),
    LegalStatus.GRANTED: _l("Granted"),
    LegalStatus.EXPIRED: _l("Expired"),
    LegalStatus.REFUSED: _l("Refused"),
}

IP_NUMBER_MAX = 64
NAME_MAX = 120


class ProtectionType(enum.StrEnum):
    """The kinds of protection title the register keeps (a superset of the listing's ``IpType``)."""

    PATENT = "patent"
    UTILITY_SOLUTION = "utility_solution"
    INDUSTRIAL_DESIGN = "industrial_design"
    TRADEMARK = "trademark"
    PLANT_VARIETY = "plant_variety"
    SOFTWARE_COPYRIGHT = "software_copyright"
    LAYOUT_DESIGN = "layout_design"
    TRADE_SECRET = "trade_secret"


PROTECTION_TYPE_LABELS = {
    **{ProtectionType(ip_type.value): label for ip_type, label in IP_TYPE_LABELS.items()},
    ProtectionType.LAYOUT_DESIGN: _l("Semiconductor layout design"),
}


class TitleStatus(enum.StrEnum):
    """The legal timeline of a title, in the order the IP Office usually moves it."""

    FILED = "filed"
    FORMALITY_EXAMINATION = "formality_examination"
    PUBLISHED = "published"
    EXAMINATION_REQUESTED = "examination_requested"
    GRANTED = "granted"
    REFUSED = "refused"
    MAINTAINED = "maintained"
    LAPSED = "lapsed"
    EXPIRED = "expired"


TITLE_STATUS_LABELS = {
    TitleStatus.FILED: _l("Filed"),
    TitleStatus.FORMALITY_EXAMINATION: _l("Formality examination"),
    TitleStatus.PUBLISHED: _l("Published"),
    TitleStatus.EXAMINATION_REQUESTED: _l("Substantive examination requested"),
    TitleStatus.GRANTED: _l("Granted"),
    TitleStatus.REFUSED: _l("Refused"),
    TitleStatus.MAINTAINED: _l("Maintained"),
    TitleStatus.LAPSED: _l("Lapsed"),
    TitleStatus.EXPIRED: _l("Expired"),
}
# Before these, substantive examination may still have to be requested.
PENDING_STATUSES = frozenset({TitleStatus.FILED, TitleStatus.FORMALITY_EXAMINATION, TitleStatus.PUBLISHED})
IN_FORCE_STATUSES = frozenset({TitleStatus.GRANTED, TitleStatus.MAINTAINED})
ENDED_STATUSES = frozenset({TitleStatus.REFUSED, TitleStatus.LAPSED, TitleStatus.EXPIRED})

OFFICE_MAX = 120
COUNTRY_MAX = 2
ASSET_TITLE_MAX = 300
AFFILIATION_MAX = 200
EMAIL_MAX = 254
NOTE_MAX = 1000
