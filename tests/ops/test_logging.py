"""One JSON line per request and per job, and a request id a user's report can quote."""

import json
import logging
from datetime import datetime

import pytest

from techport.logging_setup import JsonFormatter
from techport.worker.schedule import Cadence, Job, Scheduler, ScheduleSettings
from tests.helpers import sign_in


def json_lines(caplog, logger: str) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger]


def test_a_request_gets_one_json_line_with_its_id_route_status_and_duration(app, client, demo_data, caplog):
    assert app.config["LOG_FORMAT"] == "json"
    with caplog.at_level(logging.INFO, logger="techport.requests"):
        response = client.get("/organisations/hcmut", headers={"X-Request-ID": "support-ticket-42"})
    assert response.headers["X-Request-ID"] == "support-ticket-42"
    (line,) = json_lines(caplog, "techport.requests")
    assert line["request_id"] == "support-ticket-42"
    assert line["route"] == "/organisations/<slug>" and line["path"] == "/organisations/hcmut"
    assert line["status"] == response.status_code and line["method"] == "GET" and line["level"] == "info"
    assert isinstance(line["duration_ms"], float) and "user_id" not in line
    assert datetime.fromisoformat(line["time"]).tzinfo is not None


def test_a_signed_in_request_names_the_user_and_a_missing_id_is_generated(app, client, make_user, caplog):
    sign_in(client, make_user())
    with caplog.at_level(logging.INFO, logger="techport.requests"):
        response = client.get("/", headers={"X-Request-ID": "bad id with spaces"})
    (line,) = json_lines(caplog, "techport.requests")
    assert line["request_id"] == response.headers["X-Request-ID"] != "bad id with spaces"
    assert len(line["request_id"]) == 32 and isinstance(line["user_id"], int)


def test_error_pages_and_json_errors_show_the_request_id(client, demo_data):
    page = client.get("/no-such-page", headers={"X-Request-ID": "abc-123"})
    assert page.status_code == 404 and "<code>abc-123</code>" in page.get_data(as_text=True)
    api = client.get("/api/v1/no-such-thing", headers={"X-Request-ID": "abc-456"})
    assert api.get_json()["error"] == {"status": 404, "message": "not found", "request_id": "abc-456"}


def test_a_job_gets_one_json_line_with_its_name_period_and_duration(app, caplog):
    settings = ScheduleSettings.from_config(app.config)
    scheduler = Scheduler([Job("logging-test-job", Cadence.IMMEDIATELY, lambda now: None)], settings)
    with app.app_context(), caplog.at_level(logging.INFO, logger="techport.worker.schedule"):
        assert scheduler.run_due() == ["logging-test-job"]
    (line,) = [line for line in json_lines(caplog, "techport.worker.schedule") if line.get("job") == "logging-test-job"]
    assert line["cadence"] == "immediately" and line["period"] is None and line["duration_ms"] >= 0
    assert line["message"].startswith("job logging-test-job ran for this pass in ")


@pytest.mark.parametrize(("env", "expected"), [("development", "text"), ("test", "json"), ("production", "json")])
def test_the_log_format_follows_the_environment(env, expected):
    from techport.config import finalise_settings, settings_from_env

    config = settings_from_env(
        {"TECHPORT_ENV": env, "TECHPORT_SECRET_KEY": "x" * 40, "TECHPORT_BASE_URL": "https://t.example"}
    )
    finalise_settings(config, {})
    assert config["LOG_FORMAT"] == expected
