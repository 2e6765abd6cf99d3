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
