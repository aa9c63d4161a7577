"""Access lists applied to a router's interfaces (`ip access-group`, config/acl.py): the IP
stack's filters (`IpStack.access`), kept in line with the interfaces' configuration. A filter
reads its list when a packet comes, so an edited list applies at once."""

from __future__ import annotations

from functools import partial

from iosemu.config.acl import check, list_key

DIRECTIONS = (("in", "access_in"), ("out", "access_out"))


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
                    unreachables = "no ip unreachables" not in iface.extra
                    access[(name, direction)] = (partial(check, self.router, list_key(key)), unreachables)

    def routes(self) -> list:
        return []

    def close(self) -> None:
        pass
