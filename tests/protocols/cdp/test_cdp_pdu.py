"""The CDP advertisement codec, and what a router's agent makes of any frame: well-formed
ones enter the table, malformed ones are counted in `show cdp traffic` where IOS counts them,
and nothing crashes."""

from __future__ import annotations

import struct
from ipaddress import IPv4Address

import pytest
from cdpkit import load_bench
from hypothesis import given, settings
from hypothesis import strategies as st

from iosemu.protocols.cdp.pdu import ADDRESSES, DEVICE_ID, CdpPacket, Malformed, decode
from iosemu.protocols.frame_relay.pdu import FrFrame, decode_snap
from iosemu.protocols.ip.pdu import checksum
from iosemu.protocols.snap import CDP
from iosemu.show.cdp import neighbours

SAMPLE = CdpPacket(
    device_id="R9.example.com",
    port_id="GigabitEthernet0/1",
    ttl=150,
    addresses=(IPv4Address("192.0.2.9"),),
    capabilities=0x29,
    software="Cisco IOS Software, line one\nline two",
    platform="Cisco 2811",
    vtp_domain="",
    native_vlan=10,
    duplex=False,
    management=(IPv4Address("192.0.2.9"), IPv4Address("198.51.100.9")),
)


def with_checksum(data: bytes) -> bytes:
    body = data[:2] + b"\x00\x00" + data[4:]
    return body[:2] + struct.pack("!H", checksum(body)) + body[4:]


def tlv(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, 4 + len(value)) + value


def test_round_trip():
    data = SAMPLE.encode()
    assert data[:2] == b"\x02\x96"  # version 2, TTL 150
    assert checksum(data) == 0
    assert decode(data) == SAMPLE


def test_malformed_advertisements_name_their_counter():
    good = SAMPLE.encode()
    cases = {
        b"\x02\xb4": "syntax",  # shorter than the header
        b"\x03" + good[1:]: "syntax",  # no such version
        good[:4] + bytes((good[4] ^ 1,)) + good[5:]: "checksum",
        with_checksum(good[:-3]): "invalid",  # the last TLV runs past the end
        with_checksum(good[:4] + struct.pack("!HH", DEVICE_ID, 2) + good[8:]): "invalid",  # a length under 4
        with_checksum(b"\x02\xb4\x00\x00" + tlv(3, b"Serial0")): "invalid",  # no Device-ID
        with_checksum(
            b"\x02\xb4\x00\x00" + tlv(DEVICE_ID, b"X") + tlv(ADDRESSES, b"\x00\x00\x00\x05")
        ): "invalid",
    }
    for data, counter in cases.items():
        try:
            decode(data)
        except Malformed as fault:
            assert fault.counter == counter, data
        else:
            raise AssertionError(f"accepted {data!r}")


def test_unknown_tlvs_are_skipped_and_a_version_1_advertisement_is_heard():
    data = with_checksum(
        b"\x01\x3c\x00\x00" + tlv(DEVICE_ID, b"OLD") + tlv(0x7777, b"??") + tlv(3, b"Ethernet0")
    )
    packet = decode(data)
    assert (packet.version, packet.ttl, packet.device_id, packet.port_id) == (1, 60, "OLD", "Ethernet0")


def feed(router, interface: str, data: bytes) -> None:
    """A frame as the line hands it up (what `Port.hear_snap` does)."""
    router.snap_protocols[CDP].receive(interface, data)


def test_the_agent_counts_what_it_cannot_read(tmp_path):
    lab = load_bench(tmp_path)
    lab.advance(65)
    r1 = lab["R1"]
    lab["R1"].cli("clear cdp counters")
    feed(r1.router, "GigabitEthernet0/0", b"\x02")
    feed(r1.router, "GigabitEthernet0/0", SAMPLE.encode()[:-1] + b"\x00")
    feed(r1.router, "GigabitEthernet0/0", with_checksum(b"\x02\xb4\x00\x00" + tlv(3, b"x")))
    feed(r1.router, "GigabitEthernet0/0", SAMPLE.encode())
    assert r1.cli("show cdp traffic") == (
        "CDP counters :\n"
        "        Total packets output: 0, Input: 4\n"
        "        Hdr syntax: 1, Chksum error: 1, Encaps failed: 0\n"
        "        No memory: 0, Invalid packet: 1, \n"
        "        CDP version 1 advertisements output: 0, Input: 0\n"
        "        CDP version 2 advertisements output: 0, Input: 1\n"
    )
    assert "R9.example.com" in {r.device_id for r in neighbours(r1.router)}
    feed(r1.router, "GigabitEthernet0/0", CdpPacket("R9.example.com", "Gi0/1", ttl=0).encode())
    assert "R9.example.com" not in {r.device_id for r in neighbours(r1.router)}  # TTL 0: gone at once


_TLV = st.builds(
    lambda kind, value: tlv(kind, value),
    st.sampled_from([1, 2, 3, 4, 5, 6, 9, 10, 11, 0x16, 0x1234]),
    st.binary(max_size=40),
)
_FRAME = st.one_of(
    st.binary(max_size=200),  # anything at all
    st.builds(  # a header and TLVs, with a good checksum: the TLVs' contents are on trial
        lambda version, ttl, tlvs: with_checksum(bytes((version, ttl, 0, 0)) + b"".join(tlvs)),
        st.sampled_from([1, 2, 3]),
        st.integers(0, 255),
        st.lists(_TLV, max_size=8),
    ),
)


@pytest.fixture(scope="module")
def settled(tmp_path_factory):
    lab = load_bench(tmp_path_factory.mktemp("cdp"))
    lab.advance(65)
    return lab


@settings(max_examples=150, deadline=None)
@given(frames=st.lists(_FRAME, min_size=1, max_size=10))
def test_any_frame_is_survived_and_counted(settled, frames):
    lab = settled
    r1 = lab["R1"]
    r1.cli("clear cdp counters")
    for data in frames:
        feed(r1.router, "GigabitEthernet0/0", data)
    counters = r1.router.services["cdp"].agent.counters
    heard = counters.v1_input + counters.v2_input
    assert counters.input == len(frames)
    assert heard + counters.syntax + counters.checksum + counters.invalid == len(frames)
    for command in (
        "show cdp neighbors",
        "show cdp neighbors detail",
        "show cdp entry *",
        "show cdp traffic",
    ):
        assert not r1.cli(command).startswith("%"), command
    lab.advance(1)


@settings(max_examples=100, deadline=None)
@given(
    payloads=st.lists(
        st.one_of(st.binary(max_size=60), _FRAME.map(lambda data: b"\x20\x00" + data)), max_size=6
    )
)
def test_any_frame_relay_payload_is_survived(settled, payloads):
    """Whatever bytes arrive on a PVC (LMI's, Inverse ARP's, CDP's in either encapsulation, or
    none of them), the line and CDP take them without a fault; what CDP reads it counts."""
    r1 = settled["R1"]
    engine = r1.router.ports["Serial0/1/0"].encapsulation
    counters = r1.router.services["cdp"].agent.counters
    before = counters.input
    for payload in payloads:
        engine.receive(FrFrame(102, payload))
    assert counters.input - before == sum(
        decode_snap(p) is not None and decode_snap(p)[0] == CDP for p in payloads
    )
    assert "Serial0/1/0 is up, line protocol is up" in r1.cli("show cdp interface Serial0/1/0")
