"""Listings as spreadsheet rows (CSV and XLSX) in one bilingual template, to and from profile records.

A tech-transfer office keeps its portfolio in a spreadsheet, so the template is flat: one listing per
row, one column per field of the standard profile (docs/listings-jsonl.md), lists in one cell separated
by ";", IP owners as "name: share". Rows become the same records the JSON Lines importer reads, so one
validator (``parse_profile``) and one engine decide what every row does, whatever the file format.
"""

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from techport.ip_assets.vocabulary import IpType, LegalStatus
from techport.listings.vocabulary import SECTORS, TRANSFER_MODES, TRL_MAX, TRL_MIN, ListingKind, ListingStatus


@dataclass(frozen=True)
class Column:
    key: str
    vietnamese: str
    english: str
    note: str = ""

    @property
    def header(self) -> str:
        return f"{self.vietnamese} / {self.english}"


COLUMNS = (
    Column("external_id", "Mã riêng", "External id", "required; unique in the organisation; letters, digits . - _"),
    Column("organisation", "Tổ chức", "Organisation", "slug of the organisation; may be left empty on the site"),
    Column("kind", "Loại", "Kind", "offer | need | ip_asset"),
    Column("status", "Trạng thái", "Status", "draft (default) | submitted | published | expired | archived"),
    Column("language", "Ngôn ngữ", "Language", "vi | en"),
    Column("title", "Tiêu đề", "Title", "required, up to 256 characters"),
    Column("summary", "Tóm tắt", "Summary", "required, up to 500 characters"),
    Column("description", "Mô tả", "Description", "required, up to 4000 characters"),
    Column("advantages", "Ưu điểm", "Advantages", "offers and IP assets"),
    Column("specification_sought", "Yêu cầu kỹ thuật", "Specification sought", "needs only"),
    Column("offer_type", "Dạng chào bán", "Offer type", "technology | equipment (offers)"),
    Column("trl", "Mức sẵn sàng (TRL)", "TRL", "whole number 1-9"),
    Column("sectors", "Lĩnh vực", "Sectors", "1-3 codes separated by ;"),
    Column("keywords", "Từ khóa", "Keywords", "up to 5, separated by ;"),
    Column("transfer_modes", "Phương thức chuyển giao", "Transfer modes", "codes separated by ;"),
    Column("price_vnd", "Giá (VND)", "Price (VND)", "whole number or empty"),
    Column("price_negotiable", "Giá thương lượng", "Price negotiable", "yes | no"),
    Column("partner_sought", "Đối tác tìm kiếm", "Partner sought", ""),
    Column("contact_name", "Người liên hệ", "Contact name", "never shown publicly"),
    Column("contact_email", "Email liên hệ", "Contact e-mail", "never shown publicly"),
    Column("contact_phone", "Điện thoại liên hệ", "Contact phone", "never shown publicly"),
    Column("published_at", "Ngày đăng", "Published on", "YYYY-MM-DD"),
    Column("ip_type", "Loại tài sản trí tuệ", "IP type", "IP assets only"),
    Column("legal_status", "Tình trạng pháp lý", "Legal status", "IP assets only"),
    Column("application_number", "Số đơn", "Application number", "e.g. 1-2021-04512"),
    Column("application_date", "Ngày nộp đơn", "Application date", "YYYY-MM-DD"),
    Column("grant_number", "Số văn bằng", "Grant number", "when granted"),
    Column("grant_date", "Ngày cấp", "Grant date", "YYYY-MM-DD"),
    Column("inventors", "Tác giả", "Inventors", "names separated by ;"),
    Column("owners", "Chủ sở hữu", "Owners", "name: share; name: share (shares add up to 100)"),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
LIST_COLUMNS = frozenset({"sectors", "keywords", "transfer_modes", "inventors"})
CONTACT_COLUMNS = {"contact_name": "name", "contact_email": "email", "contact_phone": "phone"}
IP_COLUMNS = (
    "ip_type",
    "legal_status",
    "application_number",
    "application_date",
    "grant_number",
    "grant_date",
    "inventors",
    "owners",
)
DATE_COLUMNS = frozenset({"published_at", "application_date", "grant_date"})
INTEGER_COLUMNS = frozenset({"trl", "price_vnd"})
TRUE_WORDS = frozenset({"yes", "có", "co", "true", "1", "x"})
FALSE_WORDS = frozenset({"no", "không", "khong", "false", "0"})
LIST_SEPARATOR = ";"
# Cells starting so are formulas to spreadsheet programs; exports keep them text (CSV injection).
FORMULA_STARTS = frozenset("=+-@")
# "350000000", or grouped by thousands as people type it: "350.000.000", "350,000,000", "350 000 000".
WHOLE_NUMBER_TEXT = re.compile(r"[0-9]{1,40}|[0-9]{1,3}(?:([.,  ])[0-9]{3})(?:\1[0-9]{3})*")
SHEET_LISTINGS = "Listings - Danh sách"
SHEET_INSTRUCTIONS = "Instructions - Hướng dẫn"
SHEET_CODES = "Codes"
# Drop-down choices per column; a multi-code cell ("ai; energy") is offered codes without being refused.
CONTROLLED = {
    "kind": [kind.value for kind in ListingKind],
    "status": [status.value for status in ListingStatus],
    "language": ["vi", "en"],
    "offer_type": ["technology", "equipment"],
    "trl": [str(level) for level in range(TRL_MIN, TRL_MAX + 1)],
    "price_negotiable": ["yes", "no"],
    "ip_type": [ip_type.value for ip_type in IpType],
    "legal_status": [status.value for status in LegalStatus],
    "sectors": list(SECTORS),
    "transfer_modes": list(TRANSFER_MODES),
}
MULTI_CODE_COLUMNS = frozenset({"sectors", "transfer_modes"})
# Template rows formatted with drop-downs; rows beyond still import.
VALIDATED_ROWS = 5000


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (not the format it claims, or no recognisable header)."""


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for column in COLUMNS:
        for name in (column.header, column.vietnamese, column.english, column.key):
            lookup[name.strip().casefold()] = column.key
    return lookup


HEADER_LOOKUP = _header_lookup()


def _columns_of(header: list) -> list[str | None]:
    """The profile key of each header cell; an unknown header is an error, an empty one is skipped."""
    keys, unknown = [], []
    for cell in header:
        text = "" if cell is None else str(cell).strip()
        key = HEADER_LOOKUP.get(text.casefold()) if text else None
        if text and key is None:
            unknown.append(text)
        keys.append(key)
    if unknown:
        raise SpreadsheetError(f"unknown column(s): {', '.join(unknown)}")
    if "external_id" not in keys:
        raise SpreadsheetError("no header row with the template's columns (external id, kind, title, ...)")
    return keys


def _rows_of(values: Iterator[tuple], max_rows: int) -> Iterator[tuple[int, dict]]:
    """(row number, record) for each non-empty row after the header; row 1 is the header."""
    header = next(values, None)
    if header is None:
        raise SpreadsheetError("the file is empty")
    keys = _columns_of(list(header))
    count = 0
    for row_number, row in enumerate(values, start=2):
        cells = {key: value for key, value in zip(keys, row, strict=False) if key is not None}
        if all(_blank(value) for value in cells.values()):
            continue
        count += 1
        if count > max_rows:
            raise SpreadsheetError(f"the file has more than {max_rows} rows; split it")
        yield row_number, row_record(cells)


def read_csv(data: bytes, max_rows: int) -> Iterator[tuple[int, dict]]:
    """Rows of a UTF-8 CSV (comma or semicolon separated, as spreadsheet programs write them)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError('the CSV file is not UTF-8 text; save it as "CSV UTF-8"') from error
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        yield from _rows_of(iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), max_rows)
    except csv.Error as error:
        raise SpreadsheetError(f"the CSV file cannot be read: {error}") from error


