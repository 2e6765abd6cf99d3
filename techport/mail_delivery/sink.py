"""The development SMTP sink: a real SMTP server on 127.0.0.1 that keeps every message it is given.

``techport mail sink`` (started by ``scripts/run``) stores each message as an ``.eml`` file in
``TECHPORT_DEV_MAIL_DIR``; ``/dev/mail`` reads them back. Tests use the same server on a free port.
aiosmtpd is a development dependency and is imported only here.
"""

import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller
from flask import current_app

LOOPBACK = "127.0.0.1"


def dev_mail_dir(app=None) -> Path:
    app = app or current_app
    return Path(app.config.get("DEV_MAIL_DIR") or Path(app.instance_path) / "dev-mail")


class FileHandler:
    """aiosmtpd handler writing each accepted message to ``<directory>/<UTC time>-<random>.eml``."""

    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        temporary = self.directory / f".{name}.part"
        temporary.write_bytes(envelope.original_content or envelope.content)
        temporary.rename(self.directory / name)
        return "250 Message accepted for delivery"


def start_sink(directory: Path, port: int = 0) -> Controller:
    """Start the sink in a background thread; ``port=0`` picks a free one (``controller.port`` tells)."""
    controller = Controller(FileHandler(directory), hostname=LOOPBACK, port=port or _free_port())
    controller.start()
    return controller


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class CaughtMessage:
    name: str
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",))
        return body.get_content() if body is not None else ""


def caught_messages(directory: Path, limit: int = 50) -> list[CaughtMessage]:
    """The newest ``limit`` messages the sink caught, newest first."""
    if not directory.is_dir():
        return []
    files = sorted(directory.glob("*.eml"), reverse=True)[:limit]
    parser = BytesParser(policy=policy.default)
    return [CaughtMessage(path.name, parser.parsebytes(path.read_bytes())) for path in files]
