"""The report's sections on demand: what users look for (the search log) and the technology trends."""

from flask_babel import gettext as _

from techport.listings.vocabulary import SECTORS
from techport.reports import activity, demand, trends
from techport.reports.periods import Period
from techport.reports.tables import Section, Table, label


def _sector_name(sector: str | None) -> str:
    return label(SECTORS, sector) if sector else _("No sector chosen")


def search_section(period: Period, search_groups: list[tuple]) -> Section:
    top = Table(_("Top searches"), [_("Words searched"), _("Searches"), _("Searches with no result")], chart="bar")
    top.rows = [
        [entry.query, entry.searches, entry.without_result]
        for entry in demand.top_searches(period, groups=search_groups)
    ]
    empty = Table(_("Searches with no result"), [_("Words searched"), _("Searches with no result")])
    empty.rows = [
        [entry.query, entry.without_result]
        for entry in demand.top_searches(period, without_result_only=True, groups=search_groups)
    ]
    by_sector = demand.searches_by_sector(period, search_groups)
    unmatched = demand.unmatched_needs(period)
    sectors = Table(
        _("Unmet demand by sector"),
        [
            _("Sector"),
            _("Searches"),
            _("Searches with no result"),
            _("Needs without a strong match"),
            _("Most searched words"),
        ],
        chart="bar",
        chart_columns=(2, 3),
    )
    for sector in [*SECTORS, None]:
        row = [by_sector.searches[sector], by_sector.without_result[sector], unmatched[sector]]
        if any(row):
            sectors.rows.append([_sector_name(sector), *row, by_sector.top_query.get(sector, "")])
    notes = [
        _(
            "Searches are logged without who searched or from where, and kept for the retention the exchange "
            "sets (12 months by default); a search filtered on several sectors counts under the first."
        ),
        _(
            "A need has a strong match when a public offer or IP asset shares one of its sectors and one of its "
            "keywords; the needs counted are those published in the period and still public."
        ),
    ]
    return Section("searches", _("What users look for"), [top, empty, sectors], notes)


def trend_section(period: Period, search_groups: list[tuple]) -> Section:
    sector_trends = trends.sector_trends(period, search_groups)
    new = Table(
        _("New listings per sector"),
        [
            _("Sector"),
            _("Offers"),
            _("Needs"),
            _("IP assets"),
            _("Offers (previous)"),
            _("Needs (previous)"),
            _("IP assets (previous)"),
        ],
        chart="bar",
        chart_columns=(1, 2, 3),
    )
    gap = Table(
        _("Demand–supply gap"),
        [_("Sector"), _("Needs"), _("Searches with no result"), _("Offers"), _("IP assets"), _("Demand–supply gap")],
        chart="bar",
        chart_columns=(5,),
    )
    for trend in sector_trends:
        name = label(SECTORS, trend.sector)
        new.rows.append(
            [
                name,
                trend.new["offer"],
                trend.new["need"],
                trend.new["ip_asset"],
                trend.previous["offer"],
                trend.previous["need"],
                trend.previous["ip_asset"],
            ]
        )
        gap.rows.append(
            [
                name,
                trend.new["need"],
                trend.searches_without_result,
                trend.new["offer"],
                trend.new["ip_asset"],
                trend.gap,
            ]
        )
    rising = Table(
        _("Rising technologies"),
        [_("Sector"), _("Technology"), _("Offers"), _("Needs"), _("Searches"), _("Previous period"), _("Change")],
    )
    for term in trends.rising_terms(period, search_groups=search_groups):
        rising.rows.append(
            [_sector_name(term.sector), term.term, term.offers, term.needs, term.searches, term.previous, term.change]
        )
    monthly = Table(
        _("Month by month"),
        [_("Month"), _("Listings published"), _("Inquiries started"), _("Agreements signed"), _("Searches")],
        chart="line",
        chart_columns=(1, 2, 3, 4),
    )
    for month in activity.monthly_series(period):
        monthly.rows.append(
            [
                f"{month.month.start:%m/%Y}",
                month.listings_published,
                month.inquiries,
                month.agreements,
                month.searches,
            ]
        )
    notes = [
        _(
            "The gap is the needs published in the period and the searches that found nothing, minus the offers "
            "and IP assets published in it; a positive gap is demand the exchange should go and find supply for."
        ),
        _(
            "Technologies are the keywords of new offers and needs (whole phrases as their owners wrote them) and "
            "the words searched, against the previous period."
        ),
    ]
    return Section("trends", _("Technology trends by sector"), [new, gap, rising, monthly], notes)
