"""Lab topology files: good files load with normalised names; every bad file raises one
TopologyError naming the file, the line and the fault."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lab_helpers import LAN, deadline

from iosemu.lab.lab import Lab
from iosemu.lab.platforms import PLATFORMS
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

FR_GOOD = """\
name: t
topology:
  nodes:
    R1: {}
    R2: {}
    FRSW:
      kind: frame-relay-switch
      ports:
        s1: {lmi-type: ansi}
        s2: {clock-rate: 64000}
      pvcs:
        - endpoints: [s1:102, s2:201]
  links:
    - endpoints: ["R1:Serial0/0/0", "FRSW:s1"]
    - endpoints: ["R2:Serial0/0/0", "FRSW:s2"]
"""


def _fr_swap(line_no: int, new: str) -> str:
    lines = FR_GOOD.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


BAD += [  # a frame-relay-switch node's ports, PVC table and cables
    (
        "fr-dlci-above-1007",
        _fr_swap(12, "        - endpoints: [s2:1008, s1:102]"),
        12,
        ["s2:1008", "16 to 1007"],
    ),
    ("fr-dlci-below-16", _fr_swap(12, "        - endpoints: [s1:102, s2:15]"), 12, ["s2:15", "16 to 1007"]),
    (
        "fr-dlci-ansi-range",
        _fr_swap(12, "        - endpoints: [s1:992, s2:201]"),
        12,
        ["s1:992", "16 to 991"],
    ),
    ("fr-dlci-not-a-number", _fr_swap(12, "        - endpoints: [s1:x, s2:201]"), 12, ["s1:x", "DLCI"]),
    (
        "fr-dlci-used-twice-on-a-port",
        _fr_swap(12, "        - endpoints: [s1:102, s2:201]\n        - endpoints: [s2:202, s1:102]"),
        13,
        ["DLCI 102", "port s1", "line 12"],
    ),
    ("fr-pvc-to-no-such-port", _fr_swap(12, "        - endpoints: [s1:102, s3:201]"), 12, ["s3", "no port"]),
    ("fr-pvc-on-one-port", _fr_swap(12, "        - endpoints: [s1:102, s1:201]"), 12, ["two ports"]),
    (
        "fr-port-cabled-twice",
        _fr_swap(15, '    - endpoints: ["R2:Serial0/0/0", "FRSW:s1"]'),
        15,
        ["FRSW:s1", "line 14"],
    ),
    (
        "fr-port-to-ethernet",
        _fr_swap(15, '    - endpoints: ["R2:GigabitEthernet0/0", "FRSW:s2"]'),
        15,
        ["can only be cabled to a router's serial interface (not R2:GigabitEthernet0/0)"],
    ),
    ("fr-cable-to-no-such-port", _fr_swap(15, '    - endpoints: ["R2:Serial0/0/0", "FRSW:s9"]'), 15, ["s9"]),
    ("fr-bad-lmi-type", _fr_swap(9, "        s1: {lmi-type: frf}"), 9, ["frf", "lmi-type"]),
    ("fr-bad-clock-rate", _fr_swap(10, "        s2: {clock-rate: fast}"), 10, ["fast", "clock-rate"]),
    ("fr-clock-rate-too-low", _fr_swap(10, "        s2: {clock-rate: 100}"), 10, ["100", "300 to 8000000"]),
    ("fr-no-ports", _fr_swap(9, "        {}").replace("        s2: {clock-rate: 64000}\n", ""), 8, ["ports"]),
    ("fr-ports-on-a-router", _fr_swap(4, "    R1: {ports: {s1: }}"), 4, ["only a frame-relay-switch"]),
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


PCS = LAN


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
    (
        "defaults-unknown-key",
        _pcs(3, "  defaults: {kind: router, colour: red}"),
        3,
        ["defaults", "colour", "(allowed: kind, startup-config, type)"],
    ),
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
    (
        "ip-on-a-router",
        _pcs(6, "    R2: {ip: 10.0.0.1/24}"),
        6,
        ["R2", "only a host or a server has ip/gateway"],
    ),
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
    ("name-a-path", _pcs(1, "name: ../../etc"), 1, ["'name: ../../etc'", "a letter"]),
    ("name-with-a-newline", _pcs(1, 'name: "a\\nb"'), 1, ["'name: a\\nb'", "a letter"]),
    ("duplicate-node", _pcs(7, "    R1: {kind: switch}"), 7, ["R1", "twice", "line 5"]),
    ("duplicate-key-in-a-node", _pcs(6, "    R2: {type: c2911, type: c2811}"), 6, ["type", "twice"]),
    ("duplicate-top-level-key", PCS + "name: u\n", 14, ["name", "twice", "line 1"]),
    (
        "link-unknown-key",
        _pcs(12, '    - {endpoints: ["R1:gi0/0", "SW1:eth0"], colour: red}'),
        12,
        ["a link: unknown key 'colour' (allowed: dce, endpoints, loss)"],
    ),
    (
        "node-unknown-key",
        _pcs(6, "    R2: {colour: red}"),
        6,
        [
            "node 'R2': unknown key 'colour' (allowed: dhcp, gateway, ip, kind, ports, pvcs, scopes, startup-config, type)"
        ],
    ),
    (
        "topology-unknown-key",  # found in review: a `link:` typo lost every link silently
        _pcs(9, "  link:"),
        9,
        ["'topology': unknown key 'link' (allowed: defaults, links, nodes)"],
    ),
    (
        "file-unknown-key",
        PCS + "colour: red\n",
        14,
        ["the lab: unknown key 'colour' (allowed: instructions, name, title, topology, validate)"],
    ),
    ("kind-with-a-newline", _pcs(6, '    R2: {kind: "fire\\nwall"}'), 6, ["unknown kind 'fire\\nwall'"]),
    ("nul-in-the-yaml", _pcs(7, "    SW1: {kind: switch}\0"), 7, ["#x0000", "not allowed"]),
    ("nested-too-deep", _pcs(13, "    - " + "[" * 40 + "]" * 40), 13, ["nested more than 32 levels"]),
    ("nested-deep-as-a-mapping", _pcs(13, "    - " + "{a: " * 500 + "1" + "}" * 500), 13, ["nested"]),
]

# YAML aliases make a list of a billion items from a few lines: each fault names it briefly.
LAUGHS = "laughs:\n  - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  - &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)
)
LAUGHING = [
    ("kind", 6, "    R2: {kind: *a9}", "node 'R2': 'kind: [[...], [...], [...], [...], ...]' must be text"),
    ("ip", 8, "    PC1: {kind: host, ip: *a9}", "node 'PC1': 'ip: [[...], [...], [...], [...], ...]' is not"),
    (
        "gateway",
        8,
        "    PC1: {kind: host, ip: 10.0.0.2/8, gateway: *a9}",
        "'gateway: [[...], [...], [...], [...], ...]'",
    ),
    (
        "endpoint",
        13,
        "    - endpoints: [*a9, SW1:eth1]",
        "endpoint [[...], [...], [...], [...], ...] must be",
    ),
    ("dce", 11, "      dce: *a9", "'dce: [[...], [...], [...], [...], ...]' is not an end"),
    ("name", 1, "name: *a9", "'name: [[...], [...], [...], [...], ...]': a lab name is"),
]


@pytest.mark.parametrize("line,new,words", [c[1:] for c in LAUGHING], ids=[c[0] for c in LAUGHING])
def test_a_billion_items_are_named_briefly(tmp_path, line, new, words):
    path = write(tmp_path, LAUGHS + _pcs(line, new))  # the anchors first: 11 lines
    with deadline():
        with pytest.raises(TopologyError) as caught:
            load_topology(path)
    where = 11 if "endpoints" in new else line + 11  # an endpoint names the line of its value
    assert str(caught.value).startswith(f"{path}:{where}: ")
    assert words in str(caught.value)


# Node names are hostnames and file names (`NAME.cfg` in the NVRAM folder): one rule, IOS's.
BAD_NAMES = [
    ("a-path", '"../../escaped"', "../../escaped"),
    ("empty", '""', ""),
    ("nul", '"R\\0"', "R\\x00"),
    ("newline", '"R\\n2"', "R\\n2"),
    ("digit-first", "2R", "2R"),
    ("hyphen-last", "R-", "R-"),
    ("underscore", "R_2", "R_2"),
    ("colon", '"R:2"', "R:2"),
    ("dot", "R2.cfg", "R2.cfg"),
    ("too-long", "R" * 64, "R" * 64),
]


@pytest.mark.parametrize("written,shown", [b[1:] for b in BAD_NAMES], ids=[b[0] for b in BAD_NAMES])
def test_node_name_is_a_hostname(tmp_path, written, shown):
    path = write(tmp_path, _pcs(6, f"    {written}: {{}}"))
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    rule = "a letter, then letters, digits or hyphens, ending in a letter or digit, at most 63 characters"
    assert str(caught.value) == f"{path}:6: node '{shown}': a node name is {rule}"


def test_good_node_names(tmp_path):
    names = ["r", "R1", "Branch-Office-2", "A" * 63]
    text = "name: t\ntopology:\n  nodes:\n" + "".join(f"    {n}: {{}}\n" for n in names)
    assert list(load_topology(write(tmp_path, text)).nodes) == names


def test_node_names_differing_only_in_case(tmp_path):
    # One NVRAM folder holds R1.cfg and r1.cfg: the same file where letter case is ignored.
    path = write(tmp_path, _pcs(6, "    r1: {}"))
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    assert str(caught.value) == f"{path}:6: node 'r1': differs from node 'R1' (line 5) only in letter case"


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
    assert str(caught.value) == f"{path}: cannot read the lab file: not UTF-8 text (byte 0xFF on line 1)"


def test_yaml_merge_keys_are_not_duplicates(tmp_path):
    text = PCS.replace("    R2: {}", "    R2: {<<: {kind: router}, kind: router}")
    assert load_topology(write(tmp_path, text)).nodes["R2"].kind == "router"


# -- the files a lab names: regular files only, bounded, each fault in words ------------------
ONE_CONFIG = """\
name: t
topology:
  nodes:
    R1:
      startup-config: R1.cfg
    R2: {type: c2811, startup-config: R2.cfg}
