"""The `scopes:` of a `server` node in a lab file: each written with the fields of Windows
Server 2008's New Scope Wizard (research notes on DHCP, section 4.1), checked field by field
into the scopes the server serves; a fault names the file and line.

    scopes:
      - name: scope1
        description: LAN1
        start: 10.0.0.2
        end: 10.0.0.254
        subnet-mask: 255.255.255.0        # or length: 24
        exclusions: [{start: 10.0.0.10, end: 10.0.0.20}, 10.0.0.99]
        lease: {days: 8, hours: 0, minutes: 0}    # none given: 8 days
        router: 10.0.0.1
        dns-servers: [10.0.0.10]
        parent-domain: telco.com
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from iosemu.lab.topology import TopologyError, _brief, _known_keys, _line, _require_mapping
from iosemu.sim.server import WizardScope

SCOPE_KEYS = {
    "name",
    "description",
    "start",
    "end",
    "subnet-mask",
    "length",
    "exclusions",
    "lease",
    "router",
    "dns-servers",
    "parent-domain",
}
EXCLUSION_KEYS = {"start", "end"}
LEASE_FIELDS = {"days": 999, "hours": 23, "minutes": 59}  # the wizard's spin boxes, each from 0
DEFAULT_LEASE = 8 * 86400  # the wizard's Lease Duration page: 8 days
LENGTHS = (1, 30)  # a prefix length that leaves hosts to lease
DOMAIN = re.compile(
    r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)


def server_scopes(path: Path, name: str, spec) -> tuple[WizardScope, ...]:
    """A server node's `scopes:`, a list of one or more, on subnets that do not overlap."""
    scopes = spec.get("scopes")
    if not isinstance(scopes, list) or not scopes:
        raise TopologyError(
            path, _line(spec, "scopes"), f"node '{name}': a server needs 'scopes' (a list of one or more)"
        )
    found: list[tuple[WizardScope, int]] = []
    for index, entry in enumerate(scopes):
        line = _item_line(scopes, index, _line(spec, "scopes"))
        scope = _scope(path, _require_mapping(path, entry, f"node '{name}': a scope", line), line)
        for other, where in found:
            if other.name == scope.name:
                message = f"scope '{scope.name}': the name of the scope on line {where} too"
                raise TopologyError(path, line, message)
            if other.network.overlaps(scope.network):
                message = (
                    f"scope '{scope.name}' ({scope.network}) overlaps scope '{other.name}'"
                    f" ({other.network}, line {where})"
                )
                raise TopologyError(path, line, message)
        found.append((scope, line))
    return tuple(scope for scope, _ in found)


def _item_line(items, index: int, default: int | None) -> int | None:
    lines = getattr(items, "lines", None)
    return lines[index] if lines else default


def _scope(path: Path, entry, line) -> WizardScope:
    _known_keys(path, entry, SCOPE_KEYS, "a scope")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise TopologyError(path, _line(entry, "name"), "a scope needs a 'name' (text)")
    what = f"scope '{name}'"
    description = entry.get("description", "")
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise TopologyError(path, _line(entry, "description"), f"{what}: 'description' must be text")
    start, end = (_required_address(path, entry, key, what) for key in ("start", "end"))
    if start > end:
        raise TopologyError(
            path, _line(entry, "end"), f"{what}: the end address {end} is below the start {start}"
        )
    network = IPv4Network((start, _prefix(path, entry, what, line)), strict=False)
    if end not in network:
        message = f"{what}: {start}-{end} is not inside one subnet of mask {network.netmask} ({network})"
        raise TopologyError(path, _line(entry, "end"), message)
    for key, address in (("start", start), ("end", end)):
        if address in (network.network_address, network.broadcast_address):
            message = f"{what}: '{key}: {address}' is not a host address of {network}"
            raise TopologyError(path, _line(entry, key), message)
    return WizardScope(
        name,
        network,
        start,
        end,
        _exclusions(path, entry, what, start, end),
        _lease(path, entry, what),
        _addresses(path, entry, "router", what, network),
        _addresses(path, entry, "dns-servers", what),
        _domain(path, entry, what),
        description=description,
    )


def _address(path: Path, line, value, what: str, key: str) -> IPv4Address:
    try:
        if not isinstance(value, str):
            raise ValueError
        return IPv4Address(value)
    except ValueError:
        raise TopologyError(path, line, f"{what}: '{key}: {_brief(value)}' is not an address") from None


def _required_address(path: Path, entry, key: str, what: str) -> IPv4Address:
    if key not in entry:
        raise TopologyError(path, _line(entry), f"{what}: missing '{key}' (the range's {key} address)")
    return _address(path, _line(entry, key), entry[key], what, key)


