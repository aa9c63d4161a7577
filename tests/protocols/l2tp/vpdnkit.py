"""The compulsory tunnel lab: a client router dialled in over a PPP serial line to the ISP's
LAC (or, `access="pppoe"`, a PPPoE client on Ethernet: `pppoe-client` and `interface Dialer1`,
the LAC serving `bba-group pppoe global`), an IP core, the corporate LNS with a PC on its LAN.

    CLIENT s0/0/0 (gi0/0) -- s0/0/0 (gi0/0) LAC s0/0/1 -- s0/0/0 CORE s0/0/1 -- s0/0/0 LNS gi0/0 -- PC

The client authenticates with CHAP as user@cisco.com; the LAC forwards the domain cisco.com
to the LNS (10.0.23.3), which clones Virtual-Template1 (unnumbered to its Loopback0) and
gives the client an address from L2TP-POOL. Configurations follow ios-behaviour.md 5.2.
"""

from __future__ import annotations

from sim.labkit import settled

TOPOLOGY = """\
name: vpdn
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    CLIENT: {startup-config: CLIENT.cfg}
    LAC: {startup-config: LAC.cfg}
    CORE: {startup-config: CORE.cfg}
    LNS: {startup-config: LNS.cfg}
    PC: {kind: host, ip: 192.168.3.10/24, gateway: 192.168.3.1}
  links:
    - {endpoints: ["CLIENT:s0/0/0", "LAC:s0/0/0"], dce: LAC}
    - {endpoints: ["LAC:s0/0/1", "CORE:s0/0/0"], dce: CORE}
    - {endpoints: ["CORE:s0/0/1", "LNS:s0/0/0"], dce: CORE}
    - endpoints: ["LNS:gi0/0", "PC:eth0"]
"""
CLIENT = """\
hostname CLIENT
interface Serial0/0/0
 ip address negotiated
 encapsulation ppp
 no shutdown
 ppp chap hostname {user}
 ppp chap password 0 {password}
ip route 0.0.0.0 0.0.0.0 Serial0/0/0
"""
# The PPPoE access, in place of the serial line (ios-behaviour.md 5.2, the LAC's PPPoE side).
PPPOE_CLIENT = """\
hostname CLIENT
interface GigabitEthernet0/0
 no ip address
 pppoe-client dial-pool-number 1
 no shutdown
interface Dialer1
 mtu 1492
 ip address negotiated
 encapsulation ppp
 dialer pool 1
 ppp chap hostname {user}
 ppp chap password 0 {password}
ip route 0.0.0.0 0.0.0.0 Dialer1
"""
PPPOE_ACCESS = """\
bba-group pppoe global
 virtual-template 1
interface Virtual-Template1
 mtu 1492
 ppp authentication chap
interface GigabitEthernet0/0
 no ip address
 pppoe enable group global
 no shutdown
"""
LAC = """\
hostname LAC
vpdn enable
vpdn-group 1
 request-dialin
  protocol l2tp
  domain cisco.com
 initiate-to ip {lns}
 local name LAC
 l2tp tunnel password 0 {secret}
interface Serial0/0/0
 no ip address
 encapsulation ppp
 ppp authentication chap
 no shutdown
interface Serial0/0/1
 ip address 10.0.12.1 255.255.255.0
 no shutdown
ip route 0.0.0.0 0.0.0.0 10.0.12.2
"""
CORE = """\
hostname CORE
interface Serial0/0/0
 ip address 10.0.12.2 255.255.255.0
 no shutdown
interface Serial0/0/1
 ip address 10.0.23.2 255.255.255.0
 no shutdown
"""
LNS = """\
hostname LNS
username user@cisco.com password 0 cisco
vpdn enable
vpdn-group 1
 accept-dialin
  protocol l2tp
  virtual-template 1
 terminate-from hostname LAC
 local name LNS
 l2tp tunnel password 0 cisco
interface Loopback0
 ip address 10.3.31.1 255.255.255.0
interface GigabitEthernet0/0
 ip address 192.168.3.1 255.255.255.0
 no shutdown
interface Serial0/0/0
 ip address 10.0.23.3 255.255.255.0
 no shutdown
interface Virtual-Template1
 ip unnumbered Loopback0
 peer default ip address pool L2TP-POOL
 ppp authentication chap
ip local pool L2TP-POOL 10.3.31.50 10.3.31.60
ip route 0.0.0.0 0.0.0.0 10.0.23.2
"""


def compulsory_lab(
    make_lab,
    user="user@cisco.com",
    password="cisco",
    secret="cisco",
    lns="10.0.23.3",
    client=True,
    access="serial",
):
    """The lab past boot, every router's console in privileged EXEC (the client's line still
    negotiating); without `client`, the client's line is shut."""
    pppoe = access == "pppoe"
    client_config = (PPPOE_CLIENT if pppoe else CLIENT).format(user=user, password=password)
    if not client:
        client_config = client_config.replace(" no shutdown\n", " shutdown\n")
    topology = TOPOLOGY.replace('"CLIENT:s0/0/0", "LAC:s0/0/0"], dce: LAC', '"CLIENT:gi0/0", "LAC:gi0/0"]')
    lac = LAC.format(secret=secret, lns=lns) + (PPPOE_ACCESS if pppoe else "")
    return settled(
        make_lab(topology if pppoe else TOPOLOGY, CLIENT=client_config, LAC=lac, CORE=CORE, LNS=LNS)
    )
