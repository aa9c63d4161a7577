"""Access lists applied to a router's interfaces (`ip access-group`, config/acl.py): the IP
stack's filters (`IpStack.access`), kept in line with the interfaces' configuration. A filter
reads its list and its interface's settings when a packet comes, so an edited list applies at
once."""

from __future__ import annotations

from iosemu.config.acl import check, list_key

DIRECTIONS = (("in", "access_in"), ("out", "access_out"))


class Filter:
    """The list applied to one interface in one direction."""

    def __init__(self, router, interface: str, key: int | str):
        self.router, self.interface, self.key = router, interface, key

    def permits(self, packet) -> bool:
        return check(self.router, self.key, packet)

    @property
    def unreachables(self) -> bool:
        """Whether a stopped packet is answered (`ip unreachables`, on by default)."""
        iface = self.router.config.interfaces.get(self.interface)
        return iface is not None and iface.unreachables


class RouterAcl:
    name = "acl"

    def __init__(self, router):
        self.router = router

    def reconcile(self, touched) -> None:
        access = self.router.ip.access
        interfaces = self.router.config.interfaces
        for name in touched:
            iface = interfaces.get(name)
            for direction, attribute in DIRECTIONS:
                key = getattr(iface, attribute) if iface is not None else None
                if key is None:
                    access.pop((name, direction), None)
                else:
                    access[(name, direction)] = Filter(self.router, name, list_key(key))

    def routes(self) -> list:
        return []

    def close(self) -> None:
        pass
