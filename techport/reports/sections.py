"""The activity report's sections (listings, the universities' IP assets, deals, the funnel, exhibits) and
``build_report``, which adds what users look for and the trends (techport.reports.demand_sections)."""

from collections import Counter
from datetime import date

from flask_babel import gettext as _

from techport.i18n import current_locale
from techport.ip_assets.vocabulary import IP_TYPE_LABELS, LEGAL_STATUS_LABELS, IpType, LegalStatus
from techport.listings.vocabulary import KIND_LABELS, SECTORS, TRANSFER_MODES
from techport.organisations.forms import KIND_LABELS as ORGANISATION_KIND_LABELS
from techport.reports import activity, demand
from techport.reports.demand_sections import search_section, trend_section
from techport.reports.periods import Period
from techport.reports.tables import Report, Section, Table, comparison, comparison_headers, label, percent, totals_row

SECTION_KEYS = ("listings", "coverage", "inquiries", "funnel", "exhibits", "searches", "trends")


def _listing_section(period: Period, today: date) -> Section:
    previous = period.previous()
    figures = [
        (_("Published for the first time"), activity.listings_published(period), activity.listings_published(previous)),
        (_("Renewed"), activity.listings_renewed(period), activity.listings_renewed(previous)),
        (_("Expired"), activity.listings_expired(period, today), activity.listings_expired(previous, today)),
    ]
    totals = Table(
        _("All listings"),
        comparison_headers(),
        [totals_row(name, now.total, before.total) for name, now, before in figures],
        chart="bar",
        chart_columns=(1, 2),
    )
    tables = [totals]
    for number, (name, now, before) in enumerate(figures):
        for dimension, title, labels in (
            ("kind", _("by kind"), KIND_LABELS),
            ("sector", _("by sector"), SECTORS),
            ("organisation_kind", _("by kind of organisation"), ORGANISATION_KIND_LABELS),
        ):
            chart = "bar" if number == 0 and dimension != "organisation_kind" else None
            tables.append(comparison(f"{name} – {title}", labels, now.by[dimension], before.by[dimension], chart=chart))
    notes = [_("A renewal starts a new 12-month term of a listing published before; it is counted apart.")]
    return Section("listings", _("Listings published, renewed and expired"), tables, notes)


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
        chart="bar",
    )
    for entry in coverage:
        detail.rows.append(
            [entry.organisation.name_for(current_locale()), entry.assets]
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
        comparison_headers(),
        [
            totals_row(_("Inquiries started"), started.total, started_before.total),
            totals_row(_("NDAs signed"), ndas.total, ndas_before.total),
            totals_row(_("Agreements signed"), deals.count.total, deals_before.count.total),
            totals_row(_("Total disclosed value (VND)"), deals.total_value_vnd, deals_before.total_value_vnd),
            totals_row(_("Agreements with value not disclosed"), deals.undisclosed, deals_before.undisclosed),
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
            chart="bar" if dimension == "sector" else None,
            chart_columns=(1, 2, 3),
        )
        for key in labels:
            row = [
                started.by[dimension][key],
                ndas.by.get(dimension, Counter())[key],
                deals.count.by[dimension][key],
                deals.value_vnd[dimension][key],
            ]
            if any(row):
                table.rows.append([label(labels, key), *row])
        tables.append(table)
    notes = [_("Transfer modes are those the inquirer asked for and, for agreements, those signed.")]
    return Section("inquiries", _("Inquiries, NDAs and agreements"), tables, notes)


def _hours(duration) -> str | float:
    return round(duration.total_seconds() / 3600, 1) if duration is not None else "–"


def _funnel_section(period: Period) -> Section:
    now, before = activity.funnel(period), activity.funnel(period.previous())
    table = Table(
        _("From listing view to agreement"),
        [_("Step"), _("This period"), _("Share of inquiries"), _("Previous period")],
        [
            [_("Listing page views"), now.listing_views, "–", before.listing_views],
            [_("Inquiries started"), now.inquiries, percent(now.inquiries, now.inquiries), before.inquiries],
            [_("NDA signed"), now.nda_signed, percent(now.nda_signed, now.inquiries), before.nda_signed],
            [
                _("Agreement signed"),
                now.agreement_signed,
                percent(now.agreement_signed, now.inquiries),
                before.agreement_signed,
            ],
        ],
        chart="bar",
    )
    response = activity.median_first_response(period)
    response_before = activity.median_first_response(period.previous())
    timing = Table(
        _("Response"),
        [_("Item"), _("This period"), _("Previous period")],
        [[_("Median first-response time (hours)"), _hours(response), _hours(response_before)]],
    )
    notes = [
        _(
            "Views are every showing of a listing's page; NDAs and agreements are those reached so far by the "
            "inquiries started in the period."
        )
    ]
    return Section("funnel", _("Funnel and response time"), [table, timing], notes)


def _exhibit_section(period: Period) -> Section:
    table = Table(
        _("Exhibits"),
        [_("Exhibit"), _("Page views"), _("Sheet views"), _("Registered interest")],
        chart="bar",
        chart_columns=(1, 2, 3),
    )
    for figures in activity.exhibit_figures(period):
        table.rows.append([figures.exhibit.title_vi, figures.page_views, figures.sheet_views, figures.interests])
    notes = [_("A visitor counts once a day per listing shown, on the exhibit page and on the printed sheet.")]
    return Section("exhibits", _("Exhibits"), [table], notes)


def build_report(period: Period, today: date) -> Report:
    search_groups = demand.search_groups(period)
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
            search_section(period, search_groups),
            trend_section(period, search_groups),
        ],
    )
