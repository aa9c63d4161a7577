"""Virtual-Access interfaces: an `interface Virtual-Template N` (or a Dialer) cloned for one
call, with the call as its cable, and freed when the call ends. A clone is an interface of the
router like any other (show ip interface brief, show interfaces, routes through it), never in
its configuration.

Numbering, as the real samples have it (ARCHITECTURE.md, Virtual-Access interfaces): a
session a router terminates (a PPPoE server's session, an LNS's L2TP call) is a subinterface
`Virtual-AccessP.N` of one parent, P the lowest free number from 2 when the first is made
(Vi1 is taken on such a router: the 12.4 and 12.4T servers' sessions are Vi2.1, Vi2.2, the LNS's
Vi2.1) and kept; N the lowest free. The parent carries nothing and is never listed. A client's
clone (a PPPoE client's, bound to its Dialer) is a whole `Virtual-AccessM`, M the lowest free
from 2 on a router with `pppoe enable` on an interface (Vi2 in the samples), else from 1.
"""

from __future__ import annotations

import heapq

from iosemu.sim.port import Port

TEMPLATE, ACCESS = "Virtual-Template", "Virtual-Access"


class Sessions:
    """A router's session subinterfaces: their parent's number (None until the first), the
    next never used subinterface number and the freed ones (lowest first, without scanning
    the sessions)."""

    __slots__ = ("parent", "next", "freed")

    def __init__(self) -> None:
        self.parent: int | None = None
        self.next = 1
        self.freed: list[int] = []

    def take(self, router) -> str:
        if self.parent is None:
            self.parent = _lowest_free(router, 2)
        if self.freed:
            number = heapq.heappop(self.freed)
        else:
            number, self.next = self.next, self.next + 1
        return f"{ACCESS}{self.parent}.{number}"

    def give_back(self, name: str) -> None:
        heapq.heappush(self.freed, int(name.rpartition(".")[2]))


def _lowest_free(router, first: int) -> int:
    number = first
    while f"{ACCESS}{number}" in router.config.interfaces or number == router.sessions.parent:
        number += 1
    return number


def clone(router, template: int | str, cable, made=None) -> Port | None:
    """A Virtual-Access made from the template (its number: a session subinterface, or the
    name of the interface it is cloned from: a Dialer's whole Virtual-Access), carried by
    `cable` (`carrier(end)`, `carry(end, frame, size)`, `raise_signals(end, on)`,
    `hang_up()`), `made(port)` told before it comes up (its debug lines come before its
    syslog); None if there is no such template."""
    session = not isinstance(template, str)
    source = router.config.interfaces.get(f"{TEMPLATE}{template}" if session else template)
    if source is None:
        return None
    if session:
        name = router.sessions.take(router)
    else:
        pppoe = any(iface.pppoe_group is not None for iface in router.config.interfaces.values())
        name = f"{ACCESS}{_lowest_free(router, 2 if pppoe else 1)}"
    iface = source.clone(name, "virtual-access")
    iface.address_source = "unset"  # nobody typed its address
    router.config.interfaces[name] = iface
    port = Port(router, name, "virtual-access")
    port.link = cable
    router.ports[name] = port
    if made is not None:
        made(port)
    port.reconcile(iface)
    return port


def release(router, port: Port) -> None:
    """The call is gone: the interface goes down (its syslog lines) and is freed. As IOS
    logs it: the line protocol's late reports settled (a call whose line never came up logs
    none), then a line still up goes down before the link (`%LINEPROTO` down, `%LINK` down).
    A session subinterface's lines name it in full (`Interface Virtual-Access2.1`): no real
    sample shows them [M]."""
    port.settle_reports()
    port.set_protocol(False)
    port.carrier_changed()
    port.close()
    if router.ports.get(port.name) is port:
        del router.ports[port.name]
        del router.config.interfaces[port.name]
        if "." in port.name:
            router.sessions.give_back(port.name)
    router.ip.invalidate()
