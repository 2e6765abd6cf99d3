"""Heartbeats of the background processes, so ``techport doctor`` can tell a stopped worker from a quiet one.

``techport worker`` and ``techport indexer run`` beat at most every ``BEAT_EVERY_SECONDS`` from their
loops: one row per kind of process and host, its time moved forward. A failed beat is logged and
forgotten; it never stops the loop it reports on.
"""

import logging
import os
import socket
import time
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from techport.extensions import db
from techport.models_common import UTCDateTime, utcnow

log = logging.getLogger(__name__)

BEAT_EVERY_SECONDS = 30.0
WORKER, INDEXER = "worker", "indexer"
HOST_MAX = 255


class WorkerHeartbeat(db.Model):
    """The latest sign of life of one kind of background process (``worker``, ``indexer``) on one host."""

    __tablename__ = "worker_heartbeats"
    __table_args__ = (sa.UniqueConstraint("kind", "host"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    host: Mapped[str] = mapped_column(sa.String(HOST_MAX))
    pid: Mapped[int] = mapped_column(sa.Integer)
    beaten_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def beat(kind: str) -> None:
    """Record that a ``kind`` process on this host is alive now (its own transaction)."""
    host = socket.gethostname()[:HOST_MAX]
    try:
        row = db.session.scalar(
            sa.select(WorkerHeartbeat).where(WorkerHeartbeat.kind == kind, WorkerHeartbeat.host == host)
        )
        if row is None:
            db.session.add(WorkerHeartbeat(kind=kind, host=host, pid=os.getpid(), beaten_at=utcnow()))
        else:
            row.pid, row.beaten_at = os.getpid(), utcnow()
        db.session.commit()
    except IntegrityError:
        # A second process of the same kind on this host beat first: its row says enough.
        db.session.rollback()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("could not record the %s heartbeat: %s", kind, error)


def latest_beats() -> dict[str, datetime]:
    """Kind -> the latest beat of any process of that kind."""
    rows = db.session.execute(
        sa.select(WorkerHeartbeat.kind, sa.func.max(WorkerHeartbeat.beaten_at)).group_by(WorkerHeartbeat.kind)
    ).all()
    return {kind: UTCDateTime().process_result_value(beaten_at, None) for kind, beaten_at in rows}


class Heartbeat:
    """Beats for a loop that turns far more often than a beat is worth (the indexer polls twice a second)."""

    def __init__(self, kind: str, every: float = BEAT_EVERY_SECONDS):
        self.kind, self.every = kind, every
        self.next_beat = 0.0

    def beat_if_due(self) -> None:
        if time.monotonic() >= self.next_beat:
            self.next_beat = time.monotonic() + self.every
            beat(self.kind)
