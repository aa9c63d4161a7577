"""Lab topology files (containerlab's shape): YAML -> checked, normalised plain data.

Every fault is reported as one `TopologyError` naming the file, the line and the fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from iosemu.cli.ifnames import normalise
from iosemu.lab.platforms import DEFAULT_PLATFORM, PLATFORMS

KINDS = ("router", "host", "switch")
NODE_KEYS = {"kind", "type", "startup-config", "ip", "gateway"}


class TopologyError(Exception):
    def __init__(self, path: Path | str, line: int | None, message: str):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Node:
    name: str
    kind: str
    type: str | None = None
    startup_config: Path | None = None
    ip: str | None = None
    gateway: str | None = None


@dataclass(frozen=True)
class Endpoint:
    node: str
    interface: str

    def __str__(self) -> str:
        return f"{self.node}:{self.interface}"


@dataclass(frozen=True)
class Link:
    a: Endpoint
    b: Endpoint
    dce: str | None = None  # the node whose end supplies the clock (serial links)


@dataclass
class Topology:
    name: str
    path: Path
    nodes: dict[str, Node] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Keeps the line of every mapping key, so faults can name it."""


def _mapping_with_lines(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if hasattr(key, "value")}
    result = _Lined(mapping)
    result.lines = lines
    result.line = node.start_mark.line + 1
    return result


def _sequence_with_lines(loader, node):
    items = _LinedList(loader.construct_sequence(node, deep=True))
    items.line = node.start_mark.line + 1
    items.lines = [item.start_mark.line + 1 for item in node.value]
    return items


class _Lined(dict):
    lines: dict[str, int]
    line: int


class _LinedList(list):
    lines: list[int]
    line: int


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_lines)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence_with_lines)


def _line(data, key=None) -> int | None:
    if key is not None and isinstance(data, _Lined):
        return data.lines.get(key, data.line)
    return getattr(data, "line", None)


def load_topology(path: Path | str) -> Topology:
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as error:
        raise TopologyError(path, None, f"cannot read the file ({error.strerror})") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise TopologyError(path, mark.line + 1 if mark else None, f"YAML syntax error: {problem}") from None
    return _build(path, data)


def _require_mapping(path, data, what: str, line: int | None) -> _Lined:
    if not isinstance(data, dict):
        raise TopologyError(path, line, f"{what} must be a mapping")
    return data


def _build(path: Path, data) -> Topology:
    data = _require_mapping(path, data, "the file", 1)
    for key in ("name", "topology"):
        if key not in data:
            raise TopologyError(path, _line(data), f"missing '{key}'")
    topo = _require_mapping(path, data["topology"], "'topology'", _line(data, "topology"))
    result = Topology(str(data["name"]), path)
    defaults = topo.get("defaults") or {}
    nodes = _require_mapping(path, topo.get("nodes"), "'topology.nodes'", _line(topo, "nodes"))
    for name, spec in nodes.items():
        result.nodes[str(name)] = _node(path, str(name), spec or {}, defaults, _line(nodes, name))
    links = topo.get("links") or []
    if not isinstance(links, list):
        raise TopologyError(path, _line(topo, "links"), "'topology.links' must be a list")
    used: dict[Endpoint, int] = {}
    for index, spec in enumerate(links):
        line = links.lines[index] if isinstance(links, _LinedList) else None
        result.links.append(_link(path, result, spec, line, used))
    return result


def _node(path: Path, name: str, spec, defaults, line) -> Node:
    spec = _require_mapping(path, spec, f"node '{name}'", line)
    unknown = set(spec) - NODE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise TopologyError(path, _line(spec, key), f"node '{name}': unknown key '{key}'")
    kind = spec.get("kind", defaults.get("kind", "router"))
    if kind not in KINDS:
        raise TopologyError(
            path, _line(spec, "kind"), f"node '{name}': unknown kind '{kind}' (one of {', '.join(KINDS)})"
        )
    hw_type = spec.get("type", defaults.get("type"))
    if kind == "router":
        hw_type = hw_type or DEFAULT_PLATFORM
        if hw_type not in PLATFORMS:
            known = ", ".join(PLATFORMS)
            raise TopologyError(
                path, _line(spec, "type"), f"node '{name}': unknown router type '{hw_type}' (one of {known})"
            )
    config = spec.get("startup-config", defaults.get("startup-config"))
    startup = None
    if config is not None:
        startup = (path.parent / str(config).replace("__NODE__", name)).resolve()
        if not startup.is_file():
            raise TopologyError(
                path, _line(spec, "startup-config"), f"node '{name}': startup-config '{config}' not found"
            )
    return Node(name, kind, hw_type, startup, spec.get("ip"), spec.get("gateway"))


def _endpoint(path: Path, topo: Topology, text, line) -> Endpoint:
    node_name, sep, port = str(text).partition(":")
    if not sep:
        raise TopologyError(path, line, f"endpoint '{text}' must be written NODE:INTERFACE")
    node = topo.nodes.get(node_name)
    if node is None:
        raise TopologyError(path, line, f"endpoint '{text}': unknown node '{node_name}'")
    if node.kind == "router":
        platform = PLATFORMS[node.type]
        name = normalise(port, [n for n, _ in platform.interfaces])
        if name is None:
            ports = ", ".join(n for n, _ in platform.interfaces)
            raise TopologyError(
                path, line, f"endpoint '{text}': {node.type} has no interface '{port}' (it has {ports})"
            )
        return Endpoint(node_name, name)
    if not (port.startswith("eth") and port[3:].isdigit()) or (node.kind == "host" and port != "eth0"):
        wanted = "eth0" if node.kind == "host" else "eth0, eth1, ..."
        raise TopologyError(path, line, f"endpoint '{text}': a {node.kind} port is named {wanted}")
    return Endpoint(node_name, port)


def _link(path: Path, topo: Topology, spec, line, used: dict[Endpoint, int]) -> Link:
    spec = _require_mapping(path, spec, "a link", line)
    ends = spec.get("endpoints")
    line = _line(spec, "endpoints") or line
    if not isinstance(ends, list) or len(ends) != 2:
        raise TopologyError(path, line, "a link needs 'endpoints' with exactly two NODE:INTERFACE entries")
    a, b = (_endpoint(path, topo, end, line) for end in ends)
    for end in (a, b):
        if end in used:
            raise TopologyError(
                path, line, f"endpoint '{end}' is already used by the link on line {used[end]}"
            )
        used[end] = line
    dce = spec.get("dce")
    serial = [e for e in (a, b) if e.interface.startswith("Serial")]
    if serial and len(serial) != 2:
        raise TopologyError(path, line, "a serial interface can only be cabled to another serial interface")
    if dce is not None and dce not in (a.node, b.node):
        raise TopologyError(path, _line(spec, "dce"), f"'dce: {dce}' is not an end of this link")
    if serial and dce is None:
        raise TopologyError(path, line, "a serial link must name its DCE end ('dce: NODE')")
    return Link(a, b, dce)
