"""The Elasticsearch client of the running app, created once per app."""

from elasticsearch import Elasticsearch
from flask import Flask, current_app

EXTENSION_KEY = "techport.elasticsearch"


def search_client(app: Flask | None = None) -> Elasticsearch:
    app = app or current_app
    client = app.extensions.get(EXTENSION_KEY)
    if client is None:
        client = Elasticsearch(
            app.config["ELASTICSEARCH_URL"], request_timeout=30, retry_on_timeout=False, max_retries=0
        )
        app.extensions[EXTENSION_KEY] = client
    return client
