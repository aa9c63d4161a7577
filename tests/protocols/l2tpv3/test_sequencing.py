"""`sequencing transmit|receive|both` and `sequencing resync N` in the pseudowire-class (the
12.0(29)S L2TPv3 guide's command page and its `show l2tun session all` sample, p. 136): the
L2-Specific Sublayer (69) and Data Sequencing (70) AVPs of RFC 3931 section 5.4.4 in the ICRQ
and ICRP, the Default L2-Specific Sublayer (section 4.6: the S bit and a 24-bit sequence
number) on every data packet, and a packet that arrives again or out of order dropped and
counted (`Receive packets dropped`, `N out of order packets discarded`) where `receive` or
`both` asks for it."""

from __future__ import annotations

import struct
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tpv3 import pdu as v3
from tests.protocols.l2tpv3.l2tpv3kit import lab_in, pe, tap, two_sites

BOTH = " sequencing both\n"
S_BIT = 0x40000000


def _sequenced(make_lab, pe1: str = BOTH, pe2: str = BOTH):
    lab = two_sites(make_lab, settle=0, PE1=pe("PE1", pw_extra=pe1), PE2=pe("PE2", pw_extra=pe2))
    log = tap(lab)
    lab.advance(30)
    return lab, log


def _data(log, receiver: str) -> list:
    return [p for r, p in log if r == receiver and p.payload.data[:4] != bytes(4)]


def _calls(log) -> list:
    """The ICRQs and ICRPs the PEs heard."""
    out = []
    for _, packet in log:
        if packet.payload.data[:4] == bytes(4):
            message = v3.decode_control(packet.payload.data[4:]).message
            if message is not None and message.kind in (v3.pdu.ICRQ, v3.pdu.ICRP):
                out.append(message)
    return out


def _replay(lab, packet) -> None:
    lab.nodes["PE1"].ip.protocols[115]("Serial0/0/0", packet)


def _session_all(lab, name: str = "PE1") -> str:
    return lab[name].cli("show l2tun session all")


def test_both_ends_ask_for_the_default_sublayer_and_number_every_packet(make_lab):
    lab, log = _sequenced(make_lab)
    calls = _calls(log)
    assert calls
    for message in calls:
        assert message.number(avp.L2_SUBLAYER) == 1  # the Default L2-Specific Sublayer
        assert message.number(avp.DATA_SEQUENCING) == 2  # every data packet
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    pw = lab.nodes["PE1"].services["l2tpv3"].pseudowires["GigabitEthernet0/1"]
    words = [struct.unpack_from("!I", p.payload.data, 4)[0] for p in _data(log, "PE1")]
    assert len(words) >= 4 and all(len(p.payload.data) == 8 for p in _data(log, "PE1"))
    assert all(word & S_BIT for word in words)
    assert [word & 0xFFFFFF for word in words] == list(range(len(words)))  # from 0, one by one
    sent = len(_data(log, "PE2"))
    out = _session_all(lab)
    assert f"  Sequencing is on\n    Ns {sent}, Nr {len(words)}, 0 out of order packets discarded\n" in out
    assert pw.packets_in == len(words)


def test_without_sequencing_no_avps_no_sublayer_and_sequencing_is_off(make_lab):
    lab, log = _sequenced(make_lab, "", "")
    assert all(m.get(avp.L2_SUBLAYER) is None and m.get(avp.DATA_SEQUENCING) is None for m in _calls(log))
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    assert all(len(p.payload.data) == 4 for p in _data(log, "PE1"))  # the session id alone
    assert "  Sequencing is off\n" in _session_all(lab)


def test_a_packet_that_arrives_again_is_dropped_and_counted(make_lab):
    lab, log = _sequenced(make_lab)
    lab["PC1"].cli("ping 192.168.50.2")
    old = _data(log, "PE1")[0]
    lab["PE1"].cli("debug l2tp error")
    lab["PE1"].console.take_inbox()
    _replay(lab, old)
    _replay(lab, old)
    pw = lab.nodes["PE1"].services["l2tpv3"].pseudowires["GigabitEthernet0/1"]
    assert (
        lab["PE1"]
        .console.take_inbox()[-1]
        .endswith(f"L2TP: Discarding data packet for session id {pw.local_id}: out of order")
    )
    out = _session_all(lab)
    assert "    Receive packets dropped: 2\n" in out
    assert ", 2 out of order packets discarded\n" in out
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")  # in order still passes


def test_a_later_number_is_taken_and_the_gap_counts_as_loss_not_disorder(make_lab):
    lab, log = _sequenced(make_lab)
    lab["PC1"].cli("ping 192.168.50.2")
    last = _data(log, "PE1")[-1]
    word = struct.unpack_from("!I", last.payload.data, 4)[0]
    ahead = last.payload.data[:4] + struct.pack("!I", S_BIT | ((word & 0xFFFFFF) + 100))
    _replay(lab, replace(last, payload=replace(last.payload, data=ahead)))
    assert f"Nr {(word & 0xFFFFFF) + 101}, 0 out of order packets discarded" in _session_all(lab)
    out = lab["PC1"].cli("ping 192.168.50.2")  # PE2 numbers on from where it was: behind now
    assert "Reply from" not in out
    assert ", 4 out of order packets discarded" in _session_all(lab)


