"""A capture of PE1's core line read by tshark: each PE's ICRQ carries Cisco's Session Tie
Breaker (vendor 9, AVP 9, which Wireshark names `l2tp.cisco.tie_breaker`), and the call whose
value is the lower is the session `show l2tun session` has."""

from __future__ import annotations

import re

from tests.capture.tsharkkit import INBOUND, OUTBOUND, needs_tshark, tshark
from tests.protocols.l2tpv3.l2tpv3kit import CORE, TOPOLOGY, pe

pytestmark = needs_tshark
ICRQ = "10"


def test_both_icrqs_carry_the_session_tie_breaker_and_the_lower_call_stands(make_lab, tmp_path):
    lab = make_lab(TOPOLOGY, PE1=pe("PE1"), PE2=pe("PE2"), CORE=CORE)
    file = tmp_path / "pe1.pcapng"
    running = lab.capture("PE1:s0/0/0", file)
    lab.advance(30)
    running.stop()
    fields = ("l2tp.avp.message_type", "l2tp.cisco.tie_breaker", "l2tp.avp.local_session_id")
    icrqs = [frame for frame in tshark(file, fields) if ICRQ in frame["l2tp.avp.message_type"]]
    assert len(icrqs) == 2
    calls = {int(f["l2tp.cisco.tie_breaker"][0], 16): f["l2tp.avp.local_session_id"][0] for f in icrqs}
    assert len(calls) == 2
    standing = calls[min(calls)]
    pe1 = lab["PE1"]
    pe1.cli("")
    pe1.cli("enable")
    ids = re.findall(r"^\s*(\d+)\s+(\d+)\s", pe1.cli("show l2tun session"), re.M)
    assert standing in ids[0]


def test_wireshark_reads_the_sequencing_avps_and_each_packets_sublayer(make_lab, tmp_path):
    """`sequencing both` at both ends: tshark, with its default `l2tp.l2_specific: Detect`,
    learns the Default L2-Specific Sublayer from the ICRQ and ICRP and reads the S bit and the
    sequence numbers of the data packets."""
    both = " sequencing both\n"
    lab = make_lab(TOPOLOGY, PE1=pe("PE1", pw_extra=both), PE2=pe("PE2", pw_extra=both), CORE=CORE)
    file = tmp_path / "pe1.pcapng"
    running = lab.capture("PE1:s0/0/0", file)
    lab.advance(30)
    lab["PC1"].cli("ping 192.168.50.2")
    running.stop()
    sublayer, sequencing = "l2tp.avp.layer2_specific_sublayer", "l2tp.avp.data_sequencing"
    fields = (sublayer, sequencing, "l2tp.l2_spec_s", "l2tp.l2_spec_sequence", "frame.packet_flags_direction")
    frames = tshark(file, fields)
    assert {f[sublayer][0] for f in frames if f[sublayer]} == {"1"}  # the Default L2-Specific Sublayer
    assert {f[sequencing][0] for f in frames if f[sequencing]} == {"2"}  # every packet numbered
    numbered = [f for f in frames if f["l2tp.l2_spec_sequence"]]
    assert all(f["l2tp.l2_spec_s"] == ["1"] for f in numbered)
    for direction in (INBOUND, OUTBOUND):  # the ARP, then the four pings, each way
        mine = [
            int(f["l2tp.l2_spec_sequence"][0])
            for f in numbered
            if int(f["frame.packet_flags_direction"][0], 16) == direction
        ]
        assert mine == list(range(5))