def read_xlsx(data: bytes, max_rows: int) -> Iterator[tuple[int, dict]]:
    """Rows of the listings sheet (the template's, or else the first) of an XLSX workbook."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, XML and key errors alike for a broken file
        raise SpreadsheetError("the file is not a readable XLSX workbook") from error
    try:
        sheet = workbook[SHEET_LISTINGS] if SHEET_LISTINGS in workbook.sheetnames else workbook.worksheets[0]
        yield from _rows_of(sheet.iter_rows(values_only=True), max_rows)
    finally:
        workbook.close()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_value(key: str, value):
    """One cell as the JSON Lines record holds it; what cannot be converted is kept for the validator to refuse."""
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
            value = value[1:]
    if key in LIST_COLUMNS:
        return [item.strip() for item in str(value).split(LIST_SEPARATOR) if item.strip()]
    if key in DATE_COLUMNS and isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if key in INTEGER_COLUMNS:
        return _whole_number(value)
    if key == "price_negotiable":
        word = str(value).strip().casefold()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else value
    if key == "owners":
        return _owners(str(value))
    return value if isinstance(value, str) else str(value)


def _whole_number(value):
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and WHOLE_NUMBER_TEXT.fullmatch(value):
        return int(re.sub(r"[^0-9]", "", value))
    return value


def _owners(text: str):
    owners = []
    for part in text.split(LIST_SEPARATOR):
        if not part.strip():
            continue
        name, separator, share = part.rpartition(":")
        try:
            owners.append({"name": name.strip(), "share": float(share) if "." in share else int(share)})
        except ValueError:
            return text
        if not separator:
            return text
    return owners


def row_record(cells: dict) -> dict:
    """A flat spreadsheet row (profile key → cell value) as a JSON Lines record."""
    record, contact, ip = {}, {}, {}
    for key, value in cells.items():
        if _blank(value):
            continue
        converted = _cell_value(key, value)
        if key in CONTACT_COLUMNS:
            contact[CONTACT_COLUMNS[key]] = converted
        elif key in IP_COLUMNS:
            ip[key] = converted
        else:
            record[key] = converted
    if contact:
        record["contact"] = contact
    if ip:
        record["ip"] = ip
    return record


def record_row(record: dict) -> list:
    """A JSON Lines record as the template's row, the inverse of ``row_record``."""
    flat = {key: value for key, value in record.items() if key not in {"contact", "ip"}}
    flat.update({column: record.get("contact", {}).get(name) for column, name in CONTACT_COLUMNS.items()})
    flat.update({key: value for key, value in record.get("ip", {}).items()})
    row = []
    for key in COLUMN_KEYS:
        value = flat.get(key)
        if key in LIST_COLUMNS:
            value = f"{LIST_SEPARATOR} ".join(value or [])
        elif key == "owners":
            value = f"{LIST_SEPARATOR} ".join(f"{owner['name']}: {owner['share']}" for owner in value or [])
        elif key == "price_negotiable":
            value = "yes" if value else "no"
        row.append("" if value is None else value)
    return row


