"""CDP between real routers: neighbours appear over every encapsulation that carries CDP,
age out when the far end goes quiet, and follow `cdp enable`, `cdp run`, `cdp timer` and
`cdp holdtime` as IOS does."""

from __future__ import annotations

import shutil
from pathlib import Path

from cdpkit import configure, load_bench

import iosemu
from iosemu.cli.boot import boot
from iosemu.show.cdp import neighbours


def table(device) -> set[tuple[str, str, str]]:
    """(local interface, device id, its port) of each neighbour the router lists."""
    return {(r.interface, r.device_id, r.packet.port_id) for r in neighbours(device.router)}


def test_neighbours_appear_over_ethernet_hdlc_ppp_and_frame_relay(bench):
    assert table(bench["R1"]) == {
        ("GigabitEthernet0/0", "R2", "GigabitEthernet0/0"),
        ("Serial0/0/0", "R3", "Serial0/0/0"),  # HDLC
        ("Serial0/1/0", "R2", "Serial0/1/0"),  # Frame Relay
    }
    assert table(bench["R2"]) == {
        ("GigabitEthernet0/0", "R1", "GigabitEthernet0/0"),
        ("Serial0/0/0", "R3", "Serial0/0/1"),  # PPP, through CDPCP
        ("Serial0/1/0", "R1", "Serial0/1/0"),
    }
    assert table(bench["R3"]) == {("Serial0/0/0", "R1", "Serial0/0/0"), ("Serial0/0/1", "R2", "Serial0/0/0")}


def test_a_line_that_comes_up_is_told_at_once(tmp_path):
    """Each line is sent an advertisement when it comes up (Ethernet and HDLC when the line
    protocol does, PPP when CDPCP opens, Frame Relay when the PVC is active), not at the first
    tick of the timer a minute on."""
    lab = load_bench(tmp_path)
    lab.advance(30)
    assert len(table(lab["R1"])) == 3
    traffic = lab["R1"].cli("show cdp traffic")
    assert "        Total packets output: 3, Input: 3\n" in traffic


def test_what_each_router_announces_comes_from_its_platform(bench):
    r2 = {r.device_id: r for r in neighbours(bench["R2"].router)}
    r1 = r2["R1"].packet
    assert r1.platform == "Cisco CISCO2911/K9"
    assert r1.software.startswith(
        "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.2(4)M3"
    )
    assert r2["R1"].letters == "R B S I "
    r3 = r2["R3"]
    assert r3.packet.platform == "Cisco 2811"
    assert r3.packet.software.startswith("Cisco IOS Software, 2800 Software (C2800NM-ADVENTERPRISEK9-M)")
    assert r3.words == "Router Switch IGMP "
    assert [str(a) for a in r3.packet.addresses] == ["10.0.23.3"]
    assert r3.packet.duplex is None  # a serial line has no duplex to announce
    ethernet = next(r for r in neighbours(bench["R2"].router) if r.interface == "GigabitEthernet0/0")
    assert ethernet.packet.duplex is True and ethernet.packet.vtp_domain == ""


def test_switches_and_pcs_send_none(bench):
    """R3's FastEthernet0/0 is up to an unmanaged switch and a PC: CDP runs there, and hears
    nothing (neither sends CDP; the switch floods R3's own advertisements, which nobody
    answers)."""
    r3 = bench["R3"]
    assert "FastEthernet0/0 is up, line protocol is up" in r3.cli("show cdp interface FastEthernet0/0")
    assert all(r.interface != "FastEthernet0/0" for r in neighbours(r3.router))
    assert "\n.!!!!\n" in r3.cli("ping 10.0.30.10")  # the LAN itself works
    # R3 advertises out of all three of its up interfaces as each comes up and at the first
    # tick, and hears its two routers as often
    assert "        Total packets output: 6, Input: 4\n" in r3.cli("show cdp traffic")


