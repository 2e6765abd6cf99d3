"""The indexer: feeds Elasticsearch from the search outbox, and rebuilds the index behind its alias."""
