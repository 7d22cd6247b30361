"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests of the joining emails.

``smtp_server()`` is a context manager: the server listens on a free port
until the block ends; ``server.messages`` are the received mails, parsed by
the standard library (:class:`email.message.EmailMessage`), and
``server.settings()`` are the Django settings that point
``django.core.mail.backends.smtp.EmailBackend`` at it.
``server.wait_for(count)`` waits (a bounded time) until that many arrived.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller

__all__ = ["SMTPServer", "smtp_server"]


class _Handler:
    def __init__(self, server: SMTPServer) -> None:
        self.server = server

    async def handle_DATA(self, _server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.server.sessions.add(id(session))
        return "250 OK"


class SMTPServer:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.sessions: set[int] = set()  # one per SMTP connection: connection reuse shows here
        self.lock = threading.Lock()
        self.port = 0

    def settings(self) -> dict[str, object]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }

    def wait_for(self, count: int, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        with self.lock:
            got = len(self.messages)
            raise AssertionError(f"expected {count} mails, the SMTP server got {got}")

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.envelopes.clear()
            self.sessions.clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def smtp_server():
    server = SMTPServer()
    server.port = _free_port()
    controller = Controller(_Handler(server), hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
