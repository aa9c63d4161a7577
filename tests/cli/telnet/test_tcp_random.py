"""Random TCP segments at a router (hypothesis): random bytes read as a segment (or refused as
malformed), sent to R3 from R1's address at its telnet and SSH ports, a closed port, and the
ports of a telnet session R1 has open to it. Nothing crashes; R3's console goes on working; the
connections the junk opened or broke all end; a new telnet still logs in."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telnetkit import build_chain

from iosemu.cli.session import echoes
from iosemu.protocols.ip.pdu import Ipv4
from iosemu.protocols.tcp import segment

R1, R3 = IPv4Address("10.1.12.1"), IPv4Address("10.1.23.3")
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _aimed(raw: bytes, port: int) -> bytes:
    """Random bytes with the destination port set (the source port too, for the open session)."""
    return raw[:2] + port.to_bytes(2, "big") + raw[4:] if len(raw) >= 4 else raw


@SETTINGS
@given(
    junk=st.lists(
        st.tuples(st.binary(max_size=64), st.sampled_from([23, 22, 80, 0])), min_size=1, max_size=10
    )
)
def test_random_segments_never_crash_a_router(make_lab, junk):
    chain = build_chain(make_lab)
    r1, r3 = chain["R1"], chain["R3"]
    r1.cli("telnet 10.1.23.3")
    session = r1.console.connections.last.connection
    router = chain.nodes["R3"]
    for raw, port in junk:
        if port == 0:  # at the open session's own port pair
            raw = session.lport.to_bytes(2, "big") + raw[2:] if len(raw) >= 2 else raw
            port = 23
        try:
            seg = segment.decode(_aimed(raw, port))
        except segment.Malformed:
            continue
        router.ip.receive("GigabitEthernet0/0", Ipv4(R1, R3, 62, segment.PROTOCOL, seg))
    chain.advance(1)
    assert r3.cli("show ip interface brief").startswith("Interface")
    r1.cli("cisco")
    r1.cli("\x1e")
    r1.cli("x")
    for number in range(1, 3):
        r1.cli(f"disconnect {number}")
        r1.cli("")
    for _ in range(2):  # ten minutes, the console kept awake (its exec-timeout)
        chain.advance(300)
        r1.cli("")
    assert router.services["tcp"].connections == {}
    assert r1.cli("telnet 10.1.23.3").startswith("Trying 10.1.23.3 ... Open\n")
    r1.cli("cisco")
    assert r1.console.prompt() == "R3>"


def test_a_short_or_bad_header_is_malformed():
    for raw in (
        b"",
        b"\x00" * 19,
        b"\x00" * 12 + b"\x40" + b"\x00" * 7,
        b"\x00" * 12 + b"\xf0" + b"\x00" * 7,
    ):
        try:
            segment.decode(raw)
        except segment.Malformed:
            continue
        raise AssertionError(f"{raw!r} decoded")
    assert segment.decode(segment.Segment(1, 2, 3, 4, segment.SYN, 5, b"x").encode()) == segment.Segment(
        1, 2, 3, 4, segment.SYN, 5, b"x"
    )


@SETTINGS
@given(junk=st.lists(st.binary(max_size=40), min_size=1, max_size=6))
def test_random_telnet_bytes_with_iac_commands_never_break_either_end(make_lab, junk):
    """Random NVT bytes (IAC commands, options, cut subnegotiations) each way on a logged-in
    telnet: both ends refuse what they do not know, and the session still answers."""
    chain = build_chain(make_lab)
    r1, r3 = chain["R1"], chain["R3"]
    r1.cli("telnet 10.1.23.3")
    r1.cli("cisco")
    outgoing = r1.console.connections.current
    for data in junk:
        outgoing.connection.send(data)
        outgoing.received(outgoing.connection, data, False)
        chain.advance(1)
    outgoing.connection.send(b"\xff\xf0" * 3 + b"\r\n")  # any subnegotiation ends, the junk's line ends
    chain.advance(60)
    outgoing.take()
    shown = r1.cli("show ip interface brief")
    closed = "\n[Connection to 10.1.23.3 closed by foreign host]\n"
    if shown.startswith(closed):  # a line of the junk spelt a command that ends it (`logo`, `exit`)
        assert r1.console.prompt() == "R1>" and r1.cli("show ip interface brief").startswith("Interface")
        return
    assert shown == r3.cli("show ip interface brief")
    assert (r1.console.prompt(), echoes(r1.console)) == ("R3>", True)