def test_holdtime_counts_down_and_is_refreshed(bench):
    r1 = bench["R1"]
    row = next(r for r in neighbours(r1.router) if r.interface == "Serial0/0/0")
    assert 170 <= row.holdtime <= 180
    bench.advance(30)
    row = next(r for r in neighbours(r1.router) if r.interface == "Serial0/0/0")
    assert 140 <= row.holdtime <= 150
    bench.advance(30)  # R3 has advertised again
    row = next(r for r in neighbours(r1.router) if r.interface == "Serial0/0/0")
    assert row.holdtime >= 170


def test_far_end_shut_ages_out_after_the_holdtime(bench):
    r1, r2 = bench["R1"], bench["R2"]
    configure(r2, "interface GigabitEthernet0/0", "shutdown")
    bench.advance(100)  # R1's Gi0/0 is down, but its entry stays until its holdtime runs out
    assert ("GigabitEthernet0/0", "R2", "GigabitEthernet0/0") in table(r1)
    bench.advance(80)
    assert ("GigabitEthernet0/0", "R2", "GigabitEthernet0/0") not in table(r1)
    assert ("Serial0/1/0", "R2", "Serial0/1/0") in table(r1)  # the other links still carry R2


def test_a_link_that_stops_carrying_ages_out(bench):
    """Every frame on the Ethernet cable lost: both ends stay up/up, and hear nothing more."""
    bench.link("R1:GigabitEthernet0/0", "R2:GigabitEthernet0/0").loss = 1.0
    bench.advance(176)  # last heard at t=60: gone at t=240
    assert ("GigabitEthernet0/0", "R2", "GigabitEthernet0/0") not in table(bench["R1"])
    assert ("GigabitEthernet0/0", "R1", "GigabitEthernet0/0") not in table(bench["R2"])
    assert "GigabitEthernet0/0         10.0.12.1       YES NVRAM  up                    up" in bench[
        "R1"
    ].cli("show ip interface brief")


def test_no_cdp_enable_on_one_side(bench):
    """The side that stops forgets its neighbour there at once and stops advertising; the far
    end keeps it until its holdtime runs out."""
    r1, r3 = bench["R1"], bench["R3"]
    configure(r1, "interface Serial0/0/0", "no cdp enable")
    assert ("Serial0/0/0", "R3", "Serial0/0/0") not in table(r1)
    assert ("Serial0/0/0", "R1", "Serial0/0/0") in table(r3)
    bench.advance(180)
    assert ("Serial0/0/0", "R1", "Serial0/0/0") not in table(r3)
    assert ("Serial0/0/0", "R3", "Serial0/0/0") not in table(r1)  # what R3 still sends is not heard
    assert "Serial0/0/0" not in r1.cli("show cdp interface")
    assert " no cdp enable\n" in r1.cli("show running-config interface Serial0/0/0")
    configure(r1, "interface Serial0/0/0", "cdp enable")
    bench.advance(60)
    assert ("Serial0/0/0", "R3", "Serial0/0/0") in table(r1)
    assert ("Serial0/0/0", "R1", "Serial0/0/0") in table(r3)


def test_no_cdp_run(bench):
    r2 = bench["R2"]
    configure(r2, "no cdp run")
    for command in (
        "show cdp",
        "show cdp neighbors",
        "show cdp neighbors detail",
        "show cdp entry *",
        "show cdp interface",
        "show cdp traffic",
        "clear cdp table",
    ):
        assert r2.cli(command) == "% CDP is not enabled\n", command
    running = r2.cli("show running-config")
    assert "\nno cdp run\n" in running
    bench.advance(180)
    assert {r.device_id for r in neighbours(bench["R1"].router)} == {"R3"}
    configure(r2, "cdp run")
    assert "\ncdp run\n" not in r2.cli("show running-config")  # the default is not printed
    bench.advance(61)
    assert len(table(r2)) == 3
    assert {r.device_id for r in neighbours(bench["R1"].router)} == {"R2", "R3"}


