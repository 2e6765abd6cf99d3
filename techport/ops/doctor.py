"""``techport doctor``: every part of an installation checked, one line each, with what to do when it fails.

Meant for a deployment pipeline and for the operator's first look: it exits 0 only when every check
passes. ``/healthz`` stays the fast check for load balancers; this one may take seconds (it waits for
Elasticsearch and SMTP up to their timeouts) and reads, but never changes, the installation (its one
write is a temporary file in the attachment folder, removed at once).
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from elasticsearch import ApiError, Elasticsearch, TransportError
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from techport.config import DEFAULT_SECRET_KEY, MIN_PRODUCTION_SECRET_KEY_BYTES, PRODUCTION
from techport.extensions import db
from techport.models_common import utcnow
from techport.ops.heartbeats import INDEXER, WORKER, latest_beats
from techport.search.client import elasticsearch_hosts


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    # What to do about it; only shown when the check fails.
    fix: str = ""

    def line(self) -> str:
        text = f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"
        return text if self.ok or not self.fix else f"{text} -> {self.fix}"


class Failed(Exception):
    """A check's finding, raised from deep inside it."""

    def __init__(self, detail: str, fix: str):
        super().__init__(detail)
        self.detail, self.fix = detail, fix


def run_checks() -> list[Check]:
    """Every check, in the order an operator fixes things: database first, then what depends on it."""
    checks = []
    for name, check in CHECKS:
        try:
            checks.append(Check(name, True, check()))
        except Failed as failure:
            checks.append(Check(name, False, failure.detail, failure.fix))
        except SQLAlchemyError as error:
            db.session.rollback()
            checks.append(Check(name, False, f"the database failed ({type(error).__name__})", "see the database check"))
    db.session.rollback()
    return checks


def _database() -> str:
    from techport import MIGRATIONS_DIR

    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        raise Failed(
            f"cannot connect ({type(error.orig or error).__name__}: {str(error.orig or error)[:200]})",
            "start the database or correct TECHPORT_DATABASE_URL",
        ) from None
    heads = set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
    if current != heads:
        raise Failed(
            f"migrations at {', '.join(sorted(current)) or 'none'}, the code expects {', '.join(sorted(heads))}",
            "run: techport db upgrade",
        )
    return f"reachable, migrations at head ({', '.join(sorted(heads))})"


def _published_listings() -> int:
    from techport.listings.models import Listing

    return db.session.scalar(db.select(db.func.count()).select_from(Listing).where(Listing.is_public))


def _search() -> str:
    from techport.search.index import SCHEMA_VERSION, alias_name, current_indices
    from techport.search.query import PUBLIC_ONLY

    config = current_app.config
    url, prefix = config["ELASTICSEARCH_URL"], config["SEARCH_INDEX_PREFIX"]
    # Its own client: the app's is made once and would keep an address the settings have since corrected.
    hosts = elasticsearch_hosts(url)
    es = Elasticsearch(hosts, request_timeout=config["SEARCH_TIMEOUT_SECONDS"], max_retries=len(hosts) - 1)
    try:
        status = es.cluster.health()["status"]
        nodes = es.nodes.info(filter_path="nodes.*.version").get("nodes", {})
        version = ", ".join(sorted({node["version"] for node in nodes.values()})) or "?"
        if status == "red":
            raise Failed(f"Elasticsearch {version}: cluster status red", "see the search node's log")
        indices = current_indices(es, prefix)
        if not indices:
            raise Failed(
                f"Elasticsearch {version} reachable, but the alias {alias_name(prefix)} is missing",
                "run: techport search reindex",
            )
        mapping = es.indices.get_mapping(index=indices[0])[indices[0]]["mappings"]
        schema = mapping.get("_meta", {}).get("schema_version")
        documents = es.count(index=alias_name(prefix), query=PUBLIC_ONLY)["count"]
    except (ApiError, TransportError) as error:
        raise Failed(
            f"cannot reach Elasticsearch at {url} ({type(error).__name__})",
            "start the search node (scripts/esnode start) or correct TECHPORT_ELASTICSEARCH_URL",
        ) from None
    if schema != SCHEMA_VERSION:
        raise Failed(
            f"{indices[0]} has schema version {schema}, the code expects {SCHEMA_VERSION}",
            "run: techport search reindex",
        )
    published = _published_listings()
    if documents != published:
        raise Failed(
            f"{documents} searchable documents but {published} published listings",
            "start techport indexer run, or run: techport search verify --repair",
        )
    return f"Elasticsearch {version}, {alias_name(prefix)} -> {indices[0]} (schema {schema}), {documents} documents"


