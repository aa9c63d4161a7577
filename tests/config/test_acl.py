"""IP access lists (config/acl.py, config/acl_entries.py) as properties: any line a student may
type never crashes and its running-config lines, typed again, make the same list; what a list
says of a packet is what a plain reading of its entries says (the first that matches decides,
none: deny)."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.protocols.ip.pdu import Icmp, Ipv4, Udp
from iosemu.protocols.tcp.segment import Segment
from iosemu.sim.acl import permits

octets = st.sampled_from([0, 1, 10, 192, 255])
addresses = st.tuples(octets, octets, octets, octets).map(lambda o: IPv4Address(".".join(map(str, o))))
wildcards = st.sampled_from(["0.0.0.0", "0.0.0.255", "0.0.255.255", "255.255.255.255", "0.255.0.255"])
ends = st.one_of(
    st.just(("any", None, 0xFFFFFFFF)),
    addresses.map(lambda a: (f"host {a}", a, 0)),
    st.tuples(addresses, wildcards).map(lambda t: (f"{t[0]} {t[1]}", t[0], int(IPv4Address(t[1])))),
)
ports = st.sampled_from([0, 7, 23, 53, 80, 1024, 65535])
port_tests = (
    st.none()
    | st.tuples(st.sampled_from(["eq", "neq", "gt", "lt"]), ports)
    | st.tuples(st.just("range"), ports, ports)
)
PROTOCOLS = {"ip": None, "icmp": 1, "tcp": 6, "udp": 17, "gre": 47, "89": 89}


@st.composite
def entries(draw):
    """(the line after `access-list N `, what it tests) of an extended entry."""
    protocol = draw(st.sampled_from(sorted(PROTOCOLS)))
    permit = draw(st.booleans())
    source, destination = draw(ends), draw(ends)
    sports = dports = icmp = None
    established = False
    if protocol in ("tcp", "udp"):
        sports, dports = draw(port_tests), draw(port_tests)
        established = protocol == "tcp" and draw(st.booleans())
    if protocol == "icmp":
        icmp = draw(st.none() | st.sampled_from([0, 3, 8, 11]))
    log = draw(st.booleans())
    words = ["permit" if permit else "deny", protocol, source[0]]
    words += [" ".join(map(str, sports))] if sports else []
    words.append(destination[0])
    words += [" ".join(map(str, dports))] if dports else []
    words += [str(icmp)] if icmp is not None else []
    words += ["established"] if established else []
    words += ["log"] if log else []
    test = (permit, PROTOCOLS[protocol], source, sports, destination, dports, icmp, established)
    return " ".join(words), test


def _port_ok(test, port: int) -> bool:
    if test is None:
        return True
    operator, *values = test
    low, high = min(values), max(values)
    return {
        "eq": port == values[0],
        "neq": port != values[0],
        "gt": port > values[0],
        "lt": port < values[0],
        "range": low <= port <= high,
    }[operator]


def _address_ok(end, address: IPv4Address) -> bool:
    _, base, wildcard = end
    return base is None or wildcard == 0xFFFFFFFF or int(address) | wildcard == int(base) | wildcard


def reference(tests, packet: Ipv4) -> bool:
    for permit, protocol, source, sports, destination, dports, icmp, established in tests:
        payload = packet.payload
        if protocol is not None and protocol != packet.proto:
            continue
        if not (_address_ok(source, packet.src) and _address_ok(destination, packet.dst)):
            continue
        if protocol in (6, 17) and not (_port_ok(sports, payload.sport) and _port_ok(dports, payload.dport)):
            continue
        if icmp is not None and payload.type != icmp:
            continue
        if established and not payload.flags & 0x14:
            continue
        return permit
    return False


@st.composite
def packets(draw):
    proto = draw(st.sampled_from([1, 6, 17, 47, 89]))
    if proto == 1:
        payload = Icmp(draw(st.sampled_from([0, 3, 8, 11])), 0)
    elif proto == 6:
        payload = Segment(draw(ports), draw(ports), 0, 0, draw(st.sampled_from([0x02, 0x10, 0x12, 0x04])), 0)
    elif proto == 17:
        payload = Udp(draw(ports), draw(ports))
    else:
        payload = Udp(0, 0)  # a protocol without ports: its payload is never read
    return Ipv4(draw(addresses), draw(addresses), 64, proto, payload)


def _typed(router, number: int, lines: list[str]) -> None:
    router.cli(f"no access-list {number}")
    for line in lines:
        assert router.cli(f"access-list {number} {line}") == "", line


def assert_round_trips(router, number: int) -> None:
    """List `number`'s running-config lines, typed into a fresh list, make the same lines."""
    shown = router.router.config.acls.get(number)
    lines = shown.lines() if shown else []
    router.cli(f"no access-list {number}")
    for line in lines:
        assert router.cli(line) == ""
    again = router.router.config.acls.get(number)
    assert (again.lines() if again else []) == lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entries(), max_size=6), st.lists(packets(), min_size=1, max_size=8))
