"""Multilink PPP (RFC 1990) through the API, on the shipped lab topologies/ppp-multilink (two
2911s, two serial cables bundled into Multilink1): the bundle comes up with its first member,
traffic is shared across the members, a member going down shrinks the bundle, the last one
takes it down; show ppp multilink and show interfaces as IOS prints them; the configuration
survives save and reload."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pppkit import configure

import iosemu
from iosemu.protocols.ppp.pdu import IP, IPCP, MP, PppFrame

LAB = Path(__file__).resolve().parents[3] / "topologies" / "ppp-multilink"
BUNDLE_UP = "%LINEPROTO-5-UPDOWN: Line protocol on Interface Multilink1, changed state to up"
BUNDLE_DOWN = "%LINEPROTO-5-UPDOWN: Line protocol on Interface Multilink1, changed state to down"


def bundle_lab(folder: Path, hardware: str = "c2911", **before_boot: list[str]):
    """A private copy of the lab (its NVRAM stays in `folder`); `R1=[lines]` adds lines to a
    router's startup-config, under the interface they follow."""
    shutil.copytree(LAB, folder / "lab")
    for name, lines in before_boot.items():
        config = folder / "lab" / f"{name}.cfg"
        config.write_text(config.read_text().replace("end\n", "\n".join(lines) + "\nend\n"))
    if hardware != "c2911":
        lab_file = folder / "lab" / "ppp-multilink.lab.yml"
        lab_file.write_text(lab_file.read_text().replace("c2911", hardware))
    lab = iosemu.Lab.load(folder / "lab" / "ppp-multilink.lab.yml")
    for device in lab:
        device.cli("")
        device.cli("enable")
    return lab


def brief(device, interface: str) -> tuple[str, str]:
    """(Status, Protocol) as `show ip interface brief` lists them: the router's record."""
    return device.router.status(interface)


def packets(device, interface: str, direction: str) -> int:
    shown = device.cli(f"show interfaces {interface} | include packets {direction}")
    return int(shown.split()[0])


def pings(device, address: str, count: int = 5) -> str:
    return device.cli(f"ping {address} repeat {count}").splitlines()[-1]


@pytest.fixture
def lab(tmp_path):
    lab = bundle_lab(tmp_path)
    lab.advance(10)
    return lab


def test_the_bundle_comes_up_with_its_first_member(tmp_path):
    lab = bundle_lab(tmp_path, R1=["interface Serial0/0/1", " shutdown"])
    lab.advance(10)
    r1 = lab["R1"]
    log = r1.console.take_inbox()
    joined = next(
        i for i, line in enumerate(log) if "Serial0/0/0, changed state to up" in line and "LINEPROTO" in line
    )
    assert log[joined + 1].endswith("%LINK-3-UPDOWN: Interface Multilink1, changed state to up")
    assert any(line.endswith(BUNDLE_UP) for line in log[joined:])
    assert brief(r1, "Multilink1") == ("up", "up")
    assert brief(r1, "Serial0/0/1") == ("administratively down", "down")
    shown = r1.cli("show ppp multilink")
    assert (
        "  Member links: 1 active, 1 inactive (max 255, min not set)\n    Se0/0/0, since 00:00:06\n" in shown
    )
    assert pings(r1, "10.0.0.2") == "Success rate is 100 percent (5/5), round-trip min/avg/max = 2/2/2 ms"
    configure(r1, "interface Serial0/0/1", "no shutdown")
    lab.advance(10)
    assert "  Member links: 2 active, 0 inactive" in r1.cli("show ppp multilink")
    assert not any(line.endswith(BUNDLE_DOWN) for line in r1.console.take_inbox())


def test_ipcp_runs_on_the_bundle_and_the_peer_route_lives_there(lab):
    r1 = lab["R1"]
    assert "C        10.0.0.2/32 is directly connected, Multilink1" in r1.cli("show ip route")
    bundle = r1.cli("show interfaces Multilink1").splitlines()
    assert bundle[:9] == [
        "Multilink1 is up, line protocol is up ",
        "  Hardware is multilink group interface",
        "  Internet address is 10.0.0.1/30",
        "  MTU 1500 bytes, BW 3088 Kbit/sec, DLY 100000 usec, ",
        "     reliability 255/255, txload 1/255, rxload 1/255",
        "  Encapsulation PPP, LCP Open, multilink Open",
        "  Open: IPCP, CDPCP, loopback not set",
        "  Keepalive set (10 sec)",
        "  DTR is pulsed for 2 seconds on reset",
    ]
    member = r1.cli("show interfaces Serial0/0/0").splitlines()
    assert member[4:6] == [
        "  Encapsulation PPP, LCP Open, multilink Open",
        "  Link is a member of Multilink bundle Multilink1, loopback not set",
    ]
    assert not any(line.startswith("  Internet address") for line in member)


