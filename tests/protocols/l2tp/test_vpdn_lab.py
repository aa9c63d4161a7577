"""VPDN on routers: a LAC and an LNS across a routed serial core (LAC - CORE - LNS), the
vpdn-group configuration and its running-config, the tunnel brought up by the first call for
a user of the LAC's domain, show vpdn / show l2tp, clear vpdn tunnel, debug vpdn l2x-events,
a wrong tunnel secret, and the tunnel torn down by HELLO when the core breaks."""

from __future__ import annotations

import pytest
from sim.labkit import configure, settled

TOPOLOGY = """\
name: vpdn
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    LAC: {startup-config: LAC.cfg}
    CORE: {startup-config: CORE.cfg}
    LNS: {startup-config: LNS.cfg}
  links:
    - {endpoints: ["LAC:s0/0/0", "CORE:s0/0/0"], dce: CORE}
    - {endpoints: ["CORE:s0/0/1", "LNS:s0/0/0"], dce: CORE}
"""
LAC = """\
hostname LAC
vpdn enable
vpdn-group 1
 request-dialin
  protocol l2tp
  domain cisco.com
 initiate-to ip 10.0.23.3
 local name LAC
 l2tp tunnel password 0 {secret}
interface Serial0/0/0
 ip address 10.0.12.1 255.255.255.0
 no shutdown
ip route 0.0.0.0 0.0.0.0 10.0.12.2
"""
CORE = """\
hostname CORE
interface Serial0/0/0
 ip address 10.0.12.2 255.255.255.0
 clock rate 2000000
 no shutdown
interface Serial0/0/1
 ip address 10.0.23.2 255.255.255.0
 clock rate 2000000
 no shutdown
"""
LNS = """\
hostname LNS
vpdn enable
vpdn-group 1
 accept-dialin
  protocol l2tp
  virtual-template 1
 terminate-from hostname LAC
 local name LNS
 l2tp tunnel password 0 cisco
interface Serial0/0/0
 ip address 10.0.23.3 255.255.255.0
 no shutdown
ip route 0.0.0.0 0.0.0.0 10.0.23.2
"""


@pytest.fixture
def vpdn_lab(make_lab):
    def build(secret: str = "cisco"):
        return settled(make_lab(TOPOLOGY, LAC=LAC.replace("{secret}", secret), CORE=CORE, LNS=LNS))

    return build


def _dial(lab, user: str = "user@cisco.com"):
    return lab.nodes["LAC"].services["l2tp"].dial(user)


def _ids(lab, name: str) -> tuple:
    """The local and remote ids of the router's one tunnel and of its first session."""
    (tunnel,) = lab.nodes[name].services["l2tp"].tunnels()
    session = next(iter(tunnel.sessions.values()))
    return tunnel.local_id, tunnel.remote_id, session.local_id, session.remote_id


def test_the_running_config_shows_the_groups_in_ios_layout(vpdn_lab):
    lab = vpdn_lab()
    text = lab["LNS"].cli("show running-config")
    assert (
        "vpdn enable\n!\nvpdn-group 1\n accept-dialin\n  protocol l2tp\n  virtual-template 1\n"
        " terminate-from hostname LAC\n local name LNS\n l2tp tunnel password 0 cisco\n!\n"
    ) in text
    lns = lab["LNS"]
    lns.cli("configure terminal")
    assert lns.cli("vpdn-group 2") == ""
    assert lns.console.prompt() == "LNS(config-vpdn)#"
    lns.cli("accept-dialin")
    assert lns.console.prompt() == "LNS(config-vpdn-acc-in)#"
    lns.cli("protocol l2tp")
    lns.cli("virtual-template 2")
    lns.cli("local name OTHER")  # a group command: back to (config-vpdn)#
    assert lns.console.prompt() == "LNS(config-vpdn)#"
    lns.cli("request dialin l2tp ip 10.9.9.9 domain old.com")  # the 12.0 one-line form
    lns.cli("end")
    text = lab["LNS"].cli("show running-config")
    assert (
        "vpdn-group 2\n request-dialin\n  protocol l2tp\n  domain old.com\n initiate-to ip 10.9.9.9\n"
        " local name OTHER\n!\n"
    ) in text