"""

CONFIG_FAULTS = [
    # (id, how R1.cfg is made, the reason the error gives)
    ("symlink-loop", lambda f: os.symlink(f.name, f), "a loop of symbolic links"),
    ("fifo", os.mkfifo, "not a regular file (a FIFO)"),
    ("dev-zero", lambda f: os.symlink("/dev/zero", f), "not a regular file (a device)"),
    ("folder", Path.mkdir, "not a regular file (a folder)"),
    ("missing", lambda f: None, "no such file"),
    ("not-utf8", lambda f: f.write_bytes(b"hostname R1\n\xff\n"), "not UTF-8 text (byte 0xFF on line 2)"),
]


def _lab_fault(path: Path) -> str:
    """The one-line error of `Lab.load(path)`, within a deadline (a FIFO must not hang)."""
    with deadline(), pytest.raises(TopologyError) as caught:
        Lab.load(path)
    return str(caught.value)


@pytest.mark.parametrize("make,reason", [c[1:] for c in CONFIG_FAULTS], ids=[c[0] for c in CONFIG_FAULTS])
def test_startup_config_fault_names_the_lab_line(tmp_path, make, reason):
    path = write(tmp_path, ONE_CONFIG)
    (tmp_path / "R2.cfg").write_text("hostname R2\n")
    make(tmp_path / "R1.cfg")
    assert _lab_fault(path) == f"{path}:5: node 'R1': startup-config 'R1.cfg': {reason}"


def test_startup_config_larger_than_nvram_is_refused(tmp_path):
    path = write(tmp_path, ONE_CONFIG)
    c2811 = PLATFORMS["c2811"].nvram_bytes
    filler = "!\n" + "!" * (c2811 - 3) + "\n"  # a comment line: fits exactly
    (tmp_path / "R1.cfg").write_text("hostname R1\n" + filler)
    (tmp_path / "R2.cfg").write_text(filler)
    lab = Lab.load(path)  # both fit: 245,752 bytes on the c2811
    assert lab["R1"].console.prompt() == "R1>"
    (tmp_path / "R2.cfg").write_text(filler + "!\n")
    assert _lab_fault(path) == (
        f"{path}:6: node 'R2': startup-config 'R2.cfg' is 245,754 bytes, more than the c2811's NVRAM"
        " holds (245,752 bytes): Configuration too large for % Non-volatile configuration memory"
    )


def _over_the_bound(path: Path) -> None:
    """A lab file one byte over the bound (sparse: no time spent writing it)."""
    with path.open("wb") as file:
        file.truncate((8 << 20) + 1)


LAB_FAULTS = [
    ("fifo", os.mkfifo, "not a regular file (a FIFO)"),
    ("symlink-loop", lambda f: os.symlink(f.name, f), "a loop of symbolic links"),
    ("folder", Path.mkdir, "not a regular file (a folder): pass a lab file (NAME.lab.yml), not a folder"),
    ("too-large", _over_the_bound, "larger than 8,388,608 bytes"),
]


@pytest.mark.parametrize("make,reason", [c[1:] for c in LAB_FAULTS], ids=[c[0] for c in LAB_FAULTS])
def test_lab_file_fault(tmp_path, make, reason):
    path = tmp_path / "lab.yml"
    make(path)
    assert _lab_fault(path) == f"{path}: cannot read the lab file: {reason}"


def test_a_lab_folder_is_refused_with_the_lab_file_to_pass(tmp_path):
    # A lab is its file (README: `Lab.load("topologies/serial-wan/serial-wan.lab.yml")`); its folder
    # holds its configs and NVRAM too, so the error names the lab file in it to pass instead.
    folder = tmp_path / "serial-wan"
    folder.mkdir()
    write(folder, ONE_CONFIG)
    (folder / "R1.cfg").write_text("hostname R1\n")
    assert _lab_fault(folder) == (
        f"{folder}: cannot read the lab file: not a regular file (a folder):"
        f" pass the lab file, not its folder ({folder / 'lab.yml'})"
    )


def test_refused_lines_past_a_screenful_are_summarised(tmp_path):
    path = write(tmp_path, ONE_CONFIG)
    (tmp_path / "R1.cfg").write_text("".join(f"bogus {n}\n" for n in range(1, 26)))
    (tmp_path / "R2.cfg").write_text("hostname R2\nbogus\n")
    lab = Lab.load(path)
    r1 = tmp_path / "R1.cfg"
    first = [f"{r1}:{n}: % Invalid input detected at '^' marker. (bogus {n})" for n in range(1, 21)]
    assert lab.warnings == first + [
        f"... and 6 more refused startup-config lines: {r1} (5), {tmp_path / 'R2.cfg'} (1)"
    ]
    assert len(lab["R1"].router.boot_errors) == 25  # the API keeps every one


def test_a_startup_config_hostname_ios_warns_about_is_taken_not_refused(tmp_path):
    (tmp_path / "R1.cfg").write_text("hostname Lab_R1\n")
    (tmp_path / "lab.lab.yml").write_text(
        "name: lab\ntopology:\n  nodes:\n    R1: {startup-config: R1.cfg}\n"
    )
    lab = Lab.load(tmp_path / "lab.lab.yml")
    assert lab.warnings == [] and lab["R1"].router.boot_errors == []
    assert lab["R1"].console.prompt() == "Lab_R1>"
