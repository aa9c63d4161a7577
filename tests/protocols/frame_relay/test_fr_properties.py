"""Properties of Frame Relay against a hostile far end (hypothesis): random frames put on the
line of a running LMI, as a broken or malicious peer would send them, reach one of three
receivers: a router's DTE (HQ, its frames sent by the frame-relay-switch port), a router as
the DCE (R1 with `frame-relay intf-type dce`, its frames sent by R2's end) and a
frame-relay-switch node's port (its frames sent by HQ's end). Random bytes as LMI messages
on DLCI 0 and 1023, well-formed LMI messages with one field wrong, random DLCIs with random
bytes or an IP packet, things that are not Frame Relay frames at all: nothing raises, each
malformed kind moves its own `Invalid ...` counter of `show frame-relay lmi` (the switch,
which has no console, keeps the same counters), and while the real LMI keeps answering the
line stays up, or comes back up by itself. Then the round trip of the wire formats.

IOS (notes/fr-research.md 1.8, from a source not confirmed) also counts an invalid Status as
an error event of the N392/N393 window; the emulator only counts it, so a burst of garbage
between two polls does not take the line down here.
"""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest
from frkit import back_to_back, hub_lab, line_protocol, lmi_counters, multipoint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.protocols.frame_relay.lmi import INVALID_COUNTERS
from iosemu.protocols.frame_relay.pdu import (
    LMI_TYPES,
    LOCKING_SHIFT,
    STATUS,
    STATUS_ENQUIRY,
    FrFrame,
    InArp,
    LmiMessage,
    Malformed,
    decode_inarp,
    decode_lmi,
)
from iosemu.protocols.ip.pdu import Icmp, Ipv4
from iosemu.protocols.ppp.pdu import PppFrame

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SIDES = ("dte", "dce", "switch")
RECOVERY = 60  # virtual seconds a disturbed LMI may take to come back
SETTLED = 25  # polls at 3, 13 and 23 s answered


class Bench:
    """A running LMI of one type on the side under test, and the far end that sends to it."""

    def __init__(self, make_lab, side: str, kind: str):
        self.side, self.kind, self.lmi_type = side, kind, LMI_TYPES[kind]
        typed = f"frame-relay lmi-type {kind}"
        if side == "dce":
            self.lab = back_to_back(make_lab, dce_lines=[typed], dte_lines=[typed])
            self.dte, self.far = self.lab["R2"], self.lab["R2"].router.ports["Serial0/0/0"]
            self.receiver = self.lab["R1"].router.ports["Serial0/0/0"].encapsulation
        else:
            hq = multipoint("HQ", "10.1.1.1", typed)
            self.lab = hub_lab(
                make_lab, hq, multipoint("B1", "10.1.1.2"), multipoint("B2", "10.1.1.3"), hq_lmi=kind
            )
            self.dte = self.lab["HQ"]
            switch = self.lab.nodes["FRSW"]
            if side == "dte":
                self.far, self.receiver = (
                    switch.ports["s1"],
                    self.dte.router.ports["Serial0/0/0"].encapsulation,
                )
            else:
                self.far, self.receiver = self.dte.router.ports["Serial0/0/0"], switch.ports["s1"]
        self.lab.advance(SETTLED)
        assert self.lmi_up()

    @property
    def expects(self) -> int:
        """The message kind the receiver takes: a Status on the DTE, an enquiry elsewhere."""
        return STATUS if self.side == "dte" else STATUS_ENQUIRY

    def invalid(self) -> dict[str, int]:
        """The `Invalid ...` counters, as `show frame-relay lmi` shows a router's."""
        if self.side == "switch":
            return dict(self.receiver.lmi.invalid)
        device = self.dte if self.side == "dte" else self.lab["R1"]
        counters = lmi_counters(device)
        return {label: counters[label] for label in INVALID_COUNTERS}

    def send(self, frame) -> None:
        """The far end puts the frame on the line; it arrives a moment later."""
        self.far.send(frame)
        self.lab.advance(0.05)

    def lmi_up(self) -> bool:
        """The DTE's line protocol is up and the receiver's LMI with it."""
        return line_protocol(self.dte) == "up" and self.receiver.lmi.up

    def recovers(self) -> None:
        self.lab.advance(RECOVERY)
        assert self.lmi_up()


