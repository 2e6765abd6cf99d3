"""Portfolio import benchmark: the preview of a 5,000-row XLSX portfolio (target: under 10 s).

    .venv/bin/python bench/import/run.py [--rows 5000] [--existing 2500]

Builds a throwaway SQLite database with the demo organisations, imports ``--existing`` of the rows first
(so the preview matches updates as well as creations), writes every row into the XLSX template, then
measures in one run:
- the baseline: reading the workbook alone (openpyxl, read-only), which no preview can beat;
- the preview: read, validate and dry-run every row through the import engine, then roll back.
"""

import argparse
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from techport import create_app
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings import portfolio_import, spreadsheets
from techport.listings.transfer import import_rows
from techport.organisations.services import find_by_slug

TARGET_SECONDS = 10.0
SECTOR_CODES = ("ai", "energy", "smart_agriculture", "health", "materials")


def row(number: int, revised: bool) -> dict:
    return {
        "external_id": f"bench-{number:05d}",
        "organisation": "hcmut",
        "kind": "offer",
        "status": "draft",
        "language": "vi",
        "title": f"Công nghệ sấy nông sản số {number}{' (bản mới)' if revised else ''}",
        "summary": "Sấy cà phê nhân bằng năng lượng mặt trời kết hợp bơm nhiệt, tiết kiệm điện năng.",
        "description": "Buồng sấy 500 kg mỗi mẻ, tiết kiệm 40% điện năng so với máy sấy đốt than. " * 5,
        "advantages": "Giữ hương vị, không khói.",
        "trl": 1 + number % 9,
        "sectors": [SECTOR_CODES[number % 5], SECTOR_CODES[(number + 1) % 5]],
        "keywords": ["sấy", "cà phê", "bơm nhiệt"],
        "transfer_modes": ["licence", "technical_consulting"],
        "price_vnd": 1_000_000 * number,
        "price_negotiable": number % 2 == 0,
        "contact": {"name": "Trần Minh Khoa", "email": "khoa@hcmut.example", "phone": "+84 28 3864 7256"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--existing", type=int, default=2500)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-import-bench-"))
    app = create_app({"TECHPORT_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}"})
    with app.app_context():
        upgrade()
        seed_demo()
        organisation = find_by_slug("hcmut")
        import_rows(((number, row(number, False)) for number in range(args.existing)), organisation=organisation)
        records = [row(number, number % 2 == 0) for number in range(args.rows)]
        workbook = spreadsheets.write_xlsx(records)

        started = time.perf_counter()
        read = sum(1 for _ in spreadsheets.read_xlsx(workbook, args.rows))
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        report = portfolio_import.run("xlsx", workbook, organisation, by_owner=True, dry_run=True)
        preview = time.perf_counter() - started
        db.session.remove()

    print(f"XLSX of {args.rows} rows: {len(workbook) / 1024:.0f} KiB, {read} rows read")
    print(f"baseline (read the workbook alone): {baseline:6.2f} s")
    print(
        f"preview (read + validate + dry run): {preview:6.2f} s  "
        f"[{report.created} to create, {report.updated} to update, {report.unchanged} unchanged, "
        f"{len(report.errors)} refused]  target < {TARGET_SECONDS:.0f} s: {'met' if preview < TARGET_SECONDS else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
