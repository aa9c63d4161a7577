"""Frame Relay scenarios through the API, as a student sees them: hub and spoke on the main
interfaces and on point-to-point subinterfaces, Inverse ARP, PVC status (ACTIVE, INACTIVE
when the far end shuts, DELETED, STATIC), a router as the switch, the PVC counters, and
broadcasts copied only onto the PVCs that allow them.

The hub HQ polls a full status every 60 s (the first at 3 s): a change on the far side of
a PVC shows at the hub's next one (`%FR-5-DLCICHANGE` then)."""

from __future__ import annotations

from pathlib import Path

import frkit
from lab_helpers import solved_lab

TOPOLOGIES = Path(__file__).resolve().parents[3] / "topologies"
SETTLED = 70  # past the hub's second full status: every PVC reported, Inverse ARP done


def booted(name: str):
    lab = solved_lab(TOPOLOGIES / name / f"{name}.lab.yml")
    for device in lab:
        device.cli("enable")
    return lab


def success(device, target: str) -> str:
    return device.cli(f"ping {target}").splitlines()[-1].split(",")[0]


# -- hub and spoke, multipoint -------------------------------------------------------------
def test_hub_learns_the_spokes_by_inverse_arp_and_spokes_need_maps_to_reach_each_other(make_lab):
    lab = frkit.standard(make_lab)
    lab.advance(SETTLED)
    hq, b1, b2 = lab["HQ"], lab["B1"], lab["B2"]
    assert hq.cli("show frame-relay map").splitlines()[1:] == [
        "Serial0/0/0 (up): ip 10.1.1.2 dlci 102(0x66,0x1860), dynamic,",
        "              broadcast,",
        "              CISCO, status defined, active",
        "Serial0/0/0 (up): ip 10.1.1.3 dlci 103(0x67,0x1870), dynamic,",
        "              broadcast,",
        "              CISCO, status defined, active",
    ]
    assert "ip 10.1.1.1 dlci 201(0xC9,0x3090), dynamic," in b1.cli("show frame-relay map")
    for spoke, far in ((b1, "10.1.1.3"), (b2, "10.1.1.2")):
        assert success(spoke, "10.1.1.1") == "Success rate is 100 percent (5/5)"
        assert success(spoke, far) == "Success rate is 0 percent (0/5)"  # no map to the other spoke
    frkit.configure(b1, "interface Serial0/0/0", "frame-relay map ip 10.1.1.3 201 broadcast")
    assert success(b1, "10.1.1.3") == "Success rate is 0 percent (0/5)"  # B2 cannot answer yet
    frkit.configure(b2, "interface Serial0/0/0", "frame-relay map ip 10.1.1.2 301 broadcast")
    assert success(b1, "10.1.1.3") == "Success rate is 100 percent (5/5)"
    assert success(b2, "10.1.1.2") == "Success rate is 100 percent (5/5)"
    assert b1.cli("show frame-relay map").startswith(
        "\nSerial0/0/0 (up): ip 10.1.1.3 dlci 201(0xC9,0x3090), static,\n"
        "              broadcast,\n"
        "              CISCO, status defined, active\n"
    )


def test_the_hub_and_spoke_lab_comes_up_and_every_router_reaches_every_other():
    lab = booted("fr-hub-spoke")
    lab.advance(5)  # every router's first full status (at 3 s) already lists its PVCs active
    for name, dlcis in (("R1", (102, 103)), ("R2", (201,)), ("R3", (301,))):
        assert [frkit.pvc_status(lab[name], dlci) for dlci in dlcis] == ["ACTIVE"] * len(dlcis)
    addresses = {"R1": "10.1.1.1", "R2": "10.1.1.2", "R3": "10.1.1.3"}
    for name in addresses:
        for other, far in addresses.items():
            if other != name:
                assert success(lab[name], far) == "Success rate is 100 percent (5/5)", (name, far)
    lab.advance(SETTLED)
    assert "ip 10.1.1.3 dlci 103(0x67,0x1870), dynamic," in lab["R1"].cli("show frame-relay map")