def test_transmit_alone_numbers_the_packets_but_drops_nothing(make_lab):
    lab, log = _sequenced(make_lab, " sequencing transmit\n", " sequencing transmit\n")
    lab["PC1"].cli("ping 192.168.50.2")
    _replay(lab, _data(log, "PE1")[0])
    out = _session_all(lab)
    assert "  Sequencing is on\n" in out and ", 0 out of order packets discarded\n" in out
    assert "    Receive packets dropped: 0\n" in out
    assert "sequencing transmit" in lab["PE1"].cli("show running-config | section pseudowire-class")


def test_an_end_without_sequencing_numbers_what_the_peer_asks_for(make_lab):
    """RFC 3931 section 5.4.4: the peer's L2-Specific Sublayer AVP MUST be honoured; PE2,
    with no `sequencing`, sends PE1 numbered packets and takes PE1's without a sublayer."""
    lab, log = _sequenced(make_lab, BOTH, "")
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    assert all(struct.unpack_from("!I", p.payload.data, 4)[0] & S_BIT for p in _data(log, "PE1"))
    assert all(len(p.payload.data) == 4 for p in _data(log, "PE2"))
    _replay(lab, _data(log, "PE1")[0])
    assert ", 1 out of order packets discarded\n" in _session_all(lab)


def test_resync_takes_the_numbers_again_after_that_many_drops(make_lab):
    lab, log = _sequenced(make_lab, BOTH + " sequencing resync 5\n", BOTH)
    lab["PC1"].cli("ping 192.168.50.2")
    old = _data(log, "PE1")[0]
    for _ in range(6):
        _replay(lab, old)
    out = _session_all(lab)
    assert ", Nr 1, 5 out of order packets discarded\n" in out  # the sixth taken: Nr after it
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")  # PE2's are ahead of 1


def test_the_pseudowire_class_lines_and_their_no_forms(make_lab):
    lab = two_sites(make_lab)
    pe1 = lab["PE1"]
    for line in ("configure terminal", "pseudowire-class PW", "sequencing both", "sequencing resync 20"):
        pe1.cli(line)
    assert "% Invalid input" in pe1.cli("sequencing resync 4")  # <5-65535>
    section = "show running-config | section pseudowire-class"
    assert pe1.cli(f"do {section}").endswith(" sequencing both\n sequencing resync 20\n")
    pe1.cli("no sequencing receive")
    pe1.cli("no sequencing resync")
    assert pe1.cli(f"do {section}").endswith(" ip local interface Loopback0\n sequencing transmit\n")
    pe1.cli("no sequencing transmit")
    assert "sequencing" not in pe1.cli(f"do {section}")


def test_a_manual_session_sends_and_checks_the_sublayer_its_class_names(make_lab):
    """`protocol none` has no AVPs to ask with: each end sends the sublayer its own class says."""

    def manual(config: str, peer: str, local: int, remote: int) -> str:
        config = config.replace(" protocol l2tpv3 L2TP\n", " protocol none\n")
        return config.replace(
            f" xconnect {peer} 100 pw-class PW\n",
            f" xconnect {peer} 100 encapsulation l2tpv3 manual pw-class PW\n  l2tp id {local} {remote}\n",
        )

    lab = two_sites(
        make_lab,
        settle=0,
        PE1=manual(pe("PE1", pw_extra=BOTH), "3.3.3.3", 111, 222),
        PE2=manual(pe("PE2", pw_extra=BOTH), "1.1.1.1", 222, 111),
    )
    log = tap(lab)
    lab.advance(30)
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    assert all(len(p.payload.data) == 8 for p in _data(log, "PE1"))
    _replay(lab, _data(log, "PE1")[0])
    assert ", 1 out of order packets discarded\n" in _session_all(lab)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sublayer=st.binary(max_size=9))
def test_random_sublayers_are_taken_or_dropped_and_counted_never_a_crash(sequenced_lab, sublayer):
    lab, last = sequenced_lab
    pw = lab.nodes["PE1"].services["l2tpv3"].pseudowires["GigabitEthernet0/1"]
    before = pw.packets_in + pw.dropped_in
    _replay(lab, replace(last, payload=replace(last.payload, data=last.payload.data[:4] + sublayer)))
    assert pw.packets_in + pw.dropped_in == before + 1


@pytest.fixture(scope="module")
def sequenced_lab(tmp_path_factory):
    """One sequenced two-site lab for the property, and a data packet PE1 heard."""
    folder = tmp_path_factory.mktemp("sequencing")
    lab, log = lab_in(folder, PE1=pe("PE1", pw_extra=BOTH), PE2=pe("PE2", pw_extra=BOTH))
    lab["PC1"].cli("ping 192.168.50.2")
    return lab, _data(log, "PE1")[-1]
