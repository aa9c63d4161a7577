"""LMI between a router (the DTE) and a frame-relay-switch port of each type: the polls and
their counters in `show frame-relay lmi` and `show interfaces`, a type mismatch, autosense,
the keepalive as the poll interval, the N392/N393 rule when the switch goes silent (its
cable loses every frame), and PVC changes showing up only at the full status (every 6th poll).
Then the maps those PVCs learn by Inverse ARP, cleared with each release's command; a DCE
router counting the enquiries that stop coming (T392); an autosensing DTE that garbage in
another type does not mislead.

The lab's clock: the line comes up at 2 s, LMI polls at 3 s and every 10 s after (13, 23, ...);
the polls at 3, 63, 123 s ask for a full status.
"""

from __future__ import annotations

import pytest
from frkit import HUB_AND_SPOKES, back_to_back, hub_lab, line_protocol, lmi_counters, multipoint, standard

from iosemu.protocols.frame_relay.pdu import FrFrame

TYPES = {  # configured as, LMI TYPE = ..., the show interfaces line
    "cisco": ("CISCO", "  LMI DLCI 1023  LMI type is CISCO  frame relay DTE"),
    "ansi": ("ANSI", "  LMI DLCI 0  LMI type is ANSI Annex D  frame relay DTE"),
    "q933a": ("CCITT", "  LMI DLCI 0  LMI type is CCITT  frame relay DTE"),
}


def hub(make_lab, switch_type: str, *hq_lines: str):
    """HQ with these interface lines, its switch port of `switch_type`; the spokes Cisco."""
    return hub_lab(
        make_lab,
        multipoint("HQ", "10.1.1.1", *hq_lines),
        multipoint("B1", "10.1.1.2"),
        multipoint("B2", "10.1.1.3"),
        hq_lmi=switch_type,
    )


def polls(hq) -> tuple[int, int]:
    """(Status Enquiries sent, Status messages received) as show frame-relay lmi counts them."""
    counters = lmi_counters(hq)
    return counters["Num Status Enq. Sent"], counters["Num Status msgs Rcvd"]


def lineproto(lines: list[str], state: str, interface: str = "Serial0/0/0") -> list[str]:
    text = f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {interface}, changed state to {state}"
    return [line for line in lines if line.endswith(text)]


@pytest.mark.parametrize("kind", TYPES)
def test_each_lmi_type_brings_the_line_up_and_polls_every_keepalive(make_lab, kind):
    lab = hub(make_lab, kind, f"frame-relay lmi-type {kind}")
    hq = lab["HQ"]
    lab.advance(15)  # polls at 3 and 13 s, both answered
    assert line_protocol(hq) == "up"
    shown, interface_line = TYPES[kind]
    lmi = hq.cli("show frame-relay lmi").splitlines()
    assert lmi[1] == f" LMI Statistics for interface Serial0/0/0 (Frame Relay DTE) LMI TYPE = {shown}"
    assert polls(hq) == (2, 2)
    assert lmi_counters(hq)["Num Status Timeouts"] == 0
    lab.advance(10)
    assert polls(hq) == (3, 3)  # one more poll, answered
    shown_interface = hq.cli("show interfaces Serial0/0/0").splitlines()
    assert interface_line in shown_interface
    assert "  LMI enq sent  3, LMI stat recvd 3, LMI upd recvd 0, DTE LMI up" in shown_interface
    assert f" frame-relay lmi-type {kind}" in hq.cli("show running-config").splitlines()


def test_lmi_type_mismatch_keeps_line_protocol_down(make_lab):
    lab = hub(make_lab, "ansi", "frame-relay lmi-type cisco")
    hq = lab["HQ"]
    lab.advance(60)  # six Cisco polls (3 ... 53 s) that the ANSI port never answers
    assert line_protocol(hq) == "down"
    assert not lineproto(hq.console.take_inbox(), "up")
    counters = lmi_counters(hq)
    assert (counters["Num Status Enq. Sent"], counters["Num Status msgs Rcvd"]) == (6, 0)
    assert counters["Num Status Timeouts"] == 5  # the sixth poll is not due to time out yet
    assert hq.cli("show frame-relay lmi").splitlines()[1].endswith("LMI TYPE = CISCO")
    assert (
        "  LMI enq sent  6, LMI stat recvd 0, LMI upd recvd 0, DTE LMI down"
        in hq.cli("show interfaces Serial0/0/0").splitlines()
    )


