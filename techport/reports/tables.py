"""The report's building blocks: plain tables grouped in sections, so the page, its charts, the CSV files,
the XLSX workbook and the PDF show the same figures with the same labels."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _

from techport.reports.periods import Period


@dataclass
class Table:
    """Rows whose first cell names the row; ``chart`` ("bar") draws the number columns ``chart_columns``."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str | None = None
    chart_columns: tuple[int, ...] = (1,)


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
    # When the figures were taken, for a report kept by the worker (techport.reports.stored); None: just now.
    figures_taken_at: datetime | None = None

    @property
    def title(self) -> str:
        return _("Report on the activity of the technology exchange – %(period)s", period=self.period.label)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def label(labels: dict, key: str) -> str:
    return str(labels.get(key, key))


def comparison_headers() -> list[str]:
    return [_("Item"), _("This period"), _("Previous period"), _("Change")]


def comparison(title: str, labels: dict, now: Counter, before: Counter, *, chart: str | None = None) -> Table:
    """One row per key with this period's count, the previous one's and the change."""
    keys = [key for key in labels if now[key] or before[key]]
    keys += sorted(key for key in set(now) | set(before) if key not in labels)
    table = Table(title, comparison_headers(), chart=chart, chart_columns=(1, 2))
    for key in keys:
        table.rows.append([label(labels, key), now[key], before[key], now[key] - before[key]])
    return table


def totals_row(name: str, now: int, before: int) -> list:
    return [name, now, before, now - before]


def percent(part: int, whole: int) -> str:
    """A share as text in the reader's language: "66,7 %" in Vietnamese, "66.7 %" in English."""
    return f"{format_decimal(100 * part / whole, format='0.0')} %" if whole else "–"
