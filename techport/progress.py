"""Progress of long commands (import, export, reindex, verify, reports): a bar in a terminal, log lines elsewhere.

In a terminal the operator sees a moving bar with counts, rate and time left (``rich``). Under cron or CI,
where a redrawn bar would fill the log with control characters, a plain line is written every
``TECHPORT_PROGRESS_INTERVAL_SECONDS`` instead. Both go to standard error, so ``techport export`` can
stream its records to standard output. A command's own summary line is not the reporter's business.
"""

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import current_app, has_app_context
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

DEFAULT_INTERVAL_SECONDS = 5.0

# Called with the number of items just done.
Advance = Callable[[int], None]


def default_console() -> Console:
    """Standard error; tests replace this to force a terminal."""
    return Console(file=sys.stderr)


def _interval() -> float:
    if has_app_context():
        return float(current_app.config.get("PROGRESS_INTERVAL_SECONDS", DEFAULT_INTERVAL_SECONDS))
    return DEFAULT_INTERVAL_SECONDS


class RateColumn(ProgressColumn):
    """Items per second (rich's own speed column counts bytes)."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-/s" if speed is None else f"{speed:,.0f}/s")


@contextmanager
def progress(
    label: str, total: int | None = None, *, console: Console | None = None, plain_lines: bool = True
) -> Iterator[Advance]:
    """Report the progress of ``label`` over ``total`` items (unknown when None) while the block runs.

    ``plain_lines=False`` keeps quiet outside a terminal, for output that is itself the data stream."""
    console = console or default_console()
    if console.is_terminal:
        with _bar(label, total, console) as advance:
            yield advance
    elif plain_lines:
        lines = PeriodicLines(label, total, console, _interval())
        yield lines.advance
        lines.finish()
    else:
        yield lambda done=1: None


@contextmanager
def _bar(label: str, total: int | None, console: Console) -> Iterator[Advance]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("left"),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done=1: bar.advance(task, done)


class PeriodicLines:
    """One plain line at most every ``interval`` seconds, and one at the end."""

    def __init__(self, label: str, total: int | None, console: Console, interval: float):
        self.label, self.total, self.console, self.interval = label, total, console, interval
        self.done = 0
        self.started = self.last_line = time.monotonic()

    def advance(self, done: int = 1) -> None:
        self.done += done
        now = time.monotonic()
        if now - self.last_line >= self.interval:
            self.last_line = now
            self._write(now)

    def finish(self) -> None:
        self._write(time.monotonic(), finished=True)

    def _write(self, now: float, finished: bool = False) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.done:,}" if self.total is None else f"{self.done:,}/{self.total:,}"]
        if self.total:
            parts[0] += f" ({100 * self.done / self.total:.0f}%)"
        parts.append(f"{rate:,.0f}/s")
        if finished:
            parts.append(f"done in {elapsed:.1f} s")
        elif self.total and rate > 0:
            parts.append(f"about {max(self.total - self.done, 0) / rate:.0f} s left")
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.console.print(f"{stamp} {self.label}: {', '.join(parts)}", markup=False, highlight=False, soft_wrap=True)
