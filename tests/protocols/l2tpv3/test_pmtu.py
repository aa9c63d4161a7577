"""Path MTU on an L2TPv3 pseudowire (`ip pmtu`, the 12.0S L2TPv3 guide's "MTU Handling" and the
12.0(29)S `ip pmtu` command page) and edits of a pseudowire-class its pseudowires use: the
two-site lab with CORE's link to PE2 at `ip mtu 1400`, PC1 pinging PC2 with `-f -l`."""

from __future__ import annotations

from iosemu.sim.l2tpv3 import PMTU_RESET
from tests.protocols.l2tpv3.l2tpv3kit import CORE, pe, tap, two_sites

NARROW = CORE.replace(
    " ip address 10.0.23.2 255.255.255.0\n", " ip address 10.0.23.2 255.255.255.0\n ip mtu 1400\n"
)
TOO_BIG = "Packet needs to be fragmented but DF set."


def _lab(make_lab, pw_extra: str = " ip pmtu\n", core: str = NARROW, **configs):
    return two_sites(make_lab, PE1=configs.get("PE1", pe("PE1", pw_extra=pw_extra)), CORE=core)


def _replies(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("Reply", "Request", "Packet"))]


def _configure(router, *lines: str) -> None:
    for line in ("configure terminal", *lines, "end"):
        router.cli(line)


def test_the_cores_fragmentation_needed_sets_the_path_mtu_and_the_ce_is_told(make_lab):
    """The first large DF echo goes out with DF (copied from it) and CORE answers PE1 with its
    link's MTU; from then on PE1 drops such echoes itself, counts them, and answers PC1."""
    lab = _lab(make_lab)
    pe1 = lab["PE1"]
    assert "    Session PMTU enabled, path MTU is not known\n" in pe1.cli("show l2tun session all")
    out = lab["PC1"].cli("ping -f -l 1400 192.168.50.2")
    assert _replies(out) == ["Request timed out."] + [f"Reply from 1.1.1.1: {TOO_BIG}"] * 3
    assert "Packets: Sent = 4, Received = 3, Lost = 1 (25% loss)," in out
    shown = pe1.cli("show l2tun session all")
    assert "    Session PMTU enabled, path MTU is 1400 bytes\n" in shown
    assert "    Send packets dropped: 3\n" in shown


def test_the_mtu_told_to_the_ce_leaves_room_for_the_tunnel_headers(make_lab):
    """1400 less the outer IP header (20), the session id (4) and the Ethernet header (14): an
    IP packet of 1362 octets, an echo of 1334 data bytes, fits; one more does not."""
    lab = _lab(make_lab)
    pc1 = lab["PC1"]
    pc1.cli("ping -f -l 1400 -n 1 192.168.50.2")
    assert "Received = 2, Lost = 0" in pc1.cli("ping -f -l 1334 -n 2 192.168.50.2")
    assert _replies(pc1.cli("ping -f -l 1335 -n 1 192.168.50.2")) == [f"Reply from 1.1.1.1: {TOO_BIG}"]


def test_the_path_mtu_is_forgotten_after_the_reset_timer(make_lab):
    lab = _lab(make_lab)
    lab["PC1"].cli("ping -f -l 1400 -n 1 192.168.50.2")
    assert "path MTU is 1400 bytes\n" in lab["PE1"].cli("show l2tun session all")
    lab.advance(PMTU_RESET - 10)  # the echo timed out 4 s after PE1 learnt it
    assert "path MTU is 1400 bytes\n" in lab["PE1"].cli("show l2tun session all")
    lab.advance(10)
    assert "path MTU is not known\n" in lab["PE1"].cli("show l2tun session all")


def test_echoes_without_df_are_not_checked(make_lab):
    """Without DF the tunnel packet goes with DF clear, whatever `ip pmtu` learnt."""
    lab = _lab(make_lab)
    pc1 = lab["PC1"]
    pc1.cli("ping -f -l 1400 -n 1 192.168.50.2")
    assert "Received = 4" in pc1.cli("ping -l 1400 192.168.50.2")
    assert "    Send packets dropped: 0\n" in lab["PE1"].cli("show l2tun session all")


def test_without_ip_pmtu_the_df_bit_of_the_echo_stays_inside(make_lab):
    """The tunnel packet goes with DF clear: the narrow link takes it, nothing is learnt."""
    lab = _lab(make_lab, pw_extra="")
    assert "Received = 4" in lab["PC1"].cli("ping -f -l 1400 192.168.50.2")
    assert "PMTU" not in lab["PE1"].cli("show l2tun session all")


