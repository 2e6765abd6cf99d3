"""Shared fixtures: one real app and database per test session, migrated with Alembic.

The database is a SQLite file in a temp directory unless TECHPORT_TEST_DATABASE_URL
points at another one (CI uses PostgreSQL); it is emptied first, then upgraded.
"""

import itertools
import os
import threading
import uuid

import pytest
import sqlalchemy as sa
from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ConnectionError as ESConnectionError
from flask_migrate import upgrade
from werkzeug.serving import make_server

from indexer.reindex import reindex
from indexer.worker import Worker
from techport import create_app
from techport.accounts.models import AccountStatus, Role
from techport.accounts.services import create_account
from techport.demo.seed import load_records, seed_demo
from techport.extensions import db
from techport.listings import services as listing_services
from techport.listings import workflow
from techport.listings.vocabulary import ListingStatus
from techport.organisations.services import find_by_slug
from tests.helpers import TEST_PASSWORD, app_settings, listing_record
from tests.search.corpus import corpus
from tests.search.indexing_helpers import import_records

_unique = itertools.count(1)


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` belong to the PostgreSQL pass of scripts/test; the SQLite pass leaves them out."""
    if os.environ.get("TECHPORT_TEST_DATABASE_URL", "").startswith("postgresql"):
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TECHPORT_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'techport-test.db'}"
    )


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    _drop_everything(database_url)
    application = create_app(
        app_settings(
            database_url,
            ATTACHMENT_DIR=str(tmp_path_factory.mktemp("attachments")),
            SEARCH_LOG_DIR=str(tmp_path_factory.mktemp("search-log")),
            LISTING_VIEWS_DIR=str(tmp_path_factory.mktemp("listing-views")),
            # Never the development index; tests that search build their own (search_prefix).
            SEARCH_INDEX_PREFIX=f"test-session-{uuid.uuid4().hex[:8]}",
        )
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


@pytest.fixture
def make_listing(app, demo_data):
    """Store a listing through the service layer (no UI); returns its id.

    ``status`` walks it through the real lifecycle steps, so dates and mail are as in production.
    """

    def factory(organisation_slug: str = "hcmut", kind: str = "offer", status: str = "draft", **changes) -> int:
        with app.app_context():
            organisation = find_by_slug(organisation_slug)
            record = listing_record(
                kind, organisation=organisation_slug, external_id=workflow.new_external_id(), **changes
            )
            listing = workflow.create_listing(record, organisation, submit=status != "draft")
            if status in ("published", "expired", "archived"):
                listing_services.approve(listing)
            if status == "expired":
                listing.status = ListingStatus.EXPIRED
            if status == "archived":
                listing_services.archive(listing)
            db.session.commit()
            return listing.id

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


# The live search node (scripts/esnode start): under CI a missing node fails the test, locally it skips.
ELASTICSEARCH_URL = os.environ.get("TECHPORT_ELASTICSEARCH_URL", "http://127.0.0.1:9200")
# Text ranking only, in this process and the workers it starts, so indexing stays fast; the tests of the
# semantic layer switch it on for their own app.
os.environ.setdefault("TECHPORT_EMBEDDINGS", "off")


@pytest.fixture(scope="session")
def es() -> Elasticsearch:
    """A client of the live node. Under CI a missing node fails the test; locally it skips."""
    client = Elasticsearch(ELASTICSEARCH_URL, request_timeout=30)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except ESConnectionError as error:
        message = f"Elasticsearch is not reachable at {ELASTICSEARCH_URL} (run scripts/esnode start): {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client


def _delete_indices(es: Elasticsearch, prefix: str) -> None:
    created = es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all")
    if created:
        es.indices.delete(index=",".join(created))


@pytest.fixture
def index_name(es: Elasticsearch):
    """A unique index-name prefix for one test; every index under it is deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield prefix
    _delete_indices(es, prefix)


@pytest.fixture
def search_prefix(app, es, demo_data):
    """A fresh index prefix for one test, built from the database; its indices are deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    app.config["SEARCH_INDEX_PREFIX"] = prefix
    with app.app_context():
        reindex(es, prefix, replicas=0)
    yield prefix
    _delete_indices(es, prefix)


@pytest.fixture
def running_worker(app):
    """Start the outbox worker in a thread (optionally with its own client); stops it at the end."""
    threads = []

    def start(es=None):
        worker = Worker(app, es=es)
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        threads.append((worker, thread))
        return worker

    yield start
    for worker, thread in threads:
        worker.stop()
        thread.join(timeout=30)


@pytest.fixture
def indexed_corpus(app, es, search_prefix):
    """The small search corpus of tests/search/corpus.py, imported and indexed under a fresh prefix."""
    with app.app_context():
        import_records(corpus())
        reindex(es, search_prefix, replicas=0)
    return search_prefix
