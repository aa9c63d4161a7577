"""Properties of PPP against a hostile far end (hypothesis): random frames put on the line
of a running two-router lab (topologies/ppp-chap and ppp-pap; the random frames and the
authentication packets also on 2811s, whose IOS 12.4 sequence differs) at R2's end, as a
broken or malicious peer would send them, reach R1's LCP, NCPs and authentication. Whatever
they are, nothing raises, R1 answers as RFC 1661 says (Code-Reject, Configure-Reject,
Protocol-Reject, or silence for a malformed packet), the answer shows under `debug ppp
negotiation` as IOS prints it, and the link stays up or comes back up by itself.
"""

from __future__ import annotations

import functools
import shutil
import struct
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lab_helpers import solved_lab

from iosemu.protocols.ppp.pdu import (
    CDP,
    CDPCP,
    CHAP,
    CODE_NAMES,
    IP,
    IPCP,
    LCP,
    LQR,
    PAP,
    Option,
    Packet,
    PppFrame,
    encode_options,
)

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TOPOLOGIES = Path(__file__).resolve().parents[3] / "topologies"
RUN = {
    LCP,
    IPCP,
    CDPCP,
    CHAP,
    PAP,
    IP,
    LQR,
    CDP,
}  # what R1 runs on the link (LQRs always answered, CDP over CDPCP)
NAMES = {LCP: "LCP", IPCP: "IPCP", CDPCP: "CDPCP"}
LCP_KNOWN = {1, 3, 4, 5, 17, 19}  # options LCP acts on; any other kind is rejected
RECOVERY = 60  # virtual seconds a disturbed link may take to come back


_COPIES = tempfile.TemporaryDirectory(prefix="iosemu-ppp-labs-")


@functools.cache
def lab_file(name: str, hardware: str) -> Path:
    """The shipped lab, or a copy of it on routers of another model (the 2811's IOS 12.4)."""
    source = TOPOLOGIES / name / f"{name}.lab.yml"
    if hardware == "c2911":
        return source
    folder = Path(_COPIES.name) / f"{name}-{hardware}"
    shutil.copytree(source.parent, folder)
    copy = folder / source.name
    copy.write_text(source.read_text().replace("type: c2911", f"type: {hardware}"))
    return copy


def booted(name: str = "ppp-chap", hardware: str = "c2911"):
    """The lab with both consoles in privileged EXEC, and R1's PPP negotiation and
    authentication debugging on."""
    lab = solved_lab(lab_file(name, hardware))
    for device in lab:
        device.cli("")
        device.cli("enable")
    lab["R1"].cli("debug ppp negotiation")
    lab["R1"].cli("debug ppp authentication")
    return lab


def up_lab(name: str = "ppp-chap"):
    lab = booted(name)
    lab.advance(8)
    assert link_up(lab)
    lab["R1"].console.take_inbox()
    return lab


def engine(lab, name: str = "R1"):
    return lab[name].router.ports["Serial0/0/0"].encapsulation


def from_peer(lab, protocol: int, payload: bytes) -> list[str]:
    """R2's end of the cable sends the frame; what R1 prints on its arrival."""
    lab["R2"].router.ports["Serial0/0/0"].send(PppFrame(protocol, payload))
    lab.advance(0.1)  # a long frame takes a while at the lab's 64 kbit/s
    return lab["R1"].console.take_inbox()


def link_up(lab) -> bool:
    for device in lab:
        shown = device.cli("show interfaces Serial0/0/0").splitlines()
        if (
            shown[0] != "Serial0/0/0 is up, line protocol is up "
            or "  Open: IPCP, CDPCP, loopback not set" not in shown
        ):
            return False
    return True


def recovers(lab) -> None:
    lab.advance(RECOVERY)
    assert link_up(lab)
    assert "Success rate is 100 percent (5/5)" in lab["R1"].cli("ping 10.0.0.2")


def lcp_open(lab) -> bool:
    return engine(lab).lcp.state_name == "Open"


def negotiation_lines(lines: list[str], protocol: str) -> list[str]:
    head = f"Se0/0/0 {protocol}: "
    return [line.split(head, 1)[1] for line in lines if head in line]


ident = st.integers(0, 255)
payload = st.binary(max_size=64)
option = st.builds(Option, st.integers(0, 255), st.binary(max_size=8))


