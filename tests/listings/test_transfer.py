"""JSON Lines import and export: row-by-row errors, idempotent upserts, and a lossless round trip."""

import json

import pytest
from click.testing import CliRunner

from techport.cli import main as techport_cli
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import find_listing
from techport.listings.transfer import export_records, import_lines
from techport.organisations.services import find_by_slug


def offer(external_id: str, **changes) -> dict:
    record = {
        "external_id": external_id,
        "organisation": "hcmut",
        "kind": "offer",
        "status": "published",
        "language": "vi",
        "title": "Máy sấy cà phê năng lượng mặt trời",
        "summary": "Sấy cà phê nhân bằng năng lượng mặt trời kết hợp bơm nhiệt.",
        "description": "Buồng sấy 500 kg mẻ, tiết kiệm 40% điện năng so với máy sấy đốt than.",
        "advantages": "Giữ hương vị, không khói.",
        "trl": 6,
        "sectors": ["smart_agriculture", "energy"],
        "keywords": ["sấy", "cà phê"],
        "transfer_modes": ["licence"],
        "price_vnd": 350_000_000,
        "price_negotiable": True,
        "offer_type": "equipment",
        "contact": {"name": "Trần Minh Khoa", "email": "khoa@hcmut.example"},
        "published_at": "2026-03-02",
    }
    record.update(changes)
    return record


def ip_asset(external_id: str, **changes) -> dict:
    record = offer(external_id, kind="ip_asset")
    del record["offer_type"]
    record["ip"] = {
        "ip_type": "utility_solution",
        "legal_status": "granted",
        "application_number": "2-2019-00412",
        "application_date": "2019-08-12",
        "grant_number": "2345",
        "grant_date": "2021-03-30",
        "inventors": ["Nguyễn Văn An", "Lê Thị Bình"],
        "owners": [{"name": "Trường Đại học Bách khoa", "share": 70}, {"name": "Công ty Sao Mai", "share": 30}],
    }
    record.update(changes)
    return record


def lines(*records) -> list[str]:
    return [record if isinstance(record, str) else json.dumps(record, ensure_ascii=False) for record in records]


def stored(external_id: str, organisation: str = "hcmut") -> Listing | None:
    return find_listing(find_by_slug(organisation), external_id)


def test_bad_lines_are_reported_by_number_and_good_lines_are_kept(app, demo_data):
    with app.app_context():
        report = import_lines(
            lines(
                offer("t-good-1"),
                "{not json",
                offer("t-bad-trl", trl=12),
                offer("t-bad-org", organisation="no-such-university"),
                ip_asset("t-bad-ip", organisation="sao-mai-agritech-demo"),
                offer("t-long", title="x" * 300),
                offer(
                    "t-good-2",
                    kind="need",
                    offer_type="technology",
                    advantages="",
                    specification_sought="Công suất 1 tấn/ngày",
                ),
            )
        )
        assert (report.created, report.updated) == (2, 0)
        assert [(error.line_number, error.reason.split(":")[0]) for error in report.errors] == [
            (2, "not valid JSON"),
            (3, "trl"),
            (4, "organisation"),
            (5, "only universities and institutes hold IP assets"),
            (6, "title"),
        ]
        assert "300 characters long; the limit is 256" in report.errors[4].reason
        assert stored("t-good-1") is not None and stored("t-good-2") is not None
        assert stored("t-bad-trl") is None and stored("t-long") is None


def test_reimport_is_idempotent_and_a_change_updates_and_bumps_the_version(app, demo_data):
    with app.app_context():
        assert import_lines(lines(ip_asset("t-idem"))).created == 1
        first_version = stored("t-idem").version

        again = import_lines(lines(ip_asset("t-idem")))
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
        assert stored("t-idem").version == first_version

        changed_ip = ip_asset("t-idem")
        changed_ip["ip"]["legal_status"] = "expired"
        assert import_lines(lines(changed_ip)).updated == 1
        listing = stored("t-idem")
        assert listing.ip_details.legal_status.value == "expired"
        assert listing.version > first_version


def test_dry_run_saves_nothing(app, demo_data):
    with app.app_context():
        report = import_lines(lines(offer("t-dry")), dry_run=True)
        assert report.created == 1
        assert stored("t-dry") is None


def test_export_then_import_into_an_empty_database_gives_the_same_listings(app, demo_data):
    with app.app_context():
        import_lines(
            lines(offer("t-round-offer"), ip_asset("t-round-ip"), offer("t-round-en", language="en", status="draft"))
        )
        exported = list(export_records())
        assert len(exported) >= 3

        _delete_every_listing_and_what_refers_to_it()
        db.session.commit()
        assert list(export_records()) == []

        report = import_lines(lines(*exported))
        assert report.ok and report.created == len(exported)
        assert list(export_records()) == exported


