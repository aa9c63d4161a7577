"""Configurations from real routers load, keep what iosemu does not model yet where IOS
prints it, and come back unchanged after a save and reload."""

from __future__ import annotations

from pathlib import Path

from iosemu.cli.boot import boot, load_config

# Real outputs copied from ../shared/reference/ios-output (see its INDEX.md for their origin).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ios"

ENTERPRISE = """\
service timestamps debug datetime msec
service timestamps log datetime msec
service password-encryption
!
hostname EDGE
!
security passwords min-length 8
login block-for 120 attempts 3 within 60
no cdp run
clock timezone CET 1 0
ip domain name example.com
ip name-server 10.0.0.53
!
interface GigabitEthernet0/0
 description uplink
 ip address 192.168.1.1 255.255.255.0
 ip nat outside
 ip access-group WEB in
 load-interval 30
!
interface Serial0/0/0
 ip address 10.1.1.1 255.255.255.252
 ip ospf cost 100
 no fair-queue
!
router ospf 1
 router-id 1.1.1.1
 network 10.1.1.0 0.0.0.3 area 0
 passive-interface GigabitEthernet0/0
!
ip route 0.0.0.0 0.0.0.0 192.168.1.254
!
ip access-list extended WEB
 permit tcp any any eq 80
 deny ip any any log
!
access-list 10 permit 10.0.0.0 0.255.255.255
snmp-server community public RO
!
line vty 0 15
 access-class 10 in
 login local
 transport input ssh
!
end
"""


def _body(router) -> list[str]:
    lines = router.running_config_lines()
    stamps = ("! Last configuration change", "! NVRAM config")
    if any(line.startswith(stamps) for line in lines):
        lines = [line for line in lines if not line.startswith(stamps)]
        lines.pop(1)
    return lines


def test_a_real_1941_configuration_loads(lab):
    # follows ../shared/reference/ios-output/show_running-config/c1941_R3_show_running-config.txt
    text = (FIXTURES / "c1941_R3_show_running-config.txt").read_text()
    config = text[text.index("\n!") + 1 :]
    refused = [r.line.strip() for r in load_config(lab["R1"].router, config).rejected]
    assert refused == []
    # the real block, with this lab's factory `shutdown` and DCE clock (IOS's order)
    assert (
        "\n ip address 10.0.0.2 255.255.255.252\n encapsulation ppp\n shutdown\n clock rate 2000000\n!"
        in ("\n".join(lab["R1"].router.running_config_lines()))
    )
    assert "username cisco privilege 15 password 0 cisco" in lab["R1"].cli("enable") + "\n".join(
        lab["R1"].router.running_config_lines()
    )


def test_unmodelled_commands_round_trip_through_a_reload(lab):
    router = lab["R1"].router
    router.startup_config = ENTERPRISE
    boot(router)
    assert router.boot_errors == []
    first = _body(router)
    text = "\n".join(first)
    for expected in (
        "router ospf 1\n router-id 1.1.1.1\n network 10.1.1.0 0.0.0.3 area 0\n",
        # IOS names port 80 and pads `deny` (ciscoconfparse_sample_01.ios.txt: `eq www`, `deny   ip`)
        "ip access-list extended WEB\n permit tcp any any eq www\n deny   ip any any log\n!",
        # the access group right under the address (ciscoconfparse_sample_01.ios.txt's FastEthernet0/0)
        "interface GigabitEthernet0/0\n description uplink\n ip address 192.168.1.1 255.255.255.0\n"
        " ip access-group WEB in\n ip nat outside\n load-interval 30\n duplex auto\n speed auto\n!",
        "line vty 0 4\n access-class 10 in\n login local\n transport input ssh\nline vty 5 15\n",
        "security passwords min-length 8\nlogin block-for 120 attempts 3 within 60\nno cdp run\n",
        "ip domain name example.com\nip name-server 10.0.0.53\n",
    ):
        assert expected in text
    router.startup_config = text + "\n"
    boot(router)
    assert router.boot_errors == []
    assert _body(router) == first