control_packet = st.builds(Packet, st.integers(0, 255), ident, payload).map(Packet.encode)


# -- any protocol, any bytes --------------------------------------------------------------


@SETTINGS
@given(
    name=st.sampled_from(["ppp-chap", "ppp-pap"]),
    hardware=st.sampled_from(["c2911", "c2811"]),
    when=st.one_of(st.floats(2.999, 3.02), st.just(8.0)),  # while LCP negotiates, or on the open link
    frames=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(sorted(RUN)), st.integers(0, 0xFFFF)),
            st.one_of(payload, control_packet),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_random_frames_never_crash_and_the_link_recovers(name, hardware, when, frames):
    lab = booted(name, hardware)
    lab.advance(when)
    for protocol, data in frames:
        from_peer(lab, protocol, data)
    recovers(lab)


@SETTINGS
@given(protocol=st.integers(0, 0xFFFF).filter(lambda p: p not in RUN), data=payload)
def test_a_protocol_not_run_gets_a_protocol_reject(protocol, data):
    lab = up_lab()
    lines = negotiation_lines(from_peer(lab, protocol, data), "LCP")
    size = 4 + min(2 + len(data), 1500 - 4)
    assert lines and lines[0].startswith("O PROTREJ [Open] id ") and lines[0].endswith(f" len {size}")
    assert lcp_open(lab) and link_up(lab)


# -- bad lengths: silently discarded --------------------------------------------------------


@st.composite
def bad_length(draw):
    """A control packet whose Length field is below 4 or beyond the bytes sent, or a frame
    shorter than a header."""
    body = draw(st.binary(max_size=32))
    code, number = draw(st.integers(0, 255)), draw(ident)
    short = draw(st.booleans())
    if short:
        return draw(st.binary(max_size=3))
    length = draw(st.one_of(st.integers(0, 3), st.integers(4 + len(body) + 1, 0xFFFF)))
    return struct.pack("!BBH", code, number, length) + body


@SETTINGS
@given(protocol=st.sampled_from([LCP, IPCP, CDPCP, CHAP, PAP]), raw=bad_length())
def test_a_bad_length_is_silently_discarded(protocol, raw):
    lab = up_lab()
    sent = lab["R1"].router.ports["Serial0/0/0"].counters.packets_out
    assert from_peer(lab, protocol, raw) == []
    assert lab["R1"].router.ports["Serial0/0/0"].counters.packets_out == sent
    assert lcp_open(lab) and link_up(lab)


# -- unknown codes: Code-Reject -----------------------------------------------------------------


@SETTINGS
@given(
    target=st.sampled_from([(LCP, 12), (IPCP, 8), (CDPCP, 8)]),
    code=st.integers(0, 255),
    number=ident,
    data=payload,
    padding=st.binary(max_size=8),
)
def test_an_unknown_code_gets_a_code_reject(target, code, number, data, padding):
    protocol, first_unknown = target
    if 1 <= code < first_unknown:
        code = 0  # 0 is unknown to every automaton
    lab = up_lab()
    packet = Packet(code, number, data).encode()
    lines = negotiation_lines(from_peer(lab, protocol, packet + padding), NAMES[protocol])
    assert lines[0] == f"I {CODE_NAMES.get(code, f'code {code}')} [Open] id {number} len {len(packet)}"
    assert lines[1].startswith("O CODEREJ [Open] id ") and lines[1].endswith(f" len {4 + len(packet)}")
    assert lcp_open(lab) and link_up(lab)


# -- unknown options: Configure-Reject, then the link renegotiates -------------------------------


@SETTINGS
@given(
    unknown=st.lists(
        st.builds(Option, st.integers(0, 255).filter(lambda k: k not in LCP_KNOWN), st.binary(max_size=8)),
        min_size=1,
        max_size=3,
    ),
    magic=st.binary(min_size=4, max_size=4).filter(lambda m: m != bytes(4)),
    number=ident,
)
def test_unknown_lcp_options_get_a_configure_reject(unknown, magic, number):
    lab = up_lab()
    options = [Option(5, magic), *unknown]
    lines = negotiation_lines(from_peer(lab, LCP, Packet(1, number, encode_options(options)).encode()), "LCP")
    assert lines[0] == f"I CONFREQ [Open] id {number} len {4 + len(encode_options(options))}"
    reject = next(i for i, line in enumerate(lines) if line.startswith("O CONFREJ"))
    assert lines[reject] == f"O CONFREJ [Open] id {number} len {4 + len(encode_options(unknown))}"
    shown = lines[reject + 1 : reject + 1 + len(unknown)]
    assert [line.rsplit(" ", 1)[1] for line in shown] == [f"(0x{o.encode().hex().upper()})" for o in unknown]
    recovers(lab)


