"""The life of a line session: login before the first prompt (`login`, `login local`),
logout, and the exec-timeout that logs an idle session out."""

from __future__ import annotations

from iosemu.cli import messages

_TRIES = 3


def start(session) -> str:
    """Called when the user presses Return on an idle line."""
    from iosemu.cli.session import Dialog

    session.closed = False
    session.set_mode("user_exec")
    line = session.device.config.lines.get(session.line_name)
    method = line.login if line else None
    if method is None:
        return "\n" * 4
    if method == "login" and line.password is None:
        session.closed = True
        return "Password required, but none set\n"
    header = "\nUser Access Verification\n\n"
    if method == "local":
        session.dialog = Dialog("Username: ", _username(session, 1))
    else:
        session.dialog = Dialog("Password: ", _password(session, line.password, 1), echo=False)
    return header


def _password(session, secret, tries: int):
    from iosemu.cli.session import Dialog

    def answer(typed: str) -> str:
        if secret.matches(typed):
            return ""
        if tries == _TRIES:
            session.closed = True
            return messages.BAD_PASSWORDS
        session.dialog = Dialog("Password: ", _password(session, secret, tries + 1), echo=False)
        return ""

    return answer


def _username(session, tries: int):
    from iosemu.cli.session import Dialog

    def answer(name: str) -> str:
        def check(typed: str) -> str:
            user = session.device.config.system.users.get(name.strip())
            secret = user and (user.secret or user.password)
            if secret and secret.matches(typed):
                return ""
            if tries == _TRIES:
                session.closed = True
                return "\n" + messages.LOGIN_INVALID
            session.dialog = Dialog("Username: ", _username(session, tries + 1))
            return "\n" + messages.LOGIN_INVALID + "\n"

        session.dialog = Dialog("Password: ", check, echo=False)
        return ""

    return answer


def end_session(session) -> str:
    """Logout (typed, or by exec-timeout): the line waits for Return again."""
    session.set_mode("user_exec")
    session.dialog = None
    session.closed = True
    name = session.device.config.system.hostname
    line = session.line_name.replace(" ", "")
    return "\n" * 33 + f"{name} {line} is now available" + "\n" * 6 + "Press RETURN to get started.\n"


def arm_exec_timeout(session) -> None:
    """Restart the idle timer of the line (`exec-timeout`, 10 minutes unless configured)."""
    if session.idle_timer is not None:
        session.idle_timer.cancel()
        session.idle_timer = None
    line = session.device.config.lines.get(session.line_name)
    minutes, seconds = (line.exec_timeout if line and line.exec_timeout else None) or (10, 0)
    if session.closed or (minutes, seconds) == (0, 0):
        return

    def expire() -> None:
        session.idle_timer = None
        if not session.closed:
            session.inbox.extend(end_session(session).split("\n")[:-1])

    session.idle_timer = session.device.scheduler.call_later(minutes * 60 + seconds, expire)
