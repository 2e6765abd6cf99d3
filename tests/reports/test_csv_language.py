"""The report's CSV downloads speak the reader's language: headers, labels, shares and university names."""

import csv
import io

from techport.accounts.models import Role
from techport.organisations.services import find_by_slug
from tests.helpers import sign_in


def _rows(client, url: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(client.get(url).get_data(as_text=True))))


def test_report_csvs_are_in_vietnamese_then_in_english_after_switching(app, make_user, known_quarter):
    client = app.test_client()
    sign_in(client, make_user("hcmut", role=Role.CURATOR))
    query = f"kind=quarter&year={known_quarter['period'].start.year}&quarter=2"
    with app.app_context():
        university = find_by_slug("hcmut")
        name_vi, name_en = university.name_vi, university.name_en

    funnel = _rows(client, f"/reports/funnel/1.csv?{query}")
    assert funnel[0] == ["Bước", "Kỳ này", "Tỷ lệ trên số yêu cầu", "Kỳ trước"]
    assert funnel[3] == ["Đã ký NDA", "2", "66,7 %", "0"]
    inquiries = _rows(client, f"/reports/inquiries.csv?{query}")
    assert inquiries[1] == ["Hạng mục", "Kỳ này", "Kỳ trước", "Đổi"]
    assert [name_vi, "3", "1", "2", "500000000"] in inquiries
    assert _rows(client, "/stats/sectors.csv")[0] == ["Lĩnh vực", "Tin đăng"]

    client.get("/lang/en")
    funnel = _rows(client, f"/reports/funnel/1.csv?{query}")
    assert funnel[0] == ["Step", "This period", "Share of inquiries", "Previous period"]
    assert funnel[3] == ["NDA signed", "2", "66.7 %", "0"]
    inquiries = _rows(client, f"/reports/inquiries.csv?{query}")
    assert inquiries[1] == ["Item", "This period", "Previous period", "Change"]
    assert [name_en, "3", "1", "2", "500000000"] in inquiries
    coverage = _rows(client, f"/reports/coverage/2.csv?{query}")
    assert coverage[0][:2] == ["University", "IP assets"] and name_en in [row[0] for row in coverage]
    assert _rows(client, "/stats/sectors.csv")[0] == ["Sector", "Listings"]