def test_a_ppp_link_without_cdpcp_carries_none(tmp_path):
    """R3 does not run CDP on its PPP line: it rejects CDPCP, and R2, whose CDPCP never
    opens, sends no CDP there (the line is up, IPCP open)."""
    lab = load_bench(tmp_path)
    configure(lab["R3"], "interface Serial0/0/1", "no cdp enable", "shutdown")
    lab.advance(5)
    configure(lab["R3"], "interface Serial0/0/1", "no shutdown")
    lab.advance(120)
    r2 = lab["R2"]
    assert "  Open: IPCP, loopback not set" in r2.cli("show interfaces Serial0/0/0").splitlines()
    assert all(r.interface != "Serial0/0/0" for r in neighbours(r2.router))
    assert all(r.interface != "Serial0/0/1" for r in neighbours(lab["R3"].router))
    # R2 advertised out of Gi0/0 and Se0/1/0 as they came up and at two ticks, never out of Se0/0/0
    assert "        Total packets output: 6, Input: 6\n" in r2.cli("show cdp traffic")


def test_timer_and_holdtime(bench):
    r1, r2 = bench["R1"], bench["R2"]
    configure(r2, "cdp timer 10", "cdp holdtime 30")
    assert r2.cli("show cdp") == (
        "Global CDP information:\n"
        "        Sending CDP packets every 10 seconds\n"
        "        Sending a holdtime value of 30 seconds\n"
        "        Sending CDPv2 advertisements is  enabled\n"
    )
    bench.advance(11)
    rows = [r for r in neighbours(r1.router) if r.device_id == "R2"]
    assert rows and all(r.holdtime <= 30 for r in rows)
    running = r2.cli("show running-config")
    assert "\ncdp timer 10\ncdp holdtime 30\n" in running
    configure(r2, "interface GigabitEthernet0/0", "shutdown")
    bench.advance(31)  # 30 seconds of holdtime: gone
    assert ("GigabitEthernet0/0", "R2", "GigabitEthernet0/0") not in table(r1)


def test_advertise_v2_off_sends_version_1(bench):
    r1, r2 = bench["R1"], bench["R2"]
    configure(r2, "no cdp advertise-v2")
    assert "Sending CDPv2 advertisements is not enabled" in r2.cli("show cdp")
    bench.advance(60)
    ethernet = next(r for r in neighbours(r1.router) if r.interface == "GigabitEthernet0/0")
    assert ethernet.packet.version == 1 and ethernet.packet.duplex is None
    assert "        CDP version 1 advertisements output: 3, Input: 0\n" in r2.cli("show cdp traffic")
    assert "\nno cdp advertise-v2\n" in r2.cli("show running-config")


def test_clear_cdp_table_and_counters(bench):
    r1 = bench["R1"]
    assert r1.cli("clear cdp table") == ""
    assert table(r1) == set()
    assert r1.cli("clear cdp counters") == ""
    assert "        Total packets output: 0, Input: 0\n" in r1.cli("show cdp traffic")
    bench.advance(60)
    assert len(table(r1)) == 3
    assert "        Total packets output: 3, Input: 3\n" in r1.cli("show cdp traffic")


def test_a_reload_starts_cdp_afresh(bench):
    r3 = bench["R3"]
    boot(r3.router, "reload")  # the old agent's timer must not go on advertising
    bench.advance(65)
    assert len(table(r3)) == 2
    assert "        Total packets output: 6, Input: 4\n" in r3.cli("show cdp traffic")
    # R1 heard R3 twice before the reload (its line coming up, its tick) and twice after (not
    # from the old agent at t=120 too), R2 three times on each of two lines; it told R3's line
    # again when it came back up
    assert "        Total packets output: 10, Input: 10\n" in bench["R1"].cli("show cdp traffic")


