"""``techport doctor`` names what is wrong with an installation, exits 1, and exits 0 once it is fixed."""

import socket
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from indexer.reindex import reindex
from indexer.worker import Worker as IndexerWorker
from techport import create_app
from techport.extensions import db
from techport.ops.heartbeats import INDEXER, WORKER, WorkerHeartbeat, beat
from techport.worker.loop import Worker
from tests.helpers import app_settings
from tests.search.indexing_helpers import run_cli


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def installation(es, tmp_path):
    """A whole installation of its own: database, search prefix, attachment folder."""
    prefix = f"test-doctor-{uuid.uuid4().hex[:8]}"
    attachments = tmp_path / "attachments"
    app = create_app(
        app_settings(f"sqlite:///{tmp_path / 'doctor.db'}", ATTACHMENT_DIR=str(attachments), SEARCH_INDEX_PREFIX=prefix)
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()
    for index in es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all"):
        es.indices.delete(index=index)


def lines_of(result) -> dict[str, str]:
    return {line.split(":")[0][5:]: line for line in result.output.splitlines() if line[:4] in ("ok  ", "FAIL")}


def test_a_stopped_search_node_and_an_unwritable_attachment_folder_are_named(installation, es, tmp_path):
    app = installation
    with app.app_context():
        reindex(es, app.config["SEARCH_INDEX_PREFIX"], replicas=0)
        beat(WORKER)
        beat(INDEXER)
    healthy = run_cli(app, "doctor")
    assert healthy.exit_code == 0, healthy.output
    assert healthy.output.splitlines()[-1] == "7 of 7 checks passed"
    assert "Elasticsearch 8." in lines_of(healthy)["search"]
    assert lines_of(healthy)["database"] == f"ok   database: reachable, migrations at head ({migration_head()})"

    good_url, good_folder = app.config["ELASTICSEARCH_URL"], app.config["ATTACHMENT_DIR"]
    # A file where the folder should be: unwritable even for root, which chmod does not stop.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app.config.update(ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}", ATTACHMENT_DIR=str(blocker / "inner"))
    broken = run_cli(app, "doctor")
    assert broken.exit_code == 1
    lines = lines_of(broken)
    assert lines["search"].startswith("FAIL search: cannot reach Elasticsearch at http://127.0.0.1:")
    assert "-> start the search node" in lines["search"]
    assert lines["attachments"].startswith(f"FAIL attachments: {blocker / 'inner'} is not writable")
    assert "TECHPORT_ATTACHMENT_DIR" in lines["attachments"]
    assert broken.output.splitlines()[-1] == "5 of 7 checks passed; failed: search, attachments"

    app.config.update(ELASTICSEARCH_URL=good_url, ATTACHMENT_DIR=good_folder)
    assert run_cli(app, "doctor").exit_code == 0


def test_missing_workers_a_missing_alias_and_production_settings_fail(installation, monkeypatch):
    app = installation
    monkeypatch.setitem(app.config, "TECHPORT_ENV", "production")
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{closed_port()}")
    result = run_cli(app, "doctor")
    assert result.exit_code == 1
    lines = lines_of(result)
    assert "the alias" in lines["search"] and "-> run: techport search reindex" in lines["search"]
    assert lines["settings"].startswith("FAIL settings: the secret key is the default or too short")
    assert lines["mail"].startswith("FAIL mail: cannot reach 127.0.0.1:")
    assert lines["workers"] == "FAIL workers: no worker has ever run here -> start techport worker"


def _beaten_kinds(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.select(WorkerHeartbeat.kind)))


@pytest.mark.parametrize(("kind", "worker_class"), [(WORKER, Worker), (INDEXER, IndexerWorker)])
def test_the_worker_and_the_indexer_beat_their_heartbeat(installation, es, kind, worker_class):
    app = installation
    worker = worker_class(app)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if kind in _beaten_kinds(app):
                break
            threading.Event().wait(0.1)
    finally:
        worker.stop()
        thread.join(timeout=30)
    assert kind in _beaten_kinds(app)


def migration_head() -> str:
    """The newest migration's revision, so the test follows the schema instead of naming one."""
    return ScriptDirectory(str(Path(__file__).resolve().parents[2] / "migrations")).get_current_head()
