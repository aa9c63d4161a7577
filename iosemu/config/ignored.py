"""Commands accepted but not modelled (grammars/ignored.lark): kept as typed, and placed in
the running-config section where IOS prints them, chosen by their leading words.  Block
commands (`router ospf 1`, `ip access-list extended X`, ...) keep their sub-commands."""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.config.registry import EnterMode, handler

# Leading words -> the running-config section (a placeholder of the platform skeleton).
SECTIONS = (
    (("service",), "service"),
    (("boot",), "boot"),
    (("logging",), "logging"),
    (("memory-size",), "logging"),
    (("aaa",), "aaa"),
    (("ip", "forward-protocol"), "forward"),
    (("ip", "access-list"), "acl"),
    (("ipv6", "access-list"), "acl"),
    (("access-list",), "acl"),
    (("route-map",), "acl"),
    (("snmp-server",), "snmp"),
    (("router",), "router"),
    (("class-map",), "qos"),
    (("policy-map",), "qos"),
    (("key", "chain"), "qos"),
    (("map-class",), "qos"),
    (("archive",), "qos"),
    (("clock",), "aaa"),
    (("security",), "security"),
    (("login",), "security"),
    (("cdp",), "cdp"),
    (("lldp",), "security"),
    (("tacacs-server",), "snmp"),
    (("radius-server",), "snmp"),
    (("ip", "http"), "http"),
    (("ip", "route"), "forward"),  # `ip route profile`, before the routes
    (("ip", "bgp-community"), "acl"),  # after the routes
    (("ip", "ospf"), "acl"),
    (("dialer-list",), "acl"),
    (("spd",), "logging"),
    (("network-clock-participate",), "aaa"),
    (("network-clock-select",), "aaa"),
    (("dial-peer",), "control-plane"),
    (("ip", "host"), "domain"),
    (("ip", "domain"), "domain"),
    (("ip",), "cef"),
    (("ipv6",), "ipv6"),
    (("multilink",), "multilink"),
    (("cts",), "cts"),
    (("license",), "license"),
    (("redundancy",), "redundancy"),
    (("control-plane",), "control-plane"),
    (("scheduler",), "tail"),
    (("ntp",), "tail"),
    (("vpdn",), "vpdn"),
)
DROPPED = ("version", "boot-start-marker", "boot-end-marker")  # IOS writes these itself
# How many leading words name the setting a line makes (a new value replaces the old), by
# its first word or its first two.
IDENTITY_WORDS = {
    "logging": 2,
    "logging host": 3,  # each host its own setting
    "scheduler": 2,
    "memory-size": 2,
    "history": 2,
    "cdp": 2,
    "mop": 2,
    "negotiation": 2,
    "stopbits": 1,
    "databits": 1,
    "parity": 1,
    "flowcontrol": 1,
    "speed": 1,
    "session-timeout": 1,
    "exec": 1,
    "activation-character": 1,
    "media-type": 1,
}
# Settings named by their first and last words: `hold-queue 100 in` replaces `hold-queue 75 in`
# and leaves `hold-queue 40 out`.
NAMED_BY_LAST_WORD = ("hold-queue",)


# Leading word of the lines that each add an entry to a list (a numbered ACL's permit and
# deny lines), and how many words name the list: `no` and the name removes the whole list,
# and so does `no` of any one entry, as IOS does.
LISTS = {"access-list": 2}


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


# Lines IOS prints on every router that has them (by their leading words): `no` leaves them
# as they are, like `default`, so a reload cannot bring back what the running-config lost.
ALWAYS_SHOWN = (("redundancy",), ("control-plane",), ("license", "udi"), ("scheduler", "allocate"))
# Settings whose `no` form puts back IOS's default, which the running-config does not print
# (`no databits` is 8 data bits again: the line shows no databits line).
RESET_BY_NO = (
    *(("databits",), ("stopbits",), ("parity",), ("speed",), ("flowcontrol",), ("session-timeout",)),
    *(("history", "size"), ("hold-queue",)),
)


def _among(identity: tuple[str, ...], leads: tuple[tuple[str, ...], ...]) -> bool:
    return any(identity[: len(lead)] == lead for lead in leads)


def _identity(line: str) -> tuple[str, ...]:
    words = _words(line)
    if words[0] in LISTS:
        return tuple(words) if line.split()[0] not in ("no", "default") else tuple(words[: LISTS[words[0]]])
    if words[0] in NAMED_BY_LAST_WORD:
        return (words[0], words[-1])
    size = IDENTITY_WORDS.get(" ".join(words[:2])) or IDENTITY_WORDS.get(words[0], 3)
    return tuple(words[:size])


def store(lines: list, line: str, defaults: tuple[str, ...] = ()) -> None:
    """Put `line` in place of an earlier setting of the same thing (or of its `no` form).
    `default X` puts back what `defaults` (the lines the router starts with) say for X."""
    identity = _identity(line)
    lead = line.split()[0]
    if identity[0] in LISTS and lead in ("no", "default"):
        new = []
        size = len(identity)
    elif lead == "default" or (lead == "no" and _among(identity, ALWAYS_SHOWN)):
        new = [d for d in defaults if _identity(d) == identity]
        size = None
    elif lead == "no" and _among(identity, RESET_BY_NO):
        new = []
        size = None
    else:
        new = [line]
        size = None
    same = [isinstance(old, str) and _identity(old)[:size] == identity for old in lines]
    at = same.index(True) if True in same else len(lines)
    lines[:] = [old for old, drop in zip(lines, same, strict=True) if not drop]
    lines[at:at] = new