def _indexer_backlog() -> str:
    from indexer.status import outbox_status

    report = outbox_status(parked_shown=0)
    age = report.oldest_pending_age_seconds
    stale = current_app.config["WORKER_STALE_SECONDS"]
    if report.parked:
        raise Failed(
            f"{report.parked} parked outbox rows (Elasticsearch refused them)",
            "see techport indexer status, fix the listings, then run: techport indexer retry",
        )
    if age is not None and age > stale:
        raise Failed(
            f"{report.pending} pending changes, the oldest {age:.0f} s old",
            "start techport indexer run (or look at its log)",
        )
    return f"{report.pending} pending, none parked"


def _attachments() -> str:
    folder = Path(current_app.config["ATTACHMENT_DIR"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Permission bits say nothing to root or under ACLs: only writing a file tells.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as error:
        raise Failed(
            f"{folder} is not writable ({error.strerror or error})",
            "give the web server's user write access, or correct TECHPORT_ATTACHMENT_DIR",
        ) from None
    return f"{folder} writable"


def _production_settings() -> str:
    config = current_app.config
    if config["TECHPORT_ENV"] != PRODUCTION:
        return f"TECHPORT_ENV={config['TECHPORT_ENV']} (the production rules do not apply)"
    secret = config.get("SECRET_KEY") or ""
    if secret == DEFAULT_SECRET_KEY or len(secret.encode()) < MIN_PRODUCTION_SECRET_KEY_BYTES:
        raise Failed(
            "the secret key is the default or too short",
            f"set TECHPORT_SECRET_KEY to a random value of at least {MIN_PRODUCTION_SECRET_KEY_BYTES} bytes",
        )
    base_url = config.get("BASE_URL") or ""
    if not base_url.startswith("https://"):
        raise Failed(f"the base URL {base_url or '(unset)'} is not https", "set TECHPORT_BASE_URL to the https origin")
    return f"secret key set, base URL {base_url}"


def _smtp() -> str:
    from techport.mail_delivery.smtp import SMTPSettingsError, configured_server, connect

    config = current_app.config
    if not config.get("SMTP_URL") and config["TECHPORT_ENV"] != PRODUCTION:
        return "not configured (development mail goes to the local sink)"
    try:
        server = configured_server(config)
        connection = connect(server)
    except SMTPSettingsError as error:
        raise Failed(str(error), "set TECHPORT_SMTP_URL, e.g. smtp://user:pass@host:587?starttls=1") from None
    except OSError as error:
        raise Failed(
            f"cannot reach {server.host}:{server.port} ({type(error).__name__}: {error})",
            "start the mail server or correct TECHPORT_SMTP_URL",
        ) from None
    connection.quit()
    return f"{server.host}:{server.port} answers"


def _workers() -> str:
    stale = current_app.config["WORKER_STALE_SECONDS"]
    beats = latest_beats()
    seen = []
    for kind, command in ((WORKER, "techport worker"), (INDEXER, "techport indexer run")):
        beaten_at = beats.get(kind)
        if beaten_at is None:
            raise Failed(f"no {kind} has ever run here", f"start {command}")
        age = (utcnow() - beaten_at).total_seconds()
        if age > stale:
            raise Failed(f"the {kind} was last seen {age:.0f} s ago", f"start {command} (or look at its log)")
        seen.append(f"{kind} {age:.0f} s ago")
    return "seen " + ", ".join(seen)


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("database", _database),
    ("search", _search),
    ("indexer", _indexer_backlog),
    ("attachments", _attachments),
    ("settings", _production_settings),
    ("mail", _smtp),
    ("workers", _workers),
]
