"""PPPoE (RFC 2516) discovery between a host and an access concentrator on a wire of the
virtual clock: the packets of section 5 byte by byte, the retransmissions, PADT both ways,
other hosts' packets, and random bytes that never raise."""

from __future__ import annotations

import struct

from hypothesis import given
from hypothesis import strategies as st

from iosemu.protocols.pppoe import pdu
from iosemu.protocols.pppoe.discovery import PppoeClient, PppoeServer
from iosemu.protocols.pppoe.pdu import Discard, Pppoe
from iosemu.sim.clock import Scheduler

HOST, AC = 0xCA0048430008, 0xCA0148430008


class Wire:
    """A host and a concentrator; every packet is logged as (sender, packet) and crosses as bytes."""

    def __init__(self):
        self.scheduler = Scheduler()
        self.log: list[tuple[str, int | None, bytes]] = []
        self.cut = False
        self.events: list[tuple] = []
        self.client = PppoeClient(self.scheduler, _Side(self, "host"), b"\x00\x01")
        self.server = PppoeServer(_Side(self, "ac"), "LAC", b"secret")

    def carry(self, sender: str, dst: int | None, packet: Pppoe) -> None:
        raw = packet.encode()
        self.log.append((sender, dst, raw))
        if self.cut:
            return
        far, src = (self.server, HOST) if sender == "host" else (self.client, AC)
        decoded = pdu.decode(packet.ethertype, raw)
        self.scheduler.call_later(0.001, far.receive, src, decoded)

    def names(self) -> list[str]:
        return [pdu.decode(pdu.DISCOVERY, raw).name for _, _, raw in self.log]


class _Side:
    def __init__(self, wire: Wire, name: str):
        self.wire, self.name = wire, name

    def send(self, mac, packet):
        self.wire.carry(self.name, mac, packet)

    def up(self, session_id, mac):
        self.wire.events.append(("up", session_id, mac))

    def down(self):
        self.wire.events.append(("down",))

    def session_up(self, session_id, mac):
        self.wire.events.append(("session up", session_id, mac))

    def session_down(self, session_id):
        self.wire.events.append(("session down", session_id))


def test_discovery_padi_pado_padr_pads_as_section_5_has_it():
    wire = Wire()
    wire.client.start()
    wire.scheduler.advance(1)
    assert wire.names() == ["PADI", "PADO", "PADR", "PADS"]
    (_, to, padi), (_, back, pado), (_, _, padr), (_, _, pads) = wire.log
    assert to is None and back == HOST  # the PADI is broadcast, the rest unicast
    # ver/type 0x11, code 0x09, session 0, length 10: Service-Name (empty) and Host-Uniq tags
    assert padi == bytes.fromhex("1109 0000 000a 0101 0000 0103 0002 0001")
    offer = pdu.decode(pdu.DISCOVERY, pado)
    assert offer.tag(pdu.AC_NAME) == b"LAC" and offer.tag(pdu.HOST_UNIQ) == b"\x00\x01"
    assert pdu.decode(pdu.DISCOVERY, padr).tag(pdu.AC_COOKIE) == offer.tag(pdu.AC_COOKIE)
    assert struct.unpack_from("!BBH", pads) == (0x11, pdu.PADS, 1)
    assert wire.client.state == "session" and wire.client.session_id == 1
    assert wire.events == [("session up", 1, HOST), ("up", 1, AC)]


def test_padt_either_way_ends_the_session_and_the_host_looks_again():
    wire = Wire()
    wire.client.start()
    wire.scheduler.advance(1)
    wire.server.close(1)
    wire.scheduler.advance(19)
    assert wire.names()[4:] == ["PADT"]  # IOS looks again 20 s later
    wire.scheduler.advance(2)
    assert wire.names()[4:] == ["PADT", "PADI", "PADO", "PADR", "PADS"]
    assert ("down",) in wire.events and wire.client.session_id == 2  # the next id in turn
    wire.client.stop()
    wire.scheduler.advance(1)
    assert wire.names()[-1] == "PADT" and wire.events[-1] == ("session down", 2)


