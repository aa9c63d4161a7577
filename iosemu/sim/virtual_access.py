"""Virtual-Access interfaces: an `interface Virtual-Template N` cloned for one call (an L2TP
session at an LNS), with the call as its cable, and freed when the call ends. A clone is an
interface of the router like any other (show ip interface brief, show interfaces, routes
through it), never in its configuration; each takes the lowest free number, as IOS does.
"""

from __future__ import annotations

from iosemu.sim.port import Port

TEMPLATE, ACCESS = "Virtual-Template", "Virtual-Access"


def clone(router, template: int | str, cable, made=None) -> Port | None:
    """A Virtual-Access made from the template (its number, or the name of the interface it
    is cloned from: a Dialer), carried by `cable` (`carrier(end)`, `carry(end, frame, size)`,
    `raise_signals(end, on)`, `hang_up()`), `made(port)` told before it comes up (its debug
    lines come before its syslog); None if there is no such template."""
    source = router.config.interfaces.get(template if isinstance(template, str) else f"{TEMPLATE}{template}")
    if source is None:
        return None
    number = 1
    while f"{ACCESS}{number}" in router.config.interfaces:
        number += 1
    name = f"{ACCESS}{number}"
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
    none), then a line still up goes down before the link (`%LINEPROTO` down, `%LINK` down)."""
    port.settle_reports()
    port.set_protocol(False)
    port.carrier_changed()
    port.close()
    if router.ports.get(port.name) is port:
        del router.ports[port.name]
        del router.config.interfaces[port.name]
    router.ip.invalidate()