def test_the_first_call_brings_the_tunnel_up(vpdn_lab):
    lab = vpdn_lab()
    assert lab["LAC"].cli("show vpdn") == "%%No active L2TP tunnels\n"
    lab["LAC"].cli("debug vpdn l2x-events")
    assert _dial(lab, "user@other.com") is None  # no group serves the domain
    session = _dial(lab)
    lab.advance(1)
    assert session.state == "established"
    debug = "\n".join(lab["LAC"].console.take_inbox())
    assert (
        "L2TP: O SCCRQ" in debug and "L2TP: Tunnel state change from wait-ctl-reply to established" in debug
    )
    assert "L2TP: Session state change from wait-reply to established" in debug
    tunnel, far_tunnel, call, far_call = _ids(lab, "LAC")
    assert lab["LAC"].cli("show vpdn") == (
        "L2TP Tunnel and Session Information Total tunnels 1 sessions 1\n\n"
        "LocTunID   RemTunID   Remote Name   State  Remote Address  Sessn L2TP Class/\n"
        "                                                           Count VPDN Group \n"
        f"{tunnel:<10} {far_tunnel:<10} LNS           est    10.0.23.3       1     1              \n\n"
        "LocID      RemID      TunID      Username, Intf/      State  Last Chg Uniq ID   \n"
        "                                 Vcid, Circuit                                  \n"
        f"{call:<10} {far_call:<10} {tunnel:<10} user@cisco.com, -    est    00:00:00 1         \n\n\n"
    )
    assert lab["LNS"].cli("show l2tp tunnel") == (
        "L2TP Tunnel Information Total tunnels 1 sessions 1\n\n"
        "LocTunID   RemTunID   Remote Name   State  Remote Address  Sessn L2TP Class/\n"
        "                                                           Count VPDN Group \n"
        f"{far_tunnel:<10} {tunnel:<10} LAC           est    10.0.12.1       1     1              \n"
    )
    _, _, lns_call, _ = _ids(lab, "LNS")
    assert lab["LNS"].cli("show l2tp session packets") == (
        "\nL2TP Session Information Total tunnels 1 sessions 1\n\n"
        "LocID      RemID      TunID      Pkts-In    Pkts-Out   Bytes-In   Bytes-Out\n"
        f"{lns_call:<10} {call:<10} {far_tunnel:<10} 0          0          0          0\n"
    )
    assert (
        lab["LNS"]
        .cli("show vpdn session")
        .endswith(  # the user the LAC's ICCN names
            f"{lns_call:<10} {call:<10} {far_tunnel:<10} user@cisco.com, -    est    00:00:00 1         \n"
        )
    )
    _dial(lab, "second@cisco.com")  # the same tunnel carries the second call
    lab.advance(1)
    assert "Total tunnels 1 sessions 2" in lab["LNS"].cli("show vpdn tunnel")


def test_a_wrong_secret_refuses_the_tunnel(vpdn_lab):
    lab = vpdn_lab(secret="wrong")
    session = _dial(lab)
    lab.advance(5)
    assert session.state == "idle"
    assert lab["LAC"].cli("show vpdn") == "%%No active L2TP tunnels\n"
    assert lab["LNS"].cli("show vpdn") == "%%No active L2TP tunnels\n"


def test_clear_vpdn_tunnel_and_a_broken_core(vpdn_lab):
    lab = vpdn_lab()
    _dial(lab)
    lab.advance(1)
    lab["LAC"].cli("clear vpdn tunnel l2tp all")
    lab.advance(1)
    assert lab["LNS"].cli("show vpdn") == "%%No active L2TP tunnels\n"
    _dial(lab)
    lab.advance(1)
    configure(lab["CORE"], "interface Serial0/0/1", "shutdown")
    lab.advance(60 + 31)  # a HELLO after 60 s of silence, unanswered through its retransmissions
    assert lab["LAC"].cli("show vpdn") == "%%No active L2TP tunnels\n"


def test_an_encrypted_tunnel_password_still_authenticates(vpdn_lab):
    lab = vpdn_lab()
    for name in ("LAC", "LNS"):
        configure(lab[name], "service password-encryption")
    assert " l2tp tunnel password 7 " in lab["LAC"].cli("show running-config")
    session = _dial(lab)
    lab.advance(1)
    assert session.state == "established"


def test_an_unreachable_lns_is_given_up_after_the_retransmissions(vpdn_lab):
    lab = vpdn_lab()
    configure(lab["LAC"], "vpdn-group 1", "initiate-to ip 10.0.99.9")  # nobody there
    lab["LAC"].console.take_inbox()
    lab["LAC"].cli("debug vpdn l2x-events")
    session = _dial(lab)
    lab.advance(30)
    assert lab["LAC"].cli("show vpdn tunnel").count("wait-ctl-reply") == 1
    lab.advance(2)
    assert session.state == "idle"
    assert lab["LAC"].cli("show vpdn tunnel") == "%%No active L2TP tunnels\n"
    debug = "\n".join(lab["LAC"].console.take_inbox())
    assert debug.count("L2TP: O SCCRQ") == 1  # retransmissions are the same message, not new ones
    assert "L2TP: Tunnel retransmission limit exceeded" in debug
