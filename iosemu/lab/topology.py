"""Lab topology files (containerlab's shape): YAML -> checked, normalised plain data, with
each router's startup-config read (bounded by its NVRAM).

Every fault is reported as one `TopologyError` naming the file, the line and the fault.
"""

from __future__ import annotations

import itertools
import re
import reprlib
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

import yaml

from iosemu.cli import messages
from iosemu.cli.ifnames import normalise
from iosemu.config.system import HOSTNAME
from iosemu.files import FileFault, TooLarge, read_text
from iosemu.lab.platforms import DEFAULT_PLATFORM, PLATFORMS
from iosemu.sim.link import LOSS_RULE, check_loss

KINDS = ("router", "host", "switch", "frame-relay-switch", "server")
FILE_KEYS = {"name", "topology", "title", "instructions", "validate"}
TOPOLOGY_KEYS = {"defaults", "nodes", "links"}
NODE_KEYS = {"kind", "type", "startup-config", "ip", "gateway", "dhcp", "ports", "pvcs", "scopes"}
SWITCH_PORT_KEYS = {"lmi-type", "clock-rate"}
PVC_KEYS = {"endpoints", "cir", "bc", "be"}
LMI_TYPES = ("cisco", "ansi", "q933a")
DLCI_RANGES = {"cisco": (16, 1007), "ansi": (16, 991), "q933a": (16, 991)}  # what each LMI can report
PORT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9/-]{0,31}")
DEFAULT_SWITCH_CLOCK = 2000000
DEFAULT_KEYS = {"kind", "type", "startup-config"}  # an address is one node's own
LINK_KEYS = {"endpoints", "dce", "loss"}
MERGE_TAG = "tag:yaml.org,2002:merge"
LAB_FILE_BYTES = 8 << 20  # a 10,000-router lab is about 1 MB
MAX_DEPTH = 32  # YAML nesting: a lab needs 6 levels; deeper would exhaust Python's stack
# Node names are hostnames (the `hostname` rule of IOS, RFC 1035 labels), and file names
# (`R1.cfg` in the lab's NVRAM folder): the lab name is one too (~/.iosemu/NAME).
NAME = HOSTNAME
NAME_RULE = "a letter, then letters, digits or hyphens, ending in a letter or digit, at most 63 characters"


class TopologyError(Exception):
    """`FILE:LINE: fault` on one line: what the file said is shown escaped (`R\\n1`)."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(_one_line(f"{where}: {message}"))


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class _Brief(reprlib.Repr):
    """Lists and mappings shortened for a message (YAML aliases can make one of a billion
    items), the loader's own kinds of them included."""

    def __init__(self):
        super().__init__()
        self.maxlevel, self.maxlist, self.maxdict = 1, 4, 4

    def repr__LinedList(self, value, level):  # noqa: N802 (reprlib dispatches on the type name)
        return self.repr_list(value, level)

    def repr__Lined(self, value, level):  # noqa: N802
        return self.repr_dict(value, level)


def _brief(value) -> str:
    """A value the file gave, as text for a message."""
    return value if isinstance(value, str) else _Brief().repr(value)


@dataclass(frozen=True)
class SwitchPort:
    """A port of a Frame Relay switch node: a DCE serial port with its LMI and clock."""

    name: str
    lmi_type: str = "cisco"
    clock_rate: int = DEFAULT_SWITCH_CLOCK


@dataclass(frozen=True)
class SwitchPvc:
    """A PVC across a Frame Relay switch node: (port, DLCI) at each end, and the contract
    (bits per second and bits per interval; CIR None: no policing)."""

    a: tuple[str, int]
    b: tuple[str, int]
    cir: int | None = None
    bc: int | None = None
    be: int = 0
    line: int | None = None


@dataclass(frozen=True)
class Node:
    name: str
    kind: str
    type: str | None = None
    startup_config: Path | None = None
    ip: str | None = None
    gateway: str | None = None
    startup_text: str | None = field(default=None, repr=False, compare=False)  # the file's text
    ports: tuple[SwitchPort, ...] = ()  # a frame-relay-switch's
    pvcs: tuple[SwitchPvc, ...] = ()
    dhcp: bool = False  # a host that obtains its address automatically
    scopes: tuple = ()  # a server's (sim/server.py WizardScope)


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
    loss: float = 0.0  # the fraction of frames lost, each way