@pytest.mark.parametrize("kind", TYPES)
def test_autosense_settles_on_the_switch_port_type(make_lab, kind):
    lab = hub(make_lab, kind)  # no frame-relay lmi-type
    hq = lab["HQ"]
    hq.cli("debug frame-relay lmi")
    lab.advance(4)
    asked = [line for line in hq.console.take_inbox() if "(out): StEnq" in line]
    assert len(asked) == 3  # ANSI, Q.933A and Cisco at once, each from sequence number 1
    assert all(line.endswith("StEnq, myseq 1, yourseen 0, DTE down") for line in asked)
    lab.advance(11)
    assert line_protocol(hq) == "up"
    shown, interface_line = TYPES[kind]
    assert hq.cli("show frame-relay lmi").splitlines()[1].endswith(f"LMI TYPE = {shown}")
    assert interface_line in hq.cli("show interfaces Serial0/0/0").splitlines()
    assert polls(hq) == (4, 2)  # the three at once, then one in the sensed type
    assert "lmi-type" not in hq.cli("show running-config")


def test_keepalive_is_the_poll_interval(make_lab):
    lab = hub(make_lab, "cisco", "keepalive 5")
    hq = lab["HQ"]
    lab.advance(14)  # polls at 3, 8 and 13 s
    assert polls(hq) == (5, 3)  # the first poll autosensed: three enquiries
    lab.advance(10)
    assert polls(hq) == (7, 5)
    assert "  Keepalive set (5 sec)" in hq.cli("show interfaces Serial0/0/0").splitlines()
    assert line_protocol(hq) == "up"


def test_a_silent_switch_takes_line_protocol_down_at_the_third_of_four_missed_polls(make_lab):
    lab = hub(make_lab, "cisco", "frame-relay lmi-type cisco")
    hq = lab["HQ"]
    lab.advance(70)  # the full status at 63 s found both PVCs active
    assert "PVC STATUS = ACTIVE" in hq.cli("show frame-relay pvc 102")
    hq.console.take_inbox()
    cable = lab.link("HQ:Serial0/0/0")
    cable.loss = 1.0  # from the poll at 73 s on, nothing crosses either way
    lab.advance(30)  # the polls of 73 and 83 s missed (seen at 83 and 93 s): still up
    assert line_protocol(hq) == "up"
    assert lmi_counters(hq)["Num Status Timeouts"] == 2
    lab.advance(4)  # the third missed poll (93 s, seen at 103 s)
    assert line_protocol(hq) == "down"
    seen = hq.console.take_inbox()
    assert len(lineproto(seen, "down")) == 1
    assert any(line.endswith("Serial0/0/0 - DLCI 102 state changed to INACTIVE") for line in seen)
    assert "PVC STATUS = INACTIVE" in hq.cli("show frame-relay pvc 102")
    assert lmi_counters(hq)["Num Status Timeouts"] == 3
    cable.loss = 0.0
    lab.advance(10)  # 113 s: the poll of 103 s was lost; this one is answered
    assert line_protocol(hq) == "down"
    lab.advance(10)  # 123 s: the second good poll in a row
    assert line_protocol(hq) == "up"
    assert len(lineproto(hq.console.take_inbox(), "up")) == 1
    assert lmi_counters(hq)["Num Status Timeouts"] == 4


def test_full_status_every_sixth_poll_and_pvc_changes_only_then(make_lab):
    lab = standard(make_lab)
    hq = lab["HQ"]
    hq.cli("debug frame-relay lmi")
    lab.advance(70)
    out = hq.console.take_inbox()
    dumps = [line.split(": ", 1)[1].split() for line in out if ": 00 75 " in line]
    reports = [dump[-5] for dump in dumps]  # report type, then the keepalive IE's 4 bytes
    # the autosense round at 3 s (three full status requests), five link-only polls, a full one at 63 s
    assert reports == ["00"] * 3 + ["01"] * 5 + ["00"]
    assert "PVC STATUS = ACTIVE" in hq.cli("show frame-relay pvc 102")
    hq.cli("undebug all")
    lab["B1"].cli("configure terminal")
    lab["B1"].cli("interface Serial0/0/0")
    lab["B1"].cli("shutdown")
    lab.advance(50)  # 120 s: four more link-only polls; the switch knows, HQ does not yet
    assert "PVC STATUS = ACTIVE" in hq.cli("show frame-relay pvc 102")
    assert not any("DLCICHANGE" in line for line in hq.console.take_inbox())
    lab.advance(4)  # the full status of 123 s
    assert "PVC STATUS = INACTIVE" in hq.cli("show frame-relay pvc 102")
    assert "PVC STATUS = ACTIVE" in hq.cli("show frame-relay pvc 103")
    assert [line.split(": ", 1)[1] for line in hq.console.take_inbox() if "DLCICHANGE" in line] == [
        "%FR-5-DLCICHANGE: Interface Serial0/0/0 - DLCI 102 state changed to INACTIVE"
    ]


