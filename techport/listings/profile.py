"""Validation of the standard profile, shared by the JSON Lines importer and the service layer.

``parse_profile`` turns a plain dict (one JSON Lines record) into a ``Profile`` or reports every problem
at once, with the field it concerns, so an import can say exactly what is wrong with a line.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from techport.ip_assets.vocabulary import IP_NUMBER_MAX, NAME_MAX, IpType, LegalStatus
from techport.listings.vocabulary import (
    CONTACT_FIELD_MAX,
    DESCRIPTION_MAX,
    DETAIL_TEXT_MAX,
    EXTERNAL_ID_MAX,
    KEYWORD_MAX,
    KEYWORDS_MAX_COUNT,
    PARTNER_SOUGHT_MAX,
    SECTORS,
    SECTORS_MAX_COUNT,
    SUMMARY_MAX,
    TITLE_MAX,
    TRANSFER_MODES,
    TRL_MAX,
    TRL_MIN,
    Language,
    ListingKind,
    ListingStatus,
    OfferType,
)

EXTERNAL_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]+$")
# C0 and C1 control characters other than tab and line breaks: invisible in the text, and NUL is refused
# by PostgreSQL outright, which would abort a whole import instead of one line.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The BIGINT column (and the index's long) holds no more.
PRICE_VND_MAX = 2**63 - 1
KNOWN_FIELDS = frozenset(
    {
        "external_id",
        "organisation",
        "kind",
        "status",
        "language",
        "title",
        "summary",
        "description",
        "advantages",
        "specification_sought",
        "offer_type",
        "trl",
        "sectors",
        "keywords",
        "transfer_modes",
        "price_vnd",
        "price_negotiable",
        "partner_sought",
        "ip",
        "contact",
        "published_at",
    }
)
IP_FIELDS = frozenset(
    {
        "ip_type",
        "legal_status",
        "application_number",
        "application_date",
        "grant_number",
        "grant_date",
        "inventors",
        "owners",
    }
)


class ProfileError(ValueError):
    """The record breaks the profile; ``problems`` lists each broken rule."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class IpProfile:
    ip_type: IpType
    legal_status: LegalStatus
    application_number: str = ""
    application_date: date | None = None
    grant_number: str = ""
    grant_date: date | None = None
    inventors: list[str] = field(default_factory=list)
    owners: list[dict] = field(default_factory=list)


@dataclass
class Profile:
    external_id: str
    organisation: str
    kind: ListingKind
    status: ListingStatus
    language: Language
    title: str
    summary: str
    description: str
    trl: int
    sectors: list[str]
    transfer_modes: list[str]
    advantages: str = ""
    specification_sought: str = ""
    offer_type: OfferType = OfferType.TECHNOLOGY
    keywords: list[str] = field(default_factory=list)
    price_vnd: int | None = None
    price_negotiable: bool = False
    partner_sought: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    published_on: date | None = None
    ip: IpProfile | None = None


