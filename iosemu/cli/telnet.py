"""Connections from a router's EXEC to the VTY lines of others, across the simulated network:
`telnet`, `ssh`, a lone host name, and the console's list of them (`show sessions`, `where`,
`resume`, `disconnect`, Ctrl-^ x). The far end's servers are cli/telnet_server.py.

While a connection is in the foreground, each line typed at the near session goes to the far
VTY session in TCP and its answer comes back in TCP; the near call lets virtual time run until
the answer is back (the far router sends it with PSH), within the call's bound, as ping waits.
The far router's output ends with its prompt: the near session shows that prompt as its own.
Over telnet the far end's ECHO option (RFC 857) says who shows what is typed: while it says
WILL ECHO (it reads a secret, and echoes nothing of it) the near console echoes nothing either
(`cli/session.py`'s `echoes`), in the shell, the transcript, the API and served consoles.
A vty session that relays a connection of its own (telnet R1 -> R2 -> R3) does not wait so:
its answer goes to its client when the far one's comes (`VtySession.answer_later`), so that a
chain of any length holds one wait, the console's.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address

from iosemu.cli import messages
from iosemu.cli.abort import LIMIT
from iosemu.cli.ping import resolve_target, source_address
from iosemu.cli.session import Dialog
from iosemu.cli.telnet_server import SSH_PORT, TELNET_PORT, channel, text_of, wire
from iosemu.config.registry import handler
from iosemu.protocols.ssh import transport as ssh
from iosemu.protocols.tcp.connection import SYNWAIT, Application, State
from iosemu.protocols.telnet import nvt
from iosemu.sim import acl

ESCAPE = "\x1e"  # Ctrl-^, what a terminal sends for Ctrl-Shift-6: then `x` suspends the connection
MOST = 16  # connections one console keeps open (`resume ?`: <1-16>)
NO_CONNECTIONS = "% No connections open\n"
REFUSED = "% Connection refused by remote host\n"
TIMED_OUT = "% Connection timed out; remote host not responding\n"
UNREACHABLE = "% Destination unreachable; gateway or host down\n"
AUTH_FAILED = "% Authentication failed.\n"
NO_USER = "% No user specified nor available for SSH client\n"
NOT_PERMITTED = "% Connections to that host not permitted from this terminal\n"  # `access-class N out`
FAILURES = {"refused": REFUSED, "timeout": TIMED_OUT, "unreachable": UNREACHABLE, "reset": REFUSED}


class Outgoing(Application):
    """One connection a session opened: where to, what came back unread, its prompt."""

    def __init__(self, number: int, host: str, address: IPv4Address, secure: bool, opened_at: float):
        self.number, self.host, self.address, self.secure = number, host, address, secure
        self.connection = None
        self.state = "connecting"  # then "open", "closed"
        self.reason = ""  # why it closed (a TCP reason: refused, timeout, reset, closed)
        self.unread: list[str] = []
        self.tail = ""  # the last line shown (the far prompt), without its newline
        self.answered = False  # a PSH came: the far end's answer is all here
        self.reader = ssh.Reader() if secure else None
        self.telnet = None if secure else nvt.Reader()
        self.far_echoes = False  # telnet: the far end said WILL ECHO (it reads a secret)
        self.auth = ""  # SSH: "", then "ok" or "failed" for each password sent
        self.used = opened_at  # when data last went to the far end (show sessions' Idle)
        self.changed: Callable[[], None] = lambda: None  # told after each event on the connection

    def opened(self, connection) -> None:
        self.state = "open"
        if self.secure:
            connection.send(ssh.VERSION)
        self.changed()

    def received(self, connection, data: bytes, push: bool) -> None:
        self._received(connection, data, push)
        self.changed()

    def _received(self, connection, data: bytes, push: bool) -> None:
        if self.reader is None:
            text, options = self.telnet.feed(data)
            for verb, option in options:
                self._option(connection, verb, option)
            self.unread.append(text_of(text))
            self.answered = self.answered or push
            return
        try:
            messages_in = self.reader.feed(data)
        except ssh.Malformed:
            connection.abort()
            self.ended(connection, "reset")
            return
        for message in messages_in:
            if message.type == ssh.CHANNEL_DATA:
                self.unread.append(text_of(message.payload))
            elif message.type in (ssh.USERAUTH_SUCCESS, ssh.USERAUTH_FAILURE):
                self.auth = "ok" if message.type == ssh.USERAUTH_SUCCESS else "failed"
            elif message.type == ssh.DISCONNECT:
                connection.close()
        self.answered = self.answered or push

    def _option(self, connection, verb: int, option: int) -> None:
        """The far end's word on an option: its ECHO is agreed to each time it changes (RFC
        1143: what is already so is not answered); any other option it offers is refused."""
        if option == nvt.ECHO and verb in (nvt.WILL, nvt.WONT):
            echoes = verb == nvt.WILL
            if echoes != self.far_echoes:
                self.far_echoes = echoes
                connection.send(nvt.command(nvt.DO if echoes else nvt.DONT, nvt.ECHO), push=False)
            return
        refusal = nvt.refusal(verb, option)
        if refusal:
            connection.send(refusal, push=False)

    def peer_closed(self, connection) -> None:
        connection.close()
        self.state, self.reason = "closed", "closed"
        self.changed()

    def ended(self, connection, reason: str) -> None:
        self.state, self.reason = "closed", self.reason or reason
        self.changed()

    def awaited(self) -> bool:
        """The far end's answer is not all here yet (no PSH) and the connection is open."""
        return not self.answered and self.state != "closed"

    @property
    def unread_bytes(self) -> int:
        return sum(len(text) for text in self.unread)

    def take(self) -> str:
        """What came back, up to its last newline; the rest is the prompt the user sees (a
        piece without a newline adds to it)."""
        text = "".join(self.unread)
        self.unread = []
        cut = text.rfind("\n") + 1
        self.tail = text[cut:] if cut else self.tail + text
        return text[:cut]

    def send_line(self, line: str, now: float) -> None:
        data = wire(line + "\n")
        self.tail, self.answered, self.used = "", False, now
        self.connection.send(channel(data) if self.secure else nvt.escape(data))

    def closed_text(self) -> str:
        return f"\n[Connection to {self.host} closed by foreign host]\n"


