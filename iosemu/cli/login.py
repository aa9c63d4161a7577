"""The life of a line session: login before the first prompt (`login`, `login local`),
logout, and the exec-timeout that logs an idle session out (a vty line's login, after 30
seconds); the `%SEC_LOGIN` messages of `login on-success|on-failure log`."""

from __future__ import annotations

from iosemu.cli import messages
from iosemu.sim.calendar import clock_text

TRIES = 3
LOGIN_TIMEOUT = 30  # seconds a vty line waits at Username: or Password: (`timeout login response`)


def ask_password(session, secret, on_success, on_failure, tries: int = 1, on_wrong=None) -> None:
    """IOS's `Password: ` (not echoed): three tries; each callback returns what to print
    (`on_wrong`, if given, is told of each wrong password)."""
    from iosemu.cli.session import Dialog

    def answer(typed: str) -> str:
        if secret.matches(typed):
            return on_success()
        if on_wrong is not None:
            on_wrong()
        if tries == TRIES:
            return on_failure()
        ask_password(session, secret, on_success, on_failure, tries + 1, on_wrong)
        return ""

    session.dialog = Dialog("Password: ", answer, echo=False)


def required(session) -> bool:
    """Whether the line asks who you are before its first prompt."""
    line = session.device.config.lines.get(session.line_name)
    return bool(line and line.login)


def start(session) -> str:
    """Return pressed on an idle line, or a client come to a vty line: the MOTD banner, then
    the login the line asks for."""
    session.closed = False
    session.set_mode("user_exec")
    line = session.device.config.lines.get(session.line_name)
    banner = session.device.config.system.banner_motd
    if banner is not None:
        shown = f"\n{banner}\n"
    else:
        shown = "\n" if is_vty(session) else "\n" * 4
    method = line.login if line else None
    if method is None:
        return shown + logged_in(session, None)
    if method == "login" and line.password is None:
        session.closed = True
        return shown + messages.PASSWORD_REQUIRED

    def refused() -> str:  # the line is reset, as after a logout
        return messages.BAD_PASSWORDS + end_session(session)

    session.in_login = True
    if method == "local":
        _ask_username(session, 1)
    else:
        ask_password(
            session,
            line.password,
            lambda: logged_in(session, None),
            refused,
            on_wrong=lambda: _failed(session, ""),
        )
    return shown + "\nUser Access Verification\n\n"


def is_vty(session) -> bool:
    return session.line_name.startswith("vty ")


def privilege(session, user) -> int:
    """The EXEC level a login gives: the user's `privilege`, else the line's `privilege level`."""
    if user is not None and user.privilege is not None:
        return user.privilege
    line = session.device.config.lines.get(session.line_name)
    return line.privilege if line and line.privilege is not None else 1


def logged_in(session, user) -> str:
    """The login succeeded (`user`: the local user, for `login local`): EXEC at its level."""
    session.in_login = False
    if user is not None:
        session.user = user.name
    if privilege(session, user) == 15:
        session.set_mode("priv_exec")
    _log_login(session, "on-success", "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success", session.user or "", "")
    return ""


def _failed(session, name: str) -> None:
    reason = " [Reason: Login Authentication Failed]"
    _log_login(session, "on-failure", "%SEC_LOGIN-4-LOGIN_FAILED: Login failed", name, reason)


def _log_login(session, when: str, text: str, user: str, reason: str) -> None:
    """`login on-success log` / `login on-failure log`: a vty login's outcome in syslog."""
    device = session.device
    if not is_vty(session) or f"login {when} log" not in device.config.extra.get("security", ()):
        return
    port = 22 if getattr(session, "transport", "telnet") == "ssh" else 23
    source = getattr(session, "remote", "0.0.0.0")  # a vty with no client (grading's)
    at = clock_text(*device.local_time())
    device.log(f"{text} [user: {user}] [Source: {source}] [localport: {port}]{reason} at {at}")


def _ask_username(session, tries: int) -> None:
    from iosemu.cli.session import Dialog

    def answer(name: str) -> str:
        def check(typed: str) -> str:
            user = session.device.config.system.users.get(name.strip())
            if user is not None and user.accepts(typed):
                return logged_in(session, user)
            _failed(session, name.strip())
            if tries == TRIES:
                session.closed = True
                return "\n" + messages.LOGIN_INVALID
            _ask_username(session, tries + 1)
            return "\n" + messages.LOGIN_INVALID + "\n"

        session.dialog = Dialog("Password: ", check, echo=False)
        return ""

    session.dialog = Dialog("Username: ", answer)


def end_session(session) -> str:
    """Logout (typed, or by exec-timeout): the connections the session opened close, and the
    line waits for Return again (a vty line's client is let go)."""
    if session.connections is not None:
        session.connections.close_all()
    session.set_mode("user_exec")
    session.dialog = None
    session.closed = True
    session.in_login = False
    if is_vty(session):
        return ""
    name = session.device.config.system.hostname
    line = session.line_name.replace(" ", "")
    return "\n" * 33 + f"{name} {line} is now available" + "\n" * 6 + "Press RETURN to get started.\n"


def stop_exec_timeout(session) -> None:
    """Stop the idle clock while a command runs: IOS counts idle input time only."""
    session.idle_deadline = None


def arm_exec_timeout(session) -> None:
    """Restart the idle clock of the line (`exec-timeout`, 10 minutes unless configured).

    One timer per session stays on the scheduler: a line typed moves the deadline, and the
    timer, when it fires early, waits on to the deadline (a timer per keystroke would leave
    the cancelled ones piling up on the scheduler's heap)."""
    line = session.device.config.lines.get(session.line_name)
    minutes, seconds = (line.exec_timeout if line and line.exec_timeout else None) or (10, 0)
    if session.in_login and is_vty(session):
        minutes, seconds = 0, LOGIN_TIMEOUT
    untimed = session.dialog is not None and not session.dialog.timed
    if session.closed or untimed or (minutes, seconds) == (0, 0):
        session.idle_deadline = None
        return
    scheduler = session.device.scheduler
    session.idle_deadline = scheduler.now + minutes * 60 + seconds
    timer = session.idle_timer
    if timer is None or timer.cancelled or timer.when > session.idle_deadline:
        if timer is not None:
            timer.cancel()
        session.idle_timer = scheduler.call_at(session.idle_deadline, _idle, session)


def _idle(session) -> None:
    """The idle timer fired: log the line out if its deadline has come, else wait on."""
    session.idle_timer = None
    deadline = session.idle_deadline
    if deadline is None or session.closed:
        return
    scheduler = session.device.scheduler
    if scheduler.now < deadline:
        session.idle_timer = scheduler.call_at(deadline, _idle, session)
        return
    session.idle_deadline = None
    if session.in_login and is_vty(session):  # `% Password:  timeout expired!`
        asked = session.dialog.prompt.strip() if session.dialog else "Password:"
        session.inbox.append(f"% {asked}  timeout expired!")
    session.inbox.extend(end_session(session).split("\n")[:-1])
