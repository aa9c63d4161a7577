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