def test_traffic_is_shared_across_the_members(lab):
    r1, r2 = lab["R1"], lab["R2"]
    before = {name: packets(r1, name, "output") for name in ("Serial0/0/0", "Serial0/0/1", "Multilink1")}
    assert pings(r1, "10.0.0.2", 100).startswith("Success rate is 100 percent (100/100)")
    sent = {name: packets(r1, name, "output") - before[name] for name in before}
    assert sent["Multilink1"] == 100
    assert sent["Serial0/0/0"] >= 50 and sent["Serial0/0/1"] >= 50  # each echo whole, in turn
    assert packets(r2, "Multilink1", "input") >= 100
    assert "0x64 sent sequence" in r1.cli("show ppp multilink")


def test_a_member_going_down_shrinks_the_bundle(lab):
    r1, r2 = lab["R1"], lab["R2"]
    r1.console.take_inbox()
    configure(r2, "interface Serial0/0/0", "shutdown")
    lab.advance(5)
    log = r1.console.take_inbox()
    assert any(line.endswith("Line protocol on Interface Serial0/0/0, changed state to down") for line in log)
    assert not any("Multilink1" in line for line in log)
    assert brief(r1, "Multilink1") == ("up", "up")
    shown = r1.cli("show ppp multilink")
    assert "total bandwidth 1544," in shown
    assert "  Member links: 1 active, 1 inactive (max 255, min not set)" in shown
    assert "    Se0/0/1, since 00:00:11\n    Se0/0/0 (inactive)\n" in shown
    before = packets(r1, "Serial0/0/1", "output")
    assert pings(r1, "10.0.0.2") == "Success rate is 100 percent (5/5), round-trip min/avg/max = 2/2/2 ms"
    assert packets(r1, "Serial0/0/1", "output") - before == 5


def test_the_last_member_going_down_takes_the_bundle_down(lab):
    r1, r2 = lab["R1"], lab["R2"]
    r1.console.take_inbox()
    configure(r2, "interface Serial0/0/0", "shutdown", "interface Serial0/0/1", "shutdown")
    lab.advance(5)
    log = r1.console.take_inbox()
    assert log[-2].endswith("%LINK-3-UPDOWN: Interface Multilink1, changed state to down")
    assert log[-1].endswith(BUNDLE_DOWN)
    assert brief(r1, "Multilink1") == ("down", "down")
    assert pings(r1, "10.0.0.2") == "Success rate is 0 percent (0/5)"
    assert "10.0.0.2/32" not in r1.cli("show ip route")
    assert r1.cli("show ppp multilink") == "Inactive multilink interfaces:\n  Multilink1\n"
    configure(r2, "interface Serial0/0/1", "no shutdown")
    lab.advance(10)
    assert brief(r1, "Multilink1") == ("up", "up")
    assert pings(r1, "10.0.0.2").startswith("Success rate is 100 percent")


def test_show_ppp_multilink_as_ios_prints_it(lab):
    lab.advance(50)
    assert lab["R2"].cli("show ppp multilink") == (
        "Multilink1\n"
        "  Bundle name: R1\n"
        "  Remote Endpoint Discriminator: [1] R1\n"
        "  Local Endpoint Discriminator: [1] R2\n"
        "  Bundle up for 00:00:56, total bandwidth 3088, load 1/255\n"
        "  Receive buffer limit 24000 bytes, frag timeout 1000 ms\n"
        "    0/0 fragments/bytes in reassembly list\n"
        "    0 lost fragments, 0 reordered\n"
        "    0/0 discarded fragments/bytes, 0 lost received\n"
        "    0x0 received sequence, 0x0 sent sequence\n"
        "  Member links: 2 active, 0 inactive (max 255, min not set)\n"
        "    Se0/0/0, since 00:00:56\n"
        "    Se0/0/1, since 00:00:56\n"
        "No inactive multilink interfaces\n"
    )