class _Checker:
    """Collects problems while reading fields, so one pass reports all of them."""

    def __init__(self, record: dict, prefix: str = ""):
        self.record = record
        self.prefix = prefix
        self.problems: list[str] = []

    def fail(self, name: str, message: str) -> None:
        self.problems.append(f"{self.prefix}{name}: {message}")

    def text(self, name: str, max_length: int, required: bool = False) -> str:
        value = self.record.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(name, "must be a string")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(name, "is required")
        if len(value) > max_length:
            self.fail(name, f"is {len(value)} characters long; the limit is {max_length}")
        self.printable(name, value)
        return value

    def printable(self, name: str, value: str) -> None:
        control = CONTROL_CHARACTER.search(value)
        if control:
            self.fail(
                name,
                f"contains the control character U+{ord(control.group()):04X}; only tabs and line breaks are allowed",
            )

    def choice(self, name: str, choices: type, default=None):
        value = self.record.get(name)
        if value is None:
            if default is None:
                self.fail(name, "is required")
            return default
        try:
            return choices(value)
        except ValueError:
            self.fail(name, f"{value!r} is not one of {', '.join(member.value for member in choices)}")
            return default

    def codes(self, name: str, allowed, min_count: int, max_count: int | None = None) -> list[str]:
        value = self.record.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(name, "must be a list of codes")
            return []
        unknown = [item for item in value if item not in allowed]
        if unknown:
            self.fail(name, f"unknown code(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
        if len(value) < min_count:
            self.fail(name, f"needs at least {min_count} code(s)")
        if max_count is not None and len(value) > max_count:
            self.fail(name, f"allows at most {max_count} code(s)")
        return list(dict.fromkeys(value))

    def strings(self, name: str, max_count: int | None, max_length: int) -> list[str]:
        value = self.record.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(name, "must be a list of strings")
            return []
        cleaned = [item.strip() for item in value if item.strip()]
        if max_count is not None and len(cleaned) > max_count:
            self.fail(name, f"allows at most {max_count} entries")
        if any(len(item) > max_length for item in cleaned):
            self.fail(name, f"entries are limited to {max_length} characters")
        self.printable(name, "\n".join(cleaned))
        return cleaned

    def day(self, name: str) -> date | None:
        value = self.record.get(name)
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(name, f"{value!r} is not a date in the form YYYY-MM-DD")
            return None


def parse_profile(record: dict) -> Profile:
    """Validate one record of the JSON Lines format; raise ``ProfileError`` listing every problem."""
    if not isinstance(record, dict):
        raise ProfileError(["the line must hold a JSON object"])
    check = _Checker(record)
    unknown = sorted(set(record) - KNOWN_FIELDS)
    if unknown:
        check.fail("line", f"unknown field(s) {', '.join(unknown)}")

    external_id = check.text("external_id", EXTERNAL_ID_MAX, required=True)
    if external_id and not EXTERNAL_ID_PATTERN.match(external_id):
        check.fail("external_id", "may hold only letters, digits, '.', '-' and '_'")
    kind = check.choice("kind", ListingKind)
    trl = record.get("trl")
    if not isinstance(trl, int) or isinstance(trl, bool) or not TRL_MIN <= trl <= TRL_MAX:
        check.fail("trl", f"must be a whole number from {TRL_MIN} to {TRL_MAX}")
        trl = TRL_MIN
    price = record.get("price_vnd")
    if price is not None and (not isinstance(price, int) or isinstance(price, bool) or not 0 <= price <= PRICE_VND_MAX):
        check.fail("price_vnd", f"must be a whole number of VND from 0 to {PRICE_VND_MAX}, or null")
        price = None
    negotiable = record.get("price_negotiable", False)
    if not isinstance(negotiable, bool):
        check.fail("price_negotiable", "must be true or false")
        negotiable = False
    contact = record.get("contact") or {}
    if not isinstance(contact, dict):
        check.fail("contact", "must be an object with name, email and phone")
        contact = {}
    contact_check = _Checker(contact, "contact.")

    profile = Profile(
        external_id=external_id,
        organisation=check.text("organisation", 80, required=True),
        kind=kind,
        status=check.choice("status", ListingStatus, ListingStatus.DRAFT),
        language=check.choice("language", Language),
        title=check.text("title", TITLE_MAX, required=True),
        summary=check.text("summary", SUMMARY_MAX, required=True),
        description=check.text("description", DESCRIPTION_MAX, required=True),
        advantages=check.text("advantages", DETAIL_TEXT_MAX),
        specification_sought=check.text("specification_sought", DETAIL_TEXT_MAX),
        offer_type=check.choice("offer_type", OfferType, OfferType.TECHNOLOGY),
        trl=trl,
        sectors=check.codes("sectors", SECTORS, 1, SECTORS_MAX_COUNT),
        keywords=check.strings("keywords", KEYWORDS_MAX_COUNT, KEYWORD_MAX),
        transfer_modes=check.codes("transfer_modes", TRANSFER_MODES, 1),
        price_vnd=price,
        price_negotiable=negotiable,
        partner_sought=check.text("partner_sought", PARTNER_SOUGHT_MAX),
        contact_name=contact_check.text("name", CONTACT_FIELD_MAX),
        contact_email=contact_check.text("email", CONTACT_FIELD_MAX),
        contact_phone=contact_check.text("phone", CONTACT_FIELD_MAX),
        published_on=check.day("published_at"),
    )
    if profile.contact_email and "@" not in profile.contact_email:
        contact_check.fail("email", "is not an e-mail address")
    check.problems.extend(contact_check.problems)

    if kind == ListingKind.IP_ASSET:
        profile.ip = _parse_ip(record.get("ip"), check)
    elif record.get("ip") is not None:
        check.fail("ip", "is only for IP assets")
    if kind == ListingKind.NEED and profile.advantages:
        check.fail("advantages", "is for offers and IP assets, not needs")
    if kind != ListingKind.NEED and profile.specification_sought:
        check.fail("specification_sought", "is for needs only")

    if check.problems:
        raise ProfileError(check.problems)
    return profile


def _parse_ip(raw, parent: _Checker) -> IpProfile | None:
    if not isinstance(raw, dict):
        parent.fail("ip", "is required for IP assets and must be an object")
        return None
    check = _Checker(raw, "ip.")
    unknown = sorted(set(raw) - IP_FIELDS)
    if unknown:
        check.fail("ip", f"unknown field(s) {', '.join(unknown)}")
    owners = raw.get("owners", [])
    if not isinstance(owners, list) or not all(
        isinstance(owner, dict)
        and isinstance(owner.get("name"), str)
        and owner["name"].strip()
        and isinstance(owner.get("share"), (int, float))
        and not isinstance(owner.get("share"), bool)
        and 0 < owner["share"] <= 100
        for owner in owners
    ):
        check.fail("owners", "must be a list of {name, share} with shares above 0 and up to 100")
        owners = []
    elif owners and abs(sum(owner["share"] for owner in owners) - 100) > 0.01:
        check.fail("owners", f"shares add up to {sum(owner['share'] for owner in owners)}, not 100")
    check.printable("owners", "\n".join(owner["name"] for owner in owners))
    ip = IpProfile(
        ip_type=check.choice("ip_type", IpType),
        legal_status=check.choice("legal_status", LegalStatus),
        application_number=check.text("application_number", IP_NUMBER_MAX),
        application_date=check.day("application_date"),
        grant_number=check.text("grant_number", IP_NUMBER_MAX),
        grant_date=check.day("grant_date"),
        inventors=check.strings("inventors", None, NAME_MAX),
        owners=[{"name": owner["name"].strip(), "share": owner["share"]} for owner in owners],
    )
    parent.problems.extend(check.problems)
    return ip
