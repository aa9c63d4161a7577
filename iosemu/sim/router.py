"""A running router: its configuration model, NVRAM, platform and operational state.

Configuration handlers change `config`; the router derives what interfaces do from it.
Consoles subscribe to the router's syslog lines.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from iosemu.config.device import DeviceConfig, render_around
from iosemu.config.interface import VIRTUAL_TYPES, InterfaceConfig, parent_name, split_name
from iosemu.config.ip import StaticRoute
from iosemu.config.line import LineConfig
from iosemu.lab.platforms import Platform
from iosemu.protocols.ip.rib import DEFAULT, host_interface
from iosemu.protocols.ppp.statistics import PppStatistics
from iosemu.sim.calendar import USER_CONFIGURATION, SystemClock, clock_text
from iosemu.sim.clock import Scheduler
from iosemu.sim.counters import InterfaceCounters, Rates
from iosemu.sim.ip_stack import IpStack
from iosemu.sim.link import End, Link
from iosemu.sim.nvram import Nvram
from iosemu.sim.pools import AddressPools
from iosemu.sim.port import Port
from iosemu.sim.services import ROUTER_SERVICES
from iosemu.sim.syslog import Logger
from iosemu.sim.virtual_access import Sessions

_LOOPBACK_MAX = 2147483647
# `no interface` takes these (no Virtual-Access)
REMOVABLE = (*VIRTUAL_TYPES, "Virtual-Template", "Virtual-PPP", "Dialer")
# kind, lowest and highest number: Null0 is every router's one null interface
_VIRTUAL_KINDS = {
    "Loopback": ("loopback", 0, _LOOPBACK_MAX),
    "Multilink": ("multilink", 1, _LOOPBACK_MAX),
    "Null": ("null", 0, 0),
    "Virtual-Template": ("virtual-template", 1, 1000),
    "Virtual-PPP": ("virtual-ppp", 1, 2147483647),
    "Dialer": ("dialer", 0, 255),
}
_SUBIF_MAX = 4294967295
NULL = "Null0"  # where a route sends what it drops


def _expand(name: str) -> list[str]:
    """A platform's `vty 0 4` is five lines; other lines are one."""
    words = name.split()
    if words[0] != "vty":
        return [name]
    return [f"vty {n}" for n in range(int(words[1]), int(words[-1]) + 1)]


