"""The register workbook: export in the toolkit's template, preview and import row by row, round trip."""

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from techport.extensions import db
from techport.ip_assets import workbook
from techport.ip_assets.models import ProtectionTitle, RegisterAsset
from tests.helpers import sign_in, submit, unique_title
from tests.ip_assets.test_register import _add, _asset_id

HEADER_ROW = [column.header for column in workbook.COLUMNS]


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data))


def _register_snapshot(app, slug: str = "hcmut") -> list:
    """Everything the import may touch, including the time the register last changed."""
    with app.app_context():
        assets = db.session.scalars(
            sa.select(RegisterAsset).join(RegisterAsset.organisation).where(sa.text("organisations.slug = :slug")),
            {"slug": slug},
        ).all()
        return [
            (
                asset.id,
                asset.title,
                asset.reference,
                asset.summary,
                asset.is_public,
                asset.updated_at,
                [(i.name, i.affiliation, i.email, i.remuneration_share) for i in asset.inventors],
                [(o.name, o.share) for o in asset.owners],
                [
                    (t.id, t.protection_type, t.status, t.application_number, t.application_date, t.priority_date)
                    for t in asset.titles
                ],
            )
            for asset in assets
        ]


def _upload(client, data: bytes, filename: str = "register.xlsx"):
    return submit(
        client,
        "/ip-register/import",
        {"file": (io.BytesIO(data), filename)},
        form_url="/ip-register/import",
    )


def _rows_workbook(rows: list[dict]) -> bytes:
    return workbook.write_workbook(rows)


