"""DHCP messages: what is encoded decodes to itself, and any bytes decode or are Malformed."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import given
from hypothesis import strategies as st

from iosemu.protocols.dhcp.pdu import (
    BOOTREQUEST,
    DISCOVER,
    DOMAIN_NAME,
    KIND_NAMES,
    LEASE_TIME,
    MAGIC_COOKIE,
    ROUTERS,
    DhcpMessage,
    Malformed,
    addresses,
    decode,
    seconds,
)

addresses_ = st.integers(0, 2**32 - 1).map(IPv4Address)
option_codes = st.integers(1, 254).filter(lambda c: c not in (52, 53))


@given(
    st.sampled_from([1, 2]),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**48 - 1),
    st.sampled_from([None, *KIND_NAMES]),
    st.sampled_from([0, 0x8000]),
    addresses_,
    addresses_,
    st.lists(
        st.tuples(option_codes, st.binary(min_size=1, max_size=600)), max_size=6, unique_by=lambda o: o[0]
    ),
)
def test_a_message_decodes_to_itself(op, xid, mac, kind, flags, ciaddr, yiaddr, options):
    message = DhcpMessage(op, xid, mac, kind, flags, ciaddr=ciaddr, yiaddr=yiaddr, options=tuple(options))
    assert decode(message.encode()) == message


@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_malformed(data):
    try:
        decode(data)
    except Malformed:
        pass


@given(st.binary(max_size=120))
def test_random_options_after_a_real_header(tail):
    header = DhcpMessage(BOOTREQUEST, 7, 0x005056A10001, DISCOVER).encode()[:240]
    assert header.endswith(MAGIC_COOKIE)
    try:
        decode(header + tail)
    except Malformed:
        pass


def test_typed_options_read_back():
    gateway, dns = IPv4Address("10.0.0.1"), IPv4Address("10.0.0.10")
    options = ((ROUTERS, addresses([gateway])), (LEASE_TIME, seconds(691200)), (DOMAIN_NAME, b"telco.com"))
    message = decode(DhcpMessage(2, 1, 1, 2, options=options).encode())
    assert message.addresses_option(ROUTERS) == (gateway,)
    assert message.seconds_option(LEASE_TIME) == 8 * 86400
    assert message.text_option(DOMAIN_NAME) == "telco.com"
    assert message.address_option(6) is None
    assert message.addresses_option(ROUTERS) == (gateway,)
    assert decode(DhcpMessage(1, 1, 1, None, options=((6, addresses([dns])),)).encode()).kind is None


@given(st.binary(min_size=1, max_size=40))
def test_an_identifier_typed_as_ios_prints_it_reads_back(data):
    from iosemu.cli.matcher import parse_hex
    from iosemu.protocols.dhcp.pdu import dotted

    assert parse_hex(dotted(data)) == data
    assert parse_hex(dotted(data).upper()) == data
