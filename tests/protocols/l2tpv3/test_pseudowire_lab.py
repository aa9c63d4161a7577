"""An L2TPv3 Ethernet pseudowire between two sites (PE1 - CORE - PE2 over serial lines): the
control connection and session come up over IP protocol 115, the PCs of both sites in one
subnet ARP for and ping each other, a switch behind a PE learns the far MACs, VLAN mode and
manual sessions, the failures of the issue (VCID mismatch, unreachable peer, wrong digest
secret, attachment circuit shut), and what the PEs show and debug of it."""

from __future__ import annotations

import re

import pytest

from tests.protocols.l2tpv3.l2tpv3kit import SWITCHED, TOPOLOGY, pe, two_sites
from tests.sim.labkit import configure


def _xconnect_row(device) -> str:
    return device.cli("show xconnect all").splitlines()[-1]


def test_the_pcs_of_both_sites_ping_each_other_through_the_pseudowire(make_lab):
    lab = two_sites(make_lab)
    out = lab["PC1"].cli("ping 192.168.50.2")
    assert out.count("Reply from 192.168.50.2: bytes=32") == 4, out
    assert "192.168.50.2" in lab["PC1"].cli("arp -a")
    assert "192.168.50.1" in lab["PC2"].cli("arp -a")


def test_show_xconnect_all_has_both_segments_up(make_lab):
    """The layout of the 15.x capture (show_xconnect: `UP pri   ac Gi5.100:100/11(Eth VLAN) ...`)."""
    lab = two_sites(make_lab)
    out = lab["PE1"].cli("show xconnect all")
    assert out.startswith("Legend:    XC ST=Xconnect State  S1=Segment1 State  S2=Segment2 State\n")
    assert "XC ST  Segment 1                         S1 Segment 2                         S2\n" in out
    assert (
        _xconnect_row(lab["PE1"])
        == "UP pri   ac Gi0/1(Ethernet)              UP l2tp 3.3.3.3:100                  UP"
    )
    assert _xconnect_row(lab["PE2"]).endswith("UP l2tp 1.1.1.1:100                  UP")


def test_show_l2tun_tunnel_and_session(make_lab):
    lab = two_sites(make_lab)
    tunnel = lab["PE1"].cli("show l2tun tunnel").splitlines()
    assert tunnel[0] == "L2TP Tunnel Information Total tunnels 1 sessions 1"
    assert re.match(r"\d+ +\d+ +PE2 +est +3\.3\.3\.3 +1 +L2TP", tunnel[4]), tunnel
    session = lab["PE2"].cli("show l2tun session").splitlines()
    assert session[1] == "L2TP Session Information Total tunnels 1 sessions 1"
    assert re.match(r"\d+ +\d+ +\d+ +100, Gi0/1 +est +00:00:\d\d", session[5]), session


def test_show_l2tun_session_all_counts_the_frames(make_lab):
    lab = two_sites(make_lab)
    lab["PC1"].cli("ping 192.168.50.2")
    out = lab["PE1"].cli("show l2tun session all")
    assert "  Session is L2TP signaled\n" in out  # the 12.4 sample's spelling (show/l2tpv3.py)
    assert "  Session vcid is 100\n" in out
    assert "  Session Layer 2 circuit, type is Ethernet, name is GigabitEthernet0/1\n" in out
    assert "  Circuit state is UP\n" in out
    assert "Remote tunnel name is PE2\n  Internet address is 3.3.3.3\n" in out
    sent = int(re.search(r"(\d+) Packets sent, (\d+) received", out).group(1))
    assert sent >= 5  # the ARP request and four echo requests
    # the 12.0(29)S L2TPv3 guide's sample (p. 136): `SSS switching enabled` after the cookies
    assert "  No session cookie information available\n  SSS switching enabled\n  Sequencing is off\n" in out


def test_a_switch_behind_a_pe_learns_the_far_macs(make_lab):
    lab = two_sites(make_lab, SWITCHED)
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    switch, far = lab.nodes["SW1"], lab.nodes["PC2"]
    assert switch.table[far.ports["eth0"].mac][0] == "eth0"  # behind the PE's port


def test_debug_vpdn_l2x_events_shows_the_set_up(make_lab):
    lab = two_sites(make_lab, settle=0)
    lab["PE1"].cli("debug vpdn l2x-events")
    lab.advance(30)
    lines = "\n".join(lab["PE1"].console.take_inbox())
    assert re.search(r"Tnl \d+ L2TP: I SCCR[QP] from PE2", lines), lines
    assert re.search(r"Tnl \d+ L2TP: Tunnel state change from wait-ctl-(reply|conn) to established", lines)
    assert re.search(
        r"Tnl/Sn \d+/\d+ L2TP: Session state change from wait-(reply|connect) to established", lines
    )


