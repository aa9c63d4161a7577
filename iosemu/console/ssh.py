"""The SSH ports of `iosemu serve` (asyncssh): a client reaches a router's VTY lines as it
reaches a real router's management address.  The router says, through cli/vty.py, whether it
takes SSH at all, whose password is right, which line the session gets and its RSA key; this
face serves that key (the one `show ip ssh` prints) and runs the session with IOS's own line
editing (`line.py`).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import socket
from functools import lru_cache
from typing import TYPE_CHECKING

import asyncssh
from asyncssh.rsa import RSAKey

from iosemu.cli import vty
from iosemu.console.line import LineTerminal
from iosemu.errors import log_internal_error
from iosemu.protocols.ssh.rsa import KeyPair
from iosemu.protocols.ssh.transport import CIPHERS, MACS

if TYPE_CHECKING:
    from iosemu.console.serve import Server

log = logging.getLogger(__name__)
VERSION = "Cisco-1.25"  # the server's banner: SSH-2.0-Cisco-1.25, as IOS with `ip ssh version 2`


@lru_cache(maxsize=64)
def host_key(pair: KeyPair) -> asyncssh.SSHKey:
    """The router's RSA key pair as the SSH library serves it."""
    d, p, q = pair.d, pair.p, pair.q
    return RSAKey.make_private((pair.n, pair.e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p), False))


class _Router(asyncssh.SSHServer):
    """One SSH connection's authentication: passwords, as the router's vty lines check them."""

    def __init__(self, server: Server, name: str):
        self.server = server
        self.name = name
        self.peer = "0.0.0.0"

    @property
    def router(self):
        return self.server.lab.devices[self.name].router

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.peer = conn.get_extra_info("peername")[0]

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        with self.server.lock:
            return vty.ssh_login(self.router, username, password)

    def session_requested(self) -> asyncssh.SSHServerSession:
        return _Session(self)


class _Session(asyncssh.SSHServerSession):
    """One SSH shell: a VtySession on the router's first free line that admits ssh."""

    def __init__(self, owner: _Router):
        self.owner = owner
        self.chan: asyncssh.SSHServerChannel | None = None
        self.terminal: LineTerminal | None = None
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.early: list[str] = []
        self.gone = False  # the client went: what it typed before still runs, unseen
        self.eof = False  # the client sends no more
        self.command: str | None = None  # a command to run instead of a shell

    def connection_made(self, chan) -> None:
        self.chan = chan

    def pty_requested(self, term_type, term_size, term_modes) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        """`ssh R1 "show clock"`: the command runs at the user's level, then the session ends."""
        self.command = command.decode("utf-8", "surrogateescape") if isinstance(command, bytes) else command
        return True

    def session_started(self) -> None:
        owner = self.owner
        user = self.chan.get_extra_info("username")
        with owner.server.lock:
            session = vty.open_vty(owner.router, "ssh", owner.peer, user)
        if isinstance(session, vty.Refused):
            self._write(session.text)
            self.chan.close()
            return
        connection = self.chan.get_connection()  # what the client and the router agreed on
        session.cipher = connection.get_extra_info("recv_cipher")
        session.hmac = connection.get_extra_info("recv_mac")
        self.terminal = LineTerminal(session, self._write, owner.server, vty=True)
        for data in self.early:
            self.terminal.feed(data)
        if self.eof or self.gone:
            self.terminal.close()
        asyncio.get_running_loop().create_task(self._run(session))

    async def _run(self, session: vty.VtySession) -> None:
        server = self.owner.server
        attached = server.attach(session, self.terminal)
        try:
            with server.lock:
                shown = session.start()
            if self.command is None:
                self._write(shown)
                await self.terminal.run()
            else:  # its output only, unpaged, as IOS answers `ssh R1 "show clock"`
                self._write(await server.execute(session, self.command, self._write, lambda: not self.gone))
        except Exception:  # a bug: this client is dropped, the lab goes on
            log_internal_error(log, "on the SSH port of", self.owner.name)
        finally:
            server.detach(attached)
            with server.lock:
                vty.close_vty(session)
            self.chan.close()

    def data_received(self, data, datatype) -> None:
        text = self.decoder.decode(data)
        if self.terminal is None:
            self.early.append(text)
        else:
            self.terminal.feed(text)

    def eof_received(self) -> bool:
        """The client sends no more: what it sent runs, and it still reads the output."""
        self.eof = True
        self._hang_up()
        return True

    def connection_lost(self, exc) -> None:
        self.gone = True
        self._hang_up()

    def _hang_up(self) -> None:
        if self.terminal is not None:
            self.terminal.close()

    def _write(self, text: str) -> None:
        if text and not self.gone and self.chan is not None and not self.chan.is_closing():
            self.chan.write(text.replace("\n", "\r\n").encode("utf-8", "surrogateescape"))


async def serve_ssh(server: Server, name: str, sock: socket.socket) -> None:
    """Accept SSH clients for router `name` until cancelled: a router that does not take SSH
    (no RSA key, no line admitting ssh) closes the connection at once, as IOS refuses it."""
    loop = asyncio.get_running_loop()
    sock.setblocking(False)
    connections: set[asyncio.Task] = set()
    try:
        while True:
            client, _ = await loop.sock_accept(sock)
            task = loop.create_task(_connect(server, name, client))
            connections.add(task)
            task.add_done_callback(connections.discard)
    finally:
        for task in connections:
            task.cancel()


async def _connect(server: Server, name: str, client: socket.socket) -> None:
    router = server.lab.devices[name].router
    try:
        peer = client.getpeername()[0]
    except OSError:  # gone already
        peer = None
    with server.lock:
        taken = peer is not None and vty.ssh_available(router) and vty.admits(router, "ssh", peer)
        key = vty.ssh_key(router) if taken else None  # no SSH, or the vty lines' access-class says no
        login_timeout = router.config.ssh.time_out  # `ip ssh time-out`
    if key is None:
        client.close()
        return
    pair = await asyncio.get_running_loop().run_in_executor(None, key.pair, name)  # seconds at 4096 bits
    connection = None
    try:
        connection = await asyncssh.run_server(
            client,
            server_factory=lambda: _Router(server, name),
            server_host_keys=[host_key(pair)],
            server_version=VERSION,
            encryption_algs=list(CIPHERS[router.train15]),
            mac_algs=list(MACS),
            encoding=None,
            line_editor=False,
            login_timeout=login_timeout,
            keepalive_interval=0,
        )
        await connection.wait_closed()
    except (OSError, asyncssh.Error):  # the client went, or spoke no SSH
        client.close()
    except asyncio.CancelledError:
        if connection is not None:
            connection.close()
        raise
