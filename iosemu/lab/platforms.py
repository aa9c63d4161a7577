"""Router hardware models (the topology's `type`): slots and interface names, IOS release,
the fixed parts of `show version` and of the running-config, serial clocking behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from iosemu.cli.ifnames import IFTYPE_NAMES
from iosemu.lab.flash import Flash, FlashFile
from iosemu.protocols.cdp.pdu import IGMP, ROUTER, SOURCE_ROUTE_BRIDGE, SWITCH


@dataclass(frozen=True)
class Platform:
    name: str  # the topology `type`: c2911
    model: str  # CISCO2911/K9
    release: str  # 15.2(4)M3
    image: str  # C2900-UNIVERSALK9-M
    interfaces: tuple[tuple[str, str], ...]  # (name, kind) in slot order
    hardware: dict[str, str]  # kind -> the `Hardware is` text of show interfaces
    auto_clock: bool  # a DCE end gets `clock rate 2000000` by itself
    skeleton: tuple[str, ...]  # running-config with @section placeholders
    default_extra: dict[str, tuple[str, ...]]  # accepted-not-modelled lines IOS shows by default
    lines: tuple[tuple[str, str | None, tuple[str, ...]], ...]  # (name, login default, extra)
    number_ranges: dict[str, str]  # `interface Serial ?` -> <0-0>
    version_text: str  # `show version` with {hostname}, {uptime}, {reload} placeholders
    serial_number: str
    mac_base: int
    nvram_bytes: int
    cdp_capabilities: int  # what its CDP advertisements say it is (R B S I: router, bridge, ...)
    log_buffer_bytes: int  # `logging buffered` with no size
    flash: Flash  # show flash:, dir, show file systems
    inventory_text: str  # show inventory, with {serial}
    first_vty: int  # the absolute number of vty 0 (show line): after every async line its slots could have
    iftype_keywords: frozenset[str] = field(default=frozenset())
    missing_keywords: frozenset[str] = field(default=frozenset())  # terminals this release lacks

    def software_banner(self) -> str:
        """The four lines naming the IOS image (show version, %SYS-5-RESTART)."""
        return "\n".join(self.version_text.splitlines()[:4]).format(image=self.image)

    @cached_property
    def macs(self) -> dict[str, int]:
        """Each Ethernet port's burned-in address, as an offset from its chassis' base
        address (the platform's `mac_base` for the first router of a lab), by slot."""
        return {n: i for i, (n, kind) in enumerate(self.interfaces) if kind == "ethernet"}

    def line_number(self, name: str) -> int:
        """A line's absolute number (`con 0`, `aux 0`, `2`, `vty 3`), the one show line, show
        users and IOS's messages about a line give it."""
        kind, _, relative = name.rpartition(" ")
        if kind == "vty":
            return self.first_vty + int(relative)
        return {"con": 0, "aux": 1}.get(kind, int(relative))

    @property
    def train(self) -> str:
        return self.release.split("(")[0]

    @property
    def iftype_names(self) -> dict[str, str]:
        return IFTYPE_NAMES


def _data(name: str) -> str:
    """Fixed IOS text kept beside this module: show version, running-config skeletons."""
    return (resources.files("iosemu.lab") / "platform_data" / name).read_text()


def _skeleton(train: str) -> tuple[str, ...]:
    return tuple(_data(f"running-config-{train}.txt").strip("\n").splitlines())


_DEFAULTS_15 = {
    "service": ("service timestamps debug datetime msec", "service timestamps log datetime msec"),
    "aaa": ("no aaa new-model",),
    "cef": ("ip cef",),
    "ipv6": ("no ipv6 cef",),
    "multilink": ("multilink bundle-name authenticated",),
    "redundancy": ("redundancy",),
    "forward": ("ip forward-protocol nd",),
    "http": ("no ip http server", "no ip http secure-server"),
    "control-plane": ("control-plane",),
    "tail": ("scheduler allocate 20000 1000",),
}

_DEFAULTS_124 = {
    "service": ("service timestamps debug datetime msec", "service timestamps log datetime msec"),
    "aaa": ("no aaa new-model",),
    "cef": ("ip cef",),
    "multilink": ("multilink bundle-name authenticated",),
    "forward": ("ip forward-protocol nd",),
    "http": ("ip http server", "no ip http secure-server"),
    "control-plane": ("control-plane",),
    "tail": ("scheduler allocate 20000 1000",),
}

_LINE_2 = (
    "no activation-character",
    "no exec",
    "transport preferred none",
    "transport output pad telnet rlogin lapb-ta mop udptn v120 ssh",
    "stopbits 1",
)


_SERIALS = (
    ("Serial0/0/0", "serial"),
    ("Serial0/0/1", "serial"),
    ("Serial0/1/0", "serial"),
    ("Serial0/1/1", "serial"),
)
_RANGES = {
    "Embedded-Service-Engine": "<0-0>",
    "FastEthernet": "<0-0>",
    "GigabitEthernet": "<0-0>",
    "Loopback": "<0-2147483647>",
    "Multilink": "<1-2147483647>",
    "Null": "<0-0>",
    "Serial": "<0-0>",
    "Dialer": "<0-255>",
    "Virtual-Access": "<1-1000>",
    "Virtual-Template": "<1-1000>",
    "Virtual-PPP": "<1-2147483647>",  # [M]
}


def _platform(**values) -> Platform:
    release = values["release"]
    train = release.split("(")[0]
    skeleton = tuple(line.replace("{train}", train) for line in values.pop("skeleton"))
    kinds = {name.rstrip("0123456789/") for name, _ in values["interfaces"]} | {
        "Loopback",
        "Multilink",
        "Null",
        "Virtual-Access",
        "Virtual-Template",
        "Virtual-PPP",
        "Dialer",
    }
    keywords = frozenset(k for k, v in IFTYPE_NAMES.items() if v in kinds)
    return Platform(skeleton=skeleton, iftype_keywords=keywords, **values)


PLATFORMS = {
    "c2911": _platform(
        name="c2911",
        model="CISCO2911/K9",
        release="15.2(4)M3",
        image="C2900-UNIVERSALK9-M",
        interfaces=(
            ("Embedded-Service-Engine0/0", "service-engine"),
            ("GigabitEthernet0/0", "ethernet"),
            ("GigabitEthernet0/1", "ethernet"),
            ("GigabitEthernet0/2", "ethernet"),
            *_SERIALS,
        ),
        hardware={
            "ethernet": "CN Gigabit Ethernet",
            "serial": "WIC MBRD Serial",
            "service-engine": "Embedded Service Engine",
            "loopback": "Loopback",
            "multilink": "multilink group interface",
            "null": "Unknown",
            "virtual-template": "Virtual Template interface",
            "virtual-access": "Virtual Access interface",
            "virtual-ppp": "Virtual PPP interface",  # [M]
            "dialer": "Unknown",
        },
        auto_clock=True,
        skeleton=_skeleton("15"),
        default_extra={**_DEFAULTS_15, "license": ("license udi pid CISCO2911/K9 sn FTX152400KS",)},
        nvram_bytes=262136,
        log_buffer_bytes=8192,
        flash=Flash(
            "flash0",
            256630784,
            (FlashFile("c2900-universalk9-mz.SPA.152-4.M3.bin", 97794040, "Jul 27 2012 19:04:38 +00:00"),),
        ),
        inventory_text=_data("inventory-c2911.txt"),
        first_vty=388,
        lines=(
            ("con 0", None, ()),
            ("aux 0", None, ()),
            ("2", None, _LINE_2),
            ("vty 0 4", "login", ("transport input all",)),
        ),
        number_ranges=_RANGES,
        version_text=_data("show-version-c2911.txt"),
        serial_number="FTX152400KS",
        mac_base=0x0019_E8A2_6E00,
        cdp_capabilities=ROUTER | SOURCE_ROUTE_BRIDGE | SWITCH | IGMP,  # `R B S I`, as real 2911s show
        # 12.4's `clear frame-relay-inarp`, and its help for an EIGRP AS number
        missing_keywords=frozenset({"CLEAR_FR_INARP", "EIGRP_AS_12"}),
    ),
    "c2811": _platform(
        name="c2811",
        model="2811",
        release="12.4(15)T1",
        image="C2800NM-ADVENTERPRISEK9-M",
        interfaces=(("FastEthernet0/0", "ethernet"), ("FastEthernet0/1", "ethernet"), *_SERIALS),
        hardware={
            "ethernet": "MV96340 Ethernet",
            "serial": "GT96K Serial",
            "loopback": "Loopback",
            "multilink": "multilink group interface",
            "null": "Unknown",
            "virtual-template": "Virtual Template interface",
            "virtual-access": "Virtual Access interface",
            "virtual-ppp": "Virtual PPP interface",  # [M]
            "dialer": "Unknown",
        },
        auto_clock=False,
        skeleton=_skeleton("12.4"),
        default_extra=_DEFAULTS_124,
        nvram_bytes=245752,
        log_buffer_bytes=4096,
        flash=Flash(
            "flash",
            64016384,
            (FlashFile("c2800nm-adventerprisek9-mz.124-15.T1.bin", 45486196, "Jul 19 2007 14:12:46 +00:00"),),
        ),
        inventory_text=_data("inventory-c2811.txt"),
        first_vty=130,
        lines=(("con 0", None, ()), ("aux 0", None, ()), ("vty 0 4", "login", ())),
        number_ranges=_RANGES,
        version_text=_data("show-version-c2811.txt"),
        serial_number="FTX1135A0PH",
        mac_base=0x001B_D4F1_2C40,
        cdp_capabilities=ROUTER | SWITCH | IGMP,  # `R S I`, as real 2811s show
        # 12.4 has `show ppp multilink` but not the PPP session commands of 15.x.
        # 12.4 clears Inverse ARP maps with `clear frame-relay inarp` and the older `clear
        # frame-relay-inarp` (ios-behaviour 3.5); 15.x has only the first.
        # 12.4(15)T has no software licensing (`show license`) and calls its flash `flash:` only.
        # LISP (15.1(4)M) and `router ospfv3` (15.1(3)S, 15.2(1)T) came after it, and Embedded
        # Packet Capture (`monitor capture`) with 12.4(20)T, named EIGRP (`router eigrp WORD`) with
        # 15.0(1)M, when the AS number's help became `Autonomous System`.
        missing_keywords=frozenset(
            {"PPP_ALL", "PPP_INTERFACE", "PPP_STATISTICS", "LICENSE", "FLASH0", "LISP", "OSPFV3", "CAPTURE"}
            | {"EIGRP_AS", "EIGRP_NAME"}
        ),
    ),
}

DEFAULT_PLATFORM = "c2911"
