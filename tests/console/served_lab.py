"""A lab served on loopback (any free ports) in a background thread, and a small telnet client."""

from __future__ import annotations

import re
import socket
import threading
import time

IAC, WILL, WONT, SB, SE, TTYPE = b"\xff", b"\xfb", b"\xfc", b"\xfa", b"\xf0", b"\x18"

SERVED = """\
name: served
topology:
  defaults: {type: c2911}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {}
    PC1: {kind: host, ip: 10.0.0.10/24, gateway: 10.0.0.1}
  links:
    - endpoints: ["R1:Serial0/0/0", "R2:Serial0/0/0"]
      dce: R1
    - endpoints: ["R1:GigabitEthernet0/0", "PC1:eth0"]
"""
R1 = """\
hostname R1
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
 no shutdown
interface Serial0/0/0
 ip address 10.1.12.1 255.255.255.252
 clock rate 64000
 no shutdown
end
"""


class Client:
    """A telnet client: `terminal` names its terminal type (a terminal emulator), or it
    refuses to tell one (a program)."""

    def __init__(self, port: int, terminal: str | None = None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if terminal is None:
            self.sock.sendall(IAC + WONT + TTYPE)
        else:
            self.sock.sendall(IAC + WILL + TTYPE + IAC + SB + TTYPE + b"\x00" + terminal.encode() + IAC + SE)
        self.seen = ""

    def type(self, keys: str) -> None:
        self.sock.sendall(keys.encode())

    def read_until(self, pattern: str, timeout: float = 10) -> str:
        """What came up to and including the first match of `pattern` (negotiation dropped)."""
        end = time.monotonic() + timeout
        while (found := re.search(pattern, self.seen)) is None:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {pattern!r} in {self.seen[-2000:]!r}")
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            if not data:
                raise AssertionError(f"closed before {pattern!r}: {self.seen[-2000:]!r}")
            self.seen += re.sub(rb"\xff[\xfb-\xfe].|\xff\xfa.*?\xff\xf0", b"", data, flags=re.S).decode(
                errors="replace"
            )
        text, self.seen = self.seen[: found.end()], self.seen[found.end() :]
        return text

    def close(self) -> None:
        self.sock.close()


class Served:
    """A Server running in a thread; `port(name)` is a device's console port."""

    def __init__(self, lab, speed: float = 1.0):
        from iosemu.console.serve import Server

        self.lab = lab
        lab.advance(60)  # booted: the interfaces are up before anyone connects
        self.server = Server(lab, port=0, speed=speed, ssh_port=0, vty_telnet=0)
        self.thread = threading.Thread(target=self.server.serve, daemon=True)
        self.thread.start()
        assert self.server.ready.wait(10)
        self.clients: list[Client] = []

    def port(self, name: str) -> int:
        row = next(row for row in self.server.ports if row.device == name)
        return row.console.getsockname()[1]

    def ssh_port(self, name: str) -> int:
        row = next(row for row in self.server.ports if row.device == name)
        return row.ssh.getsockname()[1]

    def vty_client(self, name: str) -> Client:
        """A telnet client on the router's VTY lines."""
        row = next(row for row in self.server.ports if row.device == name)
        client = Client(row.telnet.getsockname()[1])
        self.clients.append(client)
        return client

    def client(self, name: str, terminal: str | None = None) -> Client:
        client = Client(self.port(name), terminal)
        self.clients.append(client)
        return client

    def stop(self) -> None:
        """Idempotent: the clients close, the server stops, its thread ends."""
        for client in self.clients:
            client.close()
        self.server.stop()
        self.thread.join(10)
        assert not self.thread.is_alive()