def test_vlan_mode_on_dot1q_subinterfaces_with_different_tags(make_lab):
    """Each site's VLAN is its own: the far PE rewrites the tag to its subinterface's."""

    def vlan(config: str, tag: int) -> str:
        return config.replace(
            "interface GigabitEthernet0/1\n no ip address\n no shutdown\n xconnect",
            f"interface GigabitEthernet0/1\n no shutdown\ninterface GigabitEthernet0/1.{tag}\n"
            f" encapsulation dot1Q {tag}\n xconnect",
        )

    lab = two_sites(make_lab, PE1=vlan(pe("PE1"), 10), PE2=vlan(pe("PE2"), 20))
    assert _xconnect_row(lab["PE1"]).startswith("UP pri   ac Gi0/1.10:10(Eth VLAN)")
    assert _xconnect_row(lab["PE2"]).endswith("UP l2tp 1.1.1.1:100                  UP")
    service = lab.nodes["PE1"].services["l2tpv3"]
    assert service.pseudowires["GigabitEthernet0/1.10"].pw_type == 0x0004  # Ethernet VLAN


def test_manual_sessions_carry_frames_with_their_cookies(make_lab):
    def manual(config: str, local: int, remote: int) -> str:
        config = config.replace(" protocol l2tpv3 L2TP\n", " protocol none\n")
        return config.replace(
            " xconnect {} 100 pw-class PW\n".format("3.3.3.3" if local == 111 else "1.1.1.1"),
            " xconnect {} 100 encapsulation l2tpv3 manual pw-class PW\n".format(
                "3.3.3.3" if local == 111 else "1.1.1.1"
            )
            + f"  l2tp id {local} {remote}\n  l2tp cookie local 4 {local}\n  l2tp cookie remote 4 {remote}\n",
        )

    lab = two_sites(make_lab, PE1=manual(pe("PE1"), 111, 222), PE2=manual(pe("PE2"), 222, 111))
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    assert "%%No active L2TP tunnels" not in lab["PE1"].cli("show l2tun session")
    run = lab["PE1"].cli("show running-config")
    assert " xconnect 3.3.3.3 100 encapsulation l2tpv3 manual pw-class PW\n  l2tp id 111 222\n" in run
    assert "  l2tp cookie local 4 111\n  l2tp cookie remote 4 222\n" in run
    assert (
        "pseudowire-class PW\n encapsulation l2tpv3\n protocol none\n ip local interface Loopback0\n" in run
    )


def test_a_vcid_the_peer_does_not_have_keeps_the_pseudowire_down(make_lab):
    lab = two_sites(make_lab, PE2=pe("PE2", vcid=200))
    for name in ("PE1", "PE2"):
        assert _xconnect_row(lab[name]).startswith("DN pri")
        assert _xconnect_row(lab[name]).endswith(" DN")
    assert "Reply from 192.168.50.2" not in lab["PC1"].cli("ping 192.168.50.2")  # no ARP answer
    # the control connection stands; no session does
    assert "Total tunnels 1 sessions 0" in lab["PE1"].cli("show l2tun tunnel")


def test_an_unreachable_peer_retransmits_then_gives_up_and_tries_again(make_lab):
    """The SCCRQ goes out once there is a route to the peer (here the default route), and is
    sent again `retransmit initial retries` times (2, the l2tp-class default), 1 s then 2 s
    apart; 4 s later the connection is given up, and the pseudowire waits 30 s to try again."""
    lab = two_sites(make_lab, PE1=pe("PE1").replace("xconnect 3.3.3.3", "xconnect 9.9.9.9"), settle=0)
    lab["PE1"].cli("debug vpdn l2x-events")
    lab.advance(4)
    assert re.search(r"wait-ctl-reply +9\.9\.9\.9", lab["PE1"].cli("show l2tun tunnel"))
    assert _xconnect_row(lab["PE1"]).endswith("UP l2tp 9.9.9.9:100                  DN")
    lab.advance(10)
    lines = lab["PE1"].console.take_inbox()
    assert sum("L2TP: O SCCRQ" in line for line in lines) == 1  # retransmissions are not new messages
    assert any("L2TP: Tunnel retransmission limit exceeded" in line for line in lines)
    assert "9.9.9.9" not in lab["PE1"].cli("show l2tun tunnel")
    assert "Reply from 192.168.50.2" not in lab["PC1"].cli("ping 192.168.50.2")
    lab.advance(30)  # the retry wait
    assert any("L2TP: O SCCRQ" in line for line in lab["PE1"].console.take_inbox())