def test_a_removed_subinterface_takes_its_neighbours_with_it(tmp_path):
    lab = load_bench(tmp_path)
    for device, dlci in ((lab["R1"], 102), (lab["R2"], 201)):
        configure(
            device,
            "interface Serial0/1/0",
            "no frame-relay map ip 10.1.12.2 102 broadcast"
            if dlci == 102
            else "no frame-relay map ip 10.1.12.1 201 broadcast",
            "no ip address",
            f"interface Serial0/1/0.{dlci} point-to-point",
            f"ip address 10.1.21.{1 if dlci == 102 else 2} 255.255.255.0",
            f"frame-relay interface-dlci {dlci}",
        )
    lab.advance(65)
    assert ("Serial0/1/0.102", "R2", "Serial0/1/0.201") in table(lab["R1"])
    configure(lab["R1"], "no interface Serial0/1/0.102")
    assert all(interface != "Serial0/1/0.102" for interface, _, _ in table(lab["R1"]))


def test_a_long_device_id_takes_a_line_of_its_own(bench):
    """The Device ID is the hostname with the domain name; one longer than its column goes on
    a line of its own, the row under it (ntc_cisco_ios_show_cdp_neighbors_2.raw)."""
    configure(bench["R2"], "hostname R2-edge", "ip domain name lab.example.com")
    bench["R1"].cli("clear cdp table")
    bench.advance(60)
    lines = bench["R1"].cli("show cdp neighbors GigabitEthernet0/0").splitlines()
    assert lines[5:7] == [
        "R2-edge.lab.example.com",
        "                 Gig 0/0           175            R B S I CISCO2911 Gig 0/0",
    ]


FR_IETF = """\
name: fr-ietf
topology:
  defaults: {kind: router, type: c2811}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    FRSW:
      kind: frame-relay-switch
      ports: {s1: {lmi-type: ansi}, s2: {lmi-type: ansi}}
      pvcs: [{endpoints: [s1:102, s2:201]}]
  links:
    - endpoints: ["R1:Serial0/0/0", "FRSW:s1"]
    - endpoints: ["R2:Serial0/0/0", "FRSW:s2"]
"""


def fr_config(name: str, address: str, dlci: int) -> str:
    return f"""\
        hostname {name}
        interface Serial0/0/0
         encapsulation frame-relay ietf
         no shutdown
        interface Serial0/0/0.{dlci} point-to-point
         ip address {address} 255.255.255.252
         frame-relay interface-dlci {dlci}
        """


def test_frame_relay_ietf_point_to_point(make_lab):
    """CDP in RFC 2427's SNAP header, on point-to-point subinterfaces: each end lists the
    other on its subinterface (the PVC's), the port it came out of as the Port ID."""
    lab = make_lab(FR_IETF, R1=fr_config("R1", "10.9.0.1", 102), R2=fr_config("R2", "10.9.0.2", 201))
    lab.advance(65)
    for device in (lab["R1"], lab["R2"]):
        device.cli("")
        device.cli("enable")
    assert table(lab["R1"]) == {("Serial0/0/0.102", "R2", "Serial0/0/0.201")}
    assert table(lab["R2"]) == {("Serial0/0/0.201", "R1", "Serial0/0/0.102")}
    pvc = lab["R1"].cli("show frame-relay pvc 102")
    assert "  out bcast pkts 2 " in pvc  # the advertisements (at the PVC's coming up, at the tick)


def test_a_multilink_bundle_carries_cdp_over_its_own_cdpcp(tmp_path):
    folder = tmp_path / "ppp-multilink"
    shutil.copytree(Path(__file__).resolve().parents[3] / "topologies" / "ppp-multilink", folder)
    lab = iosemu.Lab.load(folder / "ppp-multilink.lab.yml")
    lab.advance(65)
    assert table(lab["R1"]) == {("Multilink1", "R2", "Multilink1")}  # not one per member line
