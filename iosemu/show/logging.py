"""show logging: the logger's settings and counters, then the buffer (as 12.4 and 15.x print them)."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.logging import LEVELS
from iosemu.config.registry import handler

EXCEPTION_BYTES = 4096  # `logging exception`, never changed here


@dataclass(frozen=True)
class LoggingState:
    console: tuple[str, int] | None  # (level, messages logged); None: disabled
    monitor: tuple[str, int] | None
    buffer: tuple[str, int] | None
    trap: tuple[str, int]
    buffer_size: int
    messages: tuple[str, ...]  # the buffer, oldest first


def collect(device) -> LoggingState:
    settings, counts = device.config.logging, device.logger.counts

    def level(value: int | None, count: int) -> tuple[str, int] | None:
        return None if value is None else (LEVELS[value], count)

    return LoggingState(
        console=level(settings.console_level, counts.console),
        monitor=level(settings.monitor_level, counts.monitor),
        buffer=level(settings.buffer_level if settings.buffered else None, counts.buffer),
        trap=("informational", counts.trap),
        buffer_size=settings.buffer_size,
        messages=tuple(device.logger.buffer),
    )


def _destination(name: str, state: tuple[str, int] | None, indent: int) -> list[str]:
    """`    Console logging: level debugging, 3 messages logged, xml disabled,` and its
    `filtering disabled` line (aligned under the level), or `disabled`."""
    if state is None:
        return [f"{name}disabled"]
    level, count = state
    return [
        f"{name}level {level}, {count} messages logged, xml disabled,",
        " " * indent + "filtering disabled",
    ]


def render(state: LoggingState, train15: bool) -> str:
    if train15:
        out = [
            "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, "
            "0 overruns, xml disabled, filtering disabled)",
            "",
            "No Active Message Discriminator.",
            "",
            "",
            "",
            "No Inactive Message Discriminator.",
            "",
            "",
        ]
        buffer_name, exception = (
            "    Buffer logging:  ",
            f"    Exception Logging: size ({EXCEPTION_BYTES} bytes)",
        )
    else:
        out = [
            "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited,",
            "                0 flushes, 0 overruns, xml disabled, filtering disabled)",
        ]
        buffer_name, exception = (
            "    Buffer logging: ",
            f"    Logging Exception size ({EXCEPTION_BYTES} bytes)",
        )
    out += _destination("    Console logging: ", state.console, 21)
    out += _destination("    Monitor logging: ", state.monitor, 21)
    if state.buffer is None:  # the buffer says so in two lines
        out += [f"{buffer_name}disabled, xml disabled,", " " * 20 + "filtering disabled"]
    else:
        out += _destination(buffer_name, state.buffer, 20)
    out += [exception, "    Count and timestamp logging messages: disabled"]
    if train15:
        out.append("    Persistent logging: disabled")
    level, count = state.trap
    out += [
        "",
        "No active filter modules.",
        "",
        f"    Trap logging: level {level}, {count} message lines logged",
    ]
    if train15:
        out.append("        Logging Source-Interface:       VRF Name:")
    if state.buffer is not None:
        out += ["", f"Log Buffer ({state.buffer_size} bytes):", "", *state.messages]
    return "\n".join(out) + "\n"


@handler("show_logging")
def show_logging(ctx, args):
    return render(collect(ctx.device), ctx.device.train15)
