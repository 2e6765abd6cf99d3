"""``techport indexer run|status`` and ``techport search reindex|status``."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("indexer")
def indexer_group():
    """The outbox worker that feeds Elasticsearch."""


@indexer_group.command("run")
@with_appcontext
def run_command():
    """Feed Elasticsearch from the outbox until SIGTERM or Ctrl-C."""
    from indexer.worker import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s indexer %(levelname)s %(message)s", force=True)
    worker = Worker(current_app._get_current_object())
    worker.install_signal_handlers()
    worker.run()


@indexer_group.command("status")
@with_appcontext
def status_command():
    """Backlog, age of the oldest pending change, and parked rows."""
    from indexer.status import outbox_status

    report = outbox_status()
    age = report.oldest_pending_age_seconds
    click.echo(f"pending: {report.pending}")
    click.echo(f"oldest pending change: {'-' if age is None else f'{age:.1f} s ago'}")
    click.echo(f"parked: {report.parked}")
    for entry in report.parked_rows:
        click.echo(
            f"  #{entry.id} {entry.entity.value} {entry.entity_id} after {entry.attempts} attempts: {entry.last_error}"
        )


@click.group("search")
def search_group():
    """The search index."""


@search_group.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the index from the database into a fresh index and swap the alias to it."""
    from indexer.reindex import reindex
    from techport.search.client import search_client

    config = current_app.config
    report = reindex(search_client(), config["SEARCH_INDEX_PREFIX"], config["SEARCH_REPLICAS"])
    click.echo(
        f"{report.index}: {report.loaded} listings loaded, {report.caught_up} caught up; dropped {', '.join(report.dropped) or 'nothing'}"
    )


@search_group.command("status")
@with_appcontext
def search_status_command():
    """The alias, its index, document count and schema version."""
    from indexer.status import index_status
    from techport.search.client import search_client

    report = index_status(search_client(), current_app.config["SEARCH_INDEX_PREFIX"])
    click.echo(f"alias: {report['alias']} -> {', '.join(report['indices']) or '(none: run techport search reindex)'}")
    if report["indices"]:
        click.echo(f"documents: {report['documents']}, schema version {report['schema_version']}")