def test_the_2811_bundle_with_chap_on_the_members(tmp_path):
    chap = {
        name: [f"username {peer} password cisco"]
        + [
            line
            for serial in ("Serial0/0/0", "Serial0/0/1")
            for line in (f"interface {serial}", " ppp authentication chap")
        ]
        for name, peer in (("R1", "R2"), ("R2", "R1"))
    }
    chap["R1"] += [
        "interface Serial0/0/0",
        " clock rate 2000000",
        "interface Serial0/0/1",
        " clock rate 2000000",
    ]
    lab = bundle_lab(tmp_path, "c2811", **chap)
    lab.advance(10)
    r1 = lab["R1"]
    shown = r1.cli("show ppp multilink")
    assert shown.startswith("Multilink1\n  Bundle name: R2\n")
    assert "  Member links: 2 active, 0 inactive (max not set, min not set)\n" in shown
    assert "  MTU 1500 bytes, BW 3088 Kbit, DLY 100000 usec, " in r1.cli("show interfaces Multilink1")
    assert pings(r1, "10.0.0.2").startswith("Success rate is 100 percent")


def test_the_configuration_survives_save_and_reload(lab):
    r1 = lab["R1"]
    configure(r1, "interface Multilink1", "ppp multilink group 1", "interface Serial0/1/0", "ppp multilink")
    before = r1.cli("show running-config | begin interface Multilink1")
    assert (
        "interface Multilink1\n ip address 10.0.0.1 255.255.255.252\n ppp multilink\n ppp multilink group 1\n!"
        in before
    )
    assert (
        "interface Serial0/0/0\n no ip address\n encapsulation ppp\n clock rate 2000000\n ppp multilink\n"
        " ppp multilink group 1\n!" in before
    )
    r1.cli("copy running-config startup-config")
    r1.cli("")
    r1.cli("reload")
    r1.cli("")
    lab.advance(15)
    r1.cli("")
    r1.cli("enable")
    assert r1.cli("show running-config | begin interface Multilink1") == before
    assert brief(r1, "Multilink1") == ("up", "up")
    assert pings(r1, "10.0.0.2").startswith("Success rate is 100 percent")


def test_multilink_commands_and_their_help(lab):
    r1 = lab["R1"]
    session = r1.console
    r1.cli("configure terminal")
    assert session.help("interface Multilink ") == "  <1-2147483647>  Multilink interface number\n\n"
    assert "  Multilink                Multilink-group interface\n" in session.help("interface ")
    assert "% Invalid input detected at '^' marker." in r1.cli("interface Multilink0")
    r1.cli("interface Serial0/1/0")
    assert "  multilink       Make interface multilink capable\n" in session.help("ppp ")
    assert session.help("ppp multilink ") == (
        "  endpoint    Configure the local Endpoint Discriminator\n"
        "  group       Put interface in a multilink bundle\n"
        "  multiclass  Configure support for Multiclass Multilink\n"
        "  queue       Specify link queuing parameters\n"
        "  <cr>\n\n"
    )
    assert session.help("ppp multilink group ") == "  <1-2147483647>  Multilink group number\n\n"
    assert "% Invalid input detected at '^' marker." in r1.cli("ppp multilink group 0")
    r1.cli("interface Multilink2")
    assert session.prompt() == "R1(config-if)#"
    assert "clock" not in session.help("")
    r1.cli("end")
    assert "Multilink2" in r1.cli("show ip interface brief")
    configure(r1, "no interface Multilink2")
    assert "Multilink2" not in r1.cli("show ip interface brief")


