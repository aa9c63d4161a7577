"""Lab topology files: good files load with normalised names; every bad file raises one
TopologyError naming the file, the line and the fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iosemu.lab.topology import TopologyError, load_topology

GOOD = """\
name: t
topology:
  defaults:
    kind: router
    type: c2911
  nodes:
    R1: {}
    R2: {}
    R3: {}
  links:
    - endpoints: ["R1:s0/0/0", "R2:se0/0/0"]
      dce: R1
    - endpoints: ["R1:gi0/0", "R3:GigabitEthernet0/1"]
    - endpoints: ["R2:Serial0/0/1", "R3:ser 0/0/1"]
      dce: R3
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lab.yml"
    path.write_text(text)
    return path


def test_good_topology_normalises_endpoints(tmp_path):
    topo = load_topology(write(tmp_path, GOOD))
    assert set(topo.nodes) == {"R1", "R2", "R3"}
    ends = [(str(link.a), str(link.b), link.dce) for link in topo.links]
    assert ends == [
        ("R1:Serial0/0/0", "R2:Serial0/0/0", "R1"),
        ("R1:GigabitEthernet0/0", "R3:GigabitEthernet0/1", None),
        ("R2:Serial0/0/1", "R3:Serial0/0/1", "R3"),
    ]


def test_builtin_lab_loads():
    from iosemu.lab.lab import builtin_lab

    topo = load_topology(builtin_lab())
    assert [(str(link.a), str(link.b), link.dce) for link in topo.links] == [
        ("R1:Serial0/0/0", "R2:Serial0/0/0", "R1")
    ]


def _swap(line_no: int, new: str) -> str:
    lines = GOOD.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


BAD = [
    # (id, file text, line the error must name, words the message must contain)
    ("unknown-node", _swap(11, '    - endpoints: ["R1:s0/0/0", "R9:se0/0/0"]'), 11, ["R9", "unknown node"]),
    (
        "port-used-twice",
        _swap(13, '    - endpoints: ["R3:Serial0/0/0", "R1:Serial0/0/0"]'),
        13,
        ["R1:Serial0/0/0", "line 11"],
    ),
    (
        "no-such-interface",
        _swap(14, '    - endpoints: ["R2:Serial0/0/1", "R1:Serial0/5/0"]'),
        14,
        ["Serial0/5/0", "c2911"],
    ),
    ("yaml-syntax", _swap(9, "    R3: {"), None, ["YAML"]),
    ("unknown-kind", _swap(9, "    R3: {kind: firewall}"), 9, ["firewall", "kind"]),
    ("unknown-type", _swap(9, "    R3: {type: c9999}"), 9, ["c9999", "type"]),
    ("serial-without-dce", _swap(12, "      # no dce"), 11, ["dce"]),
    ("serial-to-ethernet", _swap(11, '    - endpoints: ["R1:s0/0/0", "R2:gi0/0"]'), 11, ["serial"]),
    ("missing-topology", "name: t\n", 1, ["topology"]),
]


