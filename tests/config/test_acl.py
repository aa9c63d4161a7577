"""Numbered standard access lists (config/acl.py): what a list says of an address is what its
first matching entry says (none: deny), and its running-config lines, typed again, make the
same list."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.config.acl import AccessList

addresses = st.integers(0, 0xFFFFFFFF).map(IPv4Address)
entries = st.lists(st.tuples(st.booleans(), st.none() | addresses, addresses, st.booleans()), max_size=8)


@settings(max_examples=200, deadline=None)
@given(entries, addresses)
def test_the_first_matching_entry_decides(typed, source):
    acl = AccessList(10)
    for permit, address, wildcard, log in typed:
        acl.add(permit, address, wildcard, log)
    expected = False
    for permit, address, wildcard, _ in typed:
        mask = ~int(wildcard) & 0xFFFFFFFF
        if address is None or int(source) & mask == int(address) & mask:
            expected = permit
            break
    assert acl.permits(source) is expected


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries)
def test_the_running_config_lines_make_the_same_list_again(lab, typed):  # list 10 made anew each time
    router = lab["R1"]
    router.cli("enable")
    router.cli("configure terminal")
    router.cli("no access-list 10")
    for permit, address, wildcard, log in typed:
        source = "any" if address is None else f"{address} {wildcard}"
        router.cli(f"access-list 10 {'permit' if permit else 'deny'} {source}{' log' if log else ''}")
    shown = router.router.config.acls.get(10)
    lines = shown.lines() if shown else []
    router.cli("no access-list 10")
    for line in lines:
        assert router.cli(line) == ""
    again = router.router.config.acls.get(10)
    assert (again.lines() if again else []) == lines
    router.cli("end")
