"""Flask extension objects, created unbound so every module can import them."""

import sqlite3

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter and drop them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
# Storage from RATELIMIT_STORAGE_URI; only the account forms are limited (accounts.limits), per client address.
limiter = Limiter(key_func=get_remote_address)


SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_defer_transactions_to_sqlalchemy(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def install_sqlite_transaction_fix() -> None:
    """Make SQLite transactions and SAVEPOINTs safe with several processes (web, indexer, CLI).

    Python's sqlite3 driver starts transactions lazily and commits on RELEASE of an outermost
    SAVEPOINT, which breaks per-row savepoints (the importer's); SQLAlchemy's documented remedy is to
    turn the driver's handling off and emit BEGIN ourselves. BEGIN IMMEDIATE takes the write lock up
    front, so a transaction that reads and then writes waits its turn (busy timeout) instead of
    failing with "database is locked" when another process writes. PostgreSQL, which production runs,
    is untouched.
    """
    if not event.contains(Engine, "connect", _sqlite_defer_transactions_to_sqlalchemy):
        event.listen(Engine, "connect", _sqlite_defer_transactions_to_sqlalchemy)
        event.listen(Engine, "begin", _sqlite_begin)
