"""Interface names as IOS reads them: a type keyword, abbreviated to any unique prefix,
then the number, glued (`s0/0/0`) or apart (`se 0/0/0`).  The CLI and the topology
loader both read names through here."""

from __future__ import annotations

import re

# The interface type keywords of the grammar (base.lark `iftype`) and their IOS spelling.
IFTYPE_NAMES = {
    "EMBEDDED_SERVICE_ENGINE": "Embedded-Service-Engine",
    "FASTETHERNET": "FastEthernet",
    "GIGABITETHERNET": "GigabitEthernet",
    "LOOPBACK": "Loopback",
    "MULTILINK_IFTYPE": "Multilink",
    "NULL_IFTYPE": "Null",
    "SERIAL": "Serial",
    "DIALER_IFTYPE": "Dialer",
    "VIRTUAL_ACCESS_IFTYPE": "Virtual-Access",
    "VIRTUAL_TEMPLATE_IFTYPE": "Virtual-Template",
    "VIRTUAL_PPP_IFTYPE": "Virtual-PPP",
}
IFTYPES = frozenset(IFTYPE_NAMES)
GLUED = re.compile(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$")


def type_matches(prefix: str, types: list[str]) -> list[str]:
    """The interface type spellings `prefix` abbreviates (exact spelling wins)."""
    lowered = prefix.lower()
    exact = [t for t in types if t.lower() == lowered]
    return exact or [t for t in types if t.lower().startswith(lowered)]


def normalise(text: str, names: list[str]) -> str | None:
    """`s0/0/0` -> `Serial0/0/0` if that is one of `names`, else None."""
    if text in names:  # spelled out already, as a lab file mostly has it
        return text
    match = GLUED.match(text.replace(" ", ""))
    if not match:
        return None
    head, number = match.groups()
    present = {n.rstrip("0123456789/.") for n in names}
    types = [spelling for spelling in IFTYPE_NAMES.values() if spelling in present]
    found = type_matches(head, types)
    if len(found) != 1 or found[0] + number not in names:
        return None
    return found[0] + number
