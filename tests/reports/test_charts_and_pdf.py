"""Charts beside their tables with each chart's data as CSV, and the whole report as a PDF whose pages
render Vietnamese (checked as text and as a picture)."""

import csv
import io
import json
import re
from pathlib import Path

import pypdfium2

from techport.accounts.models import Role
from techport.cli import main as cli
from tests.helpers import sign_in

PAGE_ONE_PNG = Path(__file__).resolve().parents[2] / "var" / "report-page1.png"


def _curator(app, make_user):
    client = app.test_client()
    sign_in(client, make_user("hcmut", role=Role.CURATOR))
    return client


def _quarter(known_quarter) -> str:
    return f"kind=quarter&year={known_quarter['period'].start.year}&quarter=2"


def test_each_chart_has_an_accessible_canvas_its_data_and_its_table(app, make_user, known_quarter):
    page = _curator(app, make_user).get(f"/reports?{_quarter(known_quarter)}").get_data(as_text=True)
    canvases = re.findall(r'<canvas id="([^"]+)" role="img" data-chart-data="\1-data"\s+aria-label="([^"]+)"', page)
    assert len(canvases) >= 8
    assert "report-charts.js" in page and "chart.umd.min.js" in page
    assert "<script>" not in page and 'style="' not in page
    data = json.loads(re.search(r'id="chart-funnel-1-data">(.*?)</script>', page, re.S).group(1))
    assert data["labels"] == ["Lượt xem trang tin", "Yêu cầu đã gửi", "Đã ký NDA", "Đã ký hợp đồng"]
    assert data["datasets"][0]["data"][1:] == [3, 2, 2]


def test_a_charts_csv_is_exactly_its_table_with_localized_headers(app, make_user, known_quarter):
    client = _curator(app, make_user)
    response = client.get(f"/reports/funnel/1.csv?{_quarter(known_quarter)}")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Bước", "Kỳ này", "Tỷ lệ trên số yêu cầu", "Kỳ trước"]
    assert rows[2:] == [
        ["Yêu cầu đã gửi", "3", "100,0 %", "1"],
        ["Đã ký NDA", "2", "66,7 %", "0"],
        ["Đã ký hợp đồng", "2", "66,7 %", "0"],
    ]
    assert client.get(f"/reports/funnel/9.csv?{_quarter(known_quarter)}").status_code == 404
    assert app.test_client().get("/reports/funnel/1.csv").status_code == 302


def test_stats_show_public_charts_with_their_csv(client, make_listing):
    make_listing("hcmut", "offer", "published", sectors=["ai"])
    page = client.get("/stats").get_data(as_text=True)
    assert 'id="chart-stats-sectors"' in page and 'role="img"' in page
    rows = list(csv.reader(io.StringIO(client.get("/stats/kinds.csv").get_data(as_text=True))))
    assert rows[0] == ["Loại hình", "Tin đăng"] and [row[0] for row in rows[1:]] == [
        "Chào bán công nghệ",
        "Nhu cầu công nghệ",
        "Tài sản trí tuệ",
    ]


def _pdf_checks(pdf_bytes: bytes, year: int) -> None:
    document = pypdfium2.PdfDocument(pdf_bytes)
    assert len(document) >= 3
    first = document[0]
    text = " ".join(first.get_textpage().get_text_range().split())  # lines wrap where the page is narrow
    assert "Báo cáo đánh giá hoạt động Sàn giao dịch công nghệ" in text
    assert f"Quý 2/{year}" in text and "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    later = "".join(document[index].get_textpage().get_text_range() for index in range(1, len(document)))
    assert "hoạt động" in text and "Người dùng tìm kiếm gì" in later and "500.000.000" in later
    image = first.render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 2000, "page 1 looks blank"
    PAGE_ONE_PNG.parent.mkdir(exist_ok=True)
    image.save(PAGE_ONE_PNG)


def test_the_pdf_download_renders_vietnamese(app, make_user, known_quarter):
    response = _curator(app, make_user).get(f"/reports/report.pdf?{_quarter(known_quarter)}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    _pdf_checks(response.data, known_quarter["period"].start.year)


def test_the_cli_builds_the_pdf(app, known_quarter, tmp_path):
    year = known_quarter["period"].start.year
    output = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(
        cli, ["reports", "build", "--period", f"{year}-Q2", "--format", "pdf", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    _pdf_checks(output.read_bytes(), year)