side = st.sampled_from(SIDES)
kind = st.sampled_from(sorted(LMI_TYPES))
seq = st.integers(0, 255)
address = st.builds(IPv4Address, st.integers(0, 2**32 - 1))
icmp = st.builds(Icmp, st.integers(0, 255), st.integers(0, 255), seq, seq, st.integers(0, 1400))
ip_packet = st.builds(Ipv4, address, address, st.integers(0, 255), st.just(1), icmp)
dlci = st.integers(0, 1023)


@pytest.fixture
def bench(make_lab):
    return lambda where, lmi: Bench(make_lab, where, lmi)


# -- random bytes on the LMI DLCIs --------------------------------------------------------------


@SETTINGS
@given(
    where=side,
    lmi=kind,
    frames=st.lists(st.tuples(st.sampled_from([0, 1023]), st.binary(max_size=40)), max_size=6),
)
def test_random_bytes_on_the_lmi_dlcis_are_dropped_and_lmi_stays(bench, where, lmi, frames):
    test = bench(where, lmi)
    before = test.invalid()
    for number, data in frames:
        test.send(FrFrame(number, data))
    after = test.invalid()
    assert all(after[label] >= before[label] for label in INVALID_COUNTERS)
    assert sum(after.values()) - sum(before.values()) <= len(frames)
    test.recovers()


# -- well-formed LMI messages with one field wrong ---------------------------------------------


def _ie_at(lmi_type) -> int:
    """Where the report type IE starts (after the header and ANSI's locking shift)."""
    return 5 if lmi_type.locking_shift else 4


FAULTS = {  # what is wrong -> the counter it raises
    "unnumbered info": "Invalid Unnumbered info",
    "protocol discriminator": "Invalid Prot Disc",
    "call reference": "Invalid dummy Call Ref",
    "message type": "Invalid Msg Type",
    "message for the other side": "Invalid Msg Type",
    "locking shift": "Invalid Lock Shift",
    "report IE length": "Invalid Report IE Len",
    "report type": "Invalid Report Request",
    "keepalive IE length": "Invalid Keep IE Len",
    "information element": "Invalid Information ID",
    "information element cut short": "Invalid Status Message",
    "no keepalive IE": "Invalid Status Message",
}


@st.composite
def wrong_message(draw, lmi_type, expects: int):
    """(fault, bytes): a message of the receiver's type and kind, one field spoiled."""
    faults = [f for f in FAULTS if f != "locking shift" or lmi_type.locking_shift]
    fault = draw(st.sampled_from(faults))
    kind_sent = (STATUS + STATUS_ENQUIRY - expects) if fault == "message for the other side" else expects
    report = draw(st.sampled_from([0, 1]))
    message = LmiMessage(kind_sent, report, draw(seq), draw(seq))
    data = bytearray(message.encode(lmi_type))
    at = _ie_at(lmi_type)

    def other(*allowed: int) -> int:
        return draw(st.integers(0, 255).filter(lambda b: b not in allowed))

    if fault == "unnumbered info":
        data[0] = other(0x03)
    elif fault == "protocol discriminator":
        data[1] = other(lmi_type.discriminator)
    elif fault == "call reference":
        data[2] = other(0)
    elif fault == "message type":
        data[3] = other(STATUS, STATUS_ENQUIRY)
    elif fault == "locking shift":
        data[4] = other(LOCKING_SHIFT)
    elif fault == "report IE length":
        data[at + 1] = draw(st.sampled_from([0, 2, 3, 4, 5]))  # still within the message
    elif fault == "report type":
        data[at + 2] = other(0, 1)
    elif fault == "keepalive IE length":
        data[at + 4] = draw(st.sampled_from([0, 1]))
    elif fault == "information element":
        data[at] = other(lmi_type.report_ie, lmi_type.keepalive_ie, lmi_type.pvc_ie)
    elif fault == "information element cut short":
        data[at + 4] = draw(st.integers(3, 255))  # the keepalive IE claims more than is left
    elif fault == "no keepalive IE":
        del data[at + 3 :]
    return fault, bytes(data)


@SETTINGS
@given(where=side, lmi=kind, data=st.data())
def test_a_message_with_a_wrong_field_raises_its_counter(bench, where, lmi, data):
    test = bench(where, lmi)
    fault, message = data.draw(wrong_message(test.lmi_type, test.expects))
    before = test.invalid()
    test.send(FrFrame(test.lmi_type.dlci, message))
    after = test.invalid()
    counter = FAULTS[fault]
    assert after == {**before, counter: before[counter] + 1}
    assert test.lmi_up()
    test.recovers()


