"""The configuration model of one device, and its running-config.

The running-config is the platform's skeleton (IOS's fixed lines and `!` separators) with
each `@section` placeholder filled by the model object that owns those lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from iosemu.config.acl import AccessList, acl_lines
from iosemu.config.cdp import CdpConfig
from iosemu.config.clock import TimeZone
from iosemu.config.dhcp import DhcpConfig
from iosemu.config.frame_relay import switching_lines
from iosemu.config.interface import AFTER_HARDWARE, VIRTUAL_TYPES, InterfaceConfig, Interfaces, split_name
from iosemu.config.ip import IpConfig
from iosemu.config.l2tpv3 import L2tpv3Config
from iosemu.config.line import LineConfig, render_lines
from iosemu.config.logging import LoggingConfig
from iosemu.config.ppp import LocalPool
from iosemu.config.pppoe import PppoeConfig
from iosemu.config.ssh import SshConfig
from iosemu.config.system import SystemConfig
from iosemu.config.vpdn import VpdnConfig


@dataclass
class DeviceConfig:
    system: SystemConfig = field(default_factory=SystemConfig)
    ip: IpConfig = field(default_factory=IpConfig)
    interfaces: Interfaces = field(default_factory=Interfaces)
    lines: dict[str, LineConfig] = field(default_factory=dict)
    pools: dict[str, LocalPool] = field(default_factory=dict)  # `ip local pool`
    frame_relay_switching: bool = False
    dhcp: DhcpConfig = field(default_factory=DhcpConfig)
    cdp: CdpConfig = field(default_factory=CdpConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    timezone: TimeZone = field(default_factory=TimeZone)  # `clock timezone`
    ssh: SshConfig = field(default_factory=SshConfig)  # `ip ssh`, and the RSA keys (private)
    vpdn: VpdnConfig = field(default_factory=VpdnConfig)
    l2tpv3: L2tpv3Config = field(default_factory=L2tpv3Config)  # l2tp-class, pseudowire-class
    acls: dict[int | str, AccessList] = field(default_factory=dict)  # IP access lists, by number or name
    pppoe: PppoeConfig = field(default_factory=PppoeConfig)  # `bba-group pppoe`
    extra: dict[str, list] = field(default_factory=dict)  # section -> accepted lines and blocks

    def encrypt_passwords(self, rng) -> None:
        """`service password-encryption`: every clear-text password becomes type 7."""
        done: dict = {}  # one password set on a range of lines stays one text, as on IOS

        def encrypt(password):
            if password is None:
                return None
            if id(password) not in done:
                done[id(password)] = password.encrypted(rng)
            return done[id(password)]

        system = self.system
        system.enable_password = encrypt(system.enable_password)
        for user in system.users.values():
            user.password = encrypt(user.password)
        for line in self.lines.values():
            line.password = encrypt(line.password)
        for group in self.vpdn.groups.values():
            group.password = encrypt(group.password)
        for each in self.l2tpv3.classes.values():
            each.password, each.digest_secret = encrypt(each.password), encrypt(each.digest_secret)
        for iface in self.interfaces.values():
            if iface.ppp.chap_password or iface.ppp.pap_sent:
                iface.ppp = iface.ppp.encrypted(encrypt)

    def cdp_enabled(self, name: str) -> bool:
        """CDP runs on an interface unless turned off there or for the whole router."""
        return self.cdp.run and self.interfaces[name].cdp

    def ordered_interfaces(self, hardware_order: list[str]) -> list[InterfaceConfig]:
        """Virtual interfaces by number, then hardware in slot order, subinterfaces after
        their parent: the order of `show running-config` and `show ip interface brief`."""
        rank = {name: i for i, name in enumerate(hardware_order)}

        def key(iface: InterfaceConfig):
            kind, numbers, sub = split_name(iface.name)
            parent = iface.name.split(".")[0]
            if kind in VIRTUAL_TYPES:
                return (0, VIRTUAL_TYPES.index(kind), numbers, sub or 0)
            if kind in AFTER_HARDWARE:
                return (2, AFTER_HARDWARE.index(kind), numbers, sub or 0)
            return (1, rank.get(parent, len(rank)), (), sub or 0)

        return sorted(self.interfaces.values(), key=key)

    def sections(self, hardware_order: list[str], train15: bool = True) -> dict[str, list[str]]:
        """Every placeholder's lines (extra sections are filled from `self.extra`; `train15`: the
        release's own forms)."""
        interfaces: list[str] = []
        for iface in self.ordered_interfaces(hardware_order):
            shown = iface.lines()
            interfaces += [*shown, "!"] if shown else []
        lines = render_lines(self.lines)
        extra = {
            section: [line for entry in entries for line in _entry_lines(entry)]
            for section, entries in self.extra.items()
        }
        aaa = extra.get("aaa", [])
        clock_at = next((i for i, line in enumerate(aaa) if line.startswith("clock ")), len(aaa))
        return {
            **extra,
            "aaa": [
                *aaa[:clock_at],
                *self.timezone.lines(train15),
                *aaa[clock_at:],
            ],  # zone, then summer-time
            "password-encryption": self.system.service_lines(),
            "dhcp": self.dhcp.lines(" " if train15 else "   "),  # 12.4 indents a pool's lines by three
            "service-dhcp": self.dhcp.service_lines(),
            "hostname": [f"hostname {self.system.hostname}"],
            "logging": [*self.logging.lines(train15), *extra.get("logging", ())],
            "enable": self.system.enable_lines(),
            "domain": self.ip.domain_lines(),
            "frame-relay": switching_lines(self.frame_relay_switching),
            "username": self.system.user_lines(),
            "interfaces": interfaces,
            "pools": [pool.line() for pool in self.pools.values()],
            "routes": [*self.ip.route_lines(), *self.ssh.lines()],  # IOS: `ip ssh` after the routes
            "cdp": [*self.cdp.lines(), *extra.get("cdp", ())],  # and the CDP lines not modelled
            "vpdn": [*self.vpdn.lines(), *self.pppoe.lines(), *extra.get("vpdn", ())],
            "l2tpv3": self.l2tpv3.lines(),
            "acl": [*acl_lines(self.acls), *extra.get("acl", ())],
            "forward": [*self.ip.gateway_lines(), *extra.get("forward", ())],
            "cef": [*self.ip.routing_lines(), *extra.get("cef", ())],
            "banner": self.system.banner_lines(),
            "lines": lines,
        }


def _entry_lines(entry) -> list[str]:
    return [entry] if isinstance(entry, str) else [*entry.lines(), "!"]


def render(skeleton: Sequence[str], sections: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for line in skeleton:
        if line.startswith("@"):
            out.extend(sections.get(line[1:], []))
        else:
            out.append(line)
    return out


def render_around(
    skeleton: Sequence[str], sections: dict[str, list[str]], placeholder: str
) -> tuple[list[str], list[str]]:
    """The running-config before and after the `@placeholder` line (all before, without one)."""
    marker = "@" + placeholder
    cut = skeleton.index(marker) if marker in skeleton else len(skeleton)
    return render(skeleton[:cut], sections), render(skeleton[cut + 1 :], sections)


def building(body: list[str]) -> str:
    """`Building configuration...` and the byte count IOS reports (the text from the first
    `!` through `end`, plus one)."""
    text = "\n".join(body) + "\n"
    return f"Building configuration...\n\nCurrent configuration : {len(text) + 1} bytes\n{text}"
