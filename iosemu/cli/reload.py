"""`reload` now, `reload in [hh:]mm`, `reload at hh:mm [day month]`, `reload cancel`, with a
reason or not, and `show reload`: the dialogs (save, then confirm), the warnings every
terminal gets before a scheduled reload (`*** --- SHUTDOWN in 0:05:00 ---`), its syslog
lines, and the reload itself when its time comes (a timer on the router's virtual clock).

Texts follow real sessions: a 15.x router's `reload in 5` and `reload cancel` over SSH
(gist johnfzc/b36a99ba573f7f6670c0: `Reload scheduled for 15:30:08 DST Sat Apr 11 2015 (in 5
minutes) by ...`, `Reload reason: Reload Command`, the `SHUTDOWN in 0:05:00` and `SHUTDOWN
ABORTED` banners), the Cisco Cookbook's 12.x recipe 2.11 (`Reload scheduled for 11:33:53 EST
Sat Feb 1 2003 (in 20 minutes)`, no reason line) and an IOS session's `%SYS-5-SCHEDULED_RELOAD`
and `%SYS-5-SCHEDULED_RELOAD_CANCELLED` lines (uni-koeln.de, 2020). When the other warnings
come, and 12.4's exact form, are not confirmed [M].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from iosemu.cli import messages, setup
from iosemu.cli.boot import boot
from iosemu.cli.exec_commands import CONFIRMS, save
from iosemu.cli.login import end_session
from iosemu.cli.session import Dialog
from iosemu.config.registry import Refused, handler
from iosemu.sim.calendar import clock_text

DEFAULT_REASON = "Reload Command"
WARNINGS = (300.0, 60.0)  # seconds before a scheduled reload that every terminal is warned [M]
LONGEST = 24 * 86400 + 20 * 3600  # about 24 days, as IOS allows
SAVE_PROMPT = "System configuration has been modified. Save? [yes/no]: "


@dataclass
class ScheduledReload:
    when: float  # virtual time
    reason: str
    by: str  # `console`, `vty0 (10.0.0.2)`
    timers: list = field(default_factory=list)

    def cancel(self) -> None:
        for timer in self.timers:
            timer.cancel()


def _span(seconds: float, with_seconds: bool = False) -> str:
    """`10 minutes`, `1 hour and 30 minutes`, `9 minutes and 58 seconds`."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "hour"), (minutes, "minute")] + ([(secs, "second")] if with_seconds else [])
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " and ".join(words) or "0 minutes"


def _scheduled_text(device, reload: ScheduledReload, with_seconds: bool) -> str:
    moment, zone = device.local_time(reload.when)
    left = _span(reload.when - device.scheduler.now, with_seconds)
    line = f"Reload scheduled for {clock_text(moment, zone)} (in {left})"
    if not device.train15:  # 12.x: the time alone [M for 12.4]
        return line + "\n"
    return f"{line} by {reload.by}\nReload reason: {reload.reason}\n"


def _broadcast(device, text: str) -> None:
    """A banner on every terminal of the router, whatever its logging settings."""
    for terminal in list(device.logger.terminals):
        terminal.inbox.extend(["", "***", f"*** --- {text} ---", "***", ""])


def _notice(device, reason: str) -> str:
    return device.stamped(f"%SYS-5-RELOAD: Reload requested by console. Reload Reason: {reason}.")


def _reload_now(device, reason: str) -> None:
    """The time has come: the consoles show the reload, every session ends."""
    device.scheduled_reload = None
    _broadcast(device, "SHUTDOWN NOW")
    notice = _notice(device, reason)
    for terminal in device.logger.terminals:
        if terminal.is_console:
            terminal.inbox.extend(["", notice])
    output = boot(device, reason=reason, setup=True)  # its own messages reach the consoles as it goes
    for terminal in list(device.logger.terminals):
        if terminal.is_console:
            terminal.inbox.extend(output.split("\n")[:-1])
        _after_boot(terminal)


def _after_boot(session) -> None:
    """The reloaded router's terminal: a console with no startup-config is in the System
    Configuration Dialog, any other waits for Return."""
    end_session(session)
    if session.is_console and session.device.startup_config is None:
        session.closed = False
        setup.begin(session)


