"""EXEC commands of system message logging: `terminal monitor` (this vty line shows syslog
and debug lines) and `clear logging` (empties the buffer)."""

from __future__ import annotations

from iosemu.cli.exec_commands import CONFIRMS
from iosemu.cli.session import Dialog
from iosemu.config.registry import handler


@handler("exec_terminal_monitor")
def terminal_monitor(ctx, args):
    ctx.session.monitor = not args.no


@handler("exec_clear_logging")
def clear_logging(ctx, args):
    def answer(typed: str) -> str:
        if typed.strip().lower() in CONFIRMS:
            ctx.device.logger.clear()
        return ""

    ctx.session.dialog = Dialog("Clear logging buffer [confirm]", answer)
    return ""
