"""Long commands show a bar in a terminal and plain periodic lines elsewhere; their summary stays."""

import io
import json
import re

import pytest
from rich.console import Console

from techport import progress as progress_module
from tests.search.indexing_helpers import run_cli

PERIODIC_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (\w+): ([\d,]+)/([\d,]+) \((\d+)%\), [\d,]+/s", re.M)


def record(external_id: str) -> dict:
    return {
        "external_id": external_id,
        "organisation": "hcmut",
        "kind": "offer",
        "status": "draft",
        "language": "vi",
        "title": f"Máy sấy tiến độ {external_id}",
        "summary": "Sấy cà phê nhân bằng năng lượng mặt trời kết hợp bơm nhiệt.",
        "description": "Buồng sấy 500 kg mẻ, tiết kiệm 40% điện năng so với máy sấy đốt than.",
        "trl": 6,
        "sectors": ["smart_agriculture"],
        "keywords": ["sấy"],
        "transfer_modes": ["licence"],
    }


@pytest.fixture
def every_step(app, monkeypatch):
    """A progress line at every step instead of every 5 seconds."""
    monkeypatch.setitem(app.config, "PROGRESS_INTERVAL_SECONDS", 0)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "progress.jsonl"
    lines = [json.dumps(record(f"t-progress-{number}"), ensure_ascii=False) for number in range(3)]
    path.write_text("# a comment\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def periodic(output: str, label: str) -> list[tuple[int, int]]:
    return [
        (int(done.replace(",", "")), int(total.replace(",", "")))
        for name, done, total, _ in PERIODIC_LINE.findall(output)
        if name == label
    ]


def test_an_import_outside_a_terminal_prints_periodic_lines_and_its_summary(app, demo_data, every_step, source):
    result = run_cli(app, "import", str(source), "--dry-run")
    assert result.exit_code == 0, result.output
    assert periodic(result.output, "import") == [(1, 3), (2, 3), (3, 3), (3, 3)]
    assert "done in" in result.output.splitlines()[-2]
    assert result.output.splitlines()[-1] == "3 created, 0 updated, 0 unchanged, 0 failed (dry run: nothing saved)"


def test_lines_wait_for_the_interval(app, demo_data, source):
    result = run_cli(app, "import", str(source), "--dry-run")
    # The default 5 s interval: only the closing line.
    assert periodic(result.output, "import") == [(3, 3)]


def test_an_import_in_a_terminal_draws_a_bar(app, demo_data, source, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(
        progress_module, "default_console", lambda: Console(file=screen, force_terminal=True, width=120)
    )
    result = run_cli(app, "import", str(source), "--dry-run")
    assert result.exit_code == 0
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    last_frame = drawn.replace("\r", "\n").strip().splitlines()[-1]
    assert re.fullmatch(r"import ━+ 3/3 100% [\d,]+/s \d:\d\d:\d\d \d:\d\d:\d\d left", last_frame.strip()), last_frame
    assert not periodic(result.output, "import")
    assert "3 created, 0 updated, 0 unchanged, 0 failed" in result.output


def test_an_export_to_a_file_reports_progress_and_a_summary(app, make_listing, every_step, tmp_path):
    make_listing()
    output = tmp_path / "export.jsonl"
    result = run_cli(app, "export", "-o", str(output))
    assert result.exit_code == 0, result.output
    exported = len(output.read_text(encoding="utf-8").splitlines())
    steps = periodic(result.output, "export")
    assert steps[0] == (1, exported) and steps[-1] == (exported, exported)
    assert result.output.splitlines()[-1] == f"{exported} listings written to {output}"


def test_an_export_to_standard_output_stays_pure_json_lines(app, make_listing, every_step):
    make_listing()
    result = run_cli(app, "export")
    assert result.exit_code == 0 and result.output
    assert all(json.loads(line) for line in result.output.splitlines())


def test_reindex_and_verify_report_progress(app, es, make_listing, search_prefix, every_step):
    make_listing(status="published")
    reindexed = run_cli(app, "search", "reindex")
    assert reindexed.exit_code == 0, reindexed.output
    steps = periodic(reindexed.output, "reindex")
    assert steps and steps[-1][0] == steps[-1][1] > 0
    assert "listings loaded" in reindexed.output and "refused and skipped: 0" in reindexed.output

    verified = run_cli(app, "search", "verify")
    steps = periodic(verified.output, "verify")
    assert len(steps) > 2 and steps[-1][0] == steps[-1][1]
    assert verified.output.splitlines()[-3:] == ["missing: 0", "stale: 0", "extra: 0"]


def test_the_report_builder_reports_its_steps(app, demo_data, every_step, tmp_path):
    output = tmp_path / "report.xlsx"
    result = run_cli(app, "reports", "build", "--period", "2026-Q2", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert periodic(result.output, "report") == [(1, 2), (2, 2), (2, 2)]
    assert result.output.splitlines()[-1] == f"{output} written (xlsx, 2026-Q2)"