def write_csv(records) -> bytes:
    """The template as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the diacritics)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in COLUMNS])
    for record in records:
        writer.writerow([_defused(value) for value in record_row(record)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _defused(value):
    """A text a spreadsheet program would run as a formula ("=HYPERLINK(...)") gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value[:1] in FORMULA_STARTS else value


def write_xlsx(records) -> bytes:
    """The template as a workbook: the listings sheet with drop-downs, an instructions sheet and the codes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_LISTINGS
    sheet.append([column.header for column in COLUMNS])
    for record in records:
        sheet.append(record_row(record))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, _column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    _add_drop_downs(workbook, sheet)
    _add_instructions(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_drop_downs(workbook: Workbook, sheet) -> None:
    codes = workbook.create_sheet(SHEET_CODES)
    codes.sheet_state = "hidden"
    for code_column, (key, choices) in enumerate(CONTROLLED.items(), start=1):
        letter = get_column_letter(code_column)
        codes.cell(row=1, column=code_column, value=key)
        for row, choice in enumerate(choices, start=2):
            codes.cell(row=row, column=code_column, value=choice)
        strict = key not in MULTI_CODE_COLUMNS
        validation = DataValidation(
            type="list",
            formula1=f"'{SHEET_CODES}'!${letter}$2:${letter}${len(choices) + 1}",
            allow_blank=True,
            showErrorMessage=strict,
            errorTitle="Techport",
            error=f"Chọn một giá trị trong danh sách / Choose a value from the list: {', '.join(choices)}",
        )
        target = get_column_letter(COLUMN_KEYS.index(key) + 1)
        validation.add(f"{target}2:{target}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)


INSTRUCTIONS = (
    (
        "Mỗi dòng là một hồ sơ công nghệ; dòng đầu là tiêu đề cột, đừng đổi tên cột.",
        "One listing per row; the first row holds the column headers, do not rename them.",
    ),
    (
        "Mã riêng xác định hồ sơ: nhập lại cùng mã sẽ cập nhật hồ sơ đó.",
        "The external id identifies a listing: importing the same id again updates it.",
    ),
    (
        "Danh sách (lĩnh vực, từ khóa, phương thức) ghi trong một ô, cách nhau bằng dấu ;",
        "Lists (sectors, keywords, transfer modes) go in one cell, separated by ;",
    ),
    ('Chủ sở hữu ghi dạng "tên: tỷ lệ"; tổng tỷ lệ là 100.', 'Owners are written "name: share"; shares add up to 100.'),
    (
        "Xem trước trên trang sẽ cho biết dòng nào được tạo, cập nhật hay bị từ chối và lý do.",
        "The preview on the site shows which rows will be created, updated or refused, and why.",
    ),
)


def _add_instructions(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(SHEET_INSTRUCTIONS, 1)
    sheet.append(["Tiếng Việt", "English"])
    for vietnamese, english in INSTRUCTIONS:
        sheet.append([vietnamese, english])
    sheet.append([])
    sheet.append(["Cột / Column", "Ghi chú / Notes", "Mã hợp lệ / Allowed codes"])
    for column in COLUMNS:
        sheet.append([column.header, column.note, ", ".join(CONTROLLED.get(column.key, []))])
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 80