# -- point-to-point subinterfaces ---------------------------------------------------------------
def test_point_to_point_subinterfaces_follow_their_pvc_and_carry_traffic(make_lab):
    lab = frkit.hub_lab(
        make_lab,
        frkit.point_to_point("HQ", (102, "10.1.12.1"), (103, "10.1.13.1")),
        frkit.point_to_point("B1", (201, "10.1.12.2")),
        frkit.point_to_point("B2", (301, "10.1.13.2")),
    )
    lab.advance(SETTLED)
    hq, b1 = lab["HQ"], lab["B1"]
    assert "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0.201, changed state to up" in (
        frkit.syslog(b1)
    )
    hq_log = frkit.syslog(hq)
    for subif in ("Serial0/0/0.102", "Serial0/0/0.103"):
        assert f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {subif}, changed state to up" in hq_log
    assert hq.cli("show frame-relay map").splitlines()[1:] == [
        "Serial0/0/0.102 (up): point-to-point dlci, dlci 102(0x66,0x1860), broadcast",
        "          status defined, active",
        "Serial0/0/0.103 (up): point-to-point dlci, dlci 103(0x67,0x1870), broadcast",
        "          status defined, active",
    ]
    assert success(hq, "10.1.12.2") == "Success rate is 100 percent (5/5)"
    assert success(lab["B2"], "10.1.13.1") == "Success rate is 100 percent (5/5)"
    # B1 goes away: its PVC turns INACTIVE at the hub's next full status, and the hub's
    # subinterface for it goes down with it (the other stays up).
    frkit.configure(b1, "interface Serial0/0/0", "shutdown")
    lab.advance(60)
    hq_log = frkit.syslog(hq)
    assert hq_log[-2:] == [
        "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to INACTIVE",
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0.102, changed state to down",
    ]
    brief = hq.cli("show ip interface brief").splitlines()
    assert next(line for line in brief if line.startswith("Serial0/0/0.102 ")).split()[-2:] == ["up", "down"]
    assert next(line for line in brief if line.startswith("Serial0/0/0.103 ")).split()[-2:] == ["up", "up"]
    assert success(hq, "10.1.12.2") == "Success rate is 0 percent (0/5)"
    frkit.configure(b1, "interface Serial0/0/0", "no shutdown")
    lab.advance(60)
    assert frkit.syslog(hq)[-2:] == [
        "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to ACTIVE",
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0.102, changed state to up",
    ]
    assert success(hq, "10.1.12.2") == "Success rate is 100 percent (5/5)"


def test_the_point_to_point_lab_reaches_spoke_to_spoke_through_the_hub():
    lab = booted("fr-point-to-point")
    lab.advance(SETTLED)
    assert success(lab["R2"], "10.1.13.2") == "Success rate is 100 percent (5/5)"
    assert success(lab["R3"], "10.1.12.2") == "Success rate is 100 percent (5/5)"
    assert [frkit.pvc_status(lab["R1"], dlci) for dlci in (102, 103)] == ["ACTIVE", "ACTIVE"]
    assert "INTERFACE = Serial0/0/0.102" in lab["R1"].cli("show frame-relay pvc 102")


