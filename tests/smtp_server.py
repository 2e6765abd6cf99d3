"""A real SMTP server (aiosmtpd) on a free loopback port, for tests that deliver mail.

Never skipped: aiosmtpd is a Python dependency, so a server that cannot start is a failure.
"""

import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    """Keeps what it accepts; ``refuse`` maps a recipient to the reply that refuses it at RCPT."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(BytesParser(policy=policy.default).parsebytes(envelope.original_content))
        return "250 Message accepted"

    def to(self, recipient: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == recipient]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPTestServer:
    """Start, stop and start again on the same port, the way an operator restarts a relay."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(app):
    """A running SMTP server the app delivers to; every due message of the shared test database goes out in a pass."""
    server = SMTPTestServer()
    server.start()
    saved = {key: app.config[key] for key in ("SMTP_URL", "MAIL_BATCH_SIZE")}
    app.config.update(SMTP_URL=server.url, MAIL_BATCH_SIZE=100_000)
    yield server
    server.stop()
    app.config.update(saved)
