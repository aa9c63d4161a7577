"""Commands accepted but not modelled (grammars/ignored.lark): kept as typed, and placed in
the running-config section where IOS prints them, chosen by their leading words."""

from __future__ import annotations

from iosemu.config.registry import handler

# Leading words -> the running-config section (a placeholder of the platform skeleton).
SECTIONS = (
    (("service",), "service"),
    (("boot",), "boot"),
    (("logging",), "logging"),
    (("memory-size",), "logging"),
    (("aaa",), "aaa"),
    (("ip", "forward-protocol"), "forward"),
    (("ip", "http"), "http"),
    (("ip",), "cef"),
    (("ipv6",), "ipv6"),
    (("multilink",), "multilink"),
    (("cts",), "cts"),
    (("license",), "license"),
    (("redundancy",), "redundancy"),
    (("control-plane",), "control-plane"),
    (("scheduler",), "tail"),
    (("ntp",), "tail"),
)
DROPPED = ("version", "boot-start-marker", "boot-end-marker")  # IOS writes these itself
# How many leading words name the setting a line makes (a new value replaces the old).
IDENTITY_WORDS = {
    "logging": 2,
    "scheduler": 2,
    "memory-size": 2,
    "transport": 2,
    "privilege": 2,
    "history": 2,
    "cdp": 2,
    "mop": 2,
    "negotiation": 2,
    "stopbits": 1,
    "speed": 1,
    "session-timeout": 1,
    "exec": 1,
    "activation-character": 1,
    "media-type": 1,
}


def _words(line: str) -> list[str]:
    words = line.split()
    return words[1:] if words and words[0] in ("no", "default") else words


def section_of(line: str) -> str | None:
    words = _words(line)
    if not words or words[0] in DROPPED:
        return None
    for lead, section in SECTIONS:
        if tuple(words[: len(lead)]) == lead:
            return section
    return "tail"


def _identity(line: str) -> tuple[str, ...]:
    words = _words(line)
    return tuple(words[: IDENTITY_WORDS.get(words[0], 3)])


def store(lines: list[str], line: str) -> None:
    """Add `line`, replacing an earlier setting of the same thing (or its `no` form)."""
    identity = _identity(line)
    lines[:] = [old for old in lines if _identity(old) != identity]
    if not line.startswith("default "):
        lines.append(line)


@handler("cfg_ignored")
def global_command(ctx, args):
    section = section_of(ctx.line)
    if section is not None:
        store(ctx.config.extra.setdefault(section, []), ctx.line)


@handler("if_ignored")
def interface_command(ctx, args):
    store(ctx.target.extra, ctx.line)


@handler("line_ignored")
def line_command(ctx, args):
    for block in ctx.target:
        store(block.extra, ctx.line)
