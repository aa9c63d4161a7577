"""A stand-in for branch vty's cli/vty.py (the VTY contract, notes/vty-api.md), for these tests
only, until that branch is merged: every vty line admits both transports, telnet logs in as
the line's `login` says, SSH is available on a router a test marks (`router.ssh_ready`)."""

from __future__ import annotations

from iosemu.cli import login
from iosemu.cli.session import Session
from iosemu.config.registry import Refused


def _in_use(router) -> dict:
    if not hasattr(router, "vty_sessions"):
        router.vty_sessions = {}
    return router.vty_sessions


def open_vty(router, transport: str, remote: str, user: str | None = None):
    used = _in_use(router)
    free = [name for name in router.config.lines if name.startswith("vty ") and name not in used]
    if not free:
        return Refused("")
    line = router.config.lines[free[0]]
    if transport == "telnet" and line.login == "login" and line.password is None:
        return Refused("\nPassword required, but none set\n")
    session = Session(router, free[0])
    session.remote = remote
    used[free[0]] = session
    if transport == "ssh":
        session.closed = False
    return session


def start(session) -> str:
    return login.start(session) if session.closed else ""


def ssh_available(router) -> bool:
    return getattr(router, "ssh_ready", False)


def ssh_login(router, user: str, password: str) -> bool:
    entry = router.config.system.users.get(user)
    secret = entry and (entry.secret or entry.password)
    return bool(secret and secret.matches(password))


def close_vty(session) -> None:
    _in_use(session.device).pop(session.line_name, None)
    session.detach()
