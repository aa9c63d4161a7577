"""A lab's checks (its `validate:` section, netlab's shape): named checks run in order, each
with a `description`, the `nodes` it runs on, a `wait`, `pass`/`fail` messages, a `hint`,
`points`, and one kind of test, data evaluated against the running lab's state:

* `config: {section: "interface Serial0/0/0", line: "encapsulation ppp", absent: false}`:
  a running-config line (in a section, or global), IOS abbreviations allowed in the check;
* `interface: {name: s0/0/0, status: up, protocol: up, address: 10.0.0.1}`: a row of
  `show ip interface brief`;
* `route: {prefix: 192.168.2.0/24, code: S, next-hop: 10.0.0.2, interface: ..., absent: false}`:
  a route of the routing table;
* `ppp: {interface: s0/0/0, phase: UP, lcp: Open, ipcp: Open, peer: R2}`: a PPP session;
* `pvc: {dlci: 102, status: ACTIVE, interface: s0/0/0}`: a Frame Relay PVC;
* `dhcp-binding: {address: 10.0.0.2, type: Automatic, absent: false}`: a DHCP server's binding;
* `pc: {address: 10.0.0.2/24, gateway: 10.0.0.1, dns: 10.0.0.10}`: what a PC's adapter has;
* `cdp: {neighbor: R2, interface: s0/0/0, port: Serial0/0/0, absent: false}`: a CDP neighbour
  (its device ID; heard on our interface; its port);
* `ping: {address: 192.168.2.1, success: true}`: the device pings (a router or a PC);
* `tracert: {address: 192.168.2.10, path: [192.168.1.1, 10.0.12.2, 192.168.2.10]}`: a PC's
  tracert answers from these hops, in order;
* `xconnect: {interface: Gi0/1, state: UP, peer: 3.3.3.3, vcid: 100}`: an attachment
  circuit's xconnect as `show xconnect all` has it (its state, UP only when both segments are);
* `show: {command: "show ip route", match: "S +192.168.2.0", absent: false}`: a command's
  output matches a pattern (RE2 syntax);
* `history: {command: "show ip route"}`: someone typed the command on the device.

`load(topology)` reads and checks them: an unknown device, kind or field, a bad pattern or
value is a `TopologyError` naming file, line and reason, before anything runs. Each kind is
one entry of `KINDS` (its fields and its evaluation, in lab/grading.py): a feature adds its
state to check by adding a kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

import re2

from iosemu.lab.topology import Topology, TopologyError, _brief, _line

CHECK_KEYS = {"description", "nodes", "wait", "pass", "fail", "hint", "points"}
# kind -> its fields: (name, the value's type, required)
KINDS: dict[str, dict[str, tuple[type, bool]]] = {
    "config": {"section": (str, False), "line": (str, True), "absent": (bool, False)},
    "interface": {
        "name": (str, True),
        "status": (str, False),
        "protocol": (str, False),
        "address": (IPv4Address, False),
    },
    "route": {
        "prefix": (IPv4Network, True),
        "code": (str, False),
        "next-hop": (IPv4Address, False),
        "interface": (str, False),
        "absent": (bool, False),
    },
    "ppp": {
        "interface": (str, True),
        "phase": (str, False),
        "lcp": (str, False),
        "ipcp": (str, False),
        "peer": (str, False),
    },
    "pvc": {"dlci": (int, True), "status": (str, False), "interface": (str, False)},
    "xconnect": {
        "interface": (str, True),
        "state": (str, False),
        "peer": (IPv4Address, False),
        "vcid": (int, False),
    },
    "dhcp-binding": {"address": (IPv4Address, True), "type": (str, False), "absent": (bool, False)},
    "pc": {"address": (IPv4Interface, False), "gateway": (IPv4Address, False), "dns": (IPv4Address, False)},
    "cdp": {
        "neighbor": (str, True),
        "interface": (str, False),
        "port": (str, False),
        "absent": (bool, False),
    },
    "ping": {"address": (IPv4Address, True), "success": (bool, False)},
    "tracert": {"address": (IPv4Address, True), "path": (tuple, True)},
    "show": {"command": (str, True), "match": (str, True), "absent": (bool, False)},
    "history": {"command": (str, True)},
}
NODE_KINDS = {
    "ping": ("router", "host", "server"),
    "history": ("router",),  # what was typed at a router's console
    "pc": ("host",),
    "tracert": ("host", "server"),
}
LONGEST_WAIT = 3600  # virtual seconds one check may wait


@dataclass(frozen=True)
class Check:
    name: str
    kind: str
    spec: dict  # the kind's fields, typed
    nodes: tuple[str, ...]
    description: str = ""
    wait: float = 0.0  # virtual seconds before the check
    wait_until: float = 0.0  # or: try again each second until it passes, up to this many seconds
    passed_text: str = ""
    failed_text: str = ""
    hint: str = ""
    points: int = 1
    line: int | None = None  # in the lab file


def load(topology: Topology) -> list[Check]:
    """The lab's checks, in order (none if it has no `validate:`)."""
    data = topology.validate
    if data is None:
        return []
    path = topology.path
    if not isinstance(data, dict):
        raise TopologyError(path, topology.validate_line, "'validate' must be a mapping of named checks")
    return [_check(topology, str(name), spec, _line(data, name)) for name, spec in data.items()]


