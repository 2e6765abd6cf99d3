"""App factory, configuration, security headers, error pages and the demo seed."""

import re

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from techport import create_app
from techport.cli import main as cli
from techport.config import DEFAULT_SECRET_KEY, ConfigurationError, settings_from_env
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.organisations.models import Organisation, OrganisationKind


def test_documented_defaults():
    settings = settings_from_env({})
    assert settings["ELASTICSEARCH_URL"] == "http://127.0.0.1:9200"
    assert settings["SQLALCHEMY_DATABASE_URI"] is None
    assert settings["TECHPORT_ENV"] == "development"


def test_database_connections_are_tested_before_use(app):
    """After a database failover the pool replaces dead connections instead of failing a request on each."""
    with app.app_context():
        assert db.engine.pool._pre_ping


def test_environment_variables_are_read():
    settings = settings_from_env(
        {"TECHPORT_DATABASE_URL": "postgresql+psycopg://u@h/db", "TECHPORT_ELASTICSEARCH_URL": "http://es:9200"}
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert settings["ELASTICSEARCH_URL"] == "http://es:9200"


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ConfigurationError):
        create_app({"TECHPORT_ENV": "production", "SECRET_KEY": DEFAULT_SECRET_KEY})


def test_development_cookies_work_over_plain_http(app):
    assert app.config["SESSION_COOKIE_SECURE"] is False


def _production_settings(tmp_path, **overrides) -> dict:
    return {
        "TECHPORT_ENV": "production",
        "SECRET_KEY": "x" * 40,
        "BASE_URL": "https://techport.example",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        **overrides,
    }


@pytest.mark.parametrize("env", ["prod", "Production", "staging", ""])
def test_unknown_environments_refuse_to_start(env):
    with pytest.raises(ConfigurationError, match="TECHPORT_ENV"):
        create_app({"TECHPORT_ENV": env})


def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="32 bytes"):
        create_app(_production_settings(tmp_path, SECRET_KEY="x" * 31))


def test_production_requires_a_base_url(tmp_path):
    with pytest.raises(ConfigurationError, match="TECHPORT_BASE_URL"):
        create_app(_production_settings(tmp_path, BASE_URL=None))


def test_production_answers_only_its_own_host(tmp_path):
    app = create_app(_production_settings(tmp_path))
    client = app.test_client()
    assert client.get("/lang/en", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/lang/en", headers={"Host": "techport.example"}).status_code == 302


def test_production_cookies_are_secure(tmp_path):
    app = create_app(_production_settings(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_security_headers(client, demo_data):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_or_styles(client, demo_data):
    for url in ("/", "/organisations/", "/organisations/hcmut", "/account/sign-in", "/account/sign-up"):
        page = client.get(url).get_data(as_text=True)
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts, "Bootstrap's script is loaded from static/"
        assert all(re.search(r'\ssrc="/static/', tag) for tag in scripts), scripts
        assert "style=" not in page
        assert "<style" not in page


def test_404_page_is_bilingual(client, demo_data):
    response = client.get("/does-not-exist")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page
    assert "Page not found" in page


def test_413_for_too_large_requests(client, app, demo_data):
    body = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/account/sign-in", data={"email": body})
    assert response.status_code == 413
    assert "Dữ liệu quá lớn" in response.get_data(as_text=True)


def test_500_page_is_bilingual(database_url, app):
    fresh = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url})

    @fresh.route("/__boom")
    def boom():
        raise RuntimeError("boom")

    response = fresh.test_client().get("/__boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in page and "Something went wrong" in page


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_seed_demo_is_idempotent(app, demo_data):
    with app.app_context():
        seed_demo()
        count = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        universities = db.session.scalar(
            sa.select(sa.func.count(Organisation.id)).where(Organisation.kind == OrganisationKind.UNIVERSITY)
        )
        seed_demo()
        assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == count
    assert universities >= 20


def test_seed_demo_command_prints_the_accounts(app, demo_data):
    result = app.test_cli_runner().invoke(cli, ["seed-demo"])
    assert result.exit_code == 0, result.output
    for email, record in demo_data.items():
        assert email in result.output and record["password"] in result.output


def test_create_admin_command(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        cli,
        ["create-admin", "--email", "root@techport.example", "--name", "Root", "--password", "lantern-quiet-harbour-7"],
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        cli,
        ["create-admin", "--email", "root@techport.example", "--name", "Root", "--password", "lantern-quiet-harbour-7"],
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_admin_refuses_a_guessable_password(app):
    result = app.test_cli_runner().invoke(
        cli, ["create-admin", "--email", "weak@techport.example", "--name", "Weak", "--password", "password1234"]
    )
    assert result.exit_code != 0 and "too common" in result.output


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(database_url):
    from flask import request

    from tests.helpers import app_settings

    proxied = create_app(app_settings(database_url, PROXY_HOPS=1))

    @proxied.route("/_test/address")
    def address():
        return request.remote_addr

    response = proxied.test_client().get("/_test/address", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "203.0.113.7"
