"""What the inquiry pages show beyond their data: sources in words, the deal's progress, the call to action."""

import re

from tests.helpers import submit
from tests.inquiries.conftest import signed_in_client, start_as


def _current_step(html: str) -> str:
    return re.search(r'<li aria-current="step">(.*?)</li>', html, re.S).group(1)


def test_the_pipeline_and_the_curators_overview_name_the_source_in_vietnamese(app, parties, make_user):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"], src="match", rank="3")
    pipeline = signed_in_client(app, parties["owner"]).get("/my/inquiries/pipeline").get_data(as_text=True)
    assert "<td>Gợi ý kết nối #3</td>" in pipeline and "<td>match #3</td>" not in pipeline
    curator = signed_in_client(app, make_user("dost-hcmc", role="curator"))
    overview = curator.get("/curation/inquiries").get_data(as_text=True)
    row = overview[overview.index(f'data-inquiry-id="{inquiry_id}"') :]
    assert "<td>Gợi ý kết nối #3</td>" in row[: row.index("</tr>")]


def test_the_conversation_shows_how_far_the_deal_has_come(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    owner = signed_in_client(app, parties["owner"])
    page = f"/inquiries/{inquiry_id}"
    assert "Mới" in _current_step(owner.get(page).get_data(as_text=True))
    assert submit(owner, f"{page}/messages", {"message": "Chào anh chị."}, form_url=page).status_code == 302
    html = owner.get(page).get_data(as_text=True)
    assert "Đang trao đổi" in _current_step(html) and html.count('aria-current="step"') == 1


def test_the_listing_page_offers_a_large_contact_button(app, parties):
    html = signed_in_client(app, parties["firm"]).get(f"/listings/{parties['listing_id']}", follow_redirects=True)
    link = re.search(
        r'<a class="([^"]*)" href="[^"]*/inquire[^"]*">Liên hệ chủ sở hữu</a>', html.get_data(as_text=True)
    )
    assert link and {"btn", "btn-primary", "btn-lg"} <= set(link.group(1).split())