def _prefix(path: Path, entry, what: str, line) -> int:
    """The prefix length from `length`, or from `subnet-mask` (both: they must agree)."""
    length = mask_length = None
    if "length" in entry:
        length = entry["length"]
        low, high = LENGTHS
        if isinstance(length, bool) or not isinstance(length, int) or not low <= length <= high:
            message = f"{what}: 'length: {_brief(length)}' must be a prefix length from {low} to {high}"
            raise TopologyError(path, _line(entry, "length"), message)
    if "subnet-mask" in entry:
        mask = entry["subnet-mask"]
        where = _line(entry, "subnet-mask")
        try:
            mask_length = IPv4Network(f"0.0.0.0/{mask}").prefixlen if isinstance(mask, str) else None
        except ValueError:
            pass
        if mask_length is None or str(IPv4Network(f"0.0.0.0/{mask_length}").netmask) != mask:
            raise TopologyError(path, where, f"{what}: 'subnet-mask: {_brief(mask)}' is not a subnet mask")
        if not LENGTHS[0] <= mask_length <= LENGTHS[1]:
            raise TopologyError(path, where, f"{what}: 'subnet-mask: {mask}' leaves no addresses to lease")
        if length is not None and length != mask_length:
            message = f"{what}: 'length: {length}' and 'subnet-mask: {mask}' (/{mask_length}) disagree"
            raise TopologyError(path, where, message)
    if length is None and mask_length is None:
        raise TopologyError(path, line, f"{what}: needs 'subnet-mask' or 'length'")
    return length if length is not None else mask_length


def _exclusions(path: Path, entry, what: str, start, end) -> tuple[tuple[IPv4Address, IPv4Address], ...]:
    """`exclusions:`, each `{start: A, end: B}` or one address, inside the scope's range."""
    given = entry.get("exclusions")
    if given is None:
        return ()
    line = _line(entry, "exclusions")
    if not isinstance(given, list):
        raise TopologyError(path, line, f"{what}: 'exclusions' must be a list")
    found = []
    for index, item in enumerate(given):
        where = _item_line(given, index, line)
        if isinstance(item, dict):
            _known_keys(path, item, EXCLUSION_KEYS, f"{what}: an exclusion")
            low = _required_address(path, item, "start", f"{what}: an exclusion")
            high = _address(path, _line(item, "end"), item["end"], what, "end") if "end" in item else low
        else:
            low = high = _address(path, where, item, what, "exclusions")
        if low > high:
            raise TopologyError(path, where, f"{what}: the exclusion {low}-{high} ends below its start")
        if low < start or high > end:
            message = f"{what}: the exclusion {low}-{high} is not inside the scope's range {start}-{end}"
            raise TopologyError(path, where, message)
        found.append((low, high))
    return tuple(found)


def _lease(path: Path, entry, what: str) -> int:
    """`lease: {days, hours, minutes}` in seconds (a field not given is 0); none: 8 days."""
    if "lease" not in entry:
        return DEFAULT_LEASE
    lease = entry["lease"]
    line = _line(entry, "lease")
    if not isinstance(lease, dict):
        raise TopologyError(path, line, f"{what}: 'lease' is days, hours and minutes ({{days: 8}})")
    _known_keys(path, lease, set(LEASE_FIELDS), f"{what}: the lease")
    values = {}
    for key, highest in LEASE_FIELDS.items():
        value = lease.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
            message = f"{what}: 'lease {key}: {_brief(value)}' must be a number from 0 to {highest}"
            raise TopologyError(path, _line(lease, key), message)
        values[key] = value
    seconds = ((values["days"] * 24 + values["hours"]) * 60 + values["minutes"]) * 60
    if not seconds:
        raise TopologyError(path, line, f"{what}: a lease of no time (at least a minute)")
    return seconds


def _addresses(path: Path, entry, key: str, what: str, subnet: IPv4Network | None = None):
    """One address or a list of them (`router`: in the scope's subnet, a host of it)."""
    given = entry.get(key)
    if given is None:
        return ()
    line = _line(entry, key)
    items = given if isinstance(given, list) else [given]
    found = []
    for index, item in enumerate(items):
        where = _item_line(items, index, line)
        address = _address(path, where, item, what, key)
        hosts = subnet is None or (
            address in subnet and address not in (subnet.network_address, subnet.broadcast_address)
        )
        if not hosts:
            raise TopologyError(path, where, f"{what}: '{key}: {address}' is not a host address of {subnet}")
        found.append(address)
    return tuple(found)


def _domain(path: Path, entry, what: str) -> str | None:
    domain = entry.get("parent-domain")
    if domain is None:
        return None
    if not isinstance(domain, str) or not DOMAIN.fullmatch(domain):
        message = f"{what}: 'parent-domain: {_brief(domain)}' is not a DNS domain name (telco.com)"
        raise TopologyError(path, _line(entry, "parent-domain"), message)
    return domain
