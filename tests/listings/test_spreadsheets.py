"""Spreadsheet rows ↔ profile records, the template, and bad rows that must not abort an import."""

import io
import json

from click.testing import CliRunner
from openpyxl import load_workbook

from techport.cli import main as techport_cli
from techport.listings import spreadsheets
from techport.listings.transfer import import_lines, import_rows
from tests.listings.test_transfer import _script_info, ip_asset, lines, offer, stored


def _rows_of_xlsx(data: bytes) -> list[tuple[int, dict]]:
    return list(spreadsheets.read_xlsx(data, 1000))


def test_the_xlsx_template_has_bilingual_headers_instructions_and_drop_downs():
    workbook = load_workbook(io.BytesIO(spreadsheets.write_xlsx([])))
    assert workbook.sheetnames[:2] == [spreadsheets.SHEET_LISTINGS, spreadsheets.SHEET_INSTRUCTIONS]
    sheet = workbook[spreadsheets.SHEET_LISTINGS]
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "Mã riêng / External id" and "Lĩnh vực / Sectors" in headers
    instructions = " ".join(str(cell.value) for row in workbook[spreadsheets.SHEET_INSTRUCTIONS] for cell in row)
    assert "separated by ;" in instructions and "cách nhau bằng dấu ;" in instructions

    validated = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        validated[headers[ord(column) - ord("A")] if len(column) == 1 else column] = validation
    for key in ("kind", "sectors", "trl", "ip_type", "legal_status", "transfer_modes"):
        column = spreadsheets.COLUMNS[spreadsheets.COLUMN_KEYS.index(key)]
        assert column.header in validated, key
    codes = workbook[spreadsheets.SHEET_CODES]
    kind_range = validated["Loại / Kind"].formula1.split("!")[1].replace("$", "")
    assert [cell.value for row in codes[kind_range] for cell in row] == ["offer", "need", "ip_asset"]
    assert validated["Loại / Kind"].showErrorMessage and not validated["Lĩnh vực / Sectors"].showErrorMessage


def test_rows_and_records_convert_both_ways():
    for record in (offer("s-offer"), ip_asset("s-ip")):
        assert (
            spreadsheets.row_record(dict(zip(spreadsheets.COLUMN_KEYS, spreadsheets.record_row(record), strict=True)))
            == record
        )
    [(row_number, record)] = _rows_of_xlsx(spreadsheets.write_xlsx([ip_asset("s-ip")]))
    assert row_number == 2 and record == ip_asset("s-ip")


def test_csv_cells_are_read_as_people_type_them():
    text = (
        "Mã riêng / External id;Title;trl;Giá (VND);Price negotiable;Sectors;Owners\n"
        'a-1;Máy sấy;6;350.000.000;có;"ai ; energy";"Trường A: 70; Công ty B: 30"\n'
        "\n"
        "a-2;Máy bơm;sáu;1.5;maybe;;\n"
    )
    rows = list(spreadsheets.read_csv(text.encode("utf-8-sig"), 10))
    assert [number for number, _ in rows] == [2, 4]
    first, second = rows[0][1], rows[1][1]
    assert first["price_vnd"] == 350_000_000 and first["trl"] == 6 and first["price_negotiable"] is True
    assert first["sectors"] == ["ai", "energy"]
    assert first["ip"]["owners"] == [{"name": "Trường A", "share": 70}, {"name": "Công ty B", "share": 30}]
    assert second == {
        "external_id": "a-2",
        "title": "Máy bơm",
        "trl": "sáu",
        "price_vnd": "1.5",
        "price_negotiable": "maybe",
    }


def test_a_file_without_the_template_header_is_refused_as_a_whole():
    for data, reader in ((b"name,colour\nx,blue\n", spreadsheets.read_csv), (b"not a zip", spreadsheets.read_xlsx)):
        try:
            list(reader(data, 10))
        except spreadsheets.SpreadsheetError as error:
            assert "unknown column(s): name, colour" in str(error) or "not a readable XLSX" in str(error)
        else:
            raise AssertionError("no SpreadsheetError")