@handler("cfg_ignored")
def global_command(ctx, args):
    section = section_of(ctx.line)
    if section is not None:
        defaults = ctx.device.platform.default_extra.get(section, ())
        store(ctx.config.extra.setdefault(section, []), ctx.line, defaults)


@handler("if_ignored")
def interface_command(ctx, args):
    store(ctx.target.extra, ctx.line)


@handler("line_ignored")
def line_command(ctx, args):
    for block in ctx.target:
        store(block.extra, ctx.line, block.defaults)


# The prompt of each kind of block, by its leading words.
BLOCK_PROMPTS = (
    (("router",), "(config-router)#"),
    (("ip", "access-list", "extended"), "(config-ext-nacl)#"),
    (("ip", "access-list", "standard"), "(config-std-nacl)#"),
    (("ipv6", "access-list"), "(config-ipv6-acl)#"),
    (("class-map",), "(config-cmap)#"),
    (("policy-map",), "(config-pmap)#"),
    (("route-map",), "(config-route-map)#"),
    (("key", "chain"), "(config-keychain)#"),
    (("archive",), "(config-archive)#"),
    (("map-class",), "(config-map-class)#"),
    (("ipv6", "dhcp", "pool"), "(config-dhcpv6)#"),
    (("ip", "sla", "monitor"), "(config-sla-monitor)#"),
    (("ip", "sla"), "(config-ip-sla)#"),
)


# The first words of each kind of block's own sub-commands (and a sequence number, for an
# access list's entries); a line of another kind leaves the block, as on IOS, and is judged
# in global configuration.  Of a kind not listed here (router processes, archive, ...) a line
# is the block's when global configuration does not take it.
BLOCK_COMMANDS = (
    (("ip", "access-list", "extended"), {"permit", "deny", "remark", "dynamic", "evaluate"}),
    (("ip", "access-list", "standard"), {"permit", "deny", "remark"}),
    (("ip", "access-list"), {"permit", "deny", "remark", "dynamic", "evaluate"}),
    (("ipv6", "access-list"), {"permit", "deny", "remark", "evaluate", "sequence"}),
    (("class-map",), {"match", "description"}),
    (("route-map",), {"match", "set", "description", "continue"}),
    (
        ("policy-map",),  # with its classes' lines (and their police actions)
        {"class", "description", "bandwidth", "priority", "police", "shape", "queue-limit", "service-policy"}
        | {"set", "random-detect", "fair-queue", "drop", "conform-action", "exceed-action", "violate-action"},
    ),
    (("key", "chain"), {"key"}),
    (("archive",), {"log", "hidekeys", "logging", "notify", "path", "write-memory", "time-period"}),
)
_NUMBERED = ("ip", "ipv6")  # access lists: `10 permit any`


@dataclass
class Block:
    """An accepted, not modelled block: its header and sub-commands, as typed."""

    header: str
    commands: list[str] = field(default_factory=list)

    @property
    def prompt(self) -> str:
        words = tuple(self.header.split())
        return next((p for lead, p in BLOCK_PROMPTS if words[: len(lead)] == lead), "(config)#")

    def lines(self) -> list[str]:
        return [self.header, *(f" {command}" for command in self.commands)]

    def takes(self, line: str) -> bool | None:
        """Whether `line` is one of this kind of block's sub-commands (None: a kind whose
        sub-commands are not listed)."""
        words = tuple(self.header.split())
        known = next((c for lead, c in BLOCK_COMMANDS if words[: len(lead)] == lead), None)
        typed = _words(line)
        if known is None or not typed:
            return None
        return typed[0].lower() in known or (words[0] in _NUMBERED and typed[0].isdigit())


@handler("cfg_ignored_block")
def block(ctx, args):
    line = ctx.line
    header = line.split(None, 1)[1] if args.negate else line
    entries = ctx.config.extra.setdefault(section_of(header), [])
    found = next((e for e in entries if isinstance(e, Block) and e.header == header), None)
    if args.negate:
        if found is not None:
            entries.remove(found)
        return None
    if found is None:
        found = Block(header)
        entries.append(found)
    return EnterMode("config_block", found)


@handler("block_line")
def block_command(ctx, args):
    """A sub-command replaces its `no` form and the other way round; `no X` of a command the
    block has removes it, `default X` never stays."""
    command = ctx.line
    commands = ctx.target.commands
    lead, _, rest = command.partition(" ")
    if lead in ("no", "default"):
        had = rest in commands
        commands[:] = [c for c in commands if c not in (rest, f"no {rest}")]
        if lead == "no" and not had:
            commands.append(command)
    elif command not in commands:
        commands[:] = [c for c in commands if c != f"no {command}"]
        commands.append(command)


@handler("block_exit")
def block_exit(ctx, args):
    ctx.session.set_mode("config")


def kept_as_typed(entries: tuple[str, ...], line: str, size: int) -> tuple[str, ...]:
    """The lines kept as typed after `line`: it replaces the one with the same first `size`
    words, or (`no ...`, `default ...`) drops it."""
    words = line.split()
    negate = words[0] in ("no", "default")
    key = words[negate : negate + size]
    kept = tuple(entry for entry in entries if entry.split()[:size] != key)
    return kept if negate else (*kept, line)
