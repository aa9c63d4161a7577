"""The telnet ports of `iosemu serve`, on prompt_toolkit's telnet server: the consoles and,
with --vty-telnet, the routers' VTY lines.

A client that tells its terminal type (a terminal emulator: `telnet`, PuTTY) gets the
shell's prompt_toolkit line editing; one that refuses the option or never answers (a program:
netmiko, a raw socket) gets IOS's own character echo (`line.py`), as a router's line gives it.
Every client of a port shares the device's console session.
"""

from __future__ import annotations

import asyncio
import codecs
import contextvars
import logging
import socket
from typing import TYPE_CHECKING

from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.application.current import create_app_session
from prompt_toolkit.contrib.telnet.protocol import TTYPE
from prompt_toolkit.contrib.telnet.server import TelnetConnection, TelnetServer
from prompt_toolkit.input import create_pipe_input

from iosemu.cli import vty
from iosemu.console.line import LineTerminal
from iosemu.console.shell import Shell
from iosemu.console.switchboard import Switchboard
from iosemu.errors import log_internal_error

if TYPE_CHECKING:
    from iosemu.console.serve import Console, Server

log = logging.getLogger(__name__)
TERMINAL_TYPE_WAIT = 0.5  # seconds a client has to tell its terminal type before it is a program
SEND_TIMEOUT = 10.0  # seconds a client that stops reading holds the lab before it is dropped


class ConsoleShell(Shell):
    """The prompt_toolkit shell on one device's console port: no `@` lines; the server runs
    the clock and hands it the console's syslog lines."""

    directives = False

    def __init__(self, server: Server, console: Console, connection: TelnetConnection):
        super().__init__(Switchboard(server.lab, console.name), speed=server.speed, out=connection.stdout)
        self.server = server
        self.connection = connection
        self.pending: list[str] = []
        self.lock = server.lock

    def notify(self, lines: list[str]) -> None:
        self.pending.extend(lines)
        if self._prompting and self.connection.context is not None:
            self.connection.context.run(run_in_terminal, lambda: self._show_inbox(self._typed()))

    def _take_inbox(self) -> list[str]:
        lines, self.pending = self.pending, []
        return lines

    async def _execute(self, line: str) -> None:
        """Enter: the server runs the command (its output paced, the abort key read as it
        runs, the other clients served meanwhile), then every console gets its syslog lines."""
        connection = self.connection
        output = await self.server.execute(self.session, line, self.write, lambda: not connection._closed)
        self.server.deliver()
        await self._page(output)


class _Connection(TelnetConnection):
    """A connection that starts without a terminal type when the client refuses to tell one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terminal: LineTerminal | None = None  # the character echo, for a program
        self.conn.settimeout(SEND_TIMEOUT)
        told = self.parser.wont_received

        def refused(data: bytes) -> None:
            told(data)
            if data == TTYPE:
                self._ready.set()

        self.parser.wont_received = refused
        early: list[bytes] = []  # typed before the client's kind is known
        self.parser.data_received_callback = early.append
        self._early = early

    def type_into(self, receive) -> None:
        """What the client types (and has typed) goes to `receive(data)`."""
        self.parser.data_received_callback = receive
        for data in self._early:
            receive(data)
        self._early.clear()

    def type_into_terminal(self, terminal: LineTerminal) -> None:
        self.terminal = terminal
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.type_into(lambda data: terminal.feed(decoder.decode(data)))

    def close(self) -> None:
        super().close()
        if self.terminal is not None:
            self.terminal.close()

    async def run_application(self) -> None:
        asyncio.get_running_loop().add_reader(self.conn, self._incoming)
        try:
            try:
                await asyncio.wait_for(self._ready.wait(), TERMINAL_TYPE_WAIT)
            except asyncio.TimeoutError:
                pass
            if self.vt100_output is None:  # no terminal type: a program
                await self.interact(self)
                return
            with create_app_session(input=self.vt100_input, output=self.vt100_output):
                self.context = contextvars.copy_context()
                await self.interact(self)
        finally:
            self.close()

    def _incoming(self) -> None:
        try:
            data = self.conn.recv(1024)
        except OSError:  # reset by the client
            data = b""
        if data:
            self.feed(data)
        else:
            self.close()

    def send_plain(self, text: str) -> None:
        """IOS text to a client without a terminal: CR LF line ends, bytes as they were typed."""
        if self._closed:
            return
        try:
            self.conn.sendall(text.replace("\n", "\r\n").encode("utf-8", "surrogateescape"))
        except OSError:  # gone, or it stopped reading
            self.close()


class ConsolePort(TelnetServer):
    """One device's console port: prompt_toolkit's telnet server on a socket already bound."""

    def __init__(self, server: Server, console: Console, sock: socket.socket):
        super().__init__(host=sock.getsockname()[0], port=sock.getsockname()[1], enable_cpr=False)
        self.server = server
        self.console = console
        self.sock = sock

    def _create_socket(self, host: str, port: int) -> socket.socket:
        return self.sock

    def _accept(self, listen_socket: socket.socket) -> None:
        try:
            conn, addr = listen_socket.accept()
        except OSError:  # the client went before we took it
            return

        async def run() -> None:
            try:
                with create_pipe_input() as pipe:
                    connection = _Connection(
                        conn,
                        addr,
                        self._face,
                        self,
                        encoding="utf-8",
                        style=None,
                        vt100_input=pipe,
                        enable_cpr=False,
                    )
                    self.connections.add(connection)
                    try:
                        await connection.run_application()
                    finally:
                        self.connections.discard(connection)
            except (EOFError, KeyboardInterrupt, OSError):
                pass
            except Exception:  # a bug: this client is dropped, the lab goes on
                log_internal_error(log, "on the console port of", self.console.name)
            finally:
                self._application_tasks.remove(task)

        task = asyncio.get_running_loop().create_task(run())
        self._application_tasks.append(task)

    async def _face(self, connection: _Connection) -> None:
        console = self.console
        if connection.vt100_output is None:
            face = LineTerminal(console.session, connection.send_plain, self.server)
            connection.type_into_terminal(face)
        else:
            face = ConsoleShell(self.server, console, connection)
            typed = self.server.typed(console.session)
            send = connection.vt100_input.send_bytes  # the escape and its x are ASCII: one byte each
            connection.type_into(lambda data: send(typed(data.decode("latin-1")).encode("latin-1")))
        console.faces.add(face)
        try:
            await (face.run() if isinstance(face, LineTerminal) else face.interact())
        finally:
            console.faces.discard(face)


class VtyPort(ConsolePort):
    """A router's VTY lines over telnet (`--vty-telnet`): each client on the first free line
    that admits telnet, through its login, with IOS's own echo (a router's telnet server)."""

    async def _face(self, connection: _Connection) -> None:
        server, router, remote = (
            self.server,
            self.server.lab.devices[self.console.name].router,
            connection.addr[0],
        )
        with server.lock:
            admitted = vty.admits(router, "telnet", remote)  # else: closed at once, as IOS refuses it
            session = vty.open_vty(router, "telnet", remote) if admitted else vty.Refused("")
        if isinstance(session, vty.Refused):
            connection.send_plain(session.text)
            return
        terminal = LineTerminal(session, connection.send_plain, server, vty=True)
        connection.type_into_terminal(terminal)
        attached = server.attach(session, terminal)
        try:
            with server.lock:
                started = session.start()
            connection.send_plain(started)
            await terminal.run()
        finally:
            server.detach(attached)
            with server.lock:
                vty.close_vty(session)