@SETTINGS
@given(
    lmi=kind, report=st.sampled_from([0, 1]), pvcs=st.lists(st.tuples(dlci, st.integers(0, 255)), max_size=8)
)
def test_a_status_with_any_pvcs_answering_a_poll_is_taken_and_the_next_full_status_mends(
    bench, lmi, report, pvcs
):
    test = bench("dte", lmi)
    test.lab.advance(33 - SETTLED)  # the poll of 33 s has just left; its answer is on its way
    dte = test.receiver.lmi
    assert dte.waiting
    status = LmiMessage(STATUS, report, 77, dte.sent_seq, tuple(pvcs)).encode(test.lmi_type)
    test.send(FrFrame(test.lmi_type.dlci, status))  # ahead of the switch's answer on the cable
    assert dte.seen_seq == 77
    hq = test.dte
    shown = hq.cli("show frame-relay pvc").splitlines()
    reported = {d for d, _ in pvcs if 16 <= d <= 1007}  # reserved DLCIs are not PVCs
    if report == 0:
        assert {
            int(line.split(",")[0].split()[-1]) for line in shown if line.startswith("DLCI = ")
        } >= reported
    hq.cli("show frame-relay map")
    test.lab.advance(64 - 33)  # the full status of 63 s
    assert "PVC STATUS = ACTIVE" in hq.cli("show frame-relay pvc 102")
    test.recovers()


# -- any DLCI, any payload; what is not Frame Relay at all ----------------------------------------


frame_relay = st.builds(FrFrame, dlci, st.one_of(st.binary(max_size=60), ip_packet), st.booleans())
not_frame_relay = st.one_of(
    st.builds(PppFrame, st.integers(0, 0xFFFF), st.binary(max_size=40)), st.binary(max_size=40), ip_packet
)


@SETTINGS
@given(where=side, lmi=kind, frames=st.lists(st.one_of(frame_relay, not_frame_relay), min_size=1, max_size=6))
def test_frames_on_any_dlci_and_what_is_not_frame_relay_never_crash(bench, where, lmi, frames):
    test = bench(where, lmi)
    before = test.invalid()
    for frame in frames:
        test.send(frame)
    if not any(isinstance(frame, FrFrame) and frame.dlci in (0, 1023) for frame in frames):
        assert test.invalid() == before  # only what comes on an LMI DLCI is LMI's to count
    test.recovers()


# -- the wire formats: what is encoded decodes the same --------------------------------------


pvc_status = st.tuples(st.integers(0, 1023), st.integers(0, 15))


@given(
    lmi=kind,
    enquiry=st.booleans(),
    report=st.sampled_from([0, 1]),
    sent=seq,
    seen=seq,
    pvcs=st.lists(pvc_status, max_size=8),
)
def test_lmi_messages_round_trip(lmi, enquiry, report, sent, seen, pvcs):
    kind_sent = STATUS_ENQUIRY if enquiry else STATUS
    message = LmiMessage(kind_sent, report, sent, seen, () if enquiry else tuple(pvcs))
    assert decode_lmi(message.encode(LMI_TYPES[lmi]), LMI_TYPES[lmi]) == message


@given(lmi=kind, data=st.binary(max_size=40))
def test_any_bytes_decode_to_a_message_or_name_their_counter(lmi, data):
    try:
        decode_lmi(data, LMI_TYPES[lmi])
    except Malformed as fault:
        assert fault.counter in INVALID_COUNTERS


@given(
    op=st.sampled_from([8, 9]),
    sender_hw=st.integers(0, 0xFFFF),
    sender_ip=address,
    target_hw=st.integers(0, 0xFFFF),
    target_ip=address,
)
def test_inverse_arp_round_trips(op, sender_hw, sender_ip, target_hw, target_ip):
    packet = InArp(op, sender_hw, sender_ip, target_hw, target_ip)
    data = packet.encode()
    assert len(FrFrame(102, data)) == 34  # as IOS sends it
    assert decode_inarp(data) == packet


@given(data=st.binary(max_size=40))
def test_any_bytes_decode_to_an_inverse_arp_packet_or_nothing(data):
    packet = decode_inarp(data)
    assert packet is None or packet.op in (8, 9)
