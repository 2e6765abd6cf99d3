"""Spool files: a GET request that must be counted appends one JSON line to a file and writes nothing to the
database; the worker later moves the lines into tables.

Lines go to one file per minute (``<YYYYmmddHHMM>.jsonl``), opened in append mode for each line, so writers
in several processes never interleave (a short ``O_APPEND`` write is atomic) and never hold a file open. The
worker takes only files of minutes already over: it renames one to ``….claimed`` (so a second worker skips
it), reads it, commits the rows and deletes it. A claimed file left by a worker that died is taken again
after ``STALE_CLAIM_SECONDS``; if the worker died between its commit and the delete, those lines count twice.
"""

import json
import logging
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

SUFFIX = ".jsonl"
CLAIMED = ".claimed"
STALE_CLAIM_SECONDS = 600
_warned: set[str] = set()


def spool_dir(setting: str, default_name: str) -> Path:
    """The folder of a spool setting; relative paths and the default are beside the instance folder."""
    base = Path(current_app.instance_path).parent
    return base / (current_app.config.get(setting) or Path("var") / default_name)


def append(folder: Path, record: dict, now: datetime | None = None) -> None:
    """Add one line; a failure (read-only or full disk) is logged once per folder, never raised."""
    moment = now or datetime.now(UTC)
    line = json.dumps({**record, "at": moment.isoformat()}, ensure_ascii=False, separators=(",", ":")) + "\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{moment:%Y%m%d%H%M}{SUFFIX}", "a", encoding="utf-8") as spool:
            spool.write(line)
    except OSError as problem:
        if str(folder) not in _warned:
            _warned.add(str(folder))
            log.warning("cannot write to the spool folder %s: %s", folder, problem)


def claim_ready(folder: Path, now: datetime) -> list[Path]:
    """Claim the files of minutes before ``now`` and the claims abandoned by a dead worker."""
    if not folder.is_dir():
        return []
    current = f"{now.astimezone(UTC):%Y%m%d%H%M}{SUFFIX}"
    claimed = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(SUFFIX) and path.name < current:
            target = path.with_name(f"{path.name}.{os.getpid()}{CLAIMED}")
        elif path.name.endswith(CLAIMED) and time.time() - path.stat().st_mtime > STALE_CLAIM_SECONDS:
            target = path.with_name(f"{path.name.split('.')[0]}{SUFFIX}.{os.getpid()}{CLAIMED}")
        else:
            continue
        try:
            path.rename(target)
            os.utime(target)
        except FileNotFoundError:
            continue  # another worker claimed it first
        claimed.append(target)
    return claimed


def records(paths: list[Path]) -> Iterator[dict]:
    """Every readable line of the claimed files; a damaged line (cut by a full disk) is skipped."""
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as spool:
            for line in spool:
                try:
                    record = json.loads(line)
                    record["at"] = datetime.fromisoformat(record["at"])
                except (ValueError, KeyError, TypeError):
                    continue
                yield record


def release(paths: list[Path]) -> None:
    """Delete claimed files once their rows are committed."""
    for path in paths:
        path.unlink(missing_ok=True)
