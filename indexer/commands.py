"""``techport indexer run|status|retry`` and ``techport search reindex|status|verify|prune``."""

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
    from techport.logging_setup import configure_logging

    configure_logging(current_app.config["LOG_FORMAT"], "%(asctime)s indexer %(levelname)s %(message)s")
    worker = Worker(current_app._get_current_object())
    worker.install_signal_handlers()
    worker.run()


@indexer_group.command("status")
@with_appcontext
def status_command():
    """Backlog, age of the oldest pending change, and parked rows with their listing."""
    from indexer.status import outbox_status
    from techport.search.outbox import OutboxEntity

    report = outbox_status()
    age = report.oldest_pending_age_seconds
    click.echo(f"pending: {report.pending}")
    click.echo(f"oldest pending change: {'-' if age is None else f'{age:.1f} s ago'}")
    click.echo(f"parked: {report.parked}")
    for entry in report.parked_rows:
        is_listing = entry.entity == OutboxEntity.LISTING
        listing = report.parked_listings.get(entry.entity_id) if is_listing else None
        what = f"{entry.entity.value} {entry.entity_id}"
        if listing is not None:
            what += f' ({listing.organisation.slug}/{listing.external_id} "{listing.title[:60]}")'
        click.echo(f"  #{entry.id} {what} after {entry.attempts} attempts: {entry.last_error[:300]}")


@indexer_group.command("retry")
@click.option("--id", "entry_ids", type=int, multiple=True, help="Outbox row id (repeatable); all parked rows if none.")
@with_appcontext
def retry_command(entry_ids: tuple[int, ...]):
    """Put parked outbox rows back in the queue with their attempts reset."""
    from indexer.worker import retry_parked

    click.echo(f"{retry_parked(list(entry_ids))} parked rows queued again")


@click.group("search")
def search_group():
    """The search index."""


@search_group.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the index from the database into a fresh index and swap the alias to it."""
    from indexer.reindex import reindex
    from techport.listings.transfer import count_listings
    from techport.progress import progress
    from techport.search.client import search_client

    config = current_app.config
    with progress("reindex", count_listings()) as advance:
        report = reindex(search_client(), config["SEARCH_INDEX_PREFIX"], config["SEARCH_REPLICAS"], advance)
    click.echo(
        f"{report.index}: {report.loaded} listings loaded, {report.caught_up} caught up; "
        f"retired {', '.join(report.retired) or 'nothing'}; dropped {', '.join(report.dropped) or 'nothing'}"
    )
    click.echo(f"refused and skipped: {len(report.rejected)}")
    for listing_id, error in sorted(report.rejected.items()):
        click.echo(f"  listing {listing_id}: {error[:300]}")


@search_group.command("prune")
@with_appcontext
def prune_command():
    """Drop the indices earlier reindexes retired (kept so that searches running on them could finish)."""
    from indexer.reindex import prune
    from techport.search.client import search_client

    dropped = prune(search_client(), current_app.config["SEARCH_INDEX_PREFIX"])
    click.echo(f"dropped {', '.join(dropped) or 'nothing'}")


@search_group.command("verify")
@click.option("--repair", is_flag=True, help="Queue an outbox row for every listing that differs.")
@with_appcontext
def verify_command(repair: bool):
    """Compare the index with the database by version: missing, stale and extra documents."""
    from indexer.verify import compare, items_to_compare
    from indexer.verify import repair as queue_repairs
    from techport.progress import progress
    from techport.search.client import search_client
    from techport.search.index import alias_name

    es, alias = search_client(), alias_name(current_app.config["SEARCH_INDEX_PREFIX"])
    with progress("verify", items_to_compare(es, alias)) as advance:
        differences = compare(es, alias, advance)
    click.echo(f"missing: {len(differences.missing)}")
    click.echo(f"stale: {len(differences.stale)}")
    click.echo(f"extra: {len(differences.extra)}")
    if repair:
        click.echo(f"queued for the indexer: {queue_repairs(differences)}")


@search_group.command("status")
@with_appcontext
def search_status_command():
    """The alias, its index, public document count, schema version and retired indices."""
    from indexer.status import index_status
    from techport.search.client import search_client

    report = index_status(search_client(), current_app.config["SEARCH_INDEX_PREFIX"])
    click.echo(f"alias: {report['alias']} -> {', '.join(report['indices']) or '(none: run techport search reindex)'}")
    if report["indices"]:
        click.echo(f"documents: {report['documents']}, schema version {report['schema_version']}")
    click.echo(f"retired: {', '.join(report['retired']) or 'none'}")
