"""VTY lines from the outside: a telnet or SSH client takes the first free vty line that
admits its transport (`transport input`), and gets a session on it; what an SSH face may
ask of the router (is SSH on, the key to serve, is this user's password right); which lines
are free.

The faces (console/: the telnet and SSH servers; the router-to-router `telnet` and `ssh`)
call only this module (ARCHITECTURE.md, "VTY lines").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iosemu.cli import login, messages
from iosemu.cli.session import Session
from iosemu.config.ssh import RsaKey
from iosemu.protocols.ssh import transport as ssh
from iosemu.sim import acl

TRANSPORTS = ("telnet", "ssh")


@dataclass(frozen=True)
class Refused:
    """The connection is not taken: the client is shown `text`, then it is closed."""

    text: str


class VtySession(Session):
    """A session on a vty line, and who is connected: by `transport` ("telnet", "ssh"), from
    `remote`, as `user`; for SSH, the `cipher` and `hmac` the face negotiated (`show ssh`)."""

    def __init__(self, router, line_name: str, transport: str, remote: str, user: str | None):
        self.transport = transport
        self.remote = remote
        super().__init__(router, line_name)
        self.user = user
        # IOS's first choices (an IOS client's too), until the SSH face says what it negotiated
        self.cipher, self.hmac = ssh.CIPHERS[router.train15][0], ssh.MACS[0]
        # set by a face whose client reads the answers as they come (cli/telnet_server.py): a
        # connection this session relays answers through it (cli/telnet.py)
        self.answer_later: Callable[[str], None] | None = None

    @property
    def origin(self) -> str:
        """As IOS names the line in messages: `vty0 (10.1.12.1)`."""
        return f"{super().origin} ({self.remote})"

    def start(self) -> str:
        """What the client sees first: telnet, the MOTD and the line's login; SSH (already
        authenticated), the MOTD and EXEC at the user's level."""
        if self.transport == "telnet":
            shown = login.start(self)
            login.arm_exec_timeout(self)
            return shown
        self.closed = False
        banner = self.device.config.system.banner_motd
        users = self.device.config.system.users
        known = users.get(self.user) if self.device.config.lines[self.line_name].login == "local" else None
        login.logged_in(self, known)
        login.arm_exec_timeout(self)
        return f"\n{banner}\n" if banner is not None else ""


def vty_lines(router) -> list[str]:
    """The router's vty lines in order ("vty 0", "vty 1", ...)."""
    return [name for name in router.config.lines if name.startswith("vty ")]


def free_line(router, transport: str) -> str | None:
    """The first vty line no client is on that admits `transport`, or None."""
    busy = router.vtys
    lines = router.config.lines
    return next((n for n in vty_lines(router) if n not in busy and lines[n].admits(transport)), None)


def admits(router, transport: str, remote: str) -> bool:
    """Whether a client of `transport` from `remote` is let in (asked once, as it connects): a
    free line admits the transport and its `access-class ... in` permits the address (the
    match is counted, `show access-lists`)."""
    name = free_line(router, transport)
    if name is None:
        return False
    return acl.admits(router, router.config.lines[name].access_class.get("in"), remote, transport)


def open_vty(router, transport: str, remote: str, user: str | None = None) -> VtySession | Refused:
    """A client connects by `transport` ("telnet", "ssh") from `remote` (its address, as
    `show users` prints it); `user`: the name SSH authenticated. The session, on the first
    free vty line that admits the transport, or Refused."""
    if transport not in TRANSPORTS:
        raise ValueError(f"transport {transport!r} is not one of {TRANSPORTS}")
    if transport == "ssh" and not ssh_available(router):
        return Refused("")  # no key: no SSH server
    name = free_line(router, transport)
    if name is None:  # no line takes the transport, or every one is busy: IOS refuses the connection
        return Refused("")
    line = router.config.lines[name]
    if transport == "telnet" and line.login == "login" and line.password is None:
        return Refused("\n\n" + messages.PASSWORD_REQUIRED)  # where `User Access Verification` stands
    session = VtySession(router, name, transport, remote, user)
    router.vtys[name] = session
    return session


def close_vty(session: VtySession) -> None:
    """The client went away, or the session logged out: the line is free again, the session
    gets no more syslog lines and its timers stop. Idempotent."""
    sessions = session.device.vtys
    if sessions.get(session.line_name) is session:
        del sessions[session.line_name]
    session.detach()
    login.stop_exec_timeout(session)
    if session.idle_timer is not None:
        session.idle_timer.cancel()
        session.idle_timer = None
    session.closed = True


def ssh_available(router) -> bool:
    """Whether an SSH connection is taken at all: SSH is on (an RSA key, of a size the
    configured version can use) and some vty line admits ssh."""
    if router.config.ssh.enabled_version() is None:
        return False
    return any(router.config.lines[name].admits("ssh") for name in vty_lines(router))


def ssh_login(router, user: str, password: str) -> bool:
    """What the vty lines' login says of `user` and `password` for SSH (on the line a new
    SSH session would take): `login local` checks the local user; `login`, the line's
    password (the name is not checked); `no login` takes anyone."""
    name = free_line(router, "ssh")
    if name is None:
        return False
    line = router.config.lines[name]
    if line.login == "local":
        known = router.config.system.users.get(user)
        return known is not None and known.accepts(password)
    if line.login == "login":
        return line.password is not None and line.password.matches(password)
    return True


def ssh_key(router) -> RsaKey | None:
    """The key SSH serves (its numbers: `key.pair(router.name)`, a pure function that may
    take seconds for a big key, to be made outside the lab's lock), or None."""
    return router.config.ssh.key()
