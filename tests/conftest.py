"""Shared fixtures: one real app and database per test session, migrated with Alembic.

The database is a SQLite file in a temp directory unless TECHPORT_TEST_DATABASE_URL
points at another one (CI uses PostgreSQL); it is emptied first, then upgraded.
"""

import itertools
import os
import threading

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.serving import make_server

from techport import create_app
from techport.accounts.models import AccountStatus, Role
from techport.accounts.services import create_account
from techport.demo.seed import load_records, seed_demo
from techport.extensions import db
from techport.organisations.services import find_by_slug
from tests.helpers import TEST_PASSWORD

_unique = itertools.count(1)


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TECHPORT_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'techport-test.db'}"
    )


@pytest.fixture(scope="session")
def app(database_url):
    _drop_everything(database_url)
    application = create_app(
        {
            "TESTING": True,
            "TECHPORT_ENV": "test",
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def demo_data(app) -> dict[str, dict]:
    """The demo organisations and accounts, keyed by e-mail with their passwords."""
    with app.app_context():
        seed_demo()
    return {record["email"]: record for record in load_records("accounts.json")}


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app, demo_data):
    """Create a user with a unique e-mail; returns that e-mail."""

    def factory(
        organisation_slug: str = "hcmut",
        role: Role = Role.MEMBER,
        status: AccountStatus = AccountStatus.ACTIVE,
        password: str = TEST_PASSWORD,
    ) -> str:
        email = f"user{next(_unique)}-{os.getpid()}@test.example"
        with app.app_context():
            create_account(
                email=email,
                full_name=f"Test User {email}",
                password=password,
                role=role,
                status=status,
                organisation=find_by_slug(organisation_slug) if organisation_slug else None,
            )
            db.session.commit()
        return email

    return factory


@pytest.fixture(scope="session")
def live_server(app, demo_data):
    """The app served over real HTTP on a free loopback port, for browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
