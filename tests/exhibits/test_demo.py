"""The demo exhibits: every reference resolves to a published demo listing, and the command loads them."""

import json
from pathlib import Path

from flask_migrate import upgrade

from techport import create_app
from techport.cli import main as cli
from techport.demo.seed import DEMO_DIR, seed_demo
from techport.listings.transfer import import_lines
from tests.helpers import app_settings


def test_every_demo_item_is_a_published_offer_or_ip_asset_of_the_demo_listings():
    listings = {}
    with (DEMO_DIR / "listings.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            listings[record["organisation"], record["external_id"]] = record
    exhibits = json.loads((DEMO_DIR / "exhibits.json").read_text(encoding="utf-8"))
    assert any(
        exhibit["starts_in_days"] <= 0 < exhibit["starts_in_days"] + exhibit["lasts_days"] for exhibit in exhibits
    )
    assert any(exhibit["starts_in_days"] > 0 for exhibit in exhibits)
    for exhibit in exhibits:
        for item in exhibit["items"]:
            record = listings[item["organisation"], item["external_id"]]
            assert record["status"] == "published" and record["kind"] in ("offer", "ip_asset")


def test_seed_demo_command_loads_the_exhibits_onto_the_home_page(tmp_path: Path):
    """On its own SQLite database: the demo listings would change what the shared database's search tests find."""
    app = create_app(app_settings(f"sqlite:///{tmp_path / 'demo.db'}", ATTACHMENT_DIR=str(tmp_path / "files")))
    with app.app_context():
        upgrade()
        seed_demo()
        with (DEMO_DIR / "listings.jsonl").open(encoding="utf-8") as lines:
            assert import_lines(lines).ok
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(cli, ["exhibits", "seed-demo"])
        assert result.exit_code == 0, result.output
        assert "2 exhibit(s), 9 item(s) on show" in result.output
    home = app.test_client().get("/").get_data(as_text=True)
    assert "Nông nghiệp thông minh: nước và năng lượng cho vườn cây" in home
    assert "Thiết bị đo kiểm và sản xuất thông minh" in home