# -- Inverse ARP ---------------------------------------------------------------------------------
def test_no_inverse_arp_learns_nothing_and_clear_forgets_until_the_next_request(make_lab):
    lab = frkit.hub_lab(
        make_lab,
        frkit.multipoint("HQ", "10.1.1.1"),
        frkit.multipoint("B1", "10.1.1.2"),
        frkit.multipoint("B2", "10.1.1.3", "no frame-relay inverse-arp"),
    )
    lab.advance(SETTLED)
    assert lab["B2"].cli("show frame-relay map") == "\n"
    assert lab["B2"].cli("show frame-relay pvc 301").count("PVC STATUS = ACTIVE") == 1
    hq = lab["HQ"]
    assert "ip 10.1.1.2 dlci 102(0x66,0x1860), dynamic," in hq.cli("show frame-relay map")
    assert hq.cli("clear frame-relay inarp") == ""
    assert hq.cli("show frame-relay map") == "\n"
    assert success(hq, "10.1.1.2") == "Success rate is 0 percent (0/5)"  # encapsulation failed: no map
    lab.advance(60)  # the next round of requests (every 60 s) learns them again
    assert "ip 10.1.1.2 dlci 102(0x66,0x1860), dynamic," in hq.cli("show frame-relay map")
    assert success(hq, "10.1.1.2") == "Success rate is 100 percent (5/5)"
    # Turned off on the hub: once cleared, its maps stay gone (B1 keeps asking every minute).
    frkit.configure(hq, "interface Serial0/0/0", "no frame-relay inverse-arp")
    hq.cli("clear frame-relay inarp")
    lab.advance(130)
    assert hq.cli("show frame-relay map") == "\n"
    assert " no frame-relay inverse-arp" in hq.cli("show running-config interface Serial0/0/0")


# -- PVC status ------------------------------------------------------------------------------------
def test_a_pvc_goes_inactive_when_the_far_end_shuts_and_active_again_at_the_next_full_status(make_lab):
    lab = frkit.standard(make_lab)
    lab.advance(SETTLED)
    hq, b1 = lab["HQ"], lab["B1"]
    frkit.syslog(hq)
    frkit.configure(b1, "interface Serial0/0/0", "shutdown")
    lab.advance(20)  # t=90: the hub's next full status is at 123
    assert frkit.pvc_status(hq, 102) == "ACTIVE"
    assert [line for line in frkit.syslog(hq) if "DLCICHANGE" in line] == []
    lab.advance(40)
    assert frkit.syslog(hq) == [
        "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to INACTIVE"
    ]
    assert frkit.pvc_status(hq, 102) == "INACTIVE" and frkit.pvc_status(hq, 103) == "ACTIVE"
    assert "10.1.1.2" not in hq.cli("show frame-relay map")  # its dynamic map went with it
    assert "DLCI = 102, DLCI USAGE = LOCAL, PVC STATUS = INACTIVE, INTERFACE = Serial0/0/0" in hq.cli(
        "show frame-relay pvc"
    )
    assert (
        hq.cli("show frame-relay pvc").splitlines()[4]
        == "  Local          1            1            0            0"
    )
    frkit.configure(b1, "interface Serial0/0/0", "no shutdown")
    lab.advance(60)
    assert frkit.syslog(hq) == ["%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to ACTIVE"]
    assert frkit.pvc_status(hq, 102) == "ACTIVE"
    assert success(hq, "10.1.1.2") == "Success rate is 100 percent (5/5)"


def test_a_dlci_the_switch_does_not_have_is_deleted(make_lab):
    lab = frkit.hub_lab(
        make_lab,
        frkit.multipoint("HQ", "10.1.1.1", "frame-relay map ip 10.1.1.9 999"),
        frkit.multipoint("B1", "10.1.1.2"),
        frkit.point_to_point("B2", (301, "10.1.1.3"), (999, "10.9.9.1")),
    )
    lab.advance(SETTLED)
    hq, b2 = lab["HQ"], lab["B2"]
    assert "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 999 state changed to DELETED" in frkit.syslog(hq)
    assert frkit.pvc_status(hq, 999) == "DELETED"
    assert hq.cli("show frame-relay map").startswith(
        "\nSerial0/0/0 (up): ip 10.1.1.9 dlci 999(0x3E7,0xF870), static,\n              CISCO, status deleted\n"
    )
    assert success(hq, "10.1.1.9") == "Success rate is 0 percent (0/5)"
    assert frkit.counters(hq, 999)["out pkts dropped"] == 5
    assert frkit.pvc_status(b2, 999) == "DELETED"
    assert "Serial0/0/0.999 (down): point-to-point dlci, dlci 999(0x3E7,0xF870), broadcast\n" in b2.cli(
        "show frame-relay map"
    )
    brief = b2.cli("show ip interface brief").splitlines()
    assert next(line for line in brief if line.startswith("Serial0/0/0.999 ")).split()[-2:] == ["up", "down"]
    assert next(line for line in brief if line.startswith("Serial0/0/0.301 ")).split()[-2:] == ["up", "up"]


