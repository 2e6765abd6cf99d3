"""The Elasticsearch client of the running app, created once per app."""

from elasticsearch import Elasticsearch
from flask import Flask, current_app

EXTENSION_KEY = "techport.elasticsearch"


def elasticsearch_hosts(url_setting: str) -> list[str]:
    """The node URLs in ``TECHPORT_ELASTICSEARCH_URL``: one node, or a cluster's nodes separated by commas."""
    return [url.strip() for url in url_setting.split(",") if url.strip()]


def search_client(app: Flask | None = None) -> Elasticsearch:
    """One client per app; with several nodes a request a dead node refuses is retried on the next node.

    Timeouts are not retried: a hung node must not multiply the wait a page allows for search.
    """
    app = app or current_app
    client = app.extensions.get(EXTENSION_KEY)
    if client is None:
        hosts = elasticsearch_hosts(app.config["ELASTICSEARCH_URL"])
        client = Elasticsearch(hosts, request_timeout=30, retry_on_timeout=False, max_retries=len(hosts) - 1)
        app.extensions[EXTENSION_KEY] = client
    return client