@SETTINGS
@given(unknown=st.lists(option.filter(lambda o: o.kind != 3), min_size=1, max_size=3), number=ident)
def test_unknown_ipcp_options_get_a_configure_reject(unknown, number):
    lab = up_lab()
    options = [Option(3, bytes((10, 0, 0, 2))), *unknown]
    lines = negotiation_lines(
        from_peer(lab, IPCP, Packet(1, number, encode_options(options)).encode()), "IPCP"
    )
    reject = next(i for i, line in enumerate(lines) if line.startswith("O CONFREJ"))
    assert lines[reject] == f"O CONFREJ [Open] id {number} len {4 + len(encode_options(unknown))}"
    recovers(lab)


# -- truncated options: the packet is malformed and silently discarded -------------------------


@st.composite
def truncated_options(draw):
    """Options whose last one is cut short: a lone kind octet, a length below 2, or a
    length that runs past the end of the packet."""
    good = encode_options(draw(st.lists(option, max_size=3)))
    kind = draw(st.integers(0, 255))
    cut = draw(st.sampled_from(["lone", "below", "past"]))
    if cut == "lone":
        return good + bytes((kind,))
    value = draw(st.binary(max_size=8))
    length = draw(st.integers(0, 1)) if cut == "below" else draw(st.integers(2 + len(value) + 1, 255))
    return good + bytes((kind, length)) + value


@SETTINGS
@given(
    protocol=st.sampled_from([LCP, IPCP, CDPCP]),
    code=st.sampled_from([1, 2, 3, 4]),
    number=ident,
    options=truncated_options(),
)
def test_truncated_options_are_silently_discarded(protocol, code, number, options):
    lab = up_lab()
    assert from_peer(lab, protocol, Packet(code, number, options).encode()) == []
    assert lcp_open(lab) and link_up(lab)


# -- random CHAP and PAP packets while the link authenticates -------------------------------------


@st.composite
def auth_packet(draw):
    """Mostly well-formed CHAP or PAP packets (right codes, plausible fields), some noise."""
    protocol = draw(st.sampled_from([CHAP, PAP]))
    code = draw(st.one_of(st.integers(1, 4), st.integers(0, 255)))
    number = draw(st.one_of(st.just(1), ident))
    shape = draw(st.sampled_from(["fields", "raw"]))
    if shape == "raw":
        data = draw(payload)
    else:
        first, second = draw(st.binary(max_size=20)), draw(st.binary(max_size=20))
        data = bytes((len(first),)) + first + (bytes((len(second),)) + second if protocol == PAP else second)
        data = data[: draw(st.integers(0, len(data)))]
    return protocol, Packet(code, number, data).encode()


@SETTINGS
@given(
    name=st.sampled_from(["ppp-chap", "ppp-pap"]),
    hardware=st.sampled_from(["c2911", "c2811"]),
    packets=st.lists(auth_packet(), min_size=1, max_size=5),
)
# A Failure or Nak for our answer ahead of the authenticator's Success or Ack: the
# authenticator never ends the link, so this end's attempts have to run out.
@example(name="ppp-chap", hardware="c2911", packets=[(CHAP, Packet(4, 1, b"no").encode())])
@example(name="ppp-pap", hardware="c2811", packets=[(PAP, Packet(3, 1, b"\x02no").encode())])
def test_random_authentication_packets_never_crash_and_the_link_recovers(name, hardware, packets):
    lab = booted(name, hardware)
    r1 = engine(lab)
    lab.scheduler.run_while(lambda: r1.phase != "AUTHENTICATING", lab.scheduler.now + 10)
    assert r1.phase == "AUTHENTICATING"
    for protocol, raw in packets:
        lab["R2"].router.ports["Serial0/0/0"].send(PppFrame(protocol, raw))
    recovers(lab)
