"""``techport doctor`` reads a cluster's comma-separated node URLs and passes while one node is down."""

import socket
import uuid

from flask_migrate import upgrade

from indexer.reindex import reindex
from techport import create_app
from techport.extensions import db
from tests.conftest import ELASTICSEARCH_URL
from tests.helpers import app_settings
from tests.search.indexing_helpers import run_cli


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_search_check_skips_a_dead_node_of_the_list(es, tmp_path):
    prefix = f"test-doctor-{uuid.uuid4().hex[:8]}"
    urls = f"http://127.0.0.1:{closed_port()},{ELASTICSEARCH_URL}"
    app = create_app(app_settings(f"sqlite:///{tmp_path / 'doctor.db'}", SEARCH_INDEX_PREFIX=prefix))
    try:
        with app.app_context():
            upgrade()
            reindex(es, prefix, replicas=0)
        app.config["ELASTICSEARCH_URL"] = urls
        search_lines = [line for line in run_cli(app, "doctor").output.splitlines() if line.startswith(("ok", "FAIL"))]
        assert [line for line in search_lines if " search: " in line][0].startswith("ok   search: Elasticsearch 8.")
    finally:
        with app.app_context():
            db.engine.dispose()
        for index in es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all"):
            es.indices.delete(index=index)
