"""Odd input on every route answers 400 or 404, never a 500.

The sweep walks ``app.url_map``: each path argument in turn takes odd values (numbers beyond any column,
Unicode digits, NUL, very long text) while the others hold real ones, GET routes get odd query
parameters, and POST routes get every form field of the app filled with the same odd value, as an
anonymous visitor, a member and an administrator. Run on SQLite and on PostgreSQL
(TECHPORT_TEST_DATABASE_URL), whose INTEGER ids and NUL-free text are the stricter.
"""

import itertools
import re
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from werkzeug.routing.converters import AnyConverter, IntegerConverter
from wtforms.fields.core import UnboundField

from techport.accounts.models import AccountStatus, Role
from techport.exhibits import services as exhibit_services
from techport.extensions import db
from techport.input_guards import ID_MAX, whole_number
from techport.listings.models import Listing
from techport.organisations import services as organisation_services
from tests.exhibits.conftest import session_user
from tests.helpers import TEST_PASSWORD, listing_by_title, listing_form, sign_in, submit, unique_title

HUGE = "9999999999999999999999999"
ODD_VALUES = [HUGE, str(2**31), str(2**63), "²", "٣", "a\x00b", "a\x01b", "a" * 3000]
ODD_QUERY_VALUES = [HUGE, str(2**63), "²", "x" * 40_000]
QUERY_NAMES = ["page", "page_size", "size", "q", "organisation", "trl", "price", "kind", "sector", "sort", "next"]
EXTRA_FORM_NAMES = {"action", "back", "q"}
ARGUMENT = re.compile(r"<(?:[^<>]*:)?(\w+)>")
SWEEP_ADDRESS = "203.0.113.9"  # Failed sign-ins of the sweep must not count against other tests' address.


def _form_field_names() -> set[str]:
    names, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name in dir(form) if isinstance(getattr(form, name, None), UnboundField))
    return names - {"csrf_token"}


@pytest.fixture
def sweep_world(app, demo_data, make_user, make_listing, search_prefix):
    """An organisation, listing, exhibit and item of the sweep's own, so that its writes touch nobody else's data."""
    with app.app_context():
        organisation = organisation_services.create_organisation(
            {"name_vi": unique_title("Tổ chức"), "name_en": unique_title("Sweep organisation"), "kind": "firm"}
        )
        slug = organisation.slug
    admin = make_user(slug, role=Role.ADMIN)
    member = make_user(slug, role=Role.MEMBER)
    pending = make_user(slug, status=AccountStatus.PENDING)
    listing_id = make_listing(slug, status="published")
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        exhibit = exhibit_services.create_exhibit(
            {
                "title_vi": unique_title("Triển lãm"),
                "title_en": unique_title("Exhibit"),
                "description_vi": "",
                "description_en": "",
                "theme": "Sweep",
                "starts_on": date.today() - timedelta(days=1),
                "ends_on": date.today() + timedelta(days=5),
                "venue": "Techmart",
                "booth": "",
            },
            session_user(admin),
        )
        item = exhibit_services.add_item(exhibit, listing)
        exhibit_services.set_published(exhibit, True)
        world = {
            "organisation": slug,
            "exhibit": exhibit.slug,
            "listing_id": listing_id,
            "listing_slug": listing.slug,
            "item_id": item.id,
            "user_id": session_user(pending).id,
            "users": {"admin": admin, "member": member},
        }
    return world


def _real_values(rule, world: dict) -> list[dict]:
    """Every combination of real values for the rule's arguments (each choice of an ``any`` converter)."""
    options = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            options[name] = sorted(converter.items)
        elif name == "slug":
            blueprint = rule.endpoint.partition(".")[0]
            options[name] = [
                {"organisations": world["organisation"], "exhibits": world["exhibit"]}.get(
                    blueprint, world["listing_slug"]
                )
            ]
        else:
            options[name] = [
                {
                    "listing_id": world["listing_id"],
                    "item_id": world["item_id"],
                    "user_id": world["user_id"],
                    "attachment_id": 1,
                    "code": "en",
                    "filename": "css/site.css",
                    "token": "not-a-token",
                }.get(name, 1 if isinstance(converter, IntegerConverter) else "x")
            ]
    names = list(options)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*options.values())]


def _url(rule, values: dict) -> str:
    return ARGUMENT.sub(lambda match: quote(str(values[match.group(1)]), safe=""), rule.rule)


def _urls(rule, world: dict) -> tuple[list[str], list[str]]:
    """The rule's real URLs, and its URLs with one argument at a time replaced by an odd value."""
    real = _real_values(rule, world)
    odd = [_url(rule, {**real[0], name: value}) for name in rule.arguments for value in ODD_VALUES]
    return [_url(rule, values) for values in real], odd