def _when(device, args) -> float | Refused:
    """The virtual time `reload in` or `reload at` names."""
    now = device.scheduler.now
    if args.reload_in:
        hours, _, minutes = args.reload_delay.rpartition(":")
        if not _number(minutes) or (hours and not _number(hours)):
            return Refused(messages.INVALID)  # [M]
        delay = int(hours or 0) * 3600 + int(minutes) * 60
    else:
        local, _ = device.local_time()
        hour, _, minute = args.reload_clock.partition(":")
        if not (_number(hour) and _number(minute) and int(hour) < 24 and int(minute) < 60):
            return Refused(messages.INVALID)  # [M]
        target = local.replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
        if args.reload_day is not None:
            try:
                target = target.replace(month=args.reload_month, day=args.reload_day)
            except ValueError:
                return Refused("% Invalid date\n")  # [M]
            if target < local:
                target = target.replace(year=target.year + 1)
        elif target <= local:
            target += timedelta(days=1)
        delay = (target - local).total_seconds()
    if not 0 < delay <= LONGEST:
        return Refused("% Reload must be within approximately 24 days\n")  # [M]
    return now + delay


@handler("exec_reload")
def reload(ctx, args):
    session, device = ctx.session, ctx.device
    if args.reload_cancel:
        return _cancel(device)
    reason = args.reload_reason or DEFAULT_REASON
    when = None
    if args.reload_in or args.reload_at:
        when = _when(device, args)
        if isinstance(when, Refused):
            return when

    def confirm(typed: str) -> str:
        if typed.strip().lower() not in CONFIRMS:
            return ""
        if when is None:
            output = "\n" + _notice(device, reason) + "\n" + boot(device, reason=reason, setup=True)
            _after_boot(session)  # the console waits for Return, as after power-on, or setup asks
            return output
        _schedule(device, when, reason, session.origin)
        return ""

    def ask_confirm(prefix: str = "") -> str:
        session.dialog = Dialog("Proceed with reload? [confirm]", confirm)
        if when is not None:
            return prefix + _scheduled_text(device, ScheduledReload(when, reason, session.origin), False)
        return prefix

    if device.unsaved:
        session.ask_yes_no(SAVE_PROMPT, lambda: save(ctx, then=ask_confirm), ask_confirm)
        return "\n"
    return ask_confirm()


def _schedule(device, when: float, reason: str, by: str) -> None:
    if device.scheduled_reload is not None:
        device.scheduled_reload.cancel()
    scheduled = device.scheduled_reload = ScheduledReload(when, reason, by)
    scheduler, now = device.scheduler, device.scheduler.now
    for before in WARNINGS:
        if when - before >= now:
            text = f"SHUTDOWN in {int(before) // 3600}:{int(before) % 3600 // 60:02d}:00"
            scheduled.timers.append(scheduler.call_at(when - before, _broadcast, device, text))
    scheduled.timers.append(scheduler.call_at(when, _reload_now, device, reason))
    at, zone = device.local_time(when)
    now_text = clock_text(*device.local_time())
    device.log(
        f"%SYS-5-SCHEDULED_RELOAD: Reload requested for {clock_text(at, zone)} at {now_text} by {by}. "
        f"Reload Reason: {reason}."
    )


def _cancel(device) -> str:
    scheduled = device.scheduled_reload
    if scheduled is None:
        return "%No reload is scheduled.\n"  # [M]
    scheduled.cancel()
    device.scheduled_reload = None
    _broadcast(device, "SHUTDOWN ABORTED")
    device.log(
        f"%SYS-5-SCHEDULED_RELOAD_CANCELLED: Scheduled reload cancelled at {clock_text(*device.local_time())}"
    )
    return ""


@handler("show_reload")
def show_reload(ctx, args):
    scheduled = ctx.device.scheduled_reload
    if scheduled is None:
        return "No reload is scheduled.\n"
    return _scheduled_text(ctx.device, scheduled, with_seconds=True)


def _number(text: str) -> bool:
    return text.isascii() and text.isdigit()  # `²` is a digit to Python, not to int() or IOS