def test_secondaries_saved_before_their_primary_load_and_stay_in_that_order(lab):
    # follows ../shared/reference/ios-output/show_startup-config/ziptie_cisco2610_startup-config.txt,
    # saved by IOS itself: the secondary given before the primary is written first, and loads.
    block = (
        "interface Loopback4\n description blah blah blah\n"
        " ip address 99.2.1.1 255.255.255.255 secondary\n ip address 99.1.1.1 255.255.255.255\n"
    )
    router = lab["R1"].router
    assert load_config(router, block).rejected == []
    assert block + "!" in "\n".join(router.running_config_lines())
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", "interface Loopback4"):
        r1.cli(line)
    # a secondary after the primary is written after it
    assert r1.cli("ip address 99.3.1.1 255.255.255.255 secondary") == ""
    assert r1.cli("ip address 99.1.1.9 255.255.255.255") == ""  # a new primary keeps its place
    assert r1.cli("do show running-config interface Loopback4").endswith(
        " ip address 99.2.1.1 255.255.255.255 secondary\n ip address 99.1.1.9 255.255.255.255\n"
        " ip address 99.3.1.1 255.255.255.255 secondary\nend\n\n"
    )
    assert "  Internet address is 99.1.1.9/32\n" in r1.cli("do show ip interface Loopback4")


# The corpus's six real configurations (tests/fixtures/ios, copied from the reference outputs),
# loaded on a c2911 in the lab: each line refused must be one that router refuses too, for the
# reason `refusal` gives it; a line it takes is modelled or accepted, not modelled.
REAL_CONFIGS = (
    "c1941_R3_show_running-config.txt",
    "ciscoconfparse_sample_01.ios.txt",
    "ciscoconfparse_sample_08.ios.txt",
    "ziptie_cisco2610_running-config.txt",
    "ziptie_cisco3620_running-config.txt",
    "ziptie_cisco2610_startup-config.txt",
)
ACCEPTED = (  # accepted-not-modelled lines IOS takes on a 2911, once refused here
    " no ip mroute-cache",
    " no ip directed-broadcast",
    "no ip bootp server",
    "vpdn enable",
    "queue-list 1 protocol ip 2",
    " logout-warning 30",
    "map-class frame-relay voip_qos_512k",
    "bba-group pppoe global",
    " ip address 99.2.1.1 255.255.255.255 secondary",
    "interface Null0",
    "ip route 172.16.255.254 255.255.255.255 Null0",
    "banner login ^C",
    "service internal",
    "spd headroom 65535",
    "no ip dhcp use vrf connected",
    "ip ips name Internet",
    "ip ospf name-lookup",
    "dial-peer cor custom",
    "  hidekeys",
    " path ftp://ns.foo.com//tftpboot/Foo-archive",
    " authorization exec CONSOLE",
    "ipv6 dhcp pool IPV6_2FL_NORTH_LAN",
)
# What a 2911 has not got: the interfaces of other routers' slots (its own are
# GigabitEthernet0/0-2, Serial0/0/0-0/1/1 and Embedded-Service-Engine0/0).
FOREIGN_INTERFACES = ("ATM", "BRI", "Ethernet", "FastEthernet", "Group-Async", "Serial0/0", "TokenRing")


def refusal(line: str, interface: str | None) -> str | None:
    """Why a 2911 refuses `line` (of the interface block `interface`, if in one), or None."""
    words = line.split()
    if line.startswith(("Building configuration", "Current configuration :", "Using ")) or "#" in words[0]:
        return "capture text around the configuration, not configuration"
    if interface is not None and interface.startswith(FOREIGN_INTERFACES):
        return f"{interface} is no interface of a 2911, so neither are its lines"
    if words[-3:-1] == ["host", "any"]:
        return "`host` takes an address: IOS refuses `host any`"
    if words[0] == "line" and words[1].isdigit():
        return "a 2911 has no lines 3-387 but its vty lines from 388 (show line)"
    return None


def test_the_real_configurations_load_but_for_lines_the_router_refuses_too():
    from iosemu.lab.platforms import PLATFORMS
    from iosemu.sim.clock import Scheduler
    from iosemu.sim.router import Router

    unexplained, reasons = [], set()
    for name in REAL_CONFIGS:
        router = Router("R1", PLATFORMS["c2911"], Scheduler())
        boot(router)
        text = (FIXTURES / name).read_text().splitlines()
        refused = {r.number for r in load_config(router, "\n".join(text)).rejected}
        interface = None
        for number, line in enumerate(text, 1):
            if line.startswith("interface "):
                interface = line.split()[1]
            elif line[:1] not in (" ", "!") and line:
                interface = None
            if number in refused:
                assert line.rstrip() not in ACCEPTED
                reason = refusal(line, interface)
                reasons.add(reason)
                if reason is None:
                    unexplained.append(f"{name}:{number}: {line}")
    assert unexplained == []
