"""`iosemu serve`: a lab in one asyncio loop, reachable from outside as a real lab is.

Every device's console on a telnet port (BASE + its index in the lab file), every router's
VTY lines on an SSH port (BASE + 1000 + index unless --ssh-port) and, with --vty-telnet, on
a telnet port; the start-up table; the virtual clock at wall speed times --speed, so timers
fire while nobody types; the syslog lines of each session handed to every client attached
to it; a clean stop on SIGINT and SIGTERM.

A client's command runs in a thread of its own under the lab's lock, which the loop's own lab
work (the clock, the syslog lines) takes too: a long command (a ping to a silent address)
shows its output as the shell does, paced to wall time, with the lock free while it waits,
and stops at the client's abort key (read by the loop) or when the client goes.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import socket
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TextIO

from iosemu.cli.host_shell import is_pc
from iosemu.console.shell import CLOCK_STOPPED, INTERNAL_ERROR, TICK, guarded, paced

if TYPE_CHECKING:
    from iosemu.cli.session import Session
    from iosemu.lab.lab import Lab

log = logging.getLogger(__name__)
DEFAULT_PORT = 5000
SSH_OFFSET = 1000  # the SSH ports start this far above the console ports
LOOPBACK = "127.0.0.1"
BACKLOG = 64  # connections a port queues before it takes them (50 clients at once, say)
COMMANDS_AT_ONCE = 1024  # clients' commands running at once (each in a thread); more wait for one
ESCAPE, CTRL_C = "\x1e", "\x03"  # IOS's escape (Ctrl-^, Ctrl-Shift-6; an x may follow it), a PC's


class ServeError(Exception):
    """What stops `iosemu serve` before it serves (a port in use, a bad address)."""


class Face(Protocol):
    """A client's terminal on a session: it shows the session's syslog lines."""

    def notify(self, lines: list[str]) -> None: ...


@dataclass(eq=False)
class Console:
    """A session and the clients attached to it: a device's `con 0` (shared by every client
    of its port) or the VTY line of one SSH or VTY telnet client."""

    name: str
    session: Session
    faces: set[Face] = field(default_factory=set)

    def deliver(self) -> None:
        lines = self.session.take_inbox()
        if lines:
            for face in list(self.faces):
                face.notify(lines)


@dataclass
class Port:
    """A row of the start-up table: the device, its console port, its SSH and VTY telnet ports."""

    device: str
    console: socket.socket
    ssh: socket.socket | None = None
    telnet: socket.socket | None = None

    def sockets(self) -> list[socket.socket]:
        return [sock for sock in (self.console, self.ssh, self.telnet) if sock is not None]


class Server:
    """A lab, its ports and its clock; `run()` serves until SIGINT, SIGTERM or `stop()`."""

    def __init__(
        self,
        lab: Lab,
        port: int = DEFAULT_PORT,
        bind: str = LOOPBACK,
        speed: float = 1.0,
        ssh_port: int | None = None,
        vty_telnet: int | None = None,
    ):
        """Ports: the consoles from `port`, the routers' SSH from `ssh_port` (`port` + 1000 by
        default), the routers' VTY lines over telnet from `vty_telnet` (none by default); each
        device at its index in the lab file; a base of 0 takes any free ports."""
        self.lab = lab
        self.speed = speed
        self.consoles = {name: Console(name, device.console) for name, device in lab.devices.items()}
        self.vtys: set[Console] = set()  # the sessions of the SSH and VTY telnet clients
        self.ports: list[Port] = []
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # the lab's: held by whoever runs it or reads it (a command in its thread; the clock,
        # the syslog lines, a prompt, Tab, `?` on the loop, which may take it again within)
        self.lock = threading.RLock()
        self.running: set[Session] = set()  # the sessions whose command runs now
        self._turns: weakref.WeakKeyDictionary[Session, asyncio.Lock] = weakref.WeakKeyDictionary()
        self._commands = ThreadPoolExecutor(COMMANDS_AT_ONCE, thread_name_prefix="iosemu-command")
        self.ready = threading.Event()  # set when every port listens (for a thread that waits)
        ssh_base = (port and port + SSH_OFFSET) if ssh_port is None else ssh_port
        try:
            for index, name in enumerate(lab.topology.nodes):
                if name not in lab.devices:
                    continue  # a switch: no console
                row = Port(name, listen(bind, port and port + index))
                self.ports.append(row)
                if lab.devices[name].kind == "router":
                    row.ssh = listen(bind, ssh_base and ssh_base + index)
                    if vty_telnet is not None:
                        row.telnet = listen(bind, vty_telnet and vty_telnet + index)
        except ServeError:
            self.close_ports()
            raise

    def close_ports(self) -> None:
        for row in self.ports:
            for sock in row.sockets():
                sock.close()

    def deliver(self) -> None:
        """Every session's syslog lines to the clients attached to it (on the loop; when a
        command holds the lab, at the clock's next tick)."""
        if not self.lock.acquire(blocking=False):
            return
        try:
            self._deliver()
        finally:
            self.lock.release()

    def _deliver(self) -> None:
        for console in self.consoles.values():
            console.deliver()
        for vty in list(self.vtys):
            vty.deliver()

    # -- running ---------------------------------------------------------------------------
    def serve(self) -> None:
        """Run in this thread until stopped (SIGINT and SIGTERM stop it in the main thread)."""
        asyncio.run(self.run())

    def stop(self) -> None:
        """From any thread: the loop ends, the clients are dropped, the ports close."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)

    async def run(self) -> None:
        from iosemu.console.telnet import ConsolePort, VtyPort

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                self._loop.add_signal_handler(number, self._stop.set)
        ports = [ConsolePort(self, self.consoles[row.device], row.console) for row in self.ports]
        ports += [VtyPort(self, self.consoles[row.device], row.telnet) for row in self.ports if row.telnet]
        tasks = [asyncio.create_task(port.run()) for port in ports]
        tasks += self._ssh_tasks()
        tasks.append(asyncio.create_task(self._clock()))
        self.deliver()  # what the consoles said before anyone could attach is gone, as on a router
        self.ready.set()
        try:
            await self._stop.wait()
        finally:
            for port in ports:
                for connection in list(port.connections):
                    connection.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for session in self.running:
                session.abort()
            await asyncio.to_thread(self._commands.shutdown)
            self.close_ports()

    def _ssh_tasks(self) -> list[asyncio.Task]:
        from iosemu.console.ssh import serve_ssh

        return [
            asyncio.create_task(serve_ssh(self, row.device, row.ssh))
            for row in self.ports
            if row.ssh is not None
        ]

    def attach(self, session: Session, face: Face) -> Console:
        """An SSH or VTY telnet client's session: its syslog lines go to its terminal."""
        console = Console(session.line_name, session, {face})
        self.vtys.add(console)
        return console

    def detach(self, console: Console) -> None:
        self.vtys.discard(console)

    async def execute(
        self, session: Session, line: str, show: Callable[[str], None], present: Callable[[], bool]
    ) -> str:
        """Enter on a client's session: the command runs in a thread under the lab's lock (one
        command at a time on a session); what it shows as it goes reaches `show` paced to wall
        time, with the lock free while it waits; returns the rest of its output.  The client's
        abort key stops it (`typed`), and so does the client going (`present()` turns false)."""
        loop = asyncio.get_running_loop()

        def hand(text: str) -> None:
            loop.call_soon_threadsafe(show, text)

        def run() -> str:
            with self.lock:
                session.stream = paced(session, self.speed, hand, self._unlocked)
                session.poll_input = lambda: None if present() else session.abort()
                try:
                    return guarded(session.execute, line, None, failed=INTERNAL_ERROR)
                finally:
                    session.stream = session.poll_input = None

        async with self._turns.setdefault(session, asyncio.Lock()):
            self.running.add(session)
            try:
                return await loop.run_in_executor(self._commands, run)
            finally:
                self.running.discard(session)

    @contextmanager
    def _unlocked(self) -> Iterator[None]:
        """While a command's output waits for wall time: the lab is free for the others."""
        self.lock.release()
        try:
            yield
        finally:
            self.lock.acquire()

    def typed(self, session: Session) -> Callable[[str], str]:
        """One client's keys on `session`: returns a filter that takes out IOS's escape (and an
        x right after it), stopping the command the session runs; a PC's Ctrl-C stops its
        command too.  The other keys wait for the next prompt, as in the shell."""
        escaped = False

        def keys(data: str) -> str:
            nonlocal escaped
            kept = []
            for key in data:
                running = session in self.running
                abort = key == (CTRL_C if is_pc(session) else ESCAPE)
                if running and abort:
                    session.abort()
                x_follows, escaped = escaped, key == ESCAPE
                if not (key == ESCAPE or (running and abort) or (x_follows and key in "xX")):
                    kept.append(key)
            return "".join(kept)

        return keys

    async def _clock(self) -> None:
        """The lab's clock at wall speed (times `speed`); a command that ran the clock ahead
        (a ping) stays ahead."""
        mark = time.monotonic()
        while True:
            await asyncio.sleep(TICK)
            now = time.monotonic()
            if self.running or not self.lock.acquire(blocking=False):
                mark = now  # a command runs the clock itself, at wall speed when paced
                self.deliver()
                continue
            try:
                if guarded(self.lab.advance, (now - mark) * self.speed, failed=False) is False:
                    for console in self.consoles.values():
                        console.session.inbox.extend((INTERNAL_ERROR + CLOCK_STOPPED).splitlines())
                    self._deliver()
                    return  # the consoles keep working
                mark = now
                self._deliver()
            finally:
                self.lock.release()


