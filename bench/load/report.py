"""Reading Locust's CSV statistics and printing them as markdown tables."""

import csv
from dataclasses import dataclass
from pathlib import Path

P95_LIMIT_MS = 300


@dataclass
class RequestStats:
    name: str
    requests: int
    failures: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float


def read_stats(csv_prefix: Path) -> tuple[list[RequestStats], RequestStats]:
    """Per request type, and the aggregate, from ``<prefix>_stats.csv``."""
    rows = []
    with open(f"{csv_prefix}_stats.csv", newline="") as stats_file:
        for row in csv.DictReader(stats_file):
            rows.append(
                RequestStats(
                    name=row["Name"],
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    requests_per_second=float(row["Requests/s"]),
                    p50_ms=float(row["50%"] if row["50%"] != "N/A" else 0),
                    p95_ms=float(row["95%"] if row["95%"] != "N/A" else 0),
                )
            )
    aggregate = next(row for row in rows if row.name == "Aggregated")
    return [row for row in rows if row.name != "Aggregated"], aggregate


def failure_reasons(csv_prefix: Path, shown: int = 5) -> list[str]:
    path = Path(f"{csv_prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="") as failures_file:
        rows = sorted(csv.DictReader(failures_file), key=lambda row: -int(row["Occurrences"]))
    return [f"{row['Occurrences']}× {row['Name']}: {row['Error'][:160]}" for row in rows[:shown]]


def ramp_table(steps: list[tuple[int, RequestStats]]) -> str:
    lines = [
        "| users | requests/s | p50 ms | p95 ms | errors | p95 < 300 ms |",
        "|---:|---:|---:|---:|---:|:---|",
    ]
    for users, total in steps:
        lines.append(
            f"| {users} | {total.requests_per_second:.1f} | {total.p50_ms:.0f} | {total.p95_ms:.0f} | "
            f"{total.failures} | {'yes' if total.p95_ms < P95_LIMIT_MS else 'no'} |"
        )
    return "\n".join(lines)


def best_rate_under_limit(steps: list[tuple[int, RequestStats]]) -> tuple[int, float] | None:
    """(users, requests/s) of the busiest step whose p95 stayed under the limit, or None."""
    under = [(users, total.requests_per_second) for users, total in steps if total.p95_ms < P95_LIMIT_MS]
    return max(under, key=lambda step: step[1]) if under else None


def mixed_table(rows: list[RequestStats], total: RequestStats) -> str:
    lines = ["| request | count | requests/s | p50 ms | p95 ms | errors |", "|:---|---:|---:|---:|---:|---:|"]
    for row in sorted(rows, key=lambda row: -row.requests):
        lines.append(
            f"| {row.name} | {row.requests} | {row.requests_per_second:.2f} | {row.p50_ms:.0f} | "
            f"{row.p95_ms:.0f} | {row.failures} |"
        )
    lines.append(
        f"| **all** | {total.requests} | {total.requests_per_second:.1f} | {total.p50_ms:.0f} | "
        f"{total.p95_ms:.0f} | {total.failures} |"
    )
    return "\n".join(lines)
