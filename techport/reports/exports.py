"""The report as an XLSX workbook (one sheet per section), as a printable PDF (WeasyPrint), both titled and
dated as the official periodic report, and a section or a single table as CSV."""

import csv
import io
import re
from pathlib import Path

from flask import render_template
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from techport.reports.tables import Report, Section, Table

SHEET_TITLE_MAX = 31
# Debian's fonts-dejavu-core: DejaVu Sans and Serif carry every Vietnamese diacritic.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def official_title(report: Report) -> str:
    return _("Report on the activity of the technology exchange – %(period)s", period=report.period.label)


def _sheet_title(section: Section) -> str:
    return SHEET_TITLE_FORBIDDEN.sub(" ", section.title)[:SHEET_TITLE_MAX]


def workbook_bytes(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_title(section))
        sheet.append([official_title(report)])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([_("Prepared on %(date)s", date=f"{report.generated_on:%d/%m/%Y}")])
        sheet.append([section.title])
        sheet.cell(sheet.max_row, 1).font = bold
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(sheet.max_row, 1).font = bold
            sheet.append(table.headers)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.rows:
                sheet.append(row)
        for note in section.notes:
            sheet.append([])
            sheet.append([note])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def section_csv(section: Section) -> str:
    """Each table under its title, separated by an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in section.tables:
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        writer.writerow([])
    return buffer.getvalue()


def table_csv(table: Table) -> str:
    """Exactly the data of one table (a chart's data), headers in the reader's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return buffer.getvalue()


def pdf_bytes(report: Report) -> bytes:
    """The whole report, cover page first; charts are server-drawn SVG bars beside their tables."""
    from weasyprint import HTML  # heavy to import: only the processes that print pay for it

    return HTML(string=render_template("reports/pdf.html", report=report), base_url=str(FONT_DIR)).write_pdf()