def test_timeout_setup_gives_up_a_connection_before_its_retransmissions_run_out(make_lab):
    """`retransmit initial retries 10` would send the SCCRQ to an unreachable peer for about
    70 s; `timeout setup 60` gives the connection up at 60 s (the SCCRQ goes a few seconds after
    boot, once the lines are up)."""
    config = pe("PE1", class_extra=" retransmit initial retries 10\n timeout setup 60\n")
    lab = two_sites(make_lab, PE1=config.replace("xconnect 3.3.3.3", "xconnect 9.9.9.9"), settle=0)
    lab["PE1"].cli("debug vpdn l2x-events")
    lab.advance(55)
    assert "9.9.9.9" in lab["PE1"].cli("show l2tun tunnel")
    lab.advance(12)
    lines = lab["PE1"].console.take_inbox()
    assert any("L2TP: Control connection setup timed out" in line for line in lines), lines
    assert not any("retransmission limit exceeded" in line for line in lines)
    assert "9.9.9.9" not in lab["PE1"].cli("show l2tun tunnel")


def test_timeout_setup_help_and_range(make_lab):
    lab = two_sites(make_lab, settle=0)
    lab["PE1"].cli("configure terminal")
    lab["PE1"].cli("l2tp-class L2TP")
    assert "  setup  Time permitted to set up a control channel\n" in lab["PE1"].cli("timeout ?")
    assert "  <60-6000>  Seconds\n" in lab["PE1"].cli("timeout setup ?")
    assert "% Invalid input" in lab["PE1"].cli("timeout setup 59")
    assert "min" in lab["PE1"].cli("retransmit timeout ?")


@pytest.mark.parametrize(
    ("extra", "refusal"),
    [
        (" digest\n", "L2TP: Message digest check failed in SCCRQ"),  # RFC 3931 section 4.3
        (" authentication\n", "L2TP: Tunnel Authentication fails for PE1"),  # RFC 2661 section 5.1.1
    ],
    ids=["digest", "authentication"],
)
def test_a_wrong_password_keeps_the_control_connection_down(make_lab, extra, refusal):
    lab = two_sites(
        make_lab,
        PE1=pe("PE1", class_extra=extra),
        PE2=pe("PE2", password="other", class_extra=extra),
        settle=0,
    )
    lab["PE2"].cli("debug vpdn l2x-events")
    lab.advance(20)
    assert any(line.endswith(refusal) for line in lab["PE2"].console.take_inbox())
    for name in ("PE1", "PE2"):
        service = lab.nodes[name].services["l2tpv3"]
        assert not any(c.state == "established" for c in service.endpoint.tunnels.values())
        assert _xconnect_row(lab[name]).endswith(" DN")


def test_the_core_breaking_brings_the_pseudowire_down_by_hello(make_lab):
    lab = two_sites(
        make_lab, PE1=pe("PE1", class_extra=" hello 10\n"), PE2=pe("PE2", class_extra=" hello 10\n")
    )
    configure(lab["CORE"], "no ip route 3.3.3.3 255.255.255.255 10.0.23.3")
    lab.advance(150)  # 10 s of silence, then the HELLO's retransmissions
    assert _xconnect_row(lab["PE1"]).endswith(" DN")
    assert "Reply from 192.168.50.2" not in lab["PC1"].cli("ping 192.168.50.2")