def test_without_keepalive_back_to_back_the_pvc_is_static_and_carries_traffic(make_lab):
    lab = frkit.two_routers(
        make_lab,
        frkit.multipoint(
            "R1", "10.1.1.1", "clock rate 64000", "no keepalive", "frame-relay map ip 10.1.1.2 102 broadcast"
        ),
        frkit.multipoint("R2", "10.1.1.2", "no keepalive", "frame-relay map ip 10.1.1.1 102 broadcast"),
    )
    lab.advance(10)
    r1 = lab["R1"]
    shown = r1.cli("show frame-relay pvc").splitlines()
    assert shown[4] == "  Local          0            0            0            1"
    assert shown[8] == "DLCI = 102, DLCI USAGE = LOCAL, PVC STATUS = STATIC, INTERFACE = Serial0/0/0"
    assert r1.cli("show frame-relay map").splitlines()[1:] == [
        "Serial0/0/0 (up): ip 10.1.1.2 dlci 102(0x66,0x1860), static,",
        "              broadcast,",
        "              CISCO",
    ]
    interface = r1.cli("show interfaces Serial0/0/0").splitlines()
    assert interface[0] == "Serial0/0/0 is up, line protocol is up "
    assert "  Keepalive not set" in interface and not any("LMI" in line for line in interface)
    assert success(r1, "10.1.1.2") == "Success rate is 100 percent (5/5)"
    assert success(lab["R2"], "10.1.1.1") == "Success rate is 100 percent (5/5)"


def test_no_keepalive_on_a_dte_makes_its_pvcs_static(make_lab):
    lab = frkit.hub_lab(
        make_lab,
        frkit.multipoint("HQ", "10.1.1.1"),
        frkit.multipoint("B1", "10.1.1.2", "no keepalive", "frame-relay map ip 10.1.1.1 201 broadcast"),
        frkit.multipoint("B2", "10.1.1.3"),
    )
    lab.advance(SETTLED)
    assert frkit.pvc_status(lab["B1"], 201) == "STATIC"
    assert lab["B1"].cli("show interfaces Serial0/0/0").splitlines()[0].endswith("line protocol is up ")
    # The switch hears no LMI from B1: it reports that PVC inactive to the hub.
    assert frkit.pvc_status(lab["HQ"], 102) == "INACTIVE"
    assert frkit.pvc_status(lab["HQ"], 103) == "ACTIVE"


# -- a router as the switch -------------------------------------------------------------------------
def test_a_router_switches_the_pvc_and_its_route_follows_the_far_line():
    lab = booted("fr-router-switch")
    lab.advance(SETTLED)
    switch, r1, r2 = lab["FRSW"], lab["R1"], lab["R2"]
    assert switch.cli("show frame-relay route") == (
        "\n"
        "Input Intf      Input Dlci      Output Intf     Output Dlci     Status\n"
        "Serial0/0/0     102             Serial0/0/1     201             active\n"
        "Serial0/0/1     201             Serial0/0/0     102             active\n"
    )
    assert success(r1, "10.1.1.2") == "Success rate is 100 percent (5/5)"
    assert success(r2, "10.1.1.1") == "Success rate is 100 percent (5/5)"
    assert "ip 10.1.1.2 dlci 102(0x66,0x1860), dynamic," in r1.cli("show frame-relay map")
    switched = switch.cli("show frame-relay pvc 102")
    assert "DLCI = 102, DLCI USAGE = SWITCHED, PVC STATUS = ACTIVE, INTERFACE = Serial0/0/0" in switched
    assert "  connected to interface Serial0/0/1 201\n" in switched
    assert frkit.counters(switch, 102)["switched pkts"] >= 5
    assert "(Frame Relay DCE)" in switch.cli("show frame-relay pvc")
    frkit.configure(r2, "interface Serial0/0/0", "shutdown")
    lab.advance(5)
    assert switch.cli("show frame-relay route").splitlines()[2:] == [
        "Serial0/0/0     102             Serial0/0/1     201             inactive",
        "Serial0/0/1     201             Serial0/0/0     102             inactive",
    ]
    lab.advance(60)  # R1's next full status
    assert "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to INACTIVE" in frkit.syslog(r1)
    frkit.configure(r2, "interface Serial0/0/0", "no shutdown")
    lab.advance(65)
    assert switch.cli("show frame-relay route").splitlines()[2].endswith("active")
    assert frkit.pvc_status(r1, 102) == "ACTIVE"
    assert success(r1, "10.1.1.2") == "Success rate is 100 percent (5/5)"