@pytest.mark.parametrize(
    ("model", "clears", "refused", "caret"),
    [
        ("c2811", "clear frame-relay-inarp", None, 0),  # 12.4 has the older hyphened word too
        ("c2811", "clear frame-relay inarp", None, 0),
        ("c2911", "clear frame-relay inarp", "clear frame-relay-inarp", 20),  # 15.x: no hyphened one
    ],
)
def test_each_release_clears_inverse_arp_maps_with_the_commands_it_has(
    make_lab, model, clears, refused, caret
):
    topology = HUB_AND_SPOKES.replace("topology:\n", f"topology:\n  defaults: {{type: {model}}}\n", 1)
    lab = make_lab(
        topology % {"hq_lmi": "cisco", "b1_lmi": "cisco", "b2_lmi": "cisco"},
        HQ=multipoint("HQ", "10.1.1.1"),
        B1=multipoint("B1", "10.1.1.2"),
        B2=multipoint("B2", "10.1.1.3"),
    )
    hq = lab["HQ"]
    hq.cli("enable")
    lab.advance(70)  # the PVCs went active at 3 or 63 s; Inverse ARP learned both spokes
    assert hq.cli("show frame-relay map").count("dynamic") == 2
    if refused is not None:
        assert hq.cli(refused) == " " * caret + "^\n% Invalid input detected at '^' marker.\n\n"
        assert hq.cli("show frame-relay map").count("dynamic") == 2
    assert hq.cli(clears) == ""
    assert "dynamic" not in hq.cli("show frame-relay map")
    lab.advance(60)  # the next Inverse ARP round learns them again
    assert hq.cli("show frame-relay map").count("dynamic") == 2


def test_a_dce_router_counts_missed_enquiries_and_goes_down_at_the_third(make_lab):
    lab = back_to_back(make_lab)
    r1 = lab["R1"]
    lab.advance(30)  # R2's enquiries at 3, 13 and 23 s answered
    assert line_protocol(r1) == "up"
    assert lmi_counters(r1)["Num Status Enq. Rcvd"] == 3
    lab.link("R1:Serial0/0/0").loss = 1.0  # from the poll of 33 s on, nothing arrives
    lab.advance(30)  # 60 s: T392 (15 s after the last enquiry, 23 s) ran out at 38 and 53 s
    assert lmi_counters(r1)["Num St Enq. Timeouts"] == 2
    assert line_protocol(r1) == "up"
    lab.advance(10)  # and at 68 s: the third of four
    assert lmi_counters(r1)["Num St Enq. Timeouts"] == 3
    assert line_protocol(r1) == "down"
    assert (
        "  LMI enq recvd 3, LMI stat sent  3, LMI upd sent  0, DCE LMI down"
        in r1.cli("show interfaces Serial0/0/0").splitlines()
    )


def test_an_autosensing_dte_keeps_its_type_when_garbage_comes_in_another(make_lab):
    lab = hub(make_lab, "cisco")  # no lmi-type: Cisco sensed at 3 s
    hq = lab["HQ"]
    lab.advance(25)
    cable = lab.link("HQ:Serial0/0/0")
    cable.loss = 1.0  # the polls of 33, 43 and 53 s missed: down at 63 s (its autosense round lost)
    lab.advance(39)
    assert line_protocol(hq) == "down"
    cable.loss = 0.0
    looks_ansi = bytes((0x03, 0x08, 0x00, 0x7D, 0x95, 0x01, 0x05))  # a report IE longer than the frame
    lab.nodes["FRSW"].ports["s1"].send(FrFrame(0, looks_ansi))
    lab.advance(1)
    assert lmi_counters(hq)["Invalid Status Message"] == 1
    lab.advance(20)  # the Cisco polls of 73 and 83 s answered
    assert line_protocol(hq) == "up"
    assert hq.cli("show frame-relay lmi").splitlines()[1].endswith("LMI TYPE = CISCO")


def test_sequence_numbers_wrap_from_255_to_1(make_lab):
    lab = hub(make_lab, "cisco", "frame-relay lmi-type cisco", "keepalive 1")
    hq = lab["HQ"]
    lab.advance(256.5)  # polls every second from 3 s: the 254th at 256 s
    hq.cli("debug frame-relay lmi")
    lab.advance(2)
    polls = [line.split(": ", 1)[1] for line in hq.console.take_inbox() if "StEnq" in line or "KA IE" in line]
    assert polls == [
        "Serial0/0/0(out): StEnq, myseq 255, yourseen 254, DTE up",
        "KA IE 3, length 2, yourseq 255, myseq 255",
        "Serial0/0/0(out): StEnq, myseq 1, yourseen 255, DTE up",  # as the 12.4 capture (research 2.2)
        "KA IE 3, length 2, yourseq 1 , myseq 1 ",
    ]
    assert line_protocol(hq) == "up"
