"""The two routers of the blank WAN bench addressed on their serial cable (10.0.0.1 --
10.0.0.2), a test application served on a TCP port of R2, and every segment either router
sends written down."""

from __future__ import annotations

import pytest
from tcpkit import ECHO_PORT, Recorder

from iosemu.sim.tcp import SERVERS, Server


@pytest.fixture
def wire(lab, monkeypatch):
    """(lab, segments sent as (time, router, segment), the server's Recorder)."""
    for name, address in (("R1", "10.0.0.1"), ("R2", "10.0.0.2")):
        for line in ("enable", "configure terminal", "interface Serial0/0/0"):
            lab[name].cli(line)
        lab[name].cli(f"ip address {address} 255.255.255.252")
        lab[name].cli("no shutdown")
    lab.advance(15)  # the line protocol is up
    served = Recorder(echo=True)
    monkeypatch.setitem(SERVERS, ECHO_PORT, Server(lambda router, remote: True, lambda router, c: served))
    sent = []
    for name in ("R1", "R2"):
        tcp = lab.nodes[name].services["tcp"]
        original = tcp.send

        def send(local, remote, segment, name=name, original=original):
            sent.append((lab.now, name, segment))
            original(local, remote, segment)

        monkeypatch.setattr(tcp, "send", send)
    return lab, sent, served