# -- traffic ----------------------------------------------------------------------------------------
def test_pvc_counters_move_with_the_pings(make_lab):
    lab = frkit.standard(make_lab)
    lab.advance(SETTLED)
    hq, b1 = lab["HQ"], lab["B1"]
    before, far, other = frkit.counters(hq, 102), frkit.counters(b1, 201), frkit.counters(hq, 103)
    assert success(hq, "10.1.1.2") == "Success rate is 100 percent (5/5)"
    after, far_after = frkit.counters(hq, 102), frkit.counters(b1, 201)
    moved = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    assert moved == {"input pkts": 5, "output pkts": 5, "in bytes": 520, "out bytes": 520}
    assert (
        far_after["input pkts"] - far["input pkts"] == 5
        and far_after["output pkts"] - far["output pkts"] == 5
    )
    assert frkit.counters(hq, 103) == other  # the other PVC saw none of it


def test_broadcasts_are_copied_only_onto_pvcs_mapped_with_broadcast(make_lab):
    lab = frkit.hub_lab(
        make_lab,
        frkit.multipoint(
            "HQ", "10.1.1.1", "frame-relay map ip 10.1.1.2 102 broadcast", "frame-relay map ip 10.1.1.3 103"
        ),
        frkit.multipoint("B1", "10.1.1.2", "frame-relay map ip 10.1.1.1 201 broadcast"),
        frkit.multipoint("B2", "10.1.1.3", "frame-relay map ip 10.1.1.1 301"),
    )
    lab.advance(SETTLED)
    hq, b1, b2 = lab["HQ"], lab["B1"], lab["B2"]
    before = {dlci: frkit.counters(hq, dlci) for dlci in (102, 103)}
    spokes = frkit.counters(b1, 201)["input pkts"], frkit.counters(b2, 301)["input pkts"]
    assert hq.cli("ping 10.1.1.255").splitlines()[2:] == [
        "",
        *(f"Reply to request {n} from 10.1.1.2, 4 ms" for n in range(5)),
    ]
    after = {dlci: frkit.counters(hq, dlci) for dlci in (102, 103)}
    assert after[102]["out bcast pkts"] - before[102]["out bcast pkts"] == 5
    assert after[102]["out bcast bytes"] - before[102]["out bcast bytes"] == 520
    assert after[103] == before[103]
    assert frkit.counters(b1, 201)["input pkts"] - spokes[0] == 5
    assert frkit.counters(b2, 301)["input pkts"] == spokes[1]
    assert success(hq, "10.1.1.3") == "Success rate is 100 percent (5/5)"  # unicast still goes


def test_a_learned_pvc_the_switch_stops_listing_is_gone_and_a_configured_one_deleted(make_lab):
    lab = frkit.back_to_back(make_lab, dte_lines=["frame-relay interface-dlci 105"])
    r1, r2 = lab["R1"], lab["R2"]
    r1.cli("configure terminal")
    r1.cli("interface Serial0/0/0")
    r1.cli("frame-relay interface-dlci 105")
    r1.cli("end")
    lab.advance(10)  # the first full status: R2 learns 102 (not configured there) and 105
    assert frkit.pvc_status(r2, 102) == "ACTIVE" and frkit.pvc_status(r2, 105) == "ACTIVE"
    frkit.configure(
        r1, "interface Serial0/0/0", "no frame-relay interface-dlci 102", "no frame-relay interface-dlci 105"
    )
    r2.console.take_inbox()
    lab.advance(60)  # the next full status lists neither
    assert "DLCI = 102" not in r2.cli("show frame-relay pvc")
    assert frkit.pvc_status(r2, 105) == "DELETED"
    assert [line for line in frkit.syslog(r2) if "DLCICHANGE" in line] == [
        "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 105 state changed to DELETED",
        "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to DELETED",
    ]