def test_export_has_one_row_per_title_bilingual_headers_instructions_and_drop_downs(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title("Sáng chế xuất")
    _add(client, title)
    response = client.get("/ip-register/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = _sheet(response.data)
    assert book.sheetnames[0] == workbook.SHEET_INSTRUCTIONS
    register = book[workbook.SHEET_REGISTER]
    assert [cell.value for cell in register[1]] == HEADER_ROW
    assert "Tên tài sản / Asset name" in HEADER_ROW
    rows = [[cell.value for cell in row] for row in register.iter_rows(min_row=2)]
    mine = [row for row in rows if row[1] == title]
    assert len(mine) == 1
    row = dict(zip(workbook.COLUMN_KEYS, mine[0], strict=True))
    assert row["protection_type"] == "patent" and row["application_number"] == "1-2024-01532"
    assert "Nguyễn Văn An; Khoa Hóa; an.private@hcmut.example; 60" in row["inventors"]
    assert "Công ty Sao Mai; 20" in row["owners"]
    assert "2027-03-20" in row["deadlines"] and "2044-03-15" in row["deadlines"]
    validated = {str(rule.sqref).split(":")[0] for rule in register.data_validations.dataValidation}
    assert {"E2", "F2"} <= validated  # type and status
    codes = book[workbook.SHEET_CODES]
    assert "Sáng chế / Patent" in [cell.value for cell in codes["B"]]


def test_the_register_export_is_for_the_organisation_only(app, client, make_user):
    assert client.get("/ip-register/export.xlsx").status_code in (302, 401)
    sign_in(client, make_user("ueh"))
    book = _sheet(client.get("/ip-register/export.xlsx").data)
    values = [cell.value for row in book[workbook.SHEET_REGISTER].iter_rows() for cell in row]
    assert "an.private@hcmut.example" not in " ".join(str(value) for value in values)


def test_round_trip_export_then_import_changes_nothing(app, client, make_user, demo_data):
    sign_in(client, make_user("hcmut"))
    _add(client, unique_title("Vòng tròn"))
    _add(client, unique_title("Vòng tròn"), application_number="", reference="", priority_date="")
    before = _register_snapshot(app)
    exported = client.get("/ip-register/export.xlsx").data
    preview = _upload(client, exported)
    assert preview.status_code == 302
    page = client.get(preview.headers["Location"]).get_data(as_text=True)
    assert "Nếu nhập: tạo mới 0, cập nhật 0," in page
    confirm = submit(client, preview.headers["Location"], {})
    assert confirm.status_code == 302
    result = client.get(confirm.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập: tạo mới 0, cập nhật 0," in result
    assert _register_snapshot(app) == before


def test_preview_reports_each_row_and_writes_nothing_then_import_keeps_the_good_rows(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    existing = unique_title("Đã có")
    _add(client, existing, application_number="1-2024-77001")
    new_name = unique_title("Mới")
    rows = [
        {
            "asset_title": existing,
            "protection_type": "patent",
            "status": "published",
            "country": "VN",
            "application_number": "1-2024-77001",
            "application_date": "2024-03-15",
        },
        {
            "asset_title": new_name,
            "reference": "IMP-1",
            "protection_type": "utility_solution",
            "status": "filed",
            "application_number": "2-2025-00077",
            "application_date": "15/01/2025",
            "inventors": "Phạm Văn Cường; Khoa Cơ khí; ; 100",
            "owners": "Trường ĐH; 100",
        },
        {"asset_title": "", "protection_type": "rocket", "status": "filed", "application_date": "2025-13-01"},
        {
            "asset_title": unique_title("Sai tỷ lệ"),
            "protection_type": "patent",
            "status": "filed",
            "owners": "A; 70\nB; 40",
        },
    ]
    response = _upload(client, _rows_workbook(rows))
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "Nếu nhập: tạo mới 1, cập nhật 1, không đổi 0, từ chối 2." in page
    assert "Đã cập nhật" in page and "Đã tạo" in page and "Bị từ chối" in page
    assert "không có trong danh sách" in page  # the unknown type, in the page's language
    assert "100%" in page  # the shares over 100
    with app.app_context():
        assert db.session.scalar(sa.select(RegisterAsset).where(RegisterAsset.title == new_name)) is None
        assert (
            db.session.scalar(
                sa.select(ProtectionTitle.status).where(ProtectionTitle.application_number == "1-2024-77001")
            )
            == "filed"
        )
    submit(client, location, {})
    with app.app_context():
        created = db.session.scalar(sa.select(RegisterAsset).where(RegisterAsset.title == new_name))
        assert created.reference == "IMP-1" and created.inventors[0].name == "Phạm Văn Cường"
        assert created.titles[0].application_date.isoformat() == "2025-01-15"
        assert (
            db.session.scalar(
                sa.select(ProtectionTitle.status).where(ProtectionTitle.application_number == "1-2024-77001")
            )
            == "published"
        )
    refused = client.get(location + "/refused.xlsx")
    assert refused.status_code == 200
    sheet = _sheet(refused.data)[workbook.SHEET_REGISTER]
    assert sheet.max_row == 3  # the header and the two refused rows
    assert sheet.cell(row=1, column=len(HEADER_ROW) + 1).value == "Lý do / Reasons"
    assert sheet.cell(row=2, column=5).value == "rocket"


def test_the_page_language_words_the_reasons(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    client.get("/lang/en")
    response = _upload(client, _rows_workbook([{"asset_title": "X", "protection_type": "rocket", "status": "filed"}]))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is not in the list" in page and "Refused" in page and "1 refused" in page


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    response = _upload(client, b"name,type\nx,patent\n", "register.csv")
    assert response.status_code == 400
    assert ".xlsx" in response.get_data(as_text=True)
    response = _upload(client, b"PK\x03\x04 not really a zip", "register.xlsx")
    assert response.status_code == 400


def test_another_members_preview_is_not_found(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    response = _upload(
        client, _rows_workbook([{"asset_title": unique_title(), "protection_type": "patent", "status": "filed"}])
    )
    other = app.test_client()
    sign_in(other, make_user("hcmut"))
    assert other.get(response.headers["Location"]).status_code == 404
    assert _asset_id(app, "nothing") is None