def test_an_unanswered_padi_is_sent_again_after_2_4_8_16_32_32_s():
    wire = Wire()
    wire.cut = True
    wire.client.start()
    times = []
    for _ in range(100):
        before = len(wire.log)
        wire.scheduler.advance(1)
        if len(wire.log) > before:
            times.append(wire.scheduler.now)
    assert times[:6] == [2, 6, 14, 30, 62, 94]


def test_a_padr_with_a_cookie_the_concentrator_did_not_make_gets_nothing():
    wire = Wire()
    forged = Pppoe(pdu.PADR, 0, ((pdu.SERVICE_NAME, b""), (pdu.AC_COOKIE, b"x" * 16)))
    wire.server.receive(HOST, forged)
    assert wire.log == [] and wire.server.sessions == {}


def test_packets_for_other_hosts_are_ignored():
    wire = Wire()
    wire.client.start()
    other = Pppoe(pdu.PADO, 0, ((pdu.AC_NAME, b"X"), (pdu.SERVICE_NAME, b""), (pdu.HOST_UNIQ, b"other")))
    wire.client.receive(AC, other)
    assert wire.client.state == "selecting"


def test_decode_refuses_what_section_4_and_5_forbid():
    padi = Pppoe(pdu.PADI, 0, ((pdu.SERVICE_NAME, b""),)).encode()
    cases = {
        padi[:5]: "a header cut short at 5 octets",
        b"\x12" + padi[1:]: "version and type 0x12",
        padi[:4] + b"\x00\x20" + padi[6:]: "a length of 32 for 4 octets",
        padi[:6] + b"\x01\x01\x00\x09": "tag 0x0101 of 9 octets cut short",
        Pppoe(
            pdu.PADI, 5, ((pdu.SERVICE_NAME, b""),)
        ).encode(): "PADI with session id 5 and 1 Service-Name tags",
        Pppoe(pdu.PADR, 0).encode(): "PADR with session id 0 and 0 Service-Name tags",
        Pppoe(pdu.PADO, 0, ((pdu.SERVICE_NAME, b""),)).encode(): "PADO without its AC-Name and Service-Name",
        Pppoe(pdu.PADT, 0).encode(): "PADT for session 0",
        Pppoe(0x42).encode(): "discovery code 0x42",
    }
    for raw, reason in cases.items():
        assert pdu.decode(pdu.DISCOVERY, raw) == Discard(reason)
    data = Pppoe(pdu.SESSION_DATA, 7, payload=b"\xc0\x21\x01\x01\x00\x04").encode()
    assert pdu.decode(pdu.SESSION, data + b"\x00" * 20) == Pppoe(pdu.SESSION_DATA, 7, payload=data[6:])
    assert pdu.decode(pdu.SESSION, data[:2] + b"\x00\x00" + data[4:]) == Discard(
        "session data of code 0x00 for session 0"
    )
    # tags after End-Of-List are ignored
    padi_eol = padi[:4] + struct.pack("!H", 14) + padi[6:] + bytes(4) + bytes.fromhex("0103 0002 0001")
    assert pdu.decode(pdu.DISCOVERY, padi_eol) == Pppoe(pdu.PADI, 0, ((pdu.SERVICE_NAME, b""),))


@given(raw=st.binary(max_size=80), ethertype=st.sampled_from([pdu.DISCOVERY, pdu.SESSION]))
def test_random_bytes_never_raise_at_either_end(raw, ethertype):
    wire = Wire()
    wire.client.start()
    packet = pdu.decode(ethertype, raw)
    if isinstance(packet, Pppoe):
        wire.client.receive(AC, packet)
        wire.server.receive(HOST, packet)
    wire.scheduler.advance(5)
    assert wire.client.state in ("selecting", "requesting", "session")
