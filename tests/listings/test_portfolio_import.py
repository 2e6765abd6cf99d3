"""The portfolio spreadsheet pages: template, upload, preview, import, refusal report and export."""

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from techport.extensions import db
from techport.listings import spreadsheets
from techport.listings.models import Listing
from techport.listings.portfolio_import import portfolio_records
from techport.listings.transfer import import_lines
from techport.organisations.services import find_by_slug
from tests.helpers import make_organisation_admin, sign_in, submit
from tests.listings.test_transfer import offer, stored

PORTFOLIO = "/organisations/hcmut/portfolio/"
COUNT = re.compile(r'class="count-(\w+)">(\d+)<')


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTFOLIO_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def manager(client, app, make_user):
    sign_in(client, make_organisation_admin(app, make_user("hcmut")))
    return client


def upload(client, data: bytes, filename: str):
    return submit(client, PORTFOLIO + "preview", {"file": (io.BytesIO(data), filename)}, form_url=PORTFOLIO)


def counts(page) -> dict[str, int]:
    return {name: int(number) for name, number in COUNT.findall(page.get_data(as_text=True))}


def listing_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Listing.id)))


def draft(external_id: str, **changes) -> dict:
    record = offer(external_id, **{"status": "draft", **changes})
    del record["published_at"]
    del record["organisation"]
    return record


def test_a_university_fills_the_template_previews_imports_and_exports_its_portfolio(app, manager):
    """The issue's "done when": 50 rows, 3 wrong; the preview explains them; 47 are imported."""
    template = manager.get(PORTFOLIO + "template.xlsx")
    assert (
        template.status_code == 200
        and template.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(template.data))
    sheet = workbook[spreadsheets.SHEET_LISTINGS]
    wrong = {
        10: draft("p-wrong-trl", trl=12),
        20: draft("p-wrong-sector", sectors=["astrology"]),
        30: draft("p-wrong-status", status="published"),
    }
    for number in range(1, 51):
        sheet.append(
            spreadsheets.record_row(wrong.get(number) or draft(f"p-row-{number}", title=f"Máy sấy số {number}"))
        )
    filled = io.BytesIO()
    workbook.save(filled)

    before = listing_count(app)
    preview = upload(manager, filled.getvalue(), "danh-muc.xlsx")
    assert preview.status_code == 302
    page = manager.get(preview.headers["Location"])
    assert listing_count(app) == before, "the preview wrote listings"
    assert counts(page) == {"created": 47, "updated": 0, "unchanged": 0, "refused": 3}
    text = page.get_data(as_text=True)
    assert "Mức sẵn sàng (TRL): phải là số nguyên từ 1 đến 9" in text
    assert "Lĩnh vực: mã không hợp lệ astrology" in text
    assert "Trạng thái: trạng thái published do ban biên tập cấp" in text
    manager.get("/lang/en")
    english = manager.get(preview.headers["Location"]).get_data(as_text=True)
    assert "TRL: must be a whole number from 1 to 9" in english
    assert "Sectors: unknown code(s) astrology" in english
    manager.get("/lang/vi")

    imported = submit(manager, preview.headers["Location"] + "/import", {}, form_url=preview.headers["Location"])
    assert imported.status_code == 302
    result = manager.get(imported.headers["Location"])
    assert counts(result) == {"created": 47, "updated": 0, "unchanged": 0, "refused": 3}
    assert listing_count(app) == before + 47
    with app.app_context():
        assert stored("p-row-1").title == "Máy sấy số 1" and stored("p-wrong-trl") is None

    report_link = re.search(r'href="([^"]+refused\.csv)"', result.get_data(as_text=True)).group(1)
    report = list(csv.reader(io.StringIO(manager.get(report_link).data.decode("utf-8-sig"))))
    assert [(row[0], row[1]) for row in report[1:]] == [
        ("11", "p-wrong-trl"),
        ("21", "p-wrong-sector"),
        ("31", "p-wrong-status"),
    ]
    assert report[2][3].startswith("Lĩnh vực: mã không hợp lệ astrology")

    exported = manager.get(PORTFOLIO + "export.xlsx")
    rows = list(spreadsheets.read_xlsx(exported.data, 1000))
    assert {"p-row-1", "p-row-50"} <= {record["external_id"] for _, record in rows}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exporting_then_importing_the_portfolio_changes_nothing(app, manager, file_format):
    """Other tests store listings by other paths (a slug set by hand); one JSON Lines pass first puts the
    portfolio in the profile's normal form, so any change the spreadsheet round trip finds is its own loss."""
    with app.app_context():
        normalised = import_lines(json.dumps(record) for record in portfolio_records(find_by_slug("hcmut")))
        assert normalised.ok
        organisation_listings = normalised.created + normalised.updated + normalised.unchanged
    exported = manager.get(f"{PORTFOLIO}export.{file_format}")
    preview = upload(manager, exported.data, f"export.{file_format}")
    imported = submit(manager, preview.headers["Location"] + "/import", {}, form_url=preview.headers["Location"])
    result = manager.get(imported.headers["Location"])
    assert counts(result) == {"created": 0, "updated": 0, "unchanged": organisation_listings, "refused": 0}


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"external_id\n", "portfolio.pdf", "Tải lên tệp CSV"),
        (b"external_id,title\nx,y\n", "portfolio.xlsx", "không khớp"),
        (b"", "portfolio.csv", "Tệp trống."),
        (b"name,colour\nx,blue\n", "portfolio.csv", "cột không xác định: name, colour"),
    ],
)
def test_bad_files_get_clear_messages(manager, data, filename, message):
    page = upload(manager, data, filename)
    assert page.status_code == 400 and message in page.get_data(as_text=True)


def test_rows_for_another_organisation_are_refused(manager):
    rows = spreadsheets.write_csv([{**draft("p-other"), "organisation": "sao-mai-agritech-demo"}])
    preview = upload(manager, rows, "other.csv")
    page = manager.get(preview.headers["Location"])
    assert counts(page)["refused"] == 1
    assert "Tổ chức: tệp này dành cho hcmut, không phải sao-mai-agritech-demo" in page.get_data(as_text=True)


def test_only_those_who_manage_the_organisation_reach_the_pages(client, make_user, app):
    sign_in(client, make_user("sao-mai-agritech-demo"))
    assert client.get(PORTFOLIO).status_code == 403
    assert client.get(PORTFOLIO + "export.csv").status_code == 403


def test_an_upload_belongs_to_the_person_who_sent_it(app, manager, make_user):
    preview = upload(manager, spreadsheets.write_csv([draft("p-mine")]), "mine.csv")
    location = preview.headers["Location"]
    colleague = app.test_client()
    sign_in(colleague, make_organisation_admin(app, make_user("hcmut")))
    assert colleague.get(location).status_code == 404
    assert manager.get(location).status_code == 200