def _delete_every_listing_and_what_refers_to_it() -> None:
    """Inquiries, exhibit items, register links… refer to listings; PostgreSQL enforces those keys."""
    tables = db.metadata.sorted_tables
    doomed = {"listings"}
    for table in tables:
        if any(key.column.table.name in doomed for key in table.foreign_keys):
            doomed.add(table.name)
    for table in reversed(tables):
        if table.name in doomed:
            db.session.execute(table.delete())


def test_cli_import_reports_lines_and_exits_non_zero_on_failure(app, demo_data, tmp_path):
    source = tmp_path / "listings.jsonl"
    source.write_text(
        "\n".join(lines(offer("t-cli-ok"), offer("t-cli-bad", sectors=["astrology"]))) + "\n", encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(techport_cli, ["import", str(source)], obj=_script_info(app))
    assert result.exit_code == 1
    assert f"{source}:2: sectors: unknown code(s) astrology" in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in result.output

    exported = runner.invoke(techport_cli, ["export"], obj=_script_info(app))
    assert exported.exit_code == 0
    assert any(json.loads(line)["external_id"] == "t-cli-ok" for line in exported.output.splitlines())


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"kind": "patent"}, "kind: 'patent' is not one of offer, need, ip_asset"),
        ({"transfer_modes": []}, "transfer_modes: needs at least 1 code(s)"),
        ({"keywords": ["a", "b", "c", "d", "e", "f"]}, "keywords: allows at most 5 entries"),
        ({"published_at": "02/03/2026"}, "published_at: '02/03/2026' is not a date in the form YYYY-MM-DD"),
        ({"colour": "blue"}, "line: unknown field(s) colour"),
    ],
)
def test_profile_problems_are_explained(app, demo_data, changes, problem):
    with app.app_context():
        report = import_lines(lines(offer("t-problem", **changes)))
        assert len(report.errors) == 1 and problem in report.errors[0].reason


def test_changed_ip_assets_are_counted_as_updated(app, demo_data):
    """Loading an IP record used to flush the listing first, so its change went uncounted."""
    external_ids = [f"t-ip-batch-{number}" for number in range(20)]
    with app.app_context():
        assert import_lines(lines(*(ip_asset(external_id) for external_id in external_ids))).created == 20
        versions = {external_id: stored(external_id).version for external_id in external_ids}
        db.session.expire_all()

        report = import_lines(
            lines(*(ip_asset(external_id, title=f"Tên mới {external_id}") for external_id in external_ids))
        )
        assert (report.created, report.updated, report.unchanged) == (0, 20, 0)
        assert all(stored(external_id).version > versions[external_id] for external_id in external_ids)


def test_a_nul_character_is_reported_by_line_and_the_good_line_is_saved(app, demo_data, tmp_path):
    """PostgreSQL refuses NUL in text, which used to abort the whole import with a traceback."""
    source = tmp_path / "nul.jsonl"
    source.write_text(
        "\n".join(lines(offer("t-nul-good"), offer("t-nul-bad", title="Máy sấy\u0000 cà phê"))) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(techport_cli, ["import", str(source)], obj=_script_info(app))
    assert result.exit_code == 1
    assert f"{source}:2: title: contains the control character U+0000" in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in result.output
    with app.app_context():
        assert stored("t-nul-good") is not None and stored("t-nul-bad") is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": "Sấy\u0007 cà phê"}, "summary"),
        ({"keywords": ["sấy\u001b"]}, "keywords"),
        ({"contact": {"name": "Kh\u0085oa"}}, "contact.name"),
        ({"organisation": "hcmut\u0000"}, "organisation"),
    ],
)
def test_control_characters_are_refused_in_every_text_field(app, demo_data, changes, field):
    with app.app_context():
        report = import_lines(lines(offer(f"t-control-{field}", **changes)))
        assert [error.reason.split(":")[0] for error in report.errors] == [field]
        assert "only tabs and line breaks are allowed" in report.errors[0].reason
        assert stored(f"t-control-{field}") is None


def test_control_characters_are_refused_in_the_ip_record_but_tabs_and_line_breaks_are_kept(app, demo_data):
    with app.app_context():
        record = ip_asset("t-control-ip")
        record["ip"]["owners"] = [{"name": "Trường\u0000 Bách khoa", "share": 100}]
        record["ip"]["inventors"] = ["Nguyễn\u000bVăn An"]
        report = import_lines(lines(record))
        reason = report.errors[0].reason
        assert "ip.owners: contains the control character U+0000" in reason
        assert "ip.inventors: contains the control character U+000B" in reason
        assert stored("t-control-ip") is None

        fine = import_lines(lines(offer("t-line-breaks", description="Dòng một\r\n\tDòng hai\nDòng ba")))
        assert fine.ok and stored("t-line-breaks").description == "Dòng một\r\n\tDòng hai\nDòng ba"
