"""Reports benchmark: the yearly report over generated data, beside a plain COUNT(*) over the same tables.

    .venv/bin/python bench/reports/run.py [--listings 100000] [--inquiries 20000] [--searches 200000]

Builds a throwaway SQLite database (demo organisations and accounts, then bulk-inserted listings spread over
the year, renewals, inquiries with responses, NDA steps and agreements, logged searches and listing views)
and times, in the same run:
- the baseline: ``COUNT(*)`` over listings, inquiries and their stage changes;
- ``build_report`` for the year (every section of the page, what ``/reports`` and the exports compute);
- the page: that report rendered as ``/reports`` (targets: under 2 s);
- ``workbook_bytes``: the XLSX workbook of that report;
- ``pdf_bytes``: the PDF of that report, figures included (target: under 10 s);
- the worker's ``store_report`` of the year (both languages), then the page and the PDF as curators get them
  while that stored report is fresh (``report_for``: techport.reports.stored).
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import render_template
from flask_migrate import upgrade

from techport import create_app
from techport.accounts.models import User
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.inquiries.models import Inquiry, InquiryStageChange
from techport.listings.models import Listing, ListingRenewal
from techport.listings.vocabulary import SECTORS
from techport.models_common import utcnow
from techport.organisations.models import Organisation
from techport.reports.exports import pdf_bytes, workbook_bytes
from techport.reports.models import ListingViewDay, SearchLogEntry
from techport.reports.periods import year
from techport.reports.sections import build_report
from techport.reports.stored import report_for, store_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import generated_rows  # noqa: E402

YEAR = 2026
STAGES = ("new", "in_discussion", "nda_signed", "negotiating", "agreement_signed")


def _spread_over_the_year(rows: list[dict], rng: random.Random) -> None:
    for row in rows:
        published = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        row.update(
            kind=rng.choice(["offer", "need", "ip_asset"]),
            published_on=published,
            expires_on=published.replace(year=YEAR + 1),
        )


def _inquiry_rows(count: int, listing_rows: list[dict], user_id: int, rng: random.Random):
    inquiries, changes = [], []
    for number in range(1, count + 1):
        listing_id = rng.randrange(1, len(listing_rows) + 1)
        created = datetime(YEAR, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        stage = rng.choice(STAGES)
        signed = stage == "agreement_signed"
        inquiries.append(
            {
                "id": number,
                "listing_id": listing_id,
                "asking_organisation_id": 1,
                "owner_organisation_id": 2,
                "started_by_id": user_id,
                "stage": stage,
                "closing_reason": "",
                "source": "direct",
                "intended_use": "",
                "transfer_mode": rng.choice(["licence", "assignment", ""]),
                "agreement_transfer_mode": "licence" if signed else "",
                "agreement_value_vnd": rng.choice([None, rng.randint(1, 900) * 10_000_000]) if signed else None,
                "agreement_signed_on": (created + timedelta(days=20)).date() if signed else None,
                "agreement_listing_ids": [],
                "first_response_at": created + timedelta(hours=rng.randint(1, 96)),
                "created_at": created,
                "last_activity_at": created,
            }
        )
        for step in STAGES[: STAGES.index(stage) + 1]:
            changes.append({"inquiry_id": number, "to_stage": step, "reason": "", "created_at": created})
    return inquiries, changes


SEARCH_WORDS = ("drone", "máy sấy", "chatbot", "cảm biến", "blockchain", "vắc xin", "pin mặt trời", "du lịch số")


def _search_rows(count: int, rng: random.Random) -> list[dict]:
    rows = []
    for _ in range(count):
        sector = rng.choice([None, *sorted(SECTORS)])
        rows.append(
            {
                "query": f"{rng.choice(SEARCH_WORDS)} {rng.randrange(300)}",
                "filters": {"sector": [sector]} if sector else {},
                "sector": sector,
                "result_count": rng.choice([0, 0, 1, 5, 20]),
                "searched_at": datetime(YEAR, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60)),
            }
        )
    return rows


def _renewal_and_view_rows(listing_rows: list[dict], rng: random.Random) -> tuple[list[dict], list[dict]]:
    renewals = [
        {"listing_id": number, "renewed_on": row["published_on"], "previous_published_on": date(YEAR - 1, 1, 1)}
        for number, row in enumerate(listing_rows, start=1)
        if number % 20 == 0
    ]
    views = [
        {
            "listing_id": rng.randrange(1, len(listing_rows) + 1),
            "day": date(YEAR, 1, 1) + timedelta(days=day),
            "views": 3,
        }
        for day in range(365)
        for _ in range(100)
    ]
    unique_views = list({(row["listing_id"], row["day"]): row for row in views}.values())
    return renewals, unique_views


def _timed(label: str, work) -> float:
    """Wall time, and this process's CPU time: on a loaded machine the second is what the work itself costs."""
    started, cpu_started = time.perf_counter(), time.process_time()
    work()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"{label:<44} {elapsed:7.3f} s  (cpu {cpu:6.3f} s)")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--inquiries", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench.db", "ATTACHMENT_DIR": workdir})
        with app.app_context():
            upgrade()
            seed_demo()
            organisation_ids = list(db.session.scalars(sa.select(Organisation.id)))
            user_id = db.session.scalar(sa.select(User.id).where(User.organisation_id.is_not(None)).limit(1))
            started = time.perf_counter()
            listing_rows = generated_rows(args.listings, organisation_ids)
            _spread_over_the_year(listing_rows, rng)
            db.session.execute(sa.insert(Listing.__table__), listing_rows)
            inquiries, changes = _inquiry_rows(args.inquiries, listing_rows, user_id, rng)
            db.session.execute(sa.insert(Inquiry.__table__), inquiries)
            db.session.execute(sa.insert(InquiryStageChange.__table__), changes)
            db.session.execute(sa.insert(SearchLogEntry.__table__), _search_rows(args.searches, rng))
            renewals, views = _renewal_and_view_rows(listing_rows, rng)
            db.session.execute(sa.insert(ListingRenewal.__table__), renewals)
            db.session.execute(sa.insert(ListingViewDay.__table__), views)
            db.session.commit()
            print(
                f"generated {args.listings} listings, {args.inquiries} inquiries, {len(changes)} stage changes, "
                f"{args.searches} searches, {len(renewals)} renewals, {len(views)} listing-day views "
                f"in {time.perf_counter() - started:.1f} s"
            )
            period = year(YEAR)

            def baseline():
                for table in (Listing, Inquiry, InquiryStageChange):
                    db.session.scalar(sa.select(sa.func.count()).select_from(table))

            with app.test_request_context():
                _timed("baseline: COUNT(*) over the same tables", baseline)
                report = None

                def page():
                    nonlocal report
                    report = build_report(period, date(YEAR + 1, 1, 15))

                _timed(f"yearly report {YEAR} (every section)", page)
                _timed(
                    "the /reports page (figures and HTML)",
                    lambda: render_template(
                        "reports/index.html", report=build_report(period, date(YEAR + 1, 1, 15)), problem=None
                    ),
                )
                _timed("XLSX workbook of it", lambda: workbook_bytes(report))
                _timed("PDF (figures and WeasyPrint)", lambda: pdf_bytes(build_report(period, date(YEAR + 1, 1, 15))))

                def stored():
                    store_report(period, utcnow())
                    db.session.commit()

                _timed("worker: store the yearly report (vi and en)", stored)
                _timed(
                    "the /reports page from the stored report",
                    lambda: render_template(
                        "reports/index.html",
                        report=report_for(period, date(YEAR + 1, 1, 15)),
                        problem=None,
                        refresh_minutes=app.config["REPORTS_REFRESH_MINUTES"],
                    ),
                )
                _timed("PDF from the stored report", lambda: pdf_bytes(report_for(period, date(YEAR + 1, 1, 15))))


if __name__ == "__main__":
    main()