def listen(address: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0: any free port), or a ServeError saying why not."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {address} is in use (another iosemu serve? try --port)"
            ) from None
        if error.errno == errno.EACCES:
            raise ServeError(
                f"port {port} on {address}: permission denied (ports under 1024 need root)"
            ) from None
        raise ServeError(f"cannot listen on {address} port {port}: {error.strerror or error}") from None
    except OverflowError:
        sock.close()
        raise ServeError(f"port {port} is not a TCP port (0 to 65535)") from None
    return sock


def table(server: Server, out: TextIO | None = None) -> None:
    """The start-up table: device, console port, the telnet command, SSH port."""
    from rich.console import Console as Rich
    from rich.table import Table

    rows = Table(title=f"iosemu serve: lab {server.lab.topology.name}", title_justify="left")
    telnet = any(row.telnet is not None for row in server.ports)
    for column in ("Device", "Console port", "Connect with", "SSH port") + (
        ("VTY telnet port",) if telnet else ()
    ):
        rows.add_column(column)
    for row in server.ports:
        host, port = row.console.getsockname()[:2]
        others = (row.ssh, row.telnet) if telnet else (row.ssh,)
        shown = [str(sock.getsockname()[1]) if sock is not None else "-" for sock in others]
        rows.add_row(row.device, str(port), f"telnet {host} {port}", *shown)
    rich = Rich(file=out or sys.stdout, highlight=False, width=100)
    rich.print(rows)
    rich.print("Ctrl-C stops the lab (saved startup-configs stay).")