@pytest.mark.parametrize(
    "extra", [" digest\n", " digest hash SHA\n", " authentication\n", " cookie size 8\n"]
)
def test_the_same_secret_and_settings_at_both_ends_bring_the_pseudowire_up(make_lab, extra):
    lab = two_sites(make_lab, PE1=pe("PE1", class_extra=extra), PE2=pe("PE2", class_extra=extra))
    assert _xconnect_row(lab["PE1"]).startswith("UP")
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_the_attachment_circuit_shut_brings_the_pseudowire_down_and_the_far_side_reports_it(make_lab):
    lab = two_sites(make_lab)
    configure(lab["PE1"], "interface GigabitEthernet0/1", "shutdown")
    lab.advance(2)
    assert _xconnect_row(lab["PE1"]).startswith("DN pri   ac Gi0/1(Ethernet)              AD ")
    assert (
        _xconnect_row(lab["PE2"])
        == "DN pri   ac Gi0/1(Ethernet)              UP l2tp 1.1.1.1:100                  DN"
    )
    configure(lab["PE1"], "interface GigabitEthernet0/1", "no shutdown")
    lab.advance(5)
    assert _xconnect_row(lab["PE2"]).startswith("UP")
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_the_running_config_of_the_classes(make_lab):
    """The order of Cisco's L2TPv3 sample configuration (doc 45660: `hello 10`, `password 0
    cisco`, `cookie size 8`; `ip local interface Loopback0`, `ip dfbit set`)."""
    extra = " hello 30\n retransmit retries 10\n timeout setup 120\n digest hash SHA\n cookie size 8\n"
    config = pe("PE1", class_extra=extra).replace(
        " ip local interface Loopback0\n", " ip local interface Loopback0\n ip dfbit set\n"
    )
    lab = two_sites(make_lab, PE1=config, PE2=pe("PE2", class_extra=extra))
    run = lab["PE1"].cli("show running-config")
    assert (
        "l2tp-class L2TP\n hostname PE1\n hello 30\n password 0 cisco\n digest hash SHA\n"
        " retransmit retries 10\n timeout setup 120\n cookie size 8\n!\n"
        "pseudowire-class PW\n encapsulation l2tpv3\n protocol l2tpv3 L2TP\n ip local interface Loopback0\n"
        " ip dfbit set\n!\n"
    ) in run
    assert (
        "interface GigabitEthernet0/1\n no ip address\n duplex auto\n speed auto\n xconnect 3.3.3.3 100 pw-class PW\n"
        in run
    )
    assert "    DF bit on, ToS reflect disabled, ToS value 0, TTL value 255\n" in lab["PE1"].cli(
        "show l2tun session all"
    )


def test_a_2811_on_12_4_runs_the_pseudowire_and_shows_its_legend(make_lab):
    """12.4(15)T has L2TPv3 too: FastEthernet attachment circuits, the older legend."""
    topology = TOPOLOGY.replace("type: c2911", "type: c2811").replace("GigabitEthernet0/1", "FastEthernet0/1")
    configs = {name: pe(name).replace("GigabitEthernet0/1", "FastEthernet0/1") for name in ("PE1", "PE2")}
    lab = two_sites(make_lab, topology, **configs)
    out = lab["PE1"].cli("show xconnect all")
    assert out.startswith(
        "Legend: XC ST=Xconnect State, S1=Segment1 State, S2=Segment2 State\n"
        "UP=Up, DN=Down, AD=Admin Down, IA=Inactive, NH=No Hardware\n"
        "XC ST  Segment 1                         S1 Segment 2                         S2\n"
    )
    assert (
        out.splitlines()[-1]
        == "UP pri ac   Fa0/1(Ethernet)              UP l2tp 3.3.3.3:100                  UP"
    )
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_no_xconnect_clears_the_session_and_the_far_end_goes_down(make_lab):
    lab = two_sites(make_lab)
    configure(lab["PE1"], "interface GigabitEthernet0/1", "no xconnect")
    lab.advance(1)
    assert (
        lab["PE1"]
        .cli("show xconnect all")
        .endswith("------+---------------------------------+--+---------------------------------+--\n")
    )
    assert _xconnect_row(lab["PE2"]).endswith("UP l2tp 1.1.1.1:100                  DN")
    assert "Total tunnels 1 sessions 0" in lab["PE2"].cli("show l2tun tunnel")  # the CDN, not the connection
    assert " xconnect" not in lab["PE1"].cli("show running-config interface GigabitEthernet0/1")


def test_a_pe_with_no_xconnect_to_the_peer_refuses_its_control_connection(make_lab):
    """PE1 xconnects elsewhere: PE2's SCCRQ gets a StopCCN (not authorized), sent from the
    address PE2 sent to, so that PE2 hears it and gives up at once."""
    lab = two_sites(make_lab, PE1=pe("PE1").replace("xconnect 3.3.3.3", "xconnect 9.9.9.9"), settle=0)
    lab["PE2"].cli("debug vpdn l2x-events")
    lab.advance(20)
    lines = lab["PE2"].console.take_inbox()
    assert any(re.search(r"Tnl \d+ L2TP: I StopCCN$", line) for line in lines), lines
    assert not any("retransmission limit exceeded" in line for line in lines)
    assert "Total tunnels" not in lab["PE2"].cli("show l2tun tunnel")


def test_a_pseudowire_class_configured_after_the_xconnect_brings_it_up(make_lab):
    """Typed at the console in the other order: the xconnect waits for its class."""
    config = pe("PE1")
    block = config[config.index("pseudowire-class PW") : config.index("\ninterface Loopback0")]
    lab = two_sites(make_lab, PE1=config.replace(block, ""), settle=10)
    assert _xconnect_row(lab["PE1"]).endswith(" DN")
    configure(lab["PE1"], *(line for line in block.splitlines() if line != "!"))
    lab.advance(5)
    assert _xconnect_row(lab["PE1"]).startswith("UP")


