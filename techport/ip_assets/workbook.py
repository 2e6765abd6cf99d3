"""The register as an XLSX workbook in the toolkit's template, and back into rows.

One row per protection title; the asset's own columns (name, reference, people) repeat on each of its
titles. Headers, instructions and code lists are bilingual in the file itself, so one template serves
every office whatever language its staff read. The computed deadlines are written for reading only:
the import ignores them and computes its own.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from techport.ip_assets.vocabulary import PROTECTION_TYPE_LABELS, TITLE_STATUS_LABELS

SHEET_REGISTER = "Sổ đăng ký - Register"
SHEET_INSTRUCTIONS = "Hướng dẫn - Instructions"
SHEET_CODES = "Danh mục - Codes"
VALIDATED_ROWS = 2000
MAX_ROWS = 5000
FORMULA_STARTS = ("=", "+", "-", "@")
YES, NO = "yes", "no"


class WorkbookError(ValueError):
    """The file is not a register workbook at all; the message says why (English and Vietnamese)."""


@dataclass(frozen=True)
class Column:
    key: str
    vietnamese: str
    english: str
    note: str
    width: int = 18

    @property
    def header(self) -> str:
        return f"{self.vietnamese} / {self.english}"


COLUMNS = (
    Column("reference", "Mã nội bộ", "Internal reference", "identifies the asset when set / xác định tài sản"),
    Column("asset_title", "Tên tài sản", "Asset name", "required / bắt buộc", 36),
    Column("summary", "Tóm tắt", "Summary", "", 36),
    Column("is_public", "Công khai", "Public", "yes | no"),
    Column("protection_type", "Loại bảo hộ", "Type of protection", "code from the list / mã trong danh mục"),
    Column("status", "Tình trạng", "Legal status", "code from the list / mã trong danh mục"),
    Column("office", "Cơ quan", "Office", ""),
    Column("country", "Quốc gia", "Country", "two letters, e.g. VN"),
    Column("application_number", "Số đơn", "Application number", "identifies the title / xác định văn bằng"),
    Column("application_date", "Ngày nộp đơn", "Filing date", "YYYY-MM-DD"),
    Column("priority_date", "Ngày ưu tiên", "Priority date", "YYYY-MM-DD, only when claimed"),
    Column("publication_number", "Số công bố", "Publication number", ""),
    Column("publication_date", "Ngày công bố", "Publication date", "YYYY-MM-DD"),
    Column("grant_number", "Số văn bằng", "Grant number", ""),
    Column("grant_date", "Ngày cấp", "Grant date", "YYYY-MM-DD"),
    Column("renewals", "Số lần gia hạn", "Renewals granted", "0-20"),
    Column("woody_plant", "Cây thân gỗ, nho", "Tree or vine", "yes | no (plant varieties)"),
    Column("inventors", "Tác giả", "Inventors or authors", "one per line: name; affiliation; e-mail; share %", 40),
    Column("owners", "Chủ sở hữu", "Owners and co-owners", "one per line: name; share %", 32),
    Column("deadlines", "Thời hạn (tự tính)", "Deadlines (computed)", "ignored on import / bỏ qua khi nhập", 48),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
DATE_COLUMNS = frozenset({"application_date", "priority_date", "publication_date", "grant_date"})
READ_ONLY_COLUMNS = frozenset({"deadlines"})
YES_NO = [(YES, "có / yes"), (NO, "không / no")]


def _bilingual(label) -> str:
    with force_locale("vi"):
        vietnamese = str(label)
    with force_locale("en"):
        return f"{vietnamese} / {label}"


def code_lists() -> dict[str, list[tuple[str, str]]]:
    """The drop-down codes of each controlled column, with their meaning in both languages."""
    return {
        "protection_type": [(code.value, _bilingual(label)) for code, label in PROTECTION_TYPE_LABELS.items()],
        "status": [(code.value, _bilingual(label)) for code, label in TITLE_STATUS_LABELS.items()],
        "is_public": YES_NO,
        "woody_plant": YES_NO,
    }


INSTRUCTIONS = (
    ("Bộ công cụ mẫu theo dõi, quản lý tài sản trí tuệ – Techport", "IP register toolkit template – Techport"),
    (
        "Mỗi dòng là một văn bằng hoặc đơn (sáng chế, kiểu dáng...); dòng đầu là tiêu đề cột, đừng đổi tên cột.",
        "One row per title or application (patent, design...); the first row holds the headers: do not rename them.",
    ),
    (
        "Một tài sản có nhiều văn bằng thì ghi nhiều dòng với cùng mã nội bộ (hoặc cùng tên tài sản).",
        "An asset with several titles takes several rows with the same internal reference (or the same name).",
    ),
    (
        "Số đơn xác định văn bằng: nhập lại cùng số đơn sẽ cập nhật văn bằng đó.",
        "The application number identifies a title: importing the same number again updates it.",
    ),
    (
        "Loại bảo hộ và tình trạng chọn trong danh sách (xem trang Danh mục).",
        "Type of protection and legal status come from the drop-down lists (see the Codes sheet).",
    ),
    (
        "Tác giả: mỗi người một dòng trong ô, dạng: tên; đơn vị; e-mail; tỷ lệ thù lao %.",
        "Inventors: one person per line inside the cell: name; affiliation; e-mail; remuneration share %.",
    ),
    (
        "Chủ sở hữu: mỗi chủ một dòng, dạng: tên; tỷ lệ %. Tổng tỷ lệ không quá 100.",
        "Owners: one per line: name; share %. Shares add up to at most 100.",
    ),
    (
        "Để trống cột tác giả hoặc chủ sở hữu thì giữ nguyên danh sách đã có.",
        "Leave the inventors or owners cell empty to keep the people already recorded.",
    ),
    (
        "Cột Thời hạn do Techport tính theo Luật Sở hữu trí tuệ; khi nhập sẽ được bỏ qua.",
        "The Deadlines column is computed by Techport under the IP Law; the import ignores it.",
    ),
    (
        "Tác giả, e-mail và tỷ lệ thù lao không bao giờ hiện công khai.",
        "Inventors, their e-mails and remuneration shares are never shown publicly.",
    ),
    (
        "Trên trang nhập, bản xem trước cho biết dòng nào được tạo, cập nhật hay bị từ chối và lý do.",
        "On the import page, the preview shows which rows will be created, updated or refused, and why.",
    ),
)


def write_workbook(rows: list[dict], extra_header: str | None = None) -> bytes:
    """The template with ``rows`` (dicts keyed by ``COLUMN_KEYS``, plus ``extra`` when ``extra_header``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_REGISTER
    headers = [column.header for column in COLUMNS] + ([extra_header] if extra_header else [])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        values = [row.get(key) for key in COLUMN_KEYS] + ([row.get("extra")] if extra_header else [])
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
                cell.data_type = "s"  # text a spreadsheet program would run as a formula stays text
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    _add_codes_and_drop_downs(workbook, sheet)
    _add_instructions(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_codes_and_drop_downs(workbook: Workbook, sheet) -> None:
    codes = workbook.create_sheet(SHEET_CODES)
    for block, (key, choices) in enumerate(code_lists().items()):
        code_column = block * 3 + 1
        letter = get_column_letter(code_column)
        codes.cell(row=1, column=code_column, value=COLUMNS[COLUMN_KEYS.index(key)].header).font = Font(bold=True)
        codes.cell(row=1, column=code_column + 1, value="Ý nghĩa / Meaning").font = Font(bold=True)
        for row, (code, label) in enumerate(choices, start=2):
            codes.cell(row=row, column=code_column, value=code)
            codes.cell(row=row, column=code_column + 1, value=label)
        codes.column_dimensions[letter].width = 24
        codes.column_dimensions[get_column_letter(code_column + 1)].width = 30
        validation = DataValidation(
            type="list",
            formula1=f"'{SHEET_CODES}'!${letter}$2:${letter}${len(choices) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Techport",
            error="Chọn một giá trị trong danh sách / Choose a value from the list.",
        )
        target = get_column_letter(COLUMN_KEYS.index(key) + 1)
        validation.add(f"{target}2:{target}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)


def _add_instructions(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(SHEET_INSTRUCTIONS, 0)
    sheet.append(["Hướng dẫn", "Instructions"])
    for vietnamese, english in INSTRUCTIONS:
        sheet.append([vietnamese, english])
    sheet.append([])
    sheet.append(["Cột", "Column", "Ghi chú / Note"])
    for column in COLUMNS:
        sheet.append([column.vietnamese, column.english, column.note])
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = sheet["B1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 40


def _header_keys(header: tuple) -> list[str | None]:
    lookup = {}
    for column in COLUMNS:
        for name in (column.key, column.header, column.vietnamese, column.english):
            lookup[name.strip().casefold()] = column.key
    return [lookup.get(str(cell).strip().casefold()) if cell is not None else None for cell in header]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number in the sheet, its cells as text by column key) for every row that is not blank."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise WorkbookError("the file is not an Excel workbook (.xlsx) / tệp không phải sổ tính Excel") from error
    sheet = workbook[SHEET_REGISTER] if SHEET_REGISTER in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    keys = _header_keys(header or ())
    if "asset_title" not in keys:
        raise WorkbookError("the first row does not hold the template's headers / dòng đầu không phải tiêu đề mẫu")
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise WorkbookError(f"more than {MAX_ROWS} rows; split the file / quá {MAX_ROWS} dòng, hãy tách tệp")
        cells = {
            key: _cell_text(value)
            for key, value in zip(keys, values, strict=False)
            if key and key not in READ_ONLY_COLUMNS
        }
        if any(cells.values()):
            yield number, cells
    workbook.close()