def _sweep(app, client, world: dict) -> list[str]:
    """Every request of the sweep; returns those answered with a 5xx."""
    failures = []
    form_names = (
        _form_field_names() | EXTRA_FORM_NAMES | {f"item-{world['item_id']}-{name}" for name in ("note", "booth")}
    )

    def check(method: str, url: str, **kwargs) -> None:
        response = client.open(url, method=method, **kwargs)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {method} {url[:120]!r} {str(kwargs)[:120]}")

    # Signing out ends the sweep's session, so that route comes last.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint == "accounts.sign_out", rule.rule))
    for rule in rules:
        real_urls, odd_urls = _urls(rule, world)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for url in real_urls + odd_urls:
                check(method, url)
            if method == "GET":
                for name, value in itertools.product(QUERY_NAMES, ODD_QUERY_VALUES):
                    check(method, real_urls[0], query_string={name: value})
            if method == "POST":
                for url, value in itertools.product(real_urls, ODD_VALUES):
                    check(method, url, data=dict.fromkeys(form_names, value))
    return failures


@pytest.mark.parametrize("who", ["anonymous", "member", "admin"])
def test_no_route_answers_500_to_odd_input(app, sweep_world, monkeypatch, who):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = SWEEP_ADDRESS
    if who != "anonymous":
        response = client.post("/account/sign-in", data={"email": sweep_world["users"][who], "password": TEST_PASSWORD})
        assert response.status_code == 302
    assert _sweep(app, client, sweep_world) == []


# The findings of the audit, one by one, with the answer each must get.


@pytest.mark.parametrize(
    "url",
    [
        "/listings/9999999999999999999999999",
        f"/listings/{2**31}",
        f"/listings/{2**63}/edit",
        "/listings/٣",
        "/listings/0",
        "/api/v1/listings/9999999999999999999999999/matches",
        f"/exhibits/any/items/{2**31}/sheet",
    ],
)
def test_ids_no_row_can_have_are_404(client, demo_data, url):
    assert client.get(url).status_code == 404


def test_the_largest_id_a_column_holds_is_still_routed(app):
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        assert adapter.match(f"/listings/{ID_MAX}")[1] == {"listing_id": ID_MAX}


@pytest.mark.parametrize("url", ["/organisations/", "/organisations/hcmut", "/my/listings"])
@pytest.mark.parametrize("page", ["9" * 25, "²", "-3", "x"])
def test_page_beyond_any_number_shows_the_first_page(client, make_user, url, page):
    sign_in(client, make_user())
    response = client.get(url, query_string={"page": page})
    assert response.status_code == 200
    assert _entry_links(response) == _entry_links(client.get(url))


def _entry_links(response) -> set[str]:
    return set(re.findall(r'href="(/(?:organisations|listings)/[^"?]+)"', response.get_data(as_text=True)))


@pytest.mark.parametrize(
    "url",
    ["/organisations/a%00b", "/organisations/?kind=a%00b", "/search?q=a%00b", "/account/sign-in?next=%01"],
)
def test_nul_and_control_characters_in_the_url_are_400(client, demo_data, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)


def test_nul_in_the_sign_in_e_mail_is_400(client, demo_data):
    response = submit(client, "/account/sign-in", {"email": "admin\x00@techport.example", "password": "x"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)


def test_tabs_and_new_lines_in_form_text_are_accepted(client, make_user):
    sign_in(client, make_user())
    form = listing_form(description="Dòng một\r\n\tDòng hai")
    response = submit(client, "/listings/new/offer", form)
    assert response.status_code == 302
    listing = listing_by_title(client.application, form["title"])
    assert listing.description == "Dòng một\r\n\tDòng hai"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("trl", "²", "Hãy chọn một mức từ 1 đến 9."),
        ("trl", str(2**63), "Hãy chọn một mức từ 1 đến 9."),
        ("price_vnd", "²", "Hãy nhập giá bằng một số nguyên (đồng), hoặc để trống."),
        ("price_vnd", str(2**63), "Hãy nhập giá bằng một số nguyên (đồng), hoặc để trống."),
        ("price_vnd", "9" * 40, "Hãy nhập giá bằng một số nguyên (đồng), hoặc để trống."),
    ],
)
def test_listing_form_numbers_beyond_the_column_are_field_errors(client, make_user, field, value, message):
    sign_in(client, make_user())
    form = listing_form(**{field: value})
    response = submit(client, "/listings/new/offer", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert listing_by_title(client.application, form["title"]) is None


def test_the_largest_price_the_column_holds_is_saved(client, make_user):
    sign_in(client, make_user())
    form = listing_form(price_vnd=str(2**63 - 1))
    assert submit(client, "/listings/new/offer", form).status_code == 302
    assert listing_by_title(client.application, form["title"]).price_vnd == 2**63 - 1


@pytest.mark.parametrize("listing_id", [str(2**63), str(2**31), "²"])
def test_adding_an_exhibit_item_with_an_odd_listing_id_is_400(client, sweep_world, listing_id):
    sign_in(client, sweep_world["users"]["admin"])
    exhibit = sweep_world["exhibit"]
    editor = f"/exhibits/{exhibit}/editor"
    response = submit(client, f"/exhibits/{exhibit}/items", {"listing_id": listing_id}, form_url=editor)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("", None),
        ("9" * 5000, None),
        (str(2**63), None),
    ],
)
def test_whole_number_reads_only_ascii_digits_in_range(text, number):
    assert whole_number(text) == number
