"""The applications a router runs on its IP stack (each made with the router when it
starts, and serving the UDP ports it registers in `router.ip.services`). A feature that adds
one (DHCP, CDP, TCP, the access lists' filters, later others) adds its class here: `name`,
`__init__(router)`, and `reconcile(touched)`, which the router calls with the interfaces it catches up with,
`routes()`, the static routes it installs, and `close()`, when the router reloads (its
timers stop: the next boot makes the application anew)."""

from __future__ import annotations

from iosemu.sim.acl import RouterAcl
from iosemu.sim.cdp import RouterCdp
from iosemu.sim.dhcp import RouterDhcp
from iosemu.sim.l2tp import RouterL2tp
from iosemu.sim.l2tpv3 import RouterL2tpv3
from iosemu.sim.pppoe import RouterPppoe
from iosemu.sim.tcp import RouterTcp

ROUTER_SERVICES = (RouterDhcp, RouterCdp, RouterL2tp, RouterL2tpv3, RouterPppoe, RouterTcp, RouterAcl)