def test_ip_dfbit_set_without_ip_pmtu_drops_what_does_not_fit_unanswered(make_lab):
    """PE1's own serial at `ip mtu 1400`: the tunnel packets go with DF set, the ones larger
    than that are dropped and counted, and PC1 hears nothing back."""
    config = pe("PE1", pw_extra=" ip dfbit set\n").replace(
        " ip address 10.0.12.1 255.255.255.0\n", " ip address 10.0.12.1 255.255.255.0\n ip mtu 1400\n"
    )
    lab = _lab(make_lab, core=CORE, PE1=config)
    out = lab["PC1"].cli("ping -l 1400 192.168.50.2")
    assert _replies(out) == ["Request timed out."] * 4
    shown = lab["PE1"].cli("show l2tun session all")
    assert "    DF bit on, ToS reflect disabled" in shown
    assert "    Send packets dropped: 4\n" in shown


def test_a_pc_refuses_a_df_echo_larger_than_its_own_mtu(make_lab):
    lab = _lab(make_lab)
    out = lab["PC1"].cli("ping -f -l 1473 -n 2 192.168.50.2")
    assert _replies(out) == [TOO_BIG] * 2
    assert "Packets: Sent = 2, Received = 0, Lost = 2 (100% loss)," in out
    assert "Received = 1" in lab["PC1"].cli("ping -f -l 1472 -n 1 192.168.50.2")


def test_class_ip_edits_apply_at_once_to_the_live_session(make_lab):
    """`ip ttl`, `ip tos`, `ip dfbit` and `ip pmtu` shape only the packets sent: an edit of the
    class in use changes them with the session left up [M]."""
    lab = _lab(make_lab, pw_extra="", core=CORE)
    pe1 = lab["PE1"]
    log = tap(lab)
    _configure(pe1, "pseudowire-class PW", "ip ttl 100", "ip tos value 32", "ip pmtu")
    lab["PC1"].cli("ping -n 1 192.168.50.2")
    sent = [p for name, p in log if name == "PE2" and p.payload.frame]
    assert sent and {(p.ttl, p.tos) for p in sent} == {(99, 32)}
    shown = pe1.cli("show l2tun session all")
    assert "ToS value 32, TTL value 100\n" in shown
    assert "    Session PMTU enabled, path MTU is not known\n" in shown
    assert "time since change 00:00:" in shown and "Call serial number is 1\n" in shown
    _configure(pe1, "pseudowire-class PW", "no ip pmtu")
    assert "PMTU" not in pe1.cli("show l2tun session all")


def test_no_ip_pmtu_forgets_the_learnt_path_mtu(make_lab):
    lab = _lab(make_lab)
    pe1 = lab["PE1"]
    lab["PC1"].cli("ping -f -l 1400 -n 1 192.168.50.2")
    _configure(pe1, "pseudowire-class PW", "no ip pmtu", "ip pmtu")
    assert "path MTU is not known\n" in pe1.cli("show l2tun session all")


def test_sequencing_edits_wait_for_the_xconnect_to_be_made_again(make_lab):
    """Sequencing is agreed in the session's set-up (ICRQ/ICRP): the session up keeps what it
    agreed, a new one takes the class's [M]."""
    lab = _lab(make_lab, pw_extra="", core=CORE)
    pe1, pe2 = lab["PE1"], lab["PE2"]
    for router in (pe1, pe2):
        _configure(router, "pseudowire-class PW", "sequencing both")
    assert "  Sequencing is off\n" in pe1.cli("show l2tun session all")
    _configure(
        pe1, "interface GigabitEthernet0/1", "no xconnect 3.3.3.3 100", "xconnect 3.3.3.3 100 pw-class PW"
    )
    lab.advance(30)
    assert "  Sequencing is on\n" in pe1.cli("show l2tun session all")


def test_the_encapsulation_of_a_class_in_use_cannot_change(make_lab):
    lab = _lab(make_lab, pw_extra="", core=CORE)
    pe1 = lab["PE1"]
    pe1.cli("configure terminal")
    pe1.cli("pseudowire-class PW")
    refusal = "% Encapsulation changes are not allowed on an existing pw-class.\n"
    assert pe1.cli("encapsulation l2tpv2") == refusal
    assert pe1.cli("no encapsulation l2tpv3") == refusal
    assert pe1.cli("encapsulation l2tpv3") == ""
    pe1.cli("pseudowire-class SPARE")
    assert pe1.cli("encapsulation l2tpv3") == ""
    assert pe1.cli("encapsulation l2tpv2") == ""
    pe1.cli("end")
    assert "pseudowire-class PW\n encapsulation l2tpv3\n" in pe1.cli("show running-config")
    assert "UP pri" in pe1.cli("show xconnect all")