# R1's three Frame Relay lines: a DTE through the switch to R2 (which runs no LMI: the switch
# reports DLCI 102 inactive), a line without keepalive to R3 (DLCI 103 static), and the DCE of
# R4's line (DLCI 104, R1 switching nothing on it).
THREE_LINES = """
name: fr-three-lines
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    R3: {startup-config: R3.cfg}
    R4: {startup-config: R4.cfg}
    FRSW:
      kind: frame-relay-switch
      ports: {s1: {lmi-type: cisco}, s2: {lmi-type: cisco}}
      pvcs:
        - endpoints: [s1:102, s2:201]
  links:
    - endpoints: ["R1:Serial0/0/0", "FRSW:s1"]
    - endpoints: ["R2:Serial0/0/0", "FRSW:s2"]
    - endpoints: ["R1:Serial0/0/1", "R3:Serial0/0/0"]
      dce: R1
    - endpoints: ["R1:Serial0/1/0", "R4:Serial0/0/0"]
      dce: R1
"""


def test_a_line_going_down_leaves_the_pvcs_of_the_other_lines_as_they_were(make_lab):
    def line(name: str, address: str, *more: str) -> str:
        extra = "".join(f" {text}\n" for text in more)
        return (
            f"interface {name}\n ip address {address} 255.255.255.0\n encapsulation frame-relay\n"
            f"{extra} no shutdown\n"
        )

    r1 = (
        "hostname R1\nframe-relay switching\n"
        + line("Serial0/0/0", "10.1.2.1", "frame-relay map ip 10.1.2.2 102")
        + line(
            "Serial0/0/1", "10.1.3.1", "clock rate 64000", "no keepalive", "frame-relay map ip 10.1.3.3 103"
        )
        + line(
            "Serial0/1/0",
            "10.1.4.1",
            "clock rate 64000",
            "frame-relay intf-type dce",
            "frame-relay interface-dlci 104",
        )
        + "end\n"
    )
    lab = make_lab(
        THREE_LINES,
        R1=r1,
        R2="hostname R2\n" + line("Serial0/0/0", "10.1.2.2", "no keepalive") + "end\n",
        R3="hostname R3\n" + line("Serial0/0/0", "10.1.3.3", "no keepalive") + "end\n",
        R4="hostname R4\n" + line("Serial0/0/0", "10.1.4.4") + "end\n",
    )
    lab.advance(SETTLED)
    for device in lab:
        device.cli("enable")
    router = lab["R1"]
    assert (frkit.pvc_status(router, 102), frkit.pvc_status(router, 103)) == ("INACTIVE", "STATIC")
    assert frkit.pvc_status(router, 104) == "ACTIVE"
    router.console.take_inbox()
    frkit.configure(lab["R4"], "interface Serial0/0/0", "shutdown")
    lab.advance(40)  # R1's DCE line misses R4's polls: down
    assert frkit.line_protocol(router, "Serial0/1/0") == "down"
    assert (frkit.pvc_status(router, 102), frkit.pvc_status(router, 103)) == ("INACTIVE", "STATIC")
    frkit.configure(lab["R4"], "interface Serial0/0/0", "no shutdown")
    lab.advance(30)
    assert frkit.line_protocol(router, "Serial0/1/0") == "up"
    assert (frkit.pvc_status(router, 102), frkit.pvc_status(router, 103)) == ("INACTIVE", "STATIC")
    assert not [text for text in frkit.syslog(router) if "DLCI 102" in text or "DLCI 103" in text]