def _check(topology: Topology, name: str, spec, line: int | None) -> Check:
    path = topology.path

    def fault(message: str, key=None):
        return TopologyError(
            path, _line(spec, key) if key is not None else line, f"check '{name}': {message}"
        )

    if not isinstance(spec, dict):
        raise fault("must be a mapping")
    kinds = [k for k in spec if k in KINDS]
    unknown = [k for k in spec if k not in KINDS and k not in CHECK_KEYS]
    if unknown:
        allowed = ", ".join(sorted(CHECK_KEYS | KINDS.keys()))
        raise fault(f"unknown key '{_brief(unknown[0])}' (allowed: {allowed})", unknown[0])
    if len(kinds) != 1:
        raise fault(f"needs exactly one kind of test ({', '.join(KINDS)}), not {len(kinds)}")
    kind = kinds[0]
    nodes = spec.get("nodes")
    nodes = [nodes] if isinstance(nodes, str) else nodes
    if not isinstance(nodes, list) or not nodes or not all(isinstance(n, str) for n in nodes):
        raise fault("'nodes' must name the devices it runs on", "nodes" if "nodes" in spec else None)
    for node in nodes:
        if node not in topology.nodes:
            raise fault(f"unknown device '{_brief(node)}'", "nodes")
        if topology.nodes[node].kind not in NODE_KINDS.get(kind, ("router",)):
            raise fault(f"a {topology.nodes[node].kind} has no {kind} to check ('{node}')", "nodes")
    wait, wait_until = _wait(spec.get("wait", 0), fault)
    points = spec.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= 1000:
        raise fault("'points' must be a whole number from 0 to 1000", "points")
    texts = {}
    for key in ("description", "pass", "fail", "hint"):
        value = spec.get(key, "")
        if not isinstance(value, str):
            raise fault(f"'{key}' must be text", key)
        texts[key] = value
    return Check(
        name,
        kind,
        _fields(kind, spec[kind], fault),
        tuple(nodes),
        texts["description"],
        wait,
        wait_until,
        texts["pass"],
        texts["fail"],
        texts["hint"],
        points,
        line,
    )


def make_check(kind: str, nodes, fields: dict, name: str = "") -> Check:
    """A check built in Python (the pytest plugin's assertions): ValueError if it is wrong."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of check '{kind}' (kinds: {', '.join(KINDS)})")

    def fault(message: str, key=None):
        return ValueError(message)

    nodes = (nodes,) if isinstance(nodes, str) else tuple(nodes)
    return Check(name or kind, kind, _fields(kind, fields, fault), nodes)


def _wait(value, fault) -> tuple[float, float]:
    """`wait: 30` (seconds), or `wait: {until-pass: 60}` (until the check passes, at most)."""
    if isinstance(value, dict) and set(value) == {"until-pass"}:
        cap = value["until-pass"]
        if _seconds(cap):
            return 0.0, float(cap)
    elif _seconds(value):
        return float(value), 0.0
    raise fault(f"'wait' must be seconds (0 to {LONGEST_WAIT}) or {{until-pass: SECONDS}}", "wait")


def _seconds(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and 0 <= value <= LONGEST_WAIT


def _fields(kind: str, given, fault) -> dict:
    if not isinstance(given, dict):
        raise fault(f"'{kind}' must be a mapping of its fields ({', '.join(KINDS[kind])})", kind)
    fields = KINDS[kind]
    typed = {}
    for key, value in given.items():
        if key not in fields:
            raise fault(f"{kind}: unknown field '{_brief(key)}' (fields: {', '.join(fields)})", kind)
        wanted = fields[key][0]
        try:
            typed[key] = _typed(wanted, value)
        except ValueError:
            raise fault(f"{kind}: '{key}: {_brief(value)}' must be {_NAMES[wanted]}", kind) from None
    missing = [k for k, (_, required) in fields.items() if required and k not in typed]
    if missing:
        raise fault(f"{kind}: missing '{missing[0]}'", kind)
    if kind == "show":
        try:
            re2.compile(typed["match"])
        except re2.error as error:
            raise fault(f"show: bad pattern '{_brief(typed['match'])}' ({error})", kind) from None
    return typed


_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    IPv4Address: "an IPv4 address",
    IPv4Network: "a prefix (A.B.C.D/NN)",
    IPv4Interface: "an address with its length (A.B.C.D/NN)",
    tuple: "a list of IPv4 addresses",
}


def _typed(wanted: type, value):
    if wanted is bool:
        if not isinstance(value, bool):
            raise ValueError
        return value
    if wanted is tuple:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise ValueError
        return tuple(IPv4Address(v) for v in value)
    if wanted is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError
        return value
    if wanted is str:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ValueError
        return str(value)
    if not isinstance(value, str):
        raise ValueError
    return wanted(value)
