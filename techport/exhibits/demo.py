"""The demo exhibits: upserted by slug, their items by listing, so seeding twice changes nothing."""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from techport.demo.seed import DEMO_DIR
from techport.exhibits import services
from techport.exhibits.models import Exhibit
from techport.extensions import db
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug


@dataclass
class SeedReport:
    exhibits: int = 0
    items: int = 0
    missing: list[str] = field(default_factory=list)


def seed_demo_exhibits(today: date | None = None) -> SeedReport:
    today = today or date.today()
    report = SeedReport()
    for record in json.loads((DEMO_DIR / "exhibits.json").read_text(encoding="utf-8")):
        exhibit = services.get_by_slug(record["slug"]) or Exhibit(slug=record["slug"])
        starts_on = today + timedelta(days=record["starts_in_days"])
        data = {name: record.get(name, "") for name in services.EXHIBIT_FIELDS if name not in ("starts_on", "ends_on")}
        services.update_exhibit(
            exhibit,
            data | {"starts_on": starts_on, "ends_on": starts_on + timedelta(days=record["lasts_days"])},
            commit=False,
        )
        exhibit.published = True
        db.session.add(exhibit)
        for entry in record["items"]:
            organisation = find_by_slug(entry["organisation"])
            listing = find_listing(organisation, entry["external_id"]) if organisation else None
            if listing is None or not services.is_exhibitable(listing):
                report.missing.append(f"{entry['organisation']}/{entry['external_id']}")
                continue
            item = services.add_item(exhibit, listing)
            services.update_item(
                item, note=entry.get("note", ""), booth=entry.get("booth", ""), featured=entry.get("featured", False)
            )
            report.items += 1
        report.exhibits += 1
    db.session.commit()
    return report