class Connections:
    """A console session's connections (numbered from 1), the one in the foreground, the
    most recent one (`*`, what Return resumes), and a pending escape (Ctrl-^)."""

    def __init__(self, session):
        self.session = session
        self.open: list[Outgoing] = []
        self.current: Outgoing | None = None  # in the foreground: typed lines go to it
        self.last: Outgoing | None = None
        self.escape = False
        self.waiting_for = None  # a relaying vty session's wait: (waiting, finish, timer)

    @property
    def scheduler(self):
        return self.session.scheduler

    def take(self, line: str) -> str | None:
        """A typed line this layer handles (None: the session runs it): the line for the
        connection in the foreground, the escape, or a bare Return that resumes the last."""
        current = self.current
        if current is None:
            if line.strip() or self.last is None:
                return None
            return self.resume(self.last)
        if line == ESCAPE:
            self.escape = True
            return ""
        if self.escape:
            self.escape = False
            if line.lower() == "x":  # suspended: back at the local prompt
                self.current = None
                return ""
        if current.state == "closed":  # it closed meanwhile: shown first, then the console runs the line
            self.session.emit(self._drop(current))
            return None
        current.send_line(line, self.scheduler.now)
        return self._then(current.awaited, lambda: self._answer(current))

    def _answer(self, outgoing: Outgoing) -> str:
        """What came back, and the close if the far end closed."""
        output = outgoing.take()
        if outgoing.state == "closed":
            output += self._drop(outgoing)
        return output

    def _then(
        self, waiting: Callable[[], bool], finish: Callable[[], str], seconds: float | None = None
    ) -> str:
        """Wait for the far end (until `waiting()` turns false, or `seconds`: the session's
        bound by default), then what `finish()` says.  A console lets the lab's time run
        meanwhile and returns it; a vty session whose client waits over TCP returns nothing
        now and hands it to `answer_later` when it comes (`finish` may wait again)."""
        seconds = seconds or (self.session._limit or LIMIT).seconds
        answer_later = getattr(self.session, "answer_later", None)
        if answer_later is None:
            session = self.session
            self.scheduler.run_while(lambda: waiting() and not session.aborted, self.scheduler.now + seconds)
            return finish()
        timer = self.scheduler.call_later(seconds, self.settle, True)
        self.waiting_for = (waiting, finish, timer)
        return ""

    def settle(self, expired: bool = False) -> None:
        """Something happened on a connection (or the wait's time is up): a relaying vty
        session's answer, once it is there."""
        if self.waiting_for is None:
            return
        waiting, finish, timer = self.waiting_for
        if waiting() and not expired:
            return
        timer.cancel()
        self.waiting_for = None
        text = finish()
        if self.waiting_for is None:
            self.session.answer_later(text)

    def _drop(self, outgoing: Outgoing) -> str:
        """The far end closed: the console is back at its own prompt."""
        text = outgoing.take() + outgoing.closed_text()
        self.forget(outgoing)
        return text

    def close_all(self) -> None:
        """The session logged out: every connection it opened closes (the far lines are freed)."""
        for outgoing in list(self.open):
            outgoing.connection.close()
            self.forget(outgoing)

    def forget(self, outgoing: Outgoing) -> None:
        if outgoing in self.open:
            self.open.remove(outgoing)
        if self.current is outgoing:
            self.current = None
        if self.last is outgoing:
            self.last = self.open[-1] if self.open else None

    def prompt(self) -> str:
        return self.current.tail

    # -- opening ----------------------------------------------------------------------------------
    def connect(self, host: str, address: IPv4Address, port: int, source, named: bool, user=None) -> str:
        """Open a telnet connection (or, with `user`, SSH): IOS's `Trying ...` line, then
        what the far end first says (telnet) or its password prompt (SSH)."""
        if len(self.open) == MOST:
            return "% Too many connections\n"
        secure = user is not None
        refused = self._line_refuses("ssh" if secure else "telnet", address)
        if refused:
            return refused
        port_shown = f", {port}" if port != TELNET_PORT else ""
        shown = f"{host} ({address}{port_shown})... " if named else f"{address}{port_shown} ... "
        trying = "" if secure else f"Trying {shown}"
        numbers = {o.number for o in self.open}
        number = next(n for n in range(1, MOST + 1) if n not in numbers)
        outgoing = Outgoing(number, host, address, secure, self.scheduler.now)
        outgoing.changed = self.settle
        tcp = self.session.device.services["tcp"]
        outgoing.connection = tcp.connect(address, port, outgoing, source)
        if outgoing.connection is None:
            return _failed(trying, UNREACHABLE)
        return self._then(
            lambda: outgoing.state == "connecting", lambda: self._opened(outgoing, trying, user), SYNWAIT + 1
        )

    def _line_refuses(self, protocol: str, address: IPv4Address) -> str:
        """What the session's own line says against the connection: its `transport output`
        leaves the protocol out, or its `access-class N out` denies the address; else ""."""
        session = self.session
        line = session.device.config.lines.get(session.line_name)
        if line is None:
            return ""
        allowed = line.transport.get("output")
        if allowed is not None and "all" not in allowed and protocol not in allowed:
            return f"% {protocol} connections not permitted from this terminal\n"
        if not acl.admits(session.device, line.access_class.get("out"), str(address)):
            return NOT_PERMITTED
        return ""

    def _opened(self, outgoing: Outgoing, trying: str, user: str | None) -> str:
        """The handshake ended (or did not): telnet's first words, SSH's version and password."""
        if outgoing.state != "open":
            if outgoing.connection.state != State.CLOSED:
                outgoing.connection.abort()
            return _failed(trying, FAILURES.get(outgoing.reason, TIMED_OUT))
        self.open.append(outgoing)
        if user is not None:

            def versioned() -> str:
                if outgoing.state == "closed":
                    return self._drop(outgoing)
                self._ask_password(outgoing, user)
                return ""

            return self._then(
                lambda: outgoing.reader.version is None and outgoing.state != "closed", versioned
            )
        self.current = self.last = outgoing
        return self._then(
            outgoing.awaited,
            lambda: trying + "Open\n" + self._answer(outgoing),
        )

    def _ask_password(self, outgoing: Outgoing, user: str) -> None:
        """IOS's client asks the password; the server says yes, or no and perhaps closes."""

        def answer(password: str) -> str:
            if outgoing.state == "closed":
                return self._drop(outgoing)
            outgoing.auth, outgoing.answered = "", False
            outgoing.connection.send(ssh.auth_request(user, password))
            return self._then(outgoing.awaited, told)

        def told() -> str:
            if outgoing.auth == "ok":
                self.current = self.last = outgoing
                return self._answer(outgoing)
            if outgoing.state == "closed" or not outgoing.auth:
                outgoing.connection.close()
                self.forget(outgoing)
                return AUTH_FAILED
            self._ask_password(outgoing, user)
            return ""

        self.session.dialog = Dialog("Password: ", answer, echo=False)

    # -- the list -----------------------------------------------------------------------------------
    def find(self, number: int | None) -> Outgoing | None:
        if number is None:
            return self.last
        return next((o for o in self.open if o.number == number), None)

    def resume(self, outgoing: Outgoing) -> str:
        self.current = self.last = outgoing
        shown = f"[Resuming connection {outgoing.number} to {outgoing.host} ... ]\n\n"
        if outgoing.state == "closed":
            return shown + self._drop(outgoing)
        return shown + outgoing.take()

    def rows(self) -> str:
        if not self.open:
            return NO_CONNECTIONS
        out = ["Conn Host                Address             Byte  Idle Conn Name"]
        now = self.scheduler.now
        for o in self.open:
            mark = "*" if o is self.last else " "
            idle = int((now - o.used) // 60)
            out.append(
                f"{mark}{o.number:>3} {o.host:<19} {o.address!s:<19} {o.unread_bytes:>4} {idle:>5} {o.host}"
            )
        return "\n".join(out) + "\n"


def _failed(trying: str, message: str) -> str:
    """A connection that did not open: the `Trying` line ends, IOS's message and a blank line."""
    return (trying and trying + "\n") + message + "\n"


def connections(session) -> Connections:
    if session.connections is None:
        session.connections = Connections(session)
    return session.connections


def connect(session, host: str, port: int = TELNET_PORT, source=None, user=None) -> str:
    """telnet (or ssh) to `host`, an address or an `ip host` name."""
    address, error = resolve_target(session.device, host, messages.UNKNOWN_HOST)
    if address is None:
        return error
    named = str(address) != host
    return connections(session).connect(host, address, port, source, named, user)


@handler("exec_telnet")
def telnet(ctx, args):
    source = None
    if args.ifname is not None:
        source, error = source_address(ctx.device, args.ifname, None)
        if error:
            return error
    port = TELNET_PORT if args.telnet_port is None else args.telnet_port
    return connect(ctx.session, args.telnet_host, port, source)


@handler("exec_ssh")
def ssh_client(ctx, args):
    if args.ssh_user is None:
        return NO_USER
    return connect(ctx.session, args.ssh_host, args.ssh_port_number or SSH_PORT, user=args.ssh_user)


@handler("show_sessions", "exec_where")
def show_sessions(ctx, args):
    return connections(ctx.session).rows()


def _named(ctx, args) -> tuple[Connections, Outgoing | None]:
    """The session's connections and the one `resume N` / `disconnect N` names (by default the last)."""
    known = connections(ctx.session)
    return known, known.find(args.connection_number)


@handler("exec_resume")
def resume(ctx, args):
    known, outgoing = _named(ctx, args)
    return NO_CONNECTIONS if outgoing is None else known.resume(outgoing)


@handler("exec_disconnect")
def disconnect(ctx, args):
    known, outgoing = _named(ctx, args)
    if outgoing is None:
        return NO_CONNECTIONS

    def confirm(answer: str) -> str:
        if answer.strip().lower() in ("", "y", "yes"):
            outgoing.connection.close()
            known.forget(outgoing)
        return ""

    ctx.session.dialog = Dialog(f"Closing connection to {outgoing.host} [confirm]", confirm)
    return ""