@pytest.mark.parametrize("text,line,words", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_topology(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    message = str(caught.value)
    match = re.match(rf"^{re.escape(str(path))}:(\d+): (.+)$", message)
    assert match, f"message does not start with FILE:LINE: {message!r}"
    if line is not None:
        assert int(match.group(1)) == line, message
    for word in words:
        assert word.lower() in match.group(2).lower(), message
    assert "\n" not in message


def test_yaml_error_names_the_right_line(tmp_path):
    text = GOOD.replace(
        '    - endpoints: ["R1:gi0/0", "R3:GigabitEthernet0/1"]', '    - endpoints: ["R1:gi0/0", "R3:Gi0/1"'
    )
    path = write(tmp_path, text)
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    line = int(str(caught.value)[len(str(path)) + 1 :].split(":")[0])
    assert line in (13, 14), str(caught.value)  # the unclosed flow sequence opens on 13


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yml"
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    assert str(caught.value).startswith(str(path) + ": ")


PCS = """\
name: t
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {}
    R2: {}
    SW1: {kind: switch}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
  links:
    - endpoints: ["R1:s0/0/0", "R2:s0/0/0"]
      dce: R1
    - endpoints: ["R1:gi0/0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
"""


def _pcs(line_no: int, new: str) -> str:
    lines = PCS.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


def test_good_topology_with_a_pc(tmp_path):
    topo = load_topology(write(tmp_path, PCS))
    pc = topo.nodes["PC1"]
    assert (pc.kind, pc.ip, pc.gateway) == ("host", "192.168.1.10/24", "192.168.1.1")
    assert topo.links[2].dce is None


# Each fault a user can write: one TopologyError `FILE:LINE: message`, never an internal error.
FAULTS = [
    ("defaults-not-a-mapping", _pcs(3, "  defaults: [1]"), 3, ["defaults", "mapping"]),
    ("defaults-unknown-key", _pcs(3, "  defaults: {kind: router, colour: red}"), 3, ["defaults", "colour"]),
    ("node-is-a-list", _pcs(6, "    R2: [1, 2]"), 6, ["R2", "mapping"]),
    ("node-is-a-number", _pcs(6, "    R2: 5"), 6, ["R2", "mapping"]),
    ("nodes-is-a-list", "name: t\ntopology:\n  nodes:\n    - R1\n    - R2\n", 3, ["nodes", "mapping"]),
    ("node-name-not-text", _pcs(7, "    1: {kind: switch}"), 7, ["1", "quote"]),
    ("kind-not-text", _pcs(6, "    R2: {kind: [router]}"), 6, ["kind", "text"]),
    ("type-not-text", _pcs(6, "    R2: {type: {a: 1}}"), 6, ["type", "text"]),
    ("default-type-unknown", _pcs(3, "  defaults: {kind: router, type: c9999}"), 3, ["c9999"]),
    (
        "ip-out-of-range",
        _pcs(8, "    PC1: {kind: host, ip: 300.1.1.1/24}"),
        8,
        ["300.1.1.1/24", "address/prefix"],
    ),
    (
        "ip-without-prefix",
        _pcs(8, "    PC1: {kind: host, ip: 192.168.1.10}"),
        8,
        ["192.168.1.10", "address/prefix"],
    ),
    ("ip-not-text", _pcs(8, "    PC1: {kind: host, ip: [1]}"), 8, ["address/prefix"]),
    (
        "ip-is-the-subnet",
        _pcs(8, "    PC1: {kind: host, ip: 192.168.1.0/24}"),
        8,
        ["192.168.1.0/24", "host address"],
    ),
    (
        "gateway-not-an-address",
        _pcs(8, "    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.300}"),
        8,
        ["192.168.1.300", "not an address"],
    ),
    (
        "gateway-outside-the-subnet",
        _pcs(8, "    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 10.0.0.1}"),
        8,
        ["10.0.0.1", "192.168.1.0/24"],
    ),
    ("gateway-without-ip", _pcs(8, "    PC1: {kind: host, gateway: 192.168.1.1}"), 8, ["gateway", "ip"]),
    ("ip-on-a-router", _pcs(6, "    R2: {ip: 10.0.0.1/24}"), 6, ["R2", "only a host has ip/gateway"]),
    ("gateway-on-a-switch", _pcs(7, "    SW1: {kind: switch, gateway: 10.0.0.1}"), 7, ["SW1", "only a host"]),
    ("startup-config-on-a-pc", _pcs(8, "    PC1: {kind: host, startup-config: x.cfg}"), 8, ["only a router"]),
    (
        "dce-on-ethernet",
        _pcs(12, '    - {endpoints: ["R1:gi0/0", "SW1:eth0"], dce: R1}'),
        12,
        ["dce", "serial"],
    ),
    ("endpoint-not-text", _pcs(13, "    - endpoints: [1, 2]"), 13, ["1", "NODE:INTERFACE"]),
    ("endpoint-is-a-mapping", _pcs(13, '    - endpoints: [{PC1: eth0}, "SW1:eth1"]'), 13, ["NODE:INTERFACE"]),
    ("name-not-text", _pcs(1, "name: [1]"), 1, ["name"]),
    ("name-a-number", _pcs(1, "name: 5"), 1, ["name"]),
    ("name-a-path", _pcs(1, "name: ../../etc"), 1, ["name", "/"]),
    ("duplicate-node", _pcs(7, "    R1: {kind: switch}"), 7, ["R1", "twice", "line 5"]),
    ("duplicate-key-in-a-node", _pcs(6, "    R2: {type: c2911, type: c2811}"), 6, ["type", "twice"]),
    ("duplicate-top-level-key", PCS + "name: u\n", 14, ["name", "twice", "line 1"]),
]


@pytest.mark.parametrize("text,line,words", [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_fault_names_file_and_line(tmp_path, text, line, words):
    test_bad_topology(tmp_path, text, line, words)


def test_endpoint_fault_names_the_line_of_the_entry(tmp_path):
    text = PCS.replace(
        '    - endpoints: ["PC1:eth0", "SW1:eth1"]', '    - endpoints:\n      - "PC1:eth0"\n      - 7'
    )
    path = write(tmp_path, text)
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    assert str(caught.value) == f'{path}:15: endpoint 7 must be written "NODE:INTERFACE"'


def test_not_a_text_file(tmp_path):
    path = tmp_path / "lab.yml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    assert str(caught.value) == f"{path}: not a text file (a lab file is YAML)"


def test_yaml_merge_keys_are_not_duplicates(tmp_path):
    text = PCS.replace("    R2: {}", "    R2: {<<: {kind: router}, kind: router}")
    assert load_topology(write(tmp_path, text)).nodes["R2"].kind == "router"
