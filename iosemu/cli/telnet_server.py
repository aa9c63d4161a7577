"""The far end of router-to-router connections: the telnet (TCP 23) and SSH (TCP 22) servers
of a router's VTY lines. Each connection gets a VTY session (cli/vty.py's `open_vty`); the
lines that arrive are typed into it and its answer, ending with its prompt, goes back pushed
(PSH), which is how the near router knows the answer is all there.  The telnet server says
WILL ECHO (RFC 857) before a prompt whose answer is a secret (Password:), and echoes nothing
of it; WONT ECHO when the next line is shown again as the client types it.
"""

from __future__ import annotations

from collections.abc import Callable

from iosemu.cli import vty
from iosemu.cli.keys import typed
from iosemu.cli.session import echoes
from iosemu.protocols.ssh import transport as ssh
from iosemu.protocols.tcp.connection import Application, State
from iosemu.protocols.telnet import nvt
from iosemu.sim.tcp import serve

TELNET_PORT, SSH_PORT = 23, 22


def text_of(data: bytes) -> str:
    """What a terminal shows of NVT bytes: lines end in CR LF on the wire."""
    return data.decode("utf-8", "surrogateescape").replace("\r\n", "\n")


def wire(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8", "surrogateescape")


class VtyServer(Application):
    """Feeds the lines that arrive to a VTY session and sends back its answer and prompt
    (`frame` wraps the bytes for the transport: as they are for telnet, an SSH packet)."""

    def __init__(self, connection, session, frame: Callable[[bytes], bytes]):
        self.connection, self.session, self.frame = connection, session, frame
        self.pending = bytearray()
        self.watch = None  # a timer at the line's idle deadline (its exec-timeout)
        self.held = ""  # what a line printed before its answer from a relayed connection
        session.answer_later = self.answered

    def _inbox(self) -> str:
        """What the session has to show unasked (syslog with `terminal monitor`, its logout)."""
        return "".join(line + "\n" for line in self.session.take_inbox())

    def send(self, text: str, push: bool = True) -> None:
        self.connection.send(self.frame(wire(text)), push=push)

    def reply(self, text: str) -> None:
        self.send(self._inbox() + text + self.session.prompt())
        self._watch()

    def _watch(self) -> None:
        """The exec-timeout may log the session out while nobody types: look at its deadline
        (one timer, moved on as the deadline moves)."""
        deadline = self.session.idle_deadline
        if deadline is not None and self.watch is None:
            self.watch = self.connection.scheduler.call_at(deadline, self._idle)

    def _idle(self) -> None:
        self.watch = None
        if not self.session.closed:
            self._watch()
            return
        self.send(self._inbox(), push=False)
        self.end()

    def lines(self, data: bytes) -> None:
        self.pending += data
        self._run()

    def _relaying(self) -> bool:
        """A line waits for the answer of a connection this session opened (cli/telnet.py)."""
        connections = self.session.connections
        return connections is not None and connections.waiting_for is not None

    def _run(self) -> None:
        """The complete lines that arrived, one at a time; a line whose answer comes from a
        further connection holds the rest until that answer is back."""
        while b"\n" in self.pending and not self.session.closed and not self._relaying():
            end = self.pending.index(b"\n")
            line = text_of(bytes(self.pending[:end])).rstrip("\r")
            del self.pending[: end + 1]
            output = typed(self.session, line)  # `?` and Tab as the far end's keys
            if self._relaying():
                self.held = output
                return
            self._answer(output)

    def _answer(self, output: str) -> None:
        if self.session.closed:  # the session logged out: its last words, then the close
            self.send(output, push=False)
            self.end()
            return
        self.reply(output)

    def answered(self, text: str) -> None:
        """The relayed connection's answer is back: to the client, then the next lines."""
        output, self.held = self.held + text, ""
        if self.connection.state == State.CLOSED:
            return
        self._answer(output)
        self._run()

    def release(self) -> None:
        """The line is free again, the idle watch stops."""
        vty.close_vty(self.session)
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None

    def end(self) -> None:
        self.release()
        self.connection.close()

    def received(self, connection, data: bytes, push: bool) -> None:
        self.lines(data)

    def peer_closed(self, connection) -> None:
        self.end()

    def ended(self, connection, reason: str) -> None:
        self.release()


class TelnetVty(VtyServer):
    """A VTY session's telnet connection: NVT bytes (RFC 854) both ways, and the ECHO option
    following the session (WILL ECHO while it reads a secret)."""

    def __init__(self, connection, session):
        super().__init__(connection, session, nvt.escape)
        self.reader = nvt.Reader()
        self.echoing = False  # told the client WILL ECHO (RFC 857: off until said)

    def send(self, text: str, push: bool = True) -> None:
        echoing = not self.session.closed and not echoes(self.session)
        option = b""
        if echoing != self.echoing:
            self.echoing = echoing
            option = nvt.command(nvt.WILL if echoing else nvt.WONT, nvt.ECHO)
        self.connection.send(option + self.frame(wire(text)), push=push)

    def received(self, connection, data: bytes, push: bool) -> None:
        text, options = self.reader.feed(data)
        for verb, option in options:
            self._option(verb, option)
        self.lines(text)

    def _option(self, verb: int, option: int) -> None:
        """The client's word on an option: DO ECHO agrees to ours, DONT ECHO stops it (and is
        agreed to); any other option is refused (RFC 1143: a refusal is not answered)."""
        if option == nvt.ECHO and verb in (nvt.DO, nvt.DONT):
            if verb == nvt.DONT and self.echoing:
                self.echoing = False
                self.connection.send(nvt.command(nvt.WONT, nvt.ECHO), push=False)
            elif verb == nvt.DO and not self.echoing:
                self.connection.send(nvt.command(nvt.WONT, nvt.ECHO), push=False)
            return
        refusal = nvt.refusal(verb, option)
        if refusal:
            self.connection.send(refusal, push=False)


def _refuse(connection, text: str, frame: Callable[[bytes], bytes]) -> Application:
    """The VTY lines refused the client: it is shown why, and the connection closes."""
    if text:
        connection.send(frame(wire(text)), push=False)
    connection.close()
    return Application()


def _telnet_admitted(router, remote) -> bool:
    """A free vty line admits telnet from `remote` (its transports, its `access-class`): else
    the SYN is refused (IOS: `% Connection refused by remote host`)."""
    return vty.admits(router, "telnet", str(remote))


def _open_telnet(router, connection) -> Application:
    session = vty.open_vty(router, "telnet", str(connection.remote))
    if isinstance(session, vty.Refused):
        return _refuse(connection, session.text, nvt.escape)
    server = TelnetVty(connection, session)
    text = session.start()
    if session.closed:  # the line's login refused at once
        server.end()
        return _refuse(connection, text, nvt.escape)
    server.reply(text)
    return server


def channel(data: bytes) -> bytes:
    return ssh.packet(ssh.CHANNEL_DATA, data)


class SshServer(Application):
    """RFC 4253's version exchange, then password authentication by the VTY lines' login
    (`ssh_login`), then a VTY session at the exec prompt fed CHANNEL_DATA."""

    def __init__(self, router, connection):
        self.router, self.connection = router, connection
        self.reader = ssh.Reader()
        self.tries = 0
        self.server: VtyServer | None = None
        connection.send(ssh.VERSION)

    def received(self, connection, data: bytes, push: bool) -> None:
        try:
            for message in self.reader.feed(data):
                self._message(message)
        except ssh.Malformed:
            self.ended(connection, "reset")
            connection.abort()

    def _message(self, message: ssh.Message) -> None:
        if self.connection.fin_queued:
            return
        if message.type == ssh.DISCONNECT:
            self.peer_closed(self.connection)
        elif self.server is not None:
            if message.type == ssh.CHANNEL_DATA:
                self.server.lines(message.payload)
        elif message.type == ssh.USERAUTH_REQUEST:
            self._authenticate(*ssh.read_auth(message.payload))

    def _authenticate(self, user: str, password: str) -> None:
        """The server takes `ip ssh authentication-retries` wrong passwords, then closes."""
        if not vty.ssh_login(self.router, user, password):
            self.tries += 1
            last = self.tries >= max(1, self.router.config.ssh.retries)
            self.connection.send(ssh.packet(ssh.USERAUTH_FAILURE), push=not last)
            if last:
                self.connection.close()
            return
        session = vty.open_vty(self.router, "ssh", str(self.connection.remote), user)
        if isinstance(session, vty.Refused):
            _refuse(self.connection, session.text, channel)
            return
        self.connection.send(ssh.packet(ssh.USERAUTH_SUCCESS), push=False)
        self.server = VtyServer(self.connection, session, channel)
        self.server.reply(session.start())

    def peer_closed(self, connection) -> None:
        if self.server is not None:
            self.server.end()
        else:
            connection.close()

    def ended(self, connection, reason: str) -> None:
        if self.server is not None:
            self.server.release()


serve(TELNET_PORT, _telnet_admitted, _open_telnet)
serve(
    SSH_PORT,
    lambda router, remote: vty.ssh_available(router) and vty.admits(router, "ssh", str(remote)),
    SshServer,
)
