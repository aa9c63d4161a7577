"""Router hardware models (the topology's `type`): slots and interface names, IOS release,
the fixed parts of `show version` and of the running-config, serial clocking behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field

# Interface type keyword (grammar terminal) -> IOS spelling.
IFTYPE_NAMES = {
    "EMBEDDED_SERVICE_ENGINE": "Embedded-Service-Engine",
    "FASTETHERNET": "FastEthernet",
    "GIGABITETHERNET": "GigabitEthernet",
    "LOOPBACK": "Loopback",
    "SERIAL": "Serial",
}


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
    iftype_keywords: frozenset[str] = field(default=frozenset())

    @property
    def train(self) -> str:
        return self.release.split("(")[0]

    @property
    def iftype_names(self) -> dict[str, str]:
        return IFTYPE_NAMES


def _skeleton(text: str) -> tuple[str, ...]:
    return tuple(text.strip("\n").splitlines())


_SKELETON_15 = _skeleton("""
!
@change
version {train}
@service
@password-encryption
!
@hostname
!
boot-start-marker
@boot
boot-end-marker
!
@logging
!
@enable
!
@aaa
!
@cef
!
!
!
!
!
!
@domain
@ipv6
@multilink
!
!
!
!
!
!
!
@license
!
!
@username
!
@redundancy
!
!
!
!
!
!
@interfaces
@forward
!
@http
!
@routes
!
!
!
!
@control-plane
!
!
@banner
!
@lines
!
@tail
end
""")

_SKELETON_124 = _skeleton("""
!
@change
version {train}
@service
@password-encryption
!
@hostname
!
boot-start-marker
@boot
boot-end-marker
!
@logging
@enable
!
@aaa
!
!
@cef
!
!
@domain
@ipv6
!
!
@multilink
!
@username
!
!
!
!
!
!
!
!
!
!
!
!
!
!
!
!
@interfaces
@forward
!
!
@http
!
@routes
!
!
!
@control-plane
!
!
!
!
!
!
!
!
@banner
!
@lines
!
@tail
end
""")

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

_VERSION_C2911 = """\
Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.2(4)M3, RELEASE SOFTWARE (fc1)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2013 by Cisco Systems, Inc.
Compiled Thu 26-Jul-12 20:54 by prod_rel_team

ROM: System Bootstrap, Version 15.0(1r)M15, RELEASE SOFTWARE (fc1)

{hostname} uptime is {uptime}
System returned to ROM by {reload}
System image file is "flash0:c2900-universalk9-mz.SPA.152-4.M3.bin"
Last reload type: Normal Reload
Last reload reason: {reason}



This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.

Cisco CISCO2911/K9 (revision 1.0) with 483328K/40960K bytes of memory.
Processor board ID FTX152400KS
3 Gigabit Ethernet interfaces
4 Serial(sync/async) interfaces
1 terminal line
DRAM configuration is 64 bits wide with parity enabled.
255K bytes of non-volatile configuration memory.
250880K bytes of ATA System CompactFlash 0 (Read/Write)


License Info:

License UDI:

-------------------------------------------------
Device#\t  PID\t\t\tSN
-------------------------------------------------
*0  \t  CISCO2911/K9          FTX152400KS     



Technology Package License Information for Module:'c2900' 

-----------------------------------------------------------------
Technology    Technology-package           Technology-package
              Current       Type           Next reboot  
------------------------------------------------------------------
ipbase        ipbasek9      Permanent      ipbasek9
security      None          None           None
uc            None          None           None
data          None          None           None

Configuration register is 0x2102
"""

_VERSION_C2811 = """\
Cisco IOS Software, 2800 Software (C2800NM-ADVENTERPRISEK9-M), Version 12.4(15)T1, RELEASE SOFTWARE (fc2)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2007 by Cisco Systems, Inc.
Compiled Wed 18-Jul-07 06:21 by pt_rel_team

ROM: System Bootstrap, Version 12.4(13r)T, RELEASE SOFTWARE (fc1)

{hostname} uptime is {uptime}
System returned to ROM by {reload}
System image file is "flash:c2800nm-adventerprisek9-mz.124-15.T1.bin"


This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.

Cisco 2811 (revision 53.51) with 249856K/12288K bytes of memory.
Processor board ID FTX1135A0PH
2 FastEthernet interfaces
4 Serial(sync/async) interfaces
DRAM configuration is 64 bits wide with parity enabled.
239K bytes of non-volatile configuration memory.
62720K bytes of ATA CompactFlash (Read/Write)

Configuration register is 0x2102
"""

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
    "Serial": "<0-0>",
}


def _platform(**values) -> Platform:
    release = values["release"]
    train = release.split("(")[0]
    skeleton = tuple(line.replace("{train}", train) for line in values.pop("skeleton"))
    kinds = {name.rstrip("0123456789/") for name, _ in values["interfaces"]} | {"Loopback"}
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
        },
        auto_clock=True,
        skeleton=_SKELETON_15,
        default_extra={**_DEFAULTS_15, "license": ("license udi pid CISCO2911/K9 sn FTX152400KS",)},
        lines=(
            ("con 0", None, ()),
            ("aux 0", None, ()),
            ("2", None, _LINE_2),
            ("vty 0 4", "login", ("transport input all",)),
        ),
        number_ranges=_RANGES,
        version_text=_VERSION_C2911,
        serial_number="FTX152400KS",
        mac_base=0x0019_E8A2_6E00,
    ),
    "c2811": _platform(
        name="c2811",
        model="2811",
        release="12.4(15)T1",
        image="C2800NM-ADVENTERPRISEK9-M",
        interfaces=(("FastEthernet0/0", "ethernet"), ("FastEthernet0/1", "ethernet"), *_SERIALS),
        hardware={"ethernet": "MV96340 Ethernet", "serial": "GT96K Serial", "loopback": "Loopback"},
        auto_clock=False,
        skeleton=_SKELETON_124,
        default_extra=_DEFAULTS_124,
        lines=(("con 0", None, ()), ("aux 0", None, ()), ("vty 0 4", "login", ())),
        number_ranges=_RANGES,
        version_text=_VERSION_C2811,
        serial_number="FTX1135A0PH",
        mac_base=0x001B_D4F1_2C40,
    ),
}

DEFAULT_PLATFORM = "c2911"
