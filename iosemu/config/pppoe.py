"""PPPoE configuration: the server's `bba-group pppoe global|NAME` with its (config-bba-group)#
mode (`virtual-template N`), `pppoe enable [group NAME]` and the client's `pppoe-client
dial-pool-number N` on an Ethernet interface, and `dialer pool N` on `interface DialerN`;
the running-config lines of each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.config.ignored import kept_as_typed
from iosemu.config.registry import EnterMode, handler

GLOBAL = "global"


@dataclass
class BbaGroup:
    name: str
    virtual_template: int | None = None

    def lines(self) -> list[str]:
        out = [f"bba-group pppoe {self.name}"]
        if self.virtual_template is not None:
            out.append(f" virtual-template {self.virtual_template}")
        return [*out, "!"]


@dataclass
class PppoeConfig:
    groups: dict[str, BbaGroup] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [line for group in self.groups.values() for line in group.lines()]


def interface_lines(iface) -> list[str]:
    """An Ethernet interface's PPPoE lines, after its duplex and speed."""
    out = []
    if iface.pppoe_group is not None:
        out.append(f" pppoe enable group {iface.pppoe_group}")
    if iface.pppoe_client is not None:
        out.append(f" pppoe-client dial-pool-number {iface.pppoe_client}")
    return out


@handler("cfg_bba_group")
def bba_group(ctx, args):
    name = GLOBAL if args.bba_global else args.bba_group_name
    groups = ctx.config.pppoe.groups
    if args.negate:
        groups.pop(name, None)
        return None
    return EnterMode("config_bba", groups.setdefault(name, BbaGroup(name)))


@handler("bba_virtual_template")
def bba_virtual_template(ctx, args):
    ctx.target.virtual_template = None if args.negate else args.bba_template


@handler("if_pppoe_enable")
def pppoe_enable(ctx, args):
    """`pppoe enable` alone serves the global group."""
    ctx.target.pppoe_group = None if args.negate else (args.bba_group_name or GLOBAL)


@handler("if_pppoe_client")
def pppoe_client(ctx, args):
    ctx.target.pppoe_client = None if args.negate else args.dial_pool


@handler("if_dialer_pool")
def dialer_pool(ctx, args):
    ctx.target.dialer_pool = None if args.negate else args.dial_pool


@handler("if_dialer_other")
def dialer_other(ctx, args):
    ctx.target.extra = list(kept_as_typed(tuple(ctx.target.extra), ctx.line, 2))