@dataclass
class Topology:
    name: str
    path: Path
    nodes: dict[str, Node] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    title: str = ""  # a graded lab's (lab/checks.py): its title, instructions (Markdown) ...
    instructions: str = ""
    validate: object = None  # ... and its checks as the file gives them (checks.load reads them)
    validate_line: int | None = None


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Keeps the line of every mapping key, so faults can name it."""


class _DuplicateKey(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _mapping_with_lines(loader, node):
    """A mapping that remembers its keys' lines; a key written twice is a fault (PyYAML
    would silently keep the last one)."""
    first: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
            continue
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1
        if key in first:
            raise _DuplicateKey(line, f"'{key}' is given twice (first on line {first[key]})")
        first[key] = line
    mapping = loader.construct_mapping(node, deep=True)
    result = _Lined(mapping)
    result.lines = first
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


def _folder_hint(path: Path) -> str:
    """What to pass instead of a folder: the lab file is a file (the lab files in it, if any)."""
    if not path.is_dir():
        return ""
    try:
        found = sorted(
            p for p in itertools.islice(path.iterdir(), 1000) if p.name.endswith((".yml", ".yaml"))
        )
    except OSError:
        found = []
    if not found:
        return ": pass a lab file (NAME.lab.yml), not a folder"
    return ": pass the lab file, not its folder (" + ", ".join(str(p) for p in found[:3]) + ")"


def load_topology(path: Path | str) -> Topology:
    path = Path(path)
    try:
        text = read_text(path, LAB_FILE_BYTES)
    except FileFault as fault:
        raise TopologyError(path, None, f"cannot read the lab file: {fault}{_folder_hint(path)}") from None
    loader = _LineLoader(text)
    try:
        root = loader.get_single_node()  # composed by libyaml, which bounds the nesting itself
        _check_depth(path, root)
        data = None if root is None else loader.construct_document(root)
    except _DuplicateKey as error:
        raise TopologyError(path, error.line, str(error)) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses anywhere: its first one
        line = text.count("\n", 0, text.find(chr(error.character))) + 1
        message = f"YAML syntax error: the character #x{error.character:04X} is not allowed"
        raise TopologyError(path, line, message) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        raise TopologyError(path, mark.line + 1 if mark else None, f"YAML syntax error: {problem}") from None
    finally:
        loader.dispose()
    return _build(path, data)


def _check_depth(path: Path, root) -> None:
    """A fault for YAML nested deeper than a lab needs (building it would recurse that deep).
    Walked without recursion, each node once (aliases share nodes)."""
    seen: set[int] = set()
    stack = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            message = f"YAML nested more than {MAX_DEPTH} levels deep"
            raise TopologyError(path, node.start_mark.line + 1, message)
        items = (
            node.value if isinstance(node, yaml.SequenceNode) else (v for pair in node.value for v in pair)
        )
        stack.extend((item, depth + 1) for item in items)


def _require_mapping(path, data, what: str, line: int | None) -> _Lined:
    if not isinstance(data, dict):
        raise TopologyError(path, line, f"{what} must be a mapping")
    return data


def _build(path: Path, data) -> Topology:
    data = _require_mapping(path, data, "the file", 1)
    for key in ("name", "topology"):
        if key not in data:
            raise TopologyError(path, _line(data), f"missing '{key}'")
    name = data["name"]
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise TopologyError(path, _line(data, "name"), f"'name: {_brief(name)}': a lab name is {NAME_RULE}")
    topo = _require_mapping(path, data["topology"], "'topology'", _line(data, "topology"))
    _known_keys(path, topo, TOPOLOGY_KEYS, "'topology'")
    result = Topology(name, path)
    defaults = topo.get("defaults")
    defaults = {} if defaults is None else defaults
    defaults = _require_mapping(path, defaults, "'topology.defaults'", _line(topo, "defaults"))
    _known_keys(path, defaults, DEFAULT_KEYS, "'topology.defaults'")
    nodes = _require_mapping(path, topo.get("nodes"), "'topology.nodes'", _line(topo, "nodes"))
    folded: dict[str, str] = {}  # the names as a case-blind file system sees them
    folder = path.parent.resolve()  # where the startup-configs are named from
    for node_name, spec in nodes.items():
        line = _line(nodes, node_name)
        if not isinstance(node_name, str):
            raise TopologyError(
                path, line, f"node name {node_name!r} must be text (quote it: '\"{node_name}\"')"
            )
        if not NAME.fullmatch(node_name):
            raise TopologyError(path, line, f"node '{node_name}': a node name is {NAME_RULE}")
        other = folded.setdefault(node_name.lower(), node_name)
        if other != node_name:
            where = _line(nodes, other)
            message = f"node '{node_name}': differs from node '{other}' (line {where}) only in letter case"
            raise TopologyError(path, line, message)
        if spec is None:  # `R1:` alone: all from the defaults
            spec = _Lined()
            spec.lines, spec.line = {}, line
        result.nodes[node_name] = _node(path, folder, node_name, spec, defaults, line)
    links = topo.get("links")
    links = [] if links is None else links
    if not isinstance(links, list):
        raise TopologyError(path, _line(topo, "links"), "'topology.links' must be a list")
    used: dict[Endpoint, int] = {}
    for index, spec in enumerate(links):
        line = links.lines[index] if isinstance(links, _LinedList) else None
        result.links.append(_link(path, result, spec, line, used))
    for key in ("title", "instructions"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise TopologyError(path, _line(data, key), f"'{key}' must be text")
        setattr(result, key, value)
    result.validate, result.validate_line = data.get("validate"), _line(data, "validate")
    _known_keys(path, data, FILE_KEYS, "the lab")  # last: a YAML anchor may sit in one
    return result


def _known_keys(path: Path, spec, known: set[str], what: str) -> None:
    unknown = [key for key in spec if key not in known]
    if unknown:
        key = sorted(map(str, unknown))[0]
        allowed = ", ".join(sorted(known))
        raise TopologyError(path, _line(spec, key), f"{what}: unknown key '{key}' (allowed: {allowed})")


def _text(path: Path, spec, defaults, key: str, name: str) -> tuple[str | None, int | None]:
    """A node setting written as text (`kind: router`), from the node or else the defaults,
    with the line it is written on."""
    source = spec if key in spec else defaults
    value, line = source.get(key), _line(source, key) if key in source else _line(spec)
    if value is not None and not isinstance(value, str):
        raise TopologyError(path, line, f"node '{name}': '{key}: {_brief(value)}' must be text")
    return value, line


def _node(path: Path, folder: Path, name: str, spec, defaults, line) -> Node:
    spec = _require_mapping(path, spec, f"node '{name}'", line)
    _known_keys(path, spec, NODE_KEYS, f"node '{name}'")
    kind, line = _text(path, spec, defaults, "kind", name)
    kind = kind or "router"
    if kind not in KINDS:
        raise TopologyError(path, line, f"node '{name}': unknown kind '{kind}' (one of {', '.join(KINDS)})")
    if kind != "router":  # the defaults' type and startup-config are for the routers
        defaults = {}
        if "startup-config" in spec:
            raise TopologyError(
                path, _line(spec, "startup-config"), f"node '{name}': only a router has a startup-config"
            )
    hw_type, line = _text(path, spec, defaults, "type", name)
    if kind == "router":
        hw_type = hw_type or DEFAULT_PLATFORM
        if hw_type not in PLATFORMS:
            known = ", ".join(PLATFORMS)
            raise TopologyError(
                path, line, f"node '{name}': unknown router type '{hw_type}' (one of {known})"
            )
    config, line = _text(path, spec, defaults, "startup-config", name)
    startup = text = None
    if config is not None:
        config = config.replace("__NODE__", name)
        startup = folder / config
        text = _startup_text(path, line, name, config, startup, PLATFORMS[hw_type])
    ip, gateway = _address(path, name, kind, spec)
    given = [key for key in ("ports", "pvcs") if key in spec]
    if given and kind != "frame-relay-switch":
        raise TopologyError(
            path, _line(spec, given[0]), f"node '{name}': only a frame-relay-switch has {given[0]}"
        )
    ports = pvcs = ()
    if kind == "frame-relay-switch":
        ports = _switch_ports(path, name, spec)
        pvcs = _switch_pvcs(path, name, spec, {p.name: p for p in ports})
    dhcp = spec.get("dhcp", False)
    if "dhcp" in spec and (kind != "host" or not isinstance(dhcp, bool)):
        message = (
            f"node '{name}': 'dhcp' is true or false, for a host"
            if kind == "host"
            else (f"node '{name}': only a host has dhcp")
        )
        raise TopologyError(path, _line(spec, "dhcp"), message)
    if dhcp and ip is not None:
        raise TopologyError(
            path, _line(spec, "dhcp"), f"node '{name}': a host with 'dhcp: true' has no 'ip:'"
        )
    scopes = ()
    if kind == "server":
        from iosemu.lab.scopes import server_scopes  # it reads lab files with this module's helpers

        if ip is None:
            raise TopologyError(
                path, _line(spec), f"node '{name}': a server needs 'ip:' (its static address)"
            )
        scopes = server_scopes(path, name, spec)
    elif "scopes" in spec:
        raise TopologyError(path, _line(spec, "scopes"), f"node '{name}': only a server has scopes")
    return Node(name, kind, hw_type, startup, ip, gateway, text, ports, pvcs, dhcp, scopes)


def _switch_ports(path: Path, name: str, spec) -> tuple[SwitchPort, ...]:
    """A frame-relay-switch's `ports:`, each `NAME: {lmi-type: cisco|ansi|q933a, clock-rate: BPS}`."""
    ports = spec.get("ports")
    line = _line(spec, "ports")
    if not isinstance(ports, dict) or not ports:
        raise TopologyError(
            path, line, f"node '{name}': a frame-relay-switch needs 'ports' (a mapping of port names)"
        )
    found = []
    for port, settings in ports.items():
        where = _line(ports, port)
        if not isinstance(port, str) or not PORT_NAME.fullmatch(port):
            raise TopologyError(
                path, where, f"node '{name}': port '{_brief(port)}' must be a name such as s1"
            )
        settings = {} if settings is None else _require_mapping(path, settings, f"port '{port}'", where)
        _known_keys(path, settings, SWITCH_PORT_KEYS, f"node '{name}' port '{port}'")
        lmi = settings.get("lmi-type", "cisco")
        if lmi not in LMI_TYPES:
            raise TopologyError(
                path,
                _line(settings, "lmi-type"),
                f"port '{port}': 'lmi-type: {_brief(lmi)}' is one of {', '.join(LMI_TYPES)}",
            )
        clock = settings.get("clock-rate", DEFAULT_SWITCH_CLOCK)
        if isinstance(clock, bool) or not isinstance(clock, int) or not 300 <= clock <= 8000000:
            message = (
                f"port '{port}': 'clock-rate: {_brief(clock)}' must be bits per second from 300 to 8000000"
            )
            raise TopologyError(path, _line(settings, "clock-rate"), message)
        found.append(SwitchPort(port, lmi, clock))
    return tuple(found)


