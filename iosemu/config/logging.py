"""Global `logging buffered`, `logging console`, `logging monitor`: where the router's system
messages go and from which severity (the logger itself is sim/syslog.py), and their
running-config lines."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.registry import handler
from iosemu.sim.syslog import DEBUGGING

# Severity names, 0 (emergencies) to 7 (debugging): the level keywords of the grammar.
LEVELS = (
    "emergencies",
    "alerts",
    "critical",
    "errors",
    "warnings",
    "notifications",
    "informational",
    "debugging",
)


@dataclass
class LoggingConfig:
    console_level: int | None = DEBUGGING  # None: `no logging console`
    monitor_level: int | None = DEBUGGING  # None: `no logging monitor`
    buffered: bool = False  # off on the ISRs after `write erase`
    buffer_level: int = DEBUGGING
    buffer_size: int = 4096
    default_size: int = 4096  # the platform's (set as the router starts)

    def lines(self, train15: bool) -> list[str]:
        """The running-config lines, in IOS's order (12.4 writes the buffer's size and level
        always, 15.x only those that are not the default)."""
        out = []
        if self.buffered:
            size = "" if train15 and self.buffer_size == self.default_size else f" {self.buffer_size}"
            level = "" if train15 and self.buffer_level == DEBUGGING else f" {LEVELS[self.buffer_level]}"
            out.append(f"logging buffered{size}{level}")
        for name, level in (("console", self.console_level), ("monitor", self.monitor_level)):
            if level is None:
                out.append(f"no logging {name}")
            elif level != DEBUGGING:
                out.append(f"logging {name} {LEVELS[level]}")
        return out


def level_of(args) -> int:
    """The severity a command names, as a number or a keyword (debugging if none)."""
    if args.log_level is not None:
        return args.log_level
    return next((n for n, name in enumerate(LEVELS) if getattr(args, name)), DEBUGGING)


@handler("cfg_logging_buffered")
def logging_buffered(ctx, args):
    settings = ctx.config.logging
    if args.negate:
        settings.buffered = False
        if args.default:
            settings.buffer_size, settings.buffer_level = settings.default_size, DEBUGGING
        return
    settings.buffered = True
    settings.buffer_level = level_of(args)
    if args.log_buffer_size is not None:
        settings.buffer_size = args.log_buffer_size


@handler("cfg_logging_console", "cfg_logging_monitor")
def logging_terminal(ctx, args):
    level = None if args.no else DEBUGGING if args.default else level_of(args)
    if args.console:
        ctx.config.logging.console_level = level
    else:
        ctx.config.logging.monitor_level = level
