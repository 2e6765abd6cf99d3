"""An organisation's logo (checked like listing images) and its tech-transfer office on the public page."""

import io

from PIL import Image

from tests.helpers import csrf_token, sign_in, submit


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (11, 79, 156)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(client, content: bytes, filename: str):
    token = csrf_token(client, "/organisations/uit/manage")
    return client.post(
        "/organisations/uit/logo",
        data={"csrf_token": token, "logo": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_a_member_uploads_a_logo_shown_on_the_public_page(app, client, make_user):
    sign_in(client, make_user("uit"))
    assert _upload(client, _png(), "logo.png").status_code == 302
    page = client.get("/organisations/uit").get_data(as_text=True)
    src = page.split('class="org-logo org-logo-lg" src="', 1)[1].split('"', 1)[0]
    image = client.get(src)
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data == _png()

    remove = submit(client, "/organisations/uit/logo/remove", {}, form_url="/organisations/uit/manage")
    assert remove.status_code == 302
    assert client.get(src).status_code == 404


def test_a_file_that_is_not_an_image_is_refused_with_a_reason(app, client, make_user):
    sign_in(client, make_user("uit"))
    client.get("/lang/en")
    response = _upload(client, b"%PDF-1.4 not a logo", "logo.pdf")
    assert response.status_code == 400
    assert "Only PNG and JPEG images can be used as a logo." in response.get_data(as_text=True)
    assert 'class="org-logo org-logo-lg" src=' not in client.get("/organisations/uit").get_data(as_text=True)


def test_outsiders_cannot_change_the_logo(app, client, make_user):
    sign_in(client, make_user("hcmus"))
    token = csrf_token(client, "/organisations/hcmus/manage")
    response = client.post(
        "/organisations/uit/logo",
        data={"csrf_token": token, "logo": (io.BytesIO(_png()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


def test_the_transfer_office_text_is_public_in_the_visitors_language(app, client, make_user):
    sign_in(client, make_user("uit"))
    form = {
        "name_vi": "Trường Đại học Công nghệ Thông tin – ĐHQG-HCM",
        "name_en": "University of Information Technology – VNU-HCM",
        "transfer_office_vi": "Phòng chuyển giao: tư vấn li-xăng phần mềm.",
        "transfer_office_en": "Transfer office: software licensing advice.",
    }
    assert submit(client, "/organisations/uit/manage", form).status_code == 302
    client.get("/lang/vi")
    assert "Phòng chuyển giao: tư vấn li-xăng phần mềm." in client.get("/organisations/uit").get_data(as_text=True)
    client.get("/lang/en")
    assert "Transfer office: software licensing advice." in client.get("/organisations/uit").get_data(as_text=True)