def test_a_pe_that_reloads_brings_the_pseudowire_back_at_once(make_lab):
    """PE1 reloads and opens a new control connection while PE2's old one still stands (its
    HELLO would find it dead only after 60 s and 15 retransmissions): once the new one is up
    PE2 gives the old one up, its session with it (a peer that sends a tie breaker wants one
    connection, RFC 3931 section 5.4.3), and the pseudowire runs through the new one."""
    lab = two_sites(make_lab)
    lab["PE1"].cli("reload")
    lab["PE1"].cli("")  # [confirm]
    lab.advance(20)
    tunnels = lab["PE2"].cli("show l2tun tunnel")
    assert "Total tunnels 1 sessions 1" in tunnels
    pe1 = lab.nodes["PE1"].services["l2tpv3"].endpoint.tunnels
    assert re.search(rf"\d+ +{next(iter(pe1))} +PE1 +est ", tunnels)  # PE1's new connection
    assert _xconnect_row(lab["PE2"]).startswith("UP")
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_hello_0_sends_no_keepalives(make_lab):
    extra = " hello 0\n"
    lab = two_sites(make_lab, PE1=pe("PE1", class_extra=extra), PE2=pe("PE2", class_extra=extra))
    lab["PE1"].cli("debug vpdn l2x-events")
    lab.advance(500)  # within the console's exec-timeout
    assert not any("L2TP: I HELLO" in line for line in lab["PE1"].console.take_inbox())
    assert _xconnect_row(lab["PE1"]).startswith("UP")


def test_an_xconnect_with_no_pw_class_is_accepted_and_stays_down_without_a_local_address(make_lab):
    """`xconnect PEER VCID encapsulation l2tpv3` alone (15.2's `?` offers `<cr>` there): kept as
    typed, but with no pseudowire-class there is no `ip local interface` to run from, so it
    is not signalled; naming the class brings it up."""
    bare = " xconnect 3.3.3.3 100 encapsulation l2tpv3\n"
    lab = two_sites(make_lab, PE1=pe("PE1").replace(" xconnect 3.3.3.3 100 pw-class PW\n", bare))
    assert bare in lab["PE1"].cli("show running-config interface GigabitEthernet0/1")
    assert _xconnect_row(lab["PE1"]).endswith("UP l2tp 3.3.3.3:100                  DN")
    assert _xconnect_row(lab["PE2"]).endswith(" DN")
    configure(
        lab["PE1"], "interface GigabitEthernet0/1", "xconnect 3.3.3.3 100 encapsulation l2tpv3 pw-class PW"
    )
    lab.advance(35)
    assert _xconnect_row(lab["PE1"]).startswith("UP")
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_a_call_for_an_xconnect_with_no_class_is_refused_and_the_others_run_on(make_lab):
    """PE1's second xconnect to PE2 (Gi0/2, VC 200) has no pseudowire-class: PE2's call for it,
    through the connection PE1's first one opened, gets a CDN, and VC 100 carries on."""
    pe1 = pe("PE1") + "interface GigabitEthernet0/2\n xconnect 3.3.3.3 200 encapsulation l2tpv3\n"
    pe2 = pe("PE2") + "interface GigabitEthernet0/2\n no shutdown\n xconnect 1.1.1.1 200 pw-class PW\n"
    lab = two_sites(make_lab, PE1=pe1.replace("\nend", ""), PE2=pe2.replace("\nend", ""))
    rows = lab["PE2"].cli("show xconnect all").splitlines()[-2:]
    assert rows[0].endswith("UP l2tp 1.1.1.1:100                  UP")
    assert rows[1].endswith("l2tp 1.1.1.1:200                  DN")
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_manual_is_a_static_session_whatever_the_class_protocol(make_lab):
    """`encapsulation l2tpv3 manual` asks for no signalling even when the class says `protocol
    l2tpv3`: the `l2tp id`s carry the frames and no control connection opens."""

    def manual(config: str, peer: str, local: int, remote: int) -> str:
        return config.replace(
            f" xconnect {peer} 100 pw-class PW\n",
            f" xconnect {peer} 100 encapsulation l2tpv3 manual pw-class PW\n  l2tp id {local} {remote}\n",
        )

    lab = two_sites(
        make_lab, PE1=manual(pe("PE1"), "3.3.3.3", 111, 222), PE2=manual(pe("PE2"), "1.1.1.1", 222, 111)
    )
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")
    assert "Total tunnels 0 sessions" in lab["PE1"].cli("show l2tun tunnel")
