"""``/reports`` for staff only, its period picker, the XLSX workbook and CSV, the CLI and ``/stats``."""

import io

from openpyxl import load_workbook

from techport.accounts.models import Role
from techport.cli import main as cli
from tests.helpers import sign_in

OFFICIAL_TITLE = "Báo cáo đánh giá hoạt động Sàn giao dịch công nghệ"


def _staff_client(app, make_user, role=Role.CURATOR):
    client = app.test_client()
    sign_in(client, make_user("hcmut", role=role))
    return client


def test_only_curators_and_admins_open_reports(app, client, make_user):
    assert client.get("/reports").status_code == 302
    member = app.test_client()
    sign_in(member, make_user("hcmut"))
    assert member.get("/reports").status_code == 403
    assert member.get("/reports/report.xlsx").status_code == 403
    assert _staff_client(app, make_user, Role.ADMIN).get("/reports").status_code == 200


def test_the_default_period_is_the_current_quarter_compared_with_the_previous(app, make_user):
    page = _staff_client(app, make_user).get("/reports").get_data(as_text=True)
    assert OFFICIAL_TITLE in page and "quý" in page
    assert 'value="quarter" selected' in page


def test_the_chosen_period_is_reported_with_its_figures(app, make_user, known_quarter):
    year = known_quarter["period"].start.year
    page = _staff_client(app, make_user).get(f"/reports?kind=quarter&year={year}&quarter=2").get_data(as_text=True)
    assert f"quý 2/{year}" in page and f"quý 1/{year}" in page
    assert "500.000.000" in page


def test_a_wrong_period_is_refused_with_a_clear_message(app, make_user):
    client = _staff_client(app, make_user)
    response = client.get("/reports?kind=month&year=2026&month=13")
    assert response.status_code == 400
    assert "Tháng phải từ 1 đến 12." in response.get_data(as_text=True)
    response = client.get("/reports?kind=custom&start=2026-05-01&end=2026-04-01")
    assert "Ngày kết thúc kỳ báo cáo đứng trước ngày bắt đầu." in response.get_data(as_text=True)


def test_the_report_speaks_english_on_request(app, make_user):
    client = _staff_client(app, make_user)
    client.get("/lang/en?next=/reports")
    assert "Report on the activity of the technology exchange" in client.get("/reports").get_data(as_text=True)


def test_the_workbook_has_a_dated_sheet_per_section(app, make_user, known_quarter):
    year = known_quarter["period"].start.year
    response = _staff_client(app, make_user).get(f"/reports/report.xlsx?kind=quarter&year={year}&quarter=2")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert len(workbook.sheetnames) == 7
    sheet = workbook[workbook.sheetnames[2]]
    assert sheet["A1"].value == f"{OFFICIAL_TITLE} – quý 2/{year}"
    assert sheet["A2"].value.startswith("Ngày lập")
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Tổng giá trị đã công bố (VNĐ)"][:2] == (500_000_000, 0)
    assert rows["Hợp đồng không công bố giá trị"][:2] == (1, 0)


def test_a_section_downloads_as_csv(app, make_user, known_quarter):
    year = known_quarter["period"].start.year
    response = _staff_client(app, make_user).get(f"/reports/funnel.csv?kind=quarter&year={year}&quarter=2")
    assert response.mimetype == "text/csv"
    assert 'Yêu cầu đã gửi,3,"100,0 %",1' in response.get_data(as_text=True)


def test_the_cli_builds_the_workbook(app, known_quarter, tmp_path):
    year = known_quarter["period"].start.year
    output = tmp_path / "report.xlsx"
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["reports", "build", "--period", f"{year}-Q2", "--format", "xlsx", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert load_workbook(output).worksheets[0]["A1"].value == f"{OFFICIAL_TITLE} – quý 2/{year}"
    refused = runner.invoke(cli, ["reports", "build", "--period", "2026-Q5", "-o", str(output)])
    assert refused.exit_code != 0


def test_stats_are_public_and_show_no_deal_values(client, known_quarter):
    page = client.get("/stats").get_data(as_text=True)
    assert "Hợp đồng đã ký qua sàn" in page
    assert "500.000.000" not in page and "500000000" not in page