def _switch_pvcs(path: Path, name: str, spec, ports: dict[str, SwitchPort]) -> tuple[SwitchPvc, ...]:
    """`pvcs:`, each `{endpoints: [PORT:DLCI, PORT:DLCI], cir: BPS, bc: BITS, be: BITS}`."""
    pvcs = spec.get("pvcs")
    if pvcs is None:
        return ()
    if not isinstance(pvcs, list):
        raise TopologyError(path, _line(spec, "pvcs"), f"node '{name}': 'pvcs' must be a list")
    used: dict[tuple[str, int], int] = {}
    found = []
    for index, entry in enumerate(pvcs):
        line = pvcs.lines[index] if isinstance(pvcs, _LinedList) else _line(spec, "pvcs")
        entry = _require_mapping(path, entry, "a PVC", line)
        _known_keys(path, entry, PVC_KEYS, "a PVC")
        ends = entry.get("endpoints")
        if not isinstance(ends, list) or len(ends) != 2:
            raise TopologyError(
                path, line, "a PVC needs 'endpoints' with exactly two PORT:DLCI entries (s1:102)"
            )
        pair = [_pvc_end(path, line, end, ports) for end in ends]
        if pair[0][0] == pair[1][0]:
            raise TopologyError(path, line, f"a PVC must join two ports (both ends are on port {pair[0][0]})")
        for end in pair:
            if end in used:
                message = f"DLCI {end[1]} on port {end[0]} is already used by the PVC on line {used[end]}"
                raise TopologyError(path, line, message)
            used[end] = line
        cir, bc, be = (_bits(path, entry, key) for key in ("cir", "bc", "be"))
        if cir is None and (bc is not None or be is not None):
            raise TopologyError(path, line, "a PVC's 'bc' and 'be' need its 'cir'")
        if cir is not None and cir == 0:
            raise TopologyError(path, _line(entry, "cir"), "'cir: 0': a PVC's committed rate must be above 0")
        if cir is not None and bc is None:
            bc = max(1, cir // 8)  # IOS's default interval: 125 ms
        if bc == 0:
            raise TopologyError(path, _line(entry, "bc"), "'bc: 0': the committed burst must be above 0")
        found.append(SwitchPvc(pair[0], pair[1], cir, bc, be or 0, line))
    return tuple(found)


def _pvc_end(path: Path, line, text, ports: dict[str, SwitchPort]) -> tuple[str, int]:
    if not isinstance(text, str) or text.count(":") != 1:
        raise TopologyError(path, line, f"PVC end {_brief(text)!r} must be written PORT:DLCI (s1:102)")
    port, _, number = text.partition(":")
    if port not in ports:
        raise TopologyError(path, line, f"PVC end '{text}': no port '{port}' (ports: {', '.join(ports)})")
    low, high = DLCI_RANGES[ports[port].lmi_type]
    if not (number.isascii() and number.isdigit()) or not low <= int(number) <= high:
        lmi = ports[port].lmi_type
        raise TopologyError(
            path, line, f"PVC end '{text}': a DLCI is a number from {low} to {high} ({lmi} LMI)"
        )
    return port, int(number)


def _bits(path: Path, entry, key: str) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000_000:
        raise TopologyError(
            path, _line(entry, key), f"'{key}: {_brief(value)}' must be a number of bits (per second for cir)"
        )
    return value


def _startup_text(path: Path, line, name: str, config: str, file: Path, platform) -> str:
    """The text of a router's startup-config file (named beside the lab file), which must fit
    the router's NVRAM as on IOS."""
    try:
        return read_text(file, platform.nvram_bytes)
    except TooLarge as fault:
        too_large = " ".join(messages.CONFIG_TOO_LARGE.split())
        message = (
            f"node '{name}': startup-config '{config}' is {fault.size:,} bytes, more than the"
            f" {platform.name}'s NVRAM holds ({platform.nvram_bytes:,} bytes): {too_large}"
        )
        raise TopologyError(path, line, message) from None
    except FileFault as fault:
        raise TopologyError(path, line, f"node '{name}': startup-config '{config}': {fault}") from None


def _address(path: Path, name: str, kind: str, spec) -> tuple[str | None, str | None]:
    """A PC's (or a server's) `ip: A.B.C.D/LEN` and `gateway: A.B.C.D` inside that subnet."""
    given = [key for key in ("ip", "gateway") if key in spec]
    if not given:
        return None, None
    if kind not in ("host", "server"):
        raise TopologyError(
            path, _line(spec, given[0]), f"node '{name}': only a host or a server has ip/gateway"
        )
    ip, gateway = (None if spec.get(key) is None else _brief(spec[key]) for key in ("ip", "gateway"))
    address = None
    if ip is not None:
        try:
            if "/" not in ip:
                raise ValueError
            address = IPv4Interface(ip)
        except ValueError:
            raise TopologyError(
                path,
                _line(spec, "ip"),
                f"node '{name}': 'ip: {ip}' is not an address/prefix such as 192.168.1.10/24",
            ) from None
        subnet = address.network
        if subnet.prefixlen < 31 and address.ip in (subnet.network_address, subnet.broadcast_address):
            raise TopologyError(
                path, _line(spec, "ip"), f"node '{name}': 'ip: {ip}' is not a host address of {subnet}"
            )
    if gateway is not None:
        try:
            router = IPv4Address(gateway)
        except ValueError:
            raise TopologyError(
                path, _line(spec, "gateway"), f"node '{name}': 'gateway: {gateway}' is not an address"
            ) from None
        if address is None:
            raise TopologyError(path, _line(spec, "gateway"), f"node '{name}': a gateway needs an 'ip:' too")
        if router not in address.network or router == address.ip:
            raise TopologyError(
                path,
                _line(spec, "gateway"),
                f"node '{name}': gateway {router} is not in its subnet {address.network}",
            )
    return (str(address) if address else None), gateway


def _endpoint(path: Path, topo: Topology, text, line) -> Endpoint:
    try:
        return endpoint(topo, text)
    except ValueError as error:
        raise TopologyError(path, line, str(error)) from None


def endpoint(topo: Topology, text) -> Endpoint:
    """`NODE:INTERFACE` (IOS abbreviations allowed) as the endpoint it names, or ValueError
    saying what is wrong with it."""
    if not isinstance(text, str):
        raise ValueError(f'endpoint {_brief(text)} must be written "NODE:INTERFACE"')
    node_name, sep, port = text.partition(":")
    if not sep:
        raise ValueError(f"endpoint '{text}' must be written NODE:INTERFACE")
    node = topo.nodes.get(node_name)
    if node is None:
        raise ValueError(f"endpoint '{text}': unknown node '{node_name}'")
    if node.kind == "frame-relay-switch":
        names = [p.name for p in node.ports]
        if port not in names:
            raise ValueError(
                f"endpoint '{text}': {node_name} has no port '{port}' (it has {', '.join(names)})"
            )
        return Endpoint(node_name, port)
    if node.kind == "router":
        platform = PLATFORMS[node.type]
        names = [n for n, _ in platform.interfaces]
        name = normalise(port, names)
        if name is None:
            ports = ", ".join(n for n, _ in platform.interfaces)
            raise ValueError(f"endpoint '{text}': {node.type} has no interface '{port}' (it has {ports})")
        return Endpoint(node_name, name)
    single = node.kind in ("host", "server")  # one Ethernet port
    if not (port.startswith("eth") and port[3:].isdigit()) or (single and port != "eth0"):
        wanted = "eth0" if single else "eth0, eth1, ..."
        raise ValueError(f"endpoint '{text}': a {node.kind} port is named {wanted}")
    return Endpoint(node_name, port)


def _link(path: Path, topo: Topology, spec, line, used: dict[Endpoint, int]) -> Link:
    spec = _require_mapping(path, spec, "a link", line)
    _known_keys(path, spec, LINK_KEYS, "a link")
    ends = spec.get("endpoints")
    line = _line(spec, "endpoints") or line
    if not isinstance(ends, list) or len(ends) != 2:
        raise TopologyError(path, line, "a link needs 'endpoints' with exactly two NODE:INTERFACE entries")
    lines = ends.lines if isinstance(ends, _LinedList) else [line, line]
    a, b = (_endpoint(path, topo, end, end_line) for end, end_line in zip(ends, lines, strict=True))
    for end in (a, b):
        if end in used:
            raise TopologyError(
                path, line, f"endpoint '{end}' is already used by the link on line {used[end]}"
            )
        used[end] = line
    dce = spec.get("dce")
    switches = [e for e in (a, b) if topo.nodes[e.node].kind == "frame-relay-switch"]
    if switches:
        return _switch_link(path, spec, line, a, b, switches, dce)
    serial = [e for e in (a, b) if e.interface.startswith("Serial")]
    if serial and len(serial) != 2:
        raise TopologyError(path, line, "a serial interface can only be cabled to another serial interface")
    if dce is not None and not serial:
        raise TopologyError(path, _line(spec, "dce"), "'dce' is only for a serial link (both ends serial)")
    if dce is not None and dce not in (a.node, b.node):
        raise TopologyError(path, _line(spec, "dce"), f"'dce: {_brief(dce)}' is not an end of this link")
    if serial and dce is None:
        raise TopologyError(path, line, "a serial link must name its DCE end ('dce: NODE')")
    return Link(a, b, dce, _loss(path, spec))


def _loss(path: Path, spec) -> float:
    loss = spec.get("loss", 0.0)
    try:
        return check_loss(loss)
    except ValueError:
        raise TopologyError(path, _line(spec, "loss"), f"'loss: {_brief(loss)}' {LOSS_RULE}") from None


def _switch_link(path: Path, spec, line, a: Endpoint, b: Endpoint, switches, dce) -> Link:
    """A cable from a router's serial interface to a port of a Frame Relay switch, which is
    its DCE end."""
    switch = switches[0]
    other = b if switch == a else a
    if len(switches) == 2 or not other.interface.startswith("Serial"):
        raise TopologyError(
            path,
            line,
            f"a port of frame-relay switch '{switch.node}' can only be cabled to a router's serial"
            f" interface (not {other})",
        )
    if dce is not None and dce != switch.node:
        raise TopologyError(
            path,
            _line(spec, "dce"),
            f"'dce: {_brief(dce)}': the frame-relay switch '{switch.node}' is the DCE end",
        )
    return Link(a, b, switch.node, _loss(path, spec))
