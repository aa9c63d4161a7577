"""An L2TPv3 Ethernet pseudowire between two sites (PE1 - CORE - PE2 over serial lines): the
control connection and session come up over IP protocol 115, the PCs of both sites in one
subnet ARP for and ping each other, and what the PEs show of it."""

from __future__ import annotations

from tests.protocols.l2tpv3.l2tpv3kit import two_sites


def test_the_pcs_of_both_sites_ping_each_other_through_the_pseudowire(make_lab):
    lab = two_sites(make_lab)
    out = lab["PC1"].cli("ping 192.168.50.2")
    assert "Reply from 192.168.50.2" in out, out
    assert "192.168.50.2" in lab["PC1"].cli("arp -a")
