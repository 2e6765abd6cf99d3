"""A table's chart: the data Chart.js draws on the page (static/js/report-charts.js) and, for the PDF, where
no script runs, the same bars drawn as inline SVG on the server."""

from markupsafe import Markup, escape

from techport.reports.tables import Table

# Dark enough on white for the bars' 3:1 contrast, and told apart in the legend by order and label.
COLOURS = ("#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#a16207")
SVG_WIDTH = 520
SVG_LABEL_WIDTH = 190
SVG_ROW_HEIGHT = 14
SVG_ROWS_MAX = 20


def _number(value) -> float:
    return value if isinstance(value, int | float) else 0


def chart_data(table: Table) -> dict:
    """What the page's script needs: the chart type, the row names and one series per charted column."""
    return {
        "type": table.chart,
        "labels": [str(row[0]) for row in table.rows],
        "datasets": [
            {
                "label": table.headers[column],
                "data": [_number(row[column]) for row in table.rows],
                "colour": COLOURS[number % len(COLOURS)],
            }
            for number, column in enumerate(table.chart_columns)
        ],
    }


def svg_bars(table: Table) -> Markup:
    """Horizontal bars of the first charted column (the table beside it holds every figure)."""
    column = table.chart_columns[0]
    rows = table.rows[:SVG_ROWS_MAX]
    values = [_number(row[column]) for row in rows]
    largest = max([abs(value) for value in values] + [1])
    bar_room = SVG_WIDTH - SVG_LABEL_WIDTH - 60
    height = SVG_ROW_HEIGHT * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SVG_WIDTH}" height="{height}" '
        f'viewBox="0 0 {SVG_WIDTH} {height}" role="img" aria-label="{escape(table.title)}">'
    ]
    for number, (row, value) in enumerate(zip(rows, values, strict=True)):
        top = number * SVG_ROW_HEIGHT + 2
        width = round(bar_room * abs(value) / largest, 1)
        name = str(row[0])
        name = name if len(name) <= 34 else name[:33] + "…"
        fill = COLOURS[0] if value >= 0 else COLOURS[1]
        parts.append(
            f'<text x="{SVG_LABEL_WIDTH - 6}" y="{top + 10}" text-anchor="end" font-size="8">{escape(name)}</text>'
            f'<rect x="{SVG_LABEL_WIDTH}" y="{top + 1}" width="{width}" height="{SVG_ROW_HEIGHT - 4}" fill="{fill}"/>'
            f'<text x="{SVG_LABEL_WIDTH + width + 4}" y="{top + 10}" font-size="8">{_thousands(value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _thousands(value: float) -> str:
    return f"{value:,}".replace(",", ".")
