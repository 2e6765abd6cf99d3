"""Settings read from ``TECHPORT_*`` environment variables.

Every setting has a default that works on a developer's machine, so a fresh clone
runs with no configuration. Production must set at least ``TECHPORT_SECRET_KEY``.

=============================== ======================================== ===========================================
variable                        default                                  meaning
=============================== ======================================== ===========================================
``TECHPORT_ENV``                ``development``                          ``development``, ``test`` or ``production``
``TECHPORT_DATABASE_URL``       ``sqlite:///<instance>/techport.db``     SQLAlchemy URL; PostgreSQL uses
                                                                         ``postgresql+psycopg://user:pw@host/db``
``TECHPORT_ELASTICSEARCH_URL``  ``http://127.0.0.1:9200``                the search node (Elasticsearch 8.19)
``TECHPORT_SEARCH_INDEX_PREFIX`` ``techport``                            search indices and alias are ``<prefix>-listings…``
``TECHPORT_SEARCH_REPLICAS``    ``0``                                    replicas per search index (1+ on a cluster)
``TECHPORT_SEARCH_TIMEOUT_SECONDS`` ``5``                                longest a page or API call waits for search
``TECHPORT_INDEXER_BATCH_SIZE`` ``500``                                  outbox rows the indexer claims at a time
``TECHPORT_INDEXER_POLL_SECONDS`` ``0.5``                                pause of the indexer when the outbox is empty
``TECHPORT_INDEXER_MAX_ATTEMPTS`` ``8``                                  failures before an outbox row is parked
``TECHPORT_INDEXER_KEEP_DONE_DAYS`` ``7``                                days done outbox rows are kept
``TECHPORT_SECRET_KEY``         ``dev-insecure-secret-key``              signs sessions, CSRF and reset tokens;
                                                                         the app refuses to start in production
                                                                         while it is the default
``TECHPORT_MAIL_SENDER``        ``Techport <no-reply@techport.example>`` the From of outgoing mail
``TECHPORT_RESET_TOKEN_MAX_AGE`` ``3600``                                seconds a password-reset link stays valid
``TECHPORT_MAX_CONTENT_LENGTH`` ``2097152``                              largest request body in bytes (413 above)
``TECHPORT_ATTACHMENT_MAX_BYTES`` ``5242880``                            largest listing attachment (image or PDF)
``TECHPORT_ATTACHMENT_DIR``     ``<instance>/attachments``               where attachments are stored (outside the
                                                                         web root; served only through a view)
=============================== ======================================== ===========================================
"""

import os
from collections.abc import Mapping

DEFAULT_SECRET_KEY = "dev-insecure-secret-key"
DEFAULT_ELASTICSEARCH_URL = "http://127.0.0.1:9200"
PRODUCTION = "production"

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
        "SQLALCHEMY_DATABASE_URI": environ.get("TECHPORT_DATABASE_URL") or None,
        "ELASTICSEARCH_URL": environ.get("TECHPORT_ELASTICSEARCH_URL", DEFAULT_ELASTICSEARCH_URL),
        "SEARCH_INDEX_PREFIX": environ.get("TECHPORT_SEARCH_INDEX_PREFIX", "techport"),
        "SEARCH_REPLICAS": int(environ.get("TECHPORT_SEARCH_REPLICAS", "0")),
        "SEARCH_TIMEOUT_SECONDS": float(environ.get("TECHPORT_SEARCH_TIMEOUT_SECONDS", "5")),
        "INDEXER_BATCH_SIZE": int(environ.get("TECHPORT_INDEXER_BATCH_SIZE", "500")),
        "INDEXER_POLL_SECONDS": float(environ.get("TECHPORT_INDEXER_POLL_SECONDS", "0.5")),
        "INDEXER_MAX_ATTEMPTS": int(environ.get("TECHPORT_INDEXER_MAX_ATTEMPTS", "8")),
        "INDEXER_KEEP_DONE_DAYS": int(environ.get("TECHPORT_INDEXER_KEEP_DONE_DAYS", "7")),
        "MAIL_SENDER": environ.get("TECHPORT_MAIL_SENDER", "Techport <no-reply@techport.example>"),
        "RESET_TOKEN_MAX_AGE": int(environ.get("TECHPORT_RESET_TOKEN_MAX_AGE", "3600")),
        "MAX_CONTENT_LENGTH": int(environ.get("TECHPORT_MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        "ATTACHMENT_MAX_BYTES": int(environ.get("TECHPORT_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))),
        "ATTACHMENT_DIR": environ.get("TECHPORT_ATTACHMENT_DIR") or None,
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
    }


def finalise_settings(config: dict, overrides: Mapping) -> None:
    """Derive the settings that depend on the environment, and refuse unsafe ones.

    Runs after the caller's overrides, so ``create_app({"TECHPORT_ENV": "production"})``
    gets secure cookies just as the environment variable does.
    """
    production = config.get("TECHPORT_ENV") == PRODUCTION
    if production and config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise ConfigurationError("TECHPORT_SECRET_KEY must be set to a long random value when TECHPORT_ENV=production")
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if key not in overrides:
            config[key] = production