def test_an_extended_list_decides_as_its_first_matching_entry_says(lab, typed, sent):
    router = lab["R1"]
    router.cli("enable")
    router.cli("configure terminal")
    _typed(router, 101, [line for line, _ in typed])
    acl = router.router.config.acls.get(101)
    for packet in sent:  # (an entry the list already had is dropped: it could never decide)
        assert (acl is not None and permits(acl, packet)) is reference([test for _, test in typed], packet)
    router.cli("end")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entries(), max_size=6))
def test_the_running_config_lines_make_the_same_extended_list_again(lab, typed):
    router = lab["R1"]
    router.cli("enable")
    router.cli("configure terminal")
    _typed(router, 150, [line for line, _ in typed])
    assert_round_trips(router, 150)
    router.cli("end")


standard_ends = st.one_of(
    st.just("any"),
    addresses.map(lambda a: f"host {a}"),
    addresses.map(str),
    st.tuples(addresses, wildcards).map(lambda t: f"{t[0]} {t[1]}"),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), standard_ends, st.booleans()), max_size=8), addresses)
def test_a_standard_list_round_trips_and_tests_the_source_alone(lab, typed, source):
    router = lab["R1"]
    router.cli("enable")
    router.cli("configure terminal")
    _typed(router, 10, [f"{'permit' if p else 'deny'} {end}{' log' if log else ''}" for p, end, log in typed])
    shown = router.router.config.acls.get(10)
    expected = False
    for permit, end, _ in typed:
        words = end.split()
        base, wildcard = (words[-1], "0.0.0.0") if len(words) == 1 or words[0] == "host" else words
        if end == "any" or int(source) | int(IPv4Address(wildcard)) == int(IPv4Address(base)) | int(
            IPv4Address(wildcard)
        ):
            expected = permit
            break
    packet = Ipv4(source, IPv4Address("10.9.9.9"), 64, 6, Udp(0, 0))
    assert (shown is not None and permits(shown, packet)) is expected
    assert_round_trips(router, 10)
    router.cli("end")


words = st.sampled_from(
    ["permit", "deny", "tcp", "udp", "icmp", "ip", "any", "host", "10.0.0.1", "0.0.0.255", "eq", "range", "gt",
     "www", "80", "echo", "established", "log", "tos", "7", "remark", "-1", "999999", "x"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["access-list 1", "access-list 101", "access-list 2000"]), st.lists(words, max_size=9))
def test_any_access_list_line_is_answered_never_a_crash(lab, head, typed):
    router = lab["R1"]
    router.cli("enable")
    router.cli("configure terminal")
    answer = router.cli(" ".join([head, *typed]))
    assert "Internal error" not in answer and "Traceback" not in answer
    assert answer == "" or answer.startswith(("%", " ")), answer
    assert_round_trips(router, int(head.split()[1]))
    router.cli("end")


edits = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.none() | st.integers(1, 60), entries()),
        st.tuples(st.just("no"), st.integers(1, 60), st.none()),
        st.tuples(st.just("remark"), st.none(), st.just("a note")),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits, st.integers(1, 50), st.integers(1, 20))
def test_a_named_list_keeps_its_entries_in_sequence_order_and_round_trips(lab, typed, start, step):
    router = lab["R1"]
    router.cli("enable")
    router.cli("configure terminal")
    router.cli("no ip access-list extended EDITED")
    assert router.cli("ip access-list extended EDITED") == ""
    for kind, sequence, value in typed:
        if kind == "add":
            line = f"{sequence} {value[0]}" if sequence else value[0]
            assert router.cli(line) in ("", "% Duplicate sequence number\n")
        elif kind == "no":
            assert router.cli(f"no {sequence}") == ""
        else:
            assert router.cli(f"remark {value}") == ""
    router.cli("exit")
    acl = router.router.config.acls["EDITED"]
    sequences = [rule.sequence for rule in acl.rules()]
    assert sequences == sorted(set(sequences))
    assert router.cli(f"ip access-list resequence EDITED {start} {step}") == ""
    assert [rule.sequence for rule in acl.rules()] == list(range(start, start + step * len(sequences), step))
    lines = acl.lines()
    router.cli("no ip access-list extended EDITED")
    for line in lines:
        assert router.cli(line.strip()) == "", line
    assert router.router.config.acls["EDITED"].lines() == lines
    router.cli("end")