def test_a_shut_bundle_and_a_removed_one(lab):
    r1 = lab["R1"]
    configure(r1, "interface Multilink1", "encapsulation ppp", "shutdown")
    lab.advance(5)
    assert brief(r1, "Multilink1") == ("administratively down", "down")
    assert brief(r1, "Serial0/0/0") == ("up", "up")  # the members stay in the bundle
    configure(r1, "interface Multilink1", "no shutdown")
    lab.advance(5)
    assert pings(r1, "10.0.0.2").startswith("Success rate is 100 percent")
    assert "encapsulation" not in r1.cli("show running-config | section interface Multilink1")
    configure(r1, "no interface Multilink1")
    lab.advance(10)
    assert "Multilink1" not in r1.cli("show ip interface brief")
    assert "  Open: CDPCP, loopback not set" in r1.cli("show interfaces Serial0/0/0")  # alone, no bundle
    configure(r1, "interface Multilink1", "ip address 10.0.0.1 255.255.255.252")
    lab.advance(10)  # the lines of group 1 renegotiate and join the new bundle
    assert "  Member links: 2 active, 0 inactive" in r1.cli("show ppp multilink")
    assert pings(r1, "10.0.0.2").startswith("Success rate is 100 percent")


def test_hostile_multilink_frames_are_discarded(lab):
    r1 = lab["R1"]
    for payload in (b"", b"\xc0\x00\x00\x01\x00\x21", b"\x40" * 3000):
        r1.router.receive("Serial0/0/0", PppFrame(MP, payload), len(payload) + 6)
    r1.router.receive("Serial0/0/1", PppFrame(IPCP, b"\x01"), 7)
    r1.router.receive("Serial0/0/1", PppFrame(IP, b"\x45\x00"), 8)
    lab.advance(1)
    assert "    3/3006 discarded fragments/bytes, 0 lost received\n" in r1.cli("show ppp multilink")
    assert pings(r1, "10.0.0.2").startswith("Success rate is 100 percent")


def test_debug_shows_the_multilink_options_and_the_ncps_on_the_bundle(tmp_path):
    lab = bundle_lab(tmp_path)
    lab["R1"].cli("debug ppp negotiation")
    lab.advance(10)
    log = [line.split(": ", 1)[1] for line in lab["R1"].console.take_inbox()]
    assert "Se0/0/0 LCP:    MRRU 1524 (0x110405F4)" in log
    assert "Se0/0/0 LCP:    EndpointDisc 1 R2 (0x1305015232)" in log
    member = log.index("Se0/0/0 PPP: Phase is VIRTUALIZED")
    assert log[member - 1] == "Se0/0/0 PPP: Phase is ESTABLISHING, Finish LCP"
    assert "Mu1 PPP: Phase is UP" in log
    assert "Mu1 IPCP: Install route to 10.0.0.2" in log
    assert not any(line.startswith(("Se0/0/0 IPCP", "Se0/0/1 IPCP", "Se0/0/0 CDPCP")) for line in log)


def test_a_real_bundle_configuration_loads_in_ios_order(lab):
    """The 12.4T configuration of ios-behaviour.md section 2.8 (davidsudjiman.info), less
    what iosemu does not take (`ip rip advertise`, `ip tcp header-compression`)."""
    r1 = lab["R1"]
    configure(
        r1,
        "interface Multilink2",
        "bandwidth 128",
        "ip address 155.13.45.4 255.255.255.0",
        "ppp multilink",
        "ppp multilink interleave",
        "ppp multilink group 2",
        "ppp multilink fragment delay 10",
        "interface Serial0/1/0",
        "bandwidth 128",
        "no ip address",
        "encapsulation ppp",
        "load-interval 30",
        "no fair-queue",
        "clock rate 128000",
        "ppp multilink",
        "ppp multilink group 2",
    )
    shown = r1.cli("show running-config")
    assert (
        "interface Multilink2\n bandwidth 128\n ip address 155.13.45.4 255.255.255.0\n ppp multilink\n"
        " ppp multilink interleave\n ppp multilink group 2\n ppp multilink fragment delay 10\n!\n"
    ) in shown
    assert (
        "interface Serial0/1/0\n bandwidth 128\n no ip address\n encapsulation ppp\n shutdown\n load-interval 30\n"
        " no fair-queue\n clock rate 128000\n ppp multilink\n ppp multilink group 2\n!\n"
    ) in shown
    configure(r1, "interface Multilink2", "no ppp multilink interleave", "no ppp multilink group")
    assert (
        "interface Multilink2\n bandwidth 128\n ip address 155.13.45.4 255.255.255.0\n ppp multilink\n"
        in (r1.cli("show running-config"))
    )
    assert "ppp multilink interleave" not in r1.cli("show running-config")
