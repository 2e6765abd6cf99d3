"""The account page links each person to the tools their organisation and role give them."""

from tests.helpers import sign_in


def test_a_university_member_reaches_the_register_and_the_pipeline(client, make_user):
    sign_in(client, make_user("hcmut"))
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/ip-register/dashboard"' in page and 'href="/my/inquiries/pipeline"' in page
    assert 'href="/admin/users/"' not in page


def test_an_admin_reaches_users_and_the_audit_log(client, demo_data):
    admin = "admin@techport.example"
    sign_in(client, admin, demo_data[admin]["password"])
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/admin/users/"' in page and 'href="/admin/audit/"' in page
    assert 'href="/organisations/verification-queue"' in page and 'href="/reports"' in page


def test_every_page_links_the_public_statistics(client, demo_data):
    assert 'href="/stats"' in client.get("/").get_data(as_text=True)