def test_a_huge_price_is_refused_and_the_next_line_imported(app, demo_data):
    with app.app_context():
        report = import_lines(lines(offer("s-price", price_vnd=10**30), offer("s-after-price")))
        assert [(error.line_number, error.reason.split(":")[0]) for error in report.errors] == [(1, "price_vnd")]
        assert report.created == 1 and stored("s-after-price") is not None and stored("s-price") is None


def test_nesting_100000_deep_is_refused_and_the_next_line_imported(app, demo_data):
    deep = '{"external_id": "s-deep", "ip": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with app.app_context():
        report = import_lines([deep, json.dumps(offer("s-after-deep"))])
        assert [(error.line_number, error.reason) for error in report.errors] == [
            (1, "not valid JSON: nested too deeply")
        ]
        assert stored("s-after-deep") is not None


def test_a_nul_in_a_spreadsheet_cell_is_refused_with_a_message(app, demo_data):
    record = offer("s-nul", title="Máy\u0000 sấy")
    rows = [(2, record), (3, offer("s-after-nul"))]
    with app.app_context():
        report = import_rows(rows)
        assert report.errors[0].line_number == 2
        assert "title: contains the control character U+0000" in report.errors[0].reason
        assert stored("s-nul") is None and stored("s-after-nul") is not None


def test_a_row_the_database_refuses_rolls_back_alone(app, demo_data, monkeypatch):
    """Whatever the database refuses (NUL on PostgreSQL, an overflow) is one row's failure, not the file's."""
    from sqlalchemy.exc import DataError

    from techport.listings import transfer

    real_apply = transfer.apply_profile

    def refusing_apply(listing, profile, organisation):
        if profile.external_id == "s-db-bad":
            raise DataError("INSERT", {}, ValueError("A string literal cannot contain NUL (0x00) characters."))
        return real_apply(listing, profile, organisation)

    monkeypatch.setattr(transfer, "apply_profile", refusing_apply)
    with app.app_context():
        report = import_lines(lines(offer("s-db-good-1"), offer("s-db-bad"), offer("s-db-good-2")))
        assert report.created == 2
        assert report.errors[0].line_number == 2 and "the database refused the row" in report.errors[0].reason
        assert stored("s-db-good-1") is not None and stored("s-db-good-2") is not None


def test_cli_imports_csv_and_xlsx(app, demo_data, tmp_path):
    xlsx = tmp_path / "portfolio.xlsx"
    xlsx.write_bytes(spreadsheets.write_xlsx([offer("s-cli-xlsx"), offer("s-cli-bad", trl=12)]))
    csv_file = tmp_path / "portfolio.csv"
    csv_file.write_bytes(spreadsheets.write_csv([offer("s-cli-csv")]))
    runner = CliRunner()
    result = runner.invoke(techport_cli, ["import", str(xlsx)], obj=_script_info(app))
    assert result.exit_code == 1
    assert f"{xlsx}:3: trl: must be a whole number from 1 to 9" in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in result.output
    result = runner.invoke(techport_cli, ["import", str(csv_file)], obj=_script_info(app))
    assert result.exit_code == 0 and "1 created" in result.output
    with app.app_context():
        assert stored("s-cli-xlsx") is not None and stored("s-cli-csv") is not None


def test_a_text_that_looks_like_a_formula_stays_text_both_ways():
    record = offer("s-formula", title='=HYPERLINK("http://evil.example")', summary="-40% điện năng")
    workbook = load_workbook(io.BytesIO(spreadsheets.write_xlsx([record])))
    title_cell = workbook[spreadsheets.SHEET_LISTINGS].cell(row=2, column=spreadsheets.COLUMN_KEYS.index("title") + 1)
    assert title_cell.data_type == "s"
    csv_text = spreadsheets.write_csv([record]).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'-40%" in csv_text
    for data, reader in (
        (spreadsheets.write_xlsx([record]), spreadsheets.read_xlsx),
        (csv_text.encode(), spreadsheets.read_csv),
    ):
        [(_, read)] = list(reader(data, 10))
        assert (read["title"], read["summary"]) == (record["title"], record["summary"])
