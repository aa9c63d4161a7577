"""A TCP application for the tests that keeps what happens to its connection."""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.protocols.tcp.connection import Application

ECHO_PORT = 7


@dataclass
class Recorder(Application):
    """An application that keeps what happens to its connection."""

    events: list = field(default_factory=list)
    echo: bool = False

    def opened(self, connection) -> None:
        self.events.append("opened")

    def received(self, connection, data: bytes, push: bool) -> None:
        self.events.append(("data", data, push))
        if self.echo:
            connection.send(data)

    def peer_closed(self, connection) -> None:
        self.events.append("peer closed")
        connection.close()

    def ended(self, connection, reason: str) -> None:
        self.events.append(("ended", reason))
