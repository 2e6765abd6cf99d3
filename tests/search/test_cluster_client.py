"""Techport's client takes a cluster's node URLs and skips a node that refuses connections."""

import socket

from flask import Flask

from techport.search.client import elasticsearch_hosts, search_client
from tests.conftest import ELASTICSEARCH_URL


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_setting_lists_one_or_several_nodes():
    assert elasticsearch_hosts("http://127.0.0.1:9200") == ["http://127.0.0.1:9200"]
    assert elasticsearch_hosts(" http://es1:9200, http://es2:9200 ,,http://es3:9200,") == [
        "http://es1:9200",
        "http://es2:9200",
        "http://es3:9200",
    ]


def test_a_dead_node_among_the_urls_is_skipped(es):
    app = Flask(__name__)
    app.config["ELASTICSEARCH_URL"] = f"http://127.0.0.1:{closed_port()},{ELASTICSEARCH_URL}"
    client = search_client(app)

    answers = [client.cluster.health()["status"] for _ in range(6)]

    assert len(client.transport.node_pool.all()) == 2
    assert set(answers) <= {"green", "yellow"} and len(answers) == 6