class Router:
    kind = "router"

    def __init__(
        self,
        name: str,
        platform: Platform,
        scheduler: Scheduler,
        nvram: Path | None = None,
        seed: int = 0,
        unit: int = 0,
    ):
        self.name = name
        self.platform = platform
        self.mac_base = platform.mac_base + 0x100 * unit  # each chassis its own block of addresses
        self.scheduler = scheduler
        self.nvram = Nvram(nvram, platform.nvram_bytes)  # the file beside a lab, if there is one
        self.rng = random.Random(f"{seed}:{name}")
        self.startup_config: str | None = self.nvram.open()
        # The private configuration beside it (the RSA keys: config/ssh.py), saved with it.
        private = nvram.with_name(f"{nvram.stem}.private{nvram.suffix}") if nvram else None
        self.private_nvram = Nvram(private, platform.nvram_bytes)
        self.private_config: str | None = self.private_nvram.open()
        self.clock = SystemClock(scheduler)  # the software clock and the hardware calendar
        self.logger = Logger()  # its terminals (the sessions shown its messages) outlive a reload
        self.vtys: dict = {}  # vty line -> the session on it (cli/vty.py)
        self.deleted_subinterfaces: set[str] = set()
        self.reload_reason = "power-on"
        self.scheduled_reload = None  # a `reload in|at` waiting for its time (cli/reload.py)
        self.boot_errors: list = []
        self.links: dict[str, Link] = {}  # interface -> the cable plugged into it
        self.train15 = not platform.train.startswith("12")
        self.ports: dict[str, Port] = {}  # built powered off: `boot` gives it its factory state
        self.services: dict = {}  # its applications (sim/services.py), made anew at each boot
        self._syslog_stamp: tuple[float | None, str, str] = (None, "", "")  # the syslog stamp of an instant
        self.config_version = 0  # moves on every configuration change (see running_config_lines)
        self._rendered: tuple | None = None

    # -- configuration ---------------------------------------------------------------
    def factory_reset(self) -> None:
        """The state IOS starts in before reading startup-config (the old state is gone:
        its timers stop and the cables lose this end's signals)."""
        for port in self.ports.values():
            port.close()
        for service in self.services.values():
            service.close()
        self.config = DeviceConfig()
        self.config.system.hostname = "Router"
        self.config.extra = {k: list(v) for k, v in self.platform.default_extra.items()}
        size = self.platform.log_buffer_bytes
        self.config.logging.buffer_size = self.config.logging.default_size = size
        self.logger.restart()
        self.read_calendar()  # the software clock starts from the hardware calendar
        for name, kind in self.platform.interfaces:
            self.config.interfaces[name] = InterfaceConfig(name, kind, shutdown=True)
        for name, login_default, extra in self.platform.lines:
            for each in _expand(name):
                self.config.lines[each] = LineConfig(each, login_default=login_default, extra=list(extra))
        self.changed_at: float | None = None
        self.saved_at: float | None = None
        self.unsaved = False
        self.booted_at = self.scheduler.now
        self.deleted_subinterfaces = set()
        self.pools = AddressPools(self)  # the addresses lent to peers from `ip local pool`
        self.debugs: set[str] = set()  # `debug` flags that are on
        self.ppp_statistics = PppStatistics()  # show ppp statistics
        self.sessions = Sessions()  # its session subinterfaces' numbers (Virtual-Access2.1, ...)
        self.ip = IpStack(self, forwards=True)
        # SNAP id -> the protocol: its receive(interface, data) and interface_up(interface)
        self.snap_protocols: dict[int, object] = {}
        # What takes PPP sessions away by their user's name (VPDN): forward(engine, name, proxy)
        self.ppp_forwarders: list = []
        # Ethertype -> what takes such Ethernet frames addressed to it: fn(interface, frame) (PPPoE)
        self.ethertypes: dict[int, object] = {}
        self.services = {service.name: service(self) for service in ROUTER_SERVICES}  # on the IP stack
        self.ports: dict[str, Port] = {}  # physical and loopback interfaces
        for name, iface in self.config.interfaces.items():
            self._add_port(name, iface.kind)
            iface.clock_rate = self.default_clock_rate(name)

    def _add_port(self, name: str, kind: str) -> Port:
        port = Port(self, name, kind, self.mac(name) or 0)
        port.link = self.links.get(name)
        self.ports[name] = port
        return port

    def attach(self, name: str, link: Link) -> None:
        """Plug a cable into an interface (at lab build time, before boot: booting takes it)."""
        self.links[name] = link
        if name in self.ports:
            self.ports[name].link = link
            self.config.interfaces[name].clock_rate = self.default_clock_rate(name)
        self.config_changed()

    def mac(self, name: str) -> int | None:
        """The burned-in address of an Ethernet port (None for other interfaces)."""
        slot = self.platform.macs.get(parent_name(name))
        return None if slot is None else self.mac_base + slot

    def ip_addresses(self, all_interfaces: bool = False) -> list:
        """(interface, address) for every address on an up/up interface (or, `all_interfaces`,
        the address each interface sends from); an address IPCP gave the interface (`ip
        address negotiated`) is a /32. An unnumbered interface has no network of its own: it
        only sends from the address it borrows."""
        found = []
        for name, iface in self.config.interfaces.items():
            if iface.unnumbered is not None:
                borrowed = self.address_of(name) if all_interfaces else None
                if borrowed is not None:
                    found.append((name, borrowed))
            elif iface.address is not None and (all_interfaces or self.interface_up(name)):
                found += [(name, a) for a in iface.addresses]
            elif (iface.negotiated or iface.dhcp_client) and (all_interfaces or self.interface_up(name)):
                address = self.address_of(name)
                if address is not None:
                    found.append((name, address))
        return found

    def address_of(self, name: str) -> IPv4Interface | None:
        """An interface's primary address: configured, given by the peer (IPCP), or borrowed
        (`ip unnumbered`); None for an interface not configured."""
        iface = self.config.interfaces.get(name)
        if iface is None:
            return None
        if iface.unnumbered is not None:
            source = self.config.interfaces.get(iface.unnumbered)
            return source.address if source is not None else None
        if iface.address is not None or not (iface.negotiated or iface.dhcp_client):
            return iface.address
        given = self.ports[name].negotiated if name in self.ports else None
        if given is None or isinstance(given, IPv4Interface):  # none yet, or a DHCP lease's
            return given
        return host_interface(given)  # IPCP's: an address, a /32

    def peer_routes(self) -> list[tuple[str, IPv4Address]]:
        """(interface, address) of each peer that layer 2 named (PPP's IPCP): a host route."""
        return [
            (name, port.peer_route)
            for name, port in self.ports.items()
            if port.peer_route is not None and self.interface_up(name)
        ]

    def is_own_address(self, address) -> bool:
        return address is not None and self.config.interfaces.has_address(address)

    def proxy_arp(self, name: str) -> bool:
        return "no ip proxy-arp" not in self.config.interfaces[name].extra

    def static_routes(self) -> list:
        """`ip route`, and the routes the services install (DHCP's default route); with
        `no ip routing`, only the way to the `ip default-gateway`, as a host has."""
        ip = self.config.ip
        if not ip.routing:
            return [] if ip.default_gateway is None else [StaticRoute(DEFAULT, ip.default_gateway)]
        return [*ip.routes, *(r for service in self.services.values() for r in service.routes())]

    def ip_mtu(self, name: str) -> int:
        """The largest packet the interface sends unfragmented (`ip mtu`, or its MTU)."""
        iface = self.config.interfaces.get(name)
        return iface.packet_mtu if iface is not None else 1500

    def interface_up(self, name: str) -> bool:
        """Line protocol up: a subinterface follows its parent's port, and the encapsulation
        there (Frame Relay: its PVCs)."""
        iface = self.config.interfaces.get(name)
        if name == NULL:  # up unless shut down, configured or not
            return iface is None or not iface.shutdown
        port = self.port_of(name)
        if not (iface and not iface.shutdown and port and port.protocol):
            return False
        return port.name == name or port.subinterface_up(name)

    def port_of(self, name: str) -> Port | None:
        """The port an interface runs on: its own (a session's Virtual-Access2.1 has one), or
        its parent's (an Ethernet or serial subinterface)."""
        return self.ports.get(name) or self.ports.get(parent_name(name))

    def vlan_of(self, name: str):
        """The 802.1Q tag frames of an Ethernet interface carry: None (untagged: the main
        interface or the native VLAN's subinterface), or False for a subinterface that has
        no `encapsulation dot1Q` yet and so sends nothing."""
        iface = self.config.interfaces[name]
        if not iface.is_subinterface:
            return None
        if iface.vlan is None:
            return False
        return None if iface.native else iface.vlan

    def interface_for_vlan(self, port: str, vlan: int | None) -> str | None:
        """Which interface of an Ethernet port a frame with this tag belongs to."""
        for iface in self.config.interfaces.subinterfaces(port):
            if iface.vlan is not None and (iface.native if vlan is None else iface.vlan == vlan):
                return iface.name
        return port if vlan is None else None

    def reconcile(self) -> None:
        """Bring the operational state in line with the configuration: the interfaces
        changed since the last time (the interfaces table names them), and the routes."""
        self.ip.invalidate()
        self.ip.forwards = self.config.ip.routing
        interfaces = self.config.interfaces
        parents: dict[str, None] = {}  # of changed subinterfaces: their line follows them
        touched = interfaces.take_touched()
        for name in touched:
            iface, port = interfaces.get(name), self.ports.get(name)
            if "." in name and port is None:  # a session's subinterface has its own port
                parents[parent_name(name)] = None
            elif iface is None:
                if port is not None:
                    del self.ports[name]
                    port.close()
            else:
                port = port or self._add_port(name, iface.kind)
                port.reconcile(iface)
        for name in parents:
            if name in self.ports:
                self.ports[name].reconcile(interfaces[name])
        for service in self.services.values():
            service.reconcile(touched)

    def carrier_changed(self, name: str) -> None:
        port = self.ports.get(name)
        if port is not None:
            port.carrier_changed()

    def receive(self, name: str, frame, size: int) -> None:
        port = self.ports.get(name)
        if port is not None:
            port.receive(frame, size)

    def receive_error(self, name: str) -> None:
        port = self.ports.get(name)
        if port is not None:
            port.receive_error()

    def sent_by(self) -> float:
        """When every frame this router has handed to its cables is all on the wire."""
        return max((link.busy_until[End(self, name)] for name, link in self.links.items()), default=0.0)

    def clock_rate(self, name: str) -> int | None:
        iface = self.config.interfaces.get(name)
        return iface.clock_rate if iface is not None else None

    def interface(self, name: str, create: bool = False) -> InterfaceConfig | None:
        iface = self.config.interfaces.get(name)
        if iface is not None or not create or not self.could_have(name):
            return iface
        virtual = _VIRTUAL_KINDS.get(name.rstrip("0123456789"))  # no regex: many loopbacks
        kind = virtual[0] if virtual else self.config.interfaces[parent_name(name)].kind
        iface = InterfaceConfig(name, kind)
        self.config.interfaces[name] = iface
        self.deleted_subinterfaces.discard(name)
        return iface

    def could_have(self, name: str) -> bool:
        """True for an interface this router has or may create (loopbacks, subinterfaces)."""
        if name in self.config.interfaces:
            return True
        number = name[8:] if name.startswith("Loopback") else ""
        if number.isascii() and number.isdigit():  # `LoopbackN`, as most names are: no regex
            return int(number) <= _LOOPBACK_MAX
        try:
            kind, numbers, sub = split_name(name)
        except ValueError:
            return False
        if kind in _VIRTUAL_KINDS:
            _, low, high = _VIRTUAL_KINDS[kind]
            return sub is None and len(numbers) == 1 and low <= numbers[0] <= high
        parent = self.config.interfaces.get(parent_name(name))
        if parent is None or sub is None or parent.kind not in ("ethernet", "serial"):
            return False
        return 1 <= sub <= _SUBIF_MAX

    def remove_interface(self, name: str) -> str | None:
        iface = self.config.interfaces.get(name)
        if iface is None:
            return None
        if not iface.is_subinterface and split_name(name)[0] not in REMOVABLE:
            return "% Removal of physical interfaces is not permitted\n"
        del self.config.interfaces[name]
        if iface.is_subinterface:
            self.deleted_subinterfaces.add(name)
        return None

    def reset_interface(self, name: str) -> bool:
        """`default interface X`: every setting of the interface back to its default."""
        iface = self.config.interfaces.get(name)
        if iface is None:
            return False
        fresh = InterfaceConfig(name, iface.kind, clock_rate=self.default_clock_rate(name))
        self.config.interfaces[name] = fresh
        return True

    def serial_end(self, name: str) -> str | None:
        """The cable end on a serial interface: DCE, DTE, or None with no cable."""
        link = self.links.get(name)
        if link is None or link.kind != "serial":
            return None
        return link.role(End(self, name))

    def default_clock_rate(self, name: str) -> int | None:
        """What `no clock rate` leaves: an ISR keeps its own 2 Mb/s clock on a DCE end."""
        return 2000000 if self.platform.auto_clock and self.serial_end(name) == "DCE" else None

    def running_config_lines(self, fresh: bool = False) -> list[str]:
        """The running-config. The model is rendered once per configuration (a new one, or a
        change: `config_changed`, which `mark_changed` calls after every command that changes
        something); only the change comment is stamped on each call. `fresh` renders anew
        (what the cache must equal)."""
        cached = self._rendered
        if fresh or cached is None or cached[0] is not self.config or cached[1] != self.config_version:
            sections = self.config.sections([n for n, _ in self.platform.interfaces], self.train15)
            before, after = render_around(self.platform.skeleton, sections, "change")
            cached = (self.config, self.config_version, before, after)
            if not fresh:
                self._rendered = cached
        return [*cached[2], *self._change_comment(), *cached[3]]

    def _change_comment(self) -> list[str]:
        lines = []
        if self.changed_at is not None:
            lines.append(f"! Last configuration change at {self._stamp(self.changed_at)}")
        if self.saved_at is not None:
            lines.append(f"! NVRAM config last updated at {self._stamp(self.saved_at)}")
        return [*lines, "!"] if lines else []

    def _stamp(self, when: float) -> str:
        return clock_text(*self.local_time(when))

    # -- the clock -------------------------------------------------------------------
    def local_time(self, when: float | None = None) -> tuple[datetime, str]:
        """The software clock at `when` (now if None) in the configured time zone, and its name."""
        zone = self.config.timezone
        return self.clock.utc(when) + zone.offset, zone.name

    def set_clock(self, moment: datetime, origin: str) -> None:
        """`clock set` to a local time (naive): IOS logs the change, stamped with the new time
        still marked not authoritative; 15.x then says the clock is set (PKI needs it)."""
        before = clock_text(*self.local_time())
        first = not self.clock.authoritative
        zone = self.config.timezone
        self.clock.set(moment.replace(tzinfo=timezone.utc) - zone.offset)
        self._syslog_stamp = (None, "", "")  # the same instant now reads another time
        self._log_clock_update(before, origin)
        self.clock.source = USER_CONFIGURATION
        if first and self.train15:
            self.scheduler.call_later(
                0.001, self.log, "%PKI-6-AUTHORITATIVE_CLOCK: The system clock has been set."
            )

    def read_calendar(self) -> None:
        """`clock read-calendar`: the software clock takes the hardware calendar's time."""
        self.clock.boot()
        self._syslog_stamp = (None, "", "")

    def clock_changed(self, zone, origin: str) -> None:
        """The time zone changed from `zone`: 15.x logs the clock's new reading."""
        self._log_clock_update(clock_text(self.clock.utc() + zone.offset, zone.name), origin)

    def _log_clock_update(self, before: str, origin: str) -> None:
        after = clock_text(*self.local_time())
        self.log(
            f"%SYS-6-CLOCKUPDATE: System clock has been updated from {before} to {after}, "
            f"configured from console by {origin}."
        )

    def config_changed(self) -> None:
        """The configuration is no longer what was last rendered (see running_config_lines)."""
        self.config_version += 1

    def mark_changed(self) -> None:
        """A command changed the configuration: unsaved, and stamped in the running-config."""
        self.changed_at = self.scheduler.now
        self.unsaved = True
        self.config_changed()

    # -- NVRAM -----------------------------------------------------------------------
    def save_startup(self, text: str) -> None:
        """Write startup-config, and the private configuration (the RSA keys) with it; on
        NvramError the startup-config and the router's state stay as they were."""
        private = "".join(f"{line}\n" for line in self.config.ssh.private_lines())
        if private:
            self.private_config = self.private_nvram.save(private)
        elif self.private_config is not None:  # the keys were removed: so is their file
            self.private_nvram.erase()
            self.private_config = None
        self.startup_config = self.nvram.save(text)
        self.saved_at = self.scheduler.now
        self.unsaved = False

    def erase_startup(self) -> None:
        """`write erase`: no startup-config (on NvramError the old one stays)."""
        self.nvram.erase()
        self.startup_config = None

    # -- what the CLI asks about interfaces --------------------------------------------
    def interface_types(self) -> frozenset[str]:
        return self.platform.iftype_keywords

    def missing_keywords(self) -> frozenset[str]:
        return self.platform.missing_keywords

    def interface_number_ok(self, iftype: str, number: str, creating: bool) -> bool:
        name = self.platform.iftype_names[iftype] + number
        if name == NULL:  # it is there whether configured or not
            return True
        return self.could_have(name) if creating else name in self.config.interfaces

    def interface_number_help(self, iftype: str) -> tuple[str, str]:
        name = self.platform.iftype_names.get(iftype, "")
        return self.platform.number_ranges.get(name, "<0-0>"), f"{name} interface number"

    # -- syslog ----------------------------------------------------------------------
    def stamped(self, message: str) -> str:
        """A console message with IOS's timestamp (`*Mar  1 00:00:02.000: ...`)."""
        now, star = self.scheduler.now, "" if self.clock.authoritative else "*"
        if self._syslog_stamp[:2] != (now, star):  # a router logs in bursts: one instant, one stamp
            moment = self.clock.utc()  # `service timestamps log datetime msec`: UTC
            self._syslog_stamp = (
                now,
                star,
                f"{star}{moment:%b} {moment.day:2d} {moment:%H:%M:%S}.{moment.microsecond // 1000:03d}",
            )
        if not message:  # a debug's empty line: the stamp alone
            return f"{self._syslog_stamp[2]}:"
        return f"{self._syslog_stamp[2]}: {message}"

    def log(self, message: str) -> None:
        """Emit `%FAC-SEV-MNEMONIC: text` (or a debug line) with IOS's timestamp: to the
        buffer and the terminals the logging configuration lets it reach."""
        self.logger.emit(message, self.config.logging, self.stamped)

    def creation_order(self) -> list[InterfaceConfig]:
        """Interfaces in the order IOS created them (show interfaces, show ip interface
        brief): hardware first, then virtual ones as made, subinterfaces after parents."""
        order = {name: i for i, name in enumerate(self.config.interfaces) if "." not in name}

        def key(iface: InterfaceConfig):
            parent = parent_name(iface.name)
            return (order.get(parent, len(order)), split_name(iface.name)[2] or 0)

        return sorted(self.config.interfaces.values(), key=key)

    def counters(self, name: str) -> InterfaceCounters:
        return self.port_of(name).counters

    def clear_counters(self, name: str) -> None:
        port = self.ports.get(name)
        if port is not None:
            now = self.scheduler.now
            port.counters = InterfaceCounters(
                cleared_at=now, rate_in=Rates(sampled_at=now), rate_out=Rates(sampled_at=now)
            )

    # -- operational state -------------------------------------------------------------
    def status(self, name: str) -> tuple[str, str]:
        """(interface status, line protocol) as `show interfaces` words them."""
        port = self.port_of(name)
        if self.config.interfaces[name].shutdown or self.config.interfaces[port.name].shutdown:
            return "administratively down", "down"
        status = port.status if port.status not in (None, "administratively down") else "down"
        return status, "up" if self.interface_up(name) else "down"
