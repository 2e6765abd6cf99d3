"""The report as sections of plain tables, so the page, the XLSX workbook and the CSV files show the
same figures with the same labels."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from techport.ip_assets.vocabulary import IP_TYPE_LABELS, LEGAL_STATUS_LABELS, IpType, LegalStatus
from techport.listings.vocabulary import KIND_LABELS, SECTORS, TRANSFER_MODES
from techport.organisations.forms import KIND_LABELS as ORGANISATION_KIND_LABELS
from techport.reports import activity, trends
from techport.reports.periods import Period

SECTION_KEYS = ("listings", "coverage", "inquiries", "funnel", "exhibits", "trends")


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    previous: Period
    generated_on: date
    sections: list[Section]

    @property
    def title(self) -> str:
        return _("Report on the activity of the technology exchange – %(period)s", period=self.period.label)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def _label(labels: dict, key: str) -> str:
    return str(labels.get(key, key))


def _comparison(title: str, labels: dict, now: Counter, before: Counter, *, keep_all: bool = False) -> Table:
    """One row per key with this period's count, the previous one's and the change."""
    keys = list(labels) if keep_all else [key for key in labels if now[key] or before[key]]
    keys += sorted(key for key in set(now) | set(before) if key not in labels)
    table = Table(title, [_("Item"), _("This period"), _("Previous period"), _("Change")])
    for key in keys:
        table.rows.append([_label(labels, key), now[key], before[key], now[key] - before[key]])
    return table


def _totals_row(label: str, now: int, before: int) -> list:
    return [label, now, before, now - before]


def _listing_section(period: Period, today: date) -> Section:
    tables = []
    for name, figures in (
        (_("Published"), lambda p: activity.listings_published(p)),
        (_("Expired"), lambda p: activity.listings_expired(p, today)),
    ):
        now, before = figures(period), figures(period.previous())
        tables.append(
            Table(
                name,
                [_("Item"), _("This period"), _("Previous period"), _("Change")],
                [_totals_row(_("All listings"), now.total, before.total)],
            )
        )
        for dimension, title, labels in (
            ("kind", _("by kind"), KIND_LABELS),
            ("sector", _("by sector"), SECTORS),
            ("organisation_kind", _("by kind of organisation"), ORGANISATION_KIND_LABELS),
        ):
            tables.append(_comparison(f"{name} – {title}", labels, now.by[dimension], before.by[dimension]))
    notes = [
        _(
            "A renewal starts a new 12-month term and is counted with the publications: listings keep no "
            "history of their terms yet, so renewals cannot be told apart."
        )
    ]
    return Section("listings", _("Listings published and expired"), tables, notes)


def _coverage_section(today: date) -> Section:
    coverage = activity.university_coverage(today)
    covered = sum(1 for entry in coverage if entry.assets)
    summary = Table(
        _("Universities"),
        [_("Item"), _("Number")],
        [
            [_("Universities on the exchange"), len(coverage)],
            [_("Universities with published IP assets"), covered],
            [_("Stale or empty portfolios (no update for 6 months)"), sum(1 for entry in coverage if entry.stale)],
        ],
    )
    detail = Table(
        _("IP assets per university"),
        [_("University"), _("IP assets")]
        + [str(IP_TYPE_LABELS[kind]) for kind in IpType]
        + [str(LEGAL_STATUS_LABELS[status]) for status in LegalStatus]
        + [_("Last update"), _("Stale")],
    )
    for entry in coverage:
        detail.rows.append(
            [entry.organisation.name_vi, entry.assets]
            + [entry.by_ip_type[kind.value] for kind in IpType]
            + [entry.by_legal_status[status.value] for status in LegalStatus]
            + [entry.last_update.isoformat() if entry.last_update else "", _("yes") if entry.stale else _("no")]
        )
    return Section("coverage", _("The universities' IP assets"), [summary, detail])


def _deal_section(period: Period) -> Section:
    previous = period.previous()
    started, started_before = activity.inquiries_started(period), activity.inquiries_started(previous)
    ndas, ndas_before = activity.ndas_signed(period), activity.ndas_signed(previous)
    deals, deals_before = activity.agreements_signed(period), activity.agreements_signed(previous)
    totals = Table(
        _("Totals"),
        [_("Item"), _("This period"), _("Previous period"), _("Change")],
        [
            _totals_row(_("Inquiries started"), started.total, started_before.total),
            _totals_row(_("NDAs signed"), ndas.total, ndas_before.total),
            _totals_row(_("Agreements signed"), deals.count.total, deals_before.count.total),
            _totals_row(_("Total disclosed value (VND)"), deals.total_value_vnd, deals_before.total_value_vnd),
            _totals_row(_("Agreements with value not disclosed"), deals.undisclosed, deals_before.undisclosed),
        ],
    )
    tables = [totals]
    universities = {
        name: name
        for name in sorted(
            set(started.by["university"]) | set(deals.count.by["university"]) | set(ndas.by["university"])
        )
    }
    for dimension, title, labels in (
        ("sector", _("By sector"), SECTORS),
        ("university", _("By university"), universities),
        ("transfer_mode", _("By transfer mode"), TRANSFER_MODES),
    ):
        table = Table(
            title,
            [_("Item"), _("Inquiries started"), _("NDAs signed"), _("Agreements signed"), _("Disclosed value (VND)")],
        )
        for key in labels:
            row = [
                started.by[dimension][key],
                ndas.by.get(dimension, Counter())[key],
                deals.count.by[dimension][key],
                deals.value_vnd[dimension][key],
            ]
            if any(row):
                table.rows.append([_label(labels, key), *row])
        tables.append(table)
    notes = [_("Transfer modes are those the inquirer asked for and, for agreements, those signed.")]
    return Section("inquiries", _("Inquiries, NDAs and agreements"), tables, notes)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _funnel_section(period: Period) -> Section:
    now, before = activity.funnel(period), activity.funnel(period.previous())
    table = Table(
        _("From inquiry to agreement"),
        [_("Step"), _("This period"), _("Share of inquiries"), _("Previous period")],
        [
            [_("Inquiries started"), now.inquiries, _percent(now.inquiries, now.inquiries), before.inquiries],
            [_("NDA signed"), now.nda_signed, _percent(now.nda_signed, now.inquiries), before.nda_signed],
            [
                _("Agreement signed"),
                now.agreement_signed,
                _percent(now.agreement_signed, now.inquiries),
                before.agreement_signed,
            ],
        ],
    )
    response = activity.median_first_response(period)
    response_before = activity.median_first_response(period.previous())
    timing = Table(
        _("Response"),
        [_("Item"), _("This period"), _("Previous period")],
        [
            [_("Median first-response time (hours)"), _hours(response), _hours(response_before)],
        ],
    )
    notes = [_("Listing pages do not count their views yet, so the funnel starts at the inquiry.")]
    return Section("funnel", _("Funnel and response time"), [table, timing], notes)


def _hours(duration) -> str | float:
    return round(duration.total_seconds() / 3600, 1) if duration is not None else "–"


def _exhibit_section(period: Period) -> Section:
    table = Table(_("Exhibits"), [_("Exhibit"), _("Page views"), _("Sheet views"), _("Registered interest")])
    for figures in activity.exhibit_figures(period):
        table.rows.append([figures.exhibit.title_vi, figures.page_views, figures.sheet_views, figures.interests])
    notes = [_("A visitor counts once a day per listing shown, on the exhibit page and on the printed sheet.")]
    return Section("exhibits", _("Exhibits"), [table], notes)


def _trend_section(period: Period) -> Section:
    table = Table(
        _("New listings per sector"),
        [
            _("Sector"),
            _("Offers"),
            _("Needs"),
            _("IP assets"),
            _("Offers (previous)"),
            _("Needs (previous)"),
            _("IP assets (previous)"),
            _("Demand–supply gap"),
        ],
    )
    for trend in trends.sector_trends(period):
        table.rows.append(
            [
                _label(SECTORS, trend.sector),
                trend.new["offer"],
                trend.new["need"],
                trend.new["ip_asset"],
                trend.previous["offer"],
                trend.previous["need"],
                trend.previous["ip_asset"],
                trend.gap,
            ]
        )
    notes = [
        _(
            "The gap is the needs published in the period minus the offers and IP assets published in it; "
            "a positive gap is demand the exchange should go and find supply for."
        )
    ]
    return Section("trends", _("Technology trends by sector"), [table], notes)


def build_report(period: Period, today: date) -> Report:
    return Report(
        period,
        period.previous(),
        today,
        [
            _listing_section(period, today),
            _coverage_section(today),
            _deal_section(period),
            _funnel_section(period),
            _exhibit_section(period),
            _trend_section(period),
        ],
    )
