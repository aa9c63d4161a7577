"""A `server` node's scopes in a lab file: the New Scope Wizard's fields load as the scopes
the server serves, and each bad field is one TopologyError `FILE:LINE: fault`."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

import pytest
from test_topology import test_bad_topology as check_fault
from test_topology import write

from iosemu.lab.topology import TopologyError, load_topology

# Line 8 is the scope's first line; each field is on a line of its own after it.
LAB = """\
name: t
topology:
  nodes:
    SRV:
      kind: server
      ip: 10.0.0.11/24
      scopes:
        - name: scope1
          description: LAN1
          start: 10.0.0.2
          end: 10.0.0.254
          subnet-mask: 255.255.255.0
          exclusions:
            - {start: 10.0.0.10, end: 10.0.0.20}
            - 10.0.0.99
          lease: {days: 8, hours: 0, minutes: 0}
          router: 10.0.0.1
          dns-servers: [10.0.0.10]
          parent-domain: telco.com
"""


def _with(line_no: int, new: str) -> str:
    lines = LAB.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


def test_the_wizards_fields_make_the_scope(tmp_path):
    node = load_topology(write(tmp_path, LAB)).nodes["SRV"]
    assert (node.kind, node.ip, node.gateway) == ("server", "10.0.0.11/24", None)
    (scope,) = node.scopes
    assert (scope.name, scope.description, scope.network) == ("scope1", "LAN1", IPv4Network("10.0.0.0/24"))
    assert (scope.low, scope.high) == (IPv4Address("10.0.0.2"), IPv4Address("10.0.0.254"))
    assert [tuple(map(str, pair)) for pair in scope.excluded] == [
        ("10.0.0.10", "10.0.0.20"),
        ("10.0.0.99", "10.0.0.99"),
    ]
    assert scope.lease == 8 * 86400 and scope.domain == "telco.com"
    assert scope.routers == (IPv4Address("10.0.0.1"),) and scope.dns == (IPv4Address("10.0.0.10"),)


def test_a_prefix_length_does_for_the_mask_and_the_lease_is_eight_days_unless_given(tmp_path):
    text = LAB.replace("          subnet-mask: 255.255.255.0\n", "          length: 24\n")
    text = text.replace("          lease: {days: 8, hours: 0, minutes: 0}\n", "")
    (scope,) = load_topology(write(tmp_path, text)).nodes["SRV"].scopes
    assert scope.network == IPv4Network("10.0.0.0/24") and scope.lease == 8 * 86400
    hours = LAB.replace("{days: 8, hours: 0, minutes: 0}", "{hours: 2, minutes: 30}")
    (scope,) = load_topology(write(tmp_path, hours)).nodes["SRV"].scopes
    assert scope.lease == 9000


SECOND = "\n".join(
    [
        "        - name: scope2",
        "          start: 10.0.0.130",
        "          end: 10.0.0.140",
        "          length: 25",
    ]
)

FAULTS = [
    (
        "unknown-key",
        _with(9, "          colour: red"),
        9,
        ["a scope: unknown key 'colour' (allowed: description,"],
    ),
    ("no-name", LAB.replace("- name: scope1\n          description", "- description"), 8, ["needs a 'name'"]),
    (
        "start-not-an-address",
        _with(10, "          start: 10.0.0.300"),
        10,
        ["'start: 10.0.0.300' is not an address"],
    ),
    ("end-a-number", _with(11, "          end: 7"), 11, ["'end: 7' is not an address"]),
    (
        "start-above-end",
        _with(11, "          end: 10.0.0.1"),
        11,
        ["the end address 10.0.0.1 is below the start"],
    ),
    (
        "range-outside-the-mask",
        _with(11, "          end: 10.0.1.254"),
        11,
        ["not inside one subnet", "10.0.0.0/24"],
    ),
    (
        "start-is-the-subnet",
        _with(10, "          start: 10.0.0.0"),
        10,
        ["'start: 10.0.0.0' is not a host address"],
    ),
    (
        "bad-mask",
        _with(12, "          subnet-mask: 255.0.255.0"),
        12,
        ["'subnet-mask: 255.0.255.0' is not a subnet mask"],
    ),
    ("host-mask", _with(12, "          subnet-mask: 0.0.0.255"), 12, ["is not a subnet mask"]),
    ("mask-leaves-nothing", _with(12, "          subnet-mask: 255.255.255.255"), 12, ["leaves no addresses"]),
    (
        "mask-missing",
        LAB.replace("          subnet-mask: 255.255.255.0\n", ""),
        8,
        ["needs 'subnet-mask' or 'length'"],
    ),
    (
        "bad-length",
        _with(12, "          length: 33"),
        12,
        ["'length: 33' must be a prefix length from 1 to 30"],
    ),
    ("length-a-bool", _with(12, "          length: true"), 12, ["'length: True' must be a prefix length"]),
    (
        "length-and-mask-disagree",
        LAB.replace(
            "          subnet-mask: 255.255.255.0\n",
            "          length: 16\n          subnet-mask: 255.255.255.0\n",
        ),
        13,
        ["'length: 16' and 'subnet-mask: 255.255.255.0' (/24) disagree"],
    ),
    (
        "exclusions-not-a-list",
        LAB.replace(
            "exclusions:\n            - {start: 10.0.0.10, end: 10.0.0.20}\n            - 10.0.0.99",
            "exclusions: 10.0.0.10",
        ),
        13,
        ["'exclusions' must be a list"],
    ),
    (
        "exclusion-reversed",
        _with(14, "            - {start: 10.0.0.20, end: 10.0.0.10}"),
        14,
        ["ends below its start"],
    ),
    (
        "exclusion-outside",
        _with(15, "            - 10.0.0.1"),
        15,
        ["not inside the scope's range 10.0.0.2-10.0.0.254"],
    ),
    (
        "exclusion-bad-address",
        _with(15, "            - 10.0.0"),
        15,
        ["'exclusions: 10.0.0' is not an address"],
    ),
    (
        "exclusion-unknown-key",
        _with(14, "            - {start: 10.0.0.10, to: 10.0.0.20}"),
        14,
        ["unknown key 'to'"],
    ),
    ("exclusion-no-start", _with(14, "            - {end: 10.0.0.20}"), 14, ["missing 'start'"]),
    ("lease-a-number", _with(16, "          lease: 8"), 16, ["'lease' is days, hours and minutes"]),
    (
        "lease-too-many-hours",
        _with(16, "          lease: {days: 1, hours: 24}"),
        16,
        ["'lease hours: 24' must be a number from 0 to 23"],
    ),
    ("lease-negative", _with(16, "          lease: {minutes: -1}"), 16, ["'lease minutes: -1'"]),
    ("lease-of-nothing", _with(16, "          lease: {days: 0}"), 16, ["a lease of no time"]),
    ("lease-unknown-key", _with(16, "          lease: {weeks: 1}"), 16, ["unknown key 'weeks'"]),
    (
        "router-outside",
        _with(17, "          router: 192.168.1.1"),
        17,
        ["'router: 192.168.1.1' is not a host address of 10.0.0.0/24"],
    ),
    ("router-broadcast", _with(17, "          router: 10.0.0.255"), 17, ["not a host address"]),
    (
        "dns-not-an-address",
        _with(18, "          dns-servers: [10.0.0.10, dns1]"),
        18,
        ["'dns-servers: dns1' is not an address"],
    ),
    (
        "domain-bad",
        _with(19, "          parent-domain: telco..com"),
        19,
        ["'parent-domain: telco..com' is not a DNS domain name"],
    ),
    ("domain-a-list", _with(19, "          parent-domain: [a]"), 19, ["is not a DNS domain name"]),
    ("description-a-list", _with(9, "          description: [a]"), 9, ["'description' must be text"]),
    (
        "scopes-empty",
        LAB.split("        - name")[0].replace("scopes:", "scopes: []"),
        7,
        ["a server needs 'scopes'"],
    ),
    (
        "scope-not-a-mapping",
        LAB.split("        - name")[0] + "        - 5\n",
        8,
        ["a scope must be a mapping"],
    ),
    ("no-ip", LAB.replace("      ip: 10.0.0.11/24\n", ""), 5, ["a server needs 'ip:'"]),
    ("server-with-dhcp", _with(6, "      dhcp: true"), 6, ["only a host has dhcp"]),
    ("scopes-on-a-host", LAB.replace("kind: server", "kind: host"), 7, ["only a server has scopes"]),
    (
        "same-name",
        LAB + SECOND.replace("scope2", "scope1") + "\n",
        20,
        ["scope 'scope1': the name of the scope on line 8"],
    ),
    (
        "overlapping",
        LAB + SECOND + "\n",
        20,
        ["scope 'scope2' (10.0.0.128/25) overlaps scope 'scope1' (10.0.0.0/24, line 8)"],
    ),
]


@pytest.mark.parametrize("text,line,words", [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_each_bad_field_names_file_and_line(tmp_path, text, line, words):
    check_fault(tmp_path, text, line, words)


def test_a_server_port_is_eth0(tmp_path):
    text = (
        LAB.replace("  nodes:\n", "  nodes:\n    SW1: {kind: switch}\n")
        + '  links:\n    - endpoints: ["SRV:eth1", "SW1:eth0"]\n'
    )
    with pytest.raises(TopologyError) as caught:
        load_topology(write(tmp_path, text))
    assert "endpoint 'SRV:eth1': a server port is named eth0" in str(caught.value)
