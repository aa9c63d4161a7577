"""Random configuration churn on a running pseudowire (the attachment circuit shut and brought
back, the xconnect removed, given another VC ID and put back, the core route removed and put
back, a PE's l2tp-class password changed and restored), with random waits between: nothing
crashes, and once the configuration is what it was the pseudowire comes back by itself."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.protocols.l2tpv3.l2tpv3kit import pe, two_sites
from tests.sim.labkit import configure

XCONNECT = {"PE1": " xconnect 3.3.3.3 100 pw-class PW", "PE2": " xconnect 1.1.1.1 100 pw-class PW"}
ACTIONS = {
    "shut": lambda pe: ["interface GigabitEthernet0/1", "shutdown"],
    "no shut": lambda pe: ["interface GigabitEthernet0/1", "no shutdown"],
    "no xconnect": lambda pe: ["interface GigabitEthernet0/1", "no xconnect"],
    "vcid 200": lambda pe: ["interface GigabitEthernet0/1", XCONNECT[pe].replace(" 100 ", " 200 ")],
    "xconnect": lambda pe: ["interface GigabitEthernet0/1", XCONNECT[pe]],
    "password": lambda pe: ["l2tp-class L2TP", "password 0 other"],
    "password back": lambda pe: ["l2tp-class L2TP", "password 0 cisco"],
}
steps = st.lists(
    st.tuples(st.sampled_from(["PE1", "PE2"]), st.sampled_from(sorted(ACTIONS)), st.floats(0, 90)),
    min_size=1,
    max_size=8,
)


def _configure(device, *lines: str) -> None:
    """`configure`, the console woken first: waits past its 10-minute exec-timeout log it out."""
    device.cli("")
    configure(device, *lines)


def _restore_and_check(lab, wait: float) -> None:
    """Both PEs' xconnect, circuit, password and the core route put back: `wait` seconds on,
    both rows UP and the PCs ping."""
    for device in ("PE1", "PE2"):
        _configure(
            lab[device], *ACTIONS["xconnect"](device), "no shutdown", *ACTIONS["password back"](device)
        )
    _configure(lab["CORE"], "ip route 3.3.3.3 255.255.255.255 10.0.23.3")
    lab.advance(wait)
    for device in ("PE1", "PE2"):
        row = lab[device].cli("show xconnect all").splitlines()[-1]
        assert row.startswith("UP"), (device, row)
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_calls_cleared_before_their_icrp_leave_no_session_waiting_at_the_peer(make_lab):
    """Found by the property below: PE1's xconnect changed three times and PE2's removed at one
    instant, then both put back. Each call PE1 clears is answered by PE2 after its CDN left,
    so the CDN names no session of PE2's (Remote Session ID 0) and PE2 must find the call by
    PE1's Local Session ID; before, both PEs kept a session in wait-connect and the pseudowire
    stayed down for good. It is back within the 30 s a failed call waits to be placed again."""
    lab = two_sites(make_lab, PE1=pe("PE1", class_extra=" digest\n"), PE2=pe("PE2", class_extra=" digest\n"))
    for device, action in (
        ("PE1", "vcid 200"),
        ("PE1", "xconnect"),
        ("PE1", "no xconnect"),
        ("PE2", "no xconnect"),
    ):
        _configure(lab[device], *ACTIONS[action](device))
    _restore_and_check(lab, 40)
    for device in ("PE1", "PE2"):
        assert "wait-connect" not in lab[device].cli("show l2tun session")


def test_an_sccrq_acknowledged_but_never_answered_is_given_up_after_the_setup_timeout(make_lab):
    """Found by the property below: PE1 cannot reach PE2 (the core route gone) and its
    xconnect is removed; PE1 refuses PE2's SCCRQ with a StopCCN that, having no class, carries
    no digest, so PE2 drops it, but the ZLB that acknowledges the SCCRQ's retransmission
    stands. Once both are put back PE2's connection waits for an SCCRP that never comes and
    wins every tie against PE1's SCCRQs: IOS gives it up after `timeout setup` (300 s) and
    the pseudowire comes up with the next SCCRQ."""
    lab = two_sites(make_lab, PE1=pe("PE1", class_extra=" digest\n"), PE2=pe("PE2", class_extra=" digest\n"))
    _configure(lab["CORE"], "no ip route 3.3.3.3 255.255.255.255 10.0.23.3")
    lab.advance(122)
    _configure(lab["PE1"], *ACTIONS["no xconnect"]("PE1"))
    lab.advance(90)
    _restore_and_check(lab, 400)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps, core_break=st.booleans())
def test_churn_never_crashes_and_the_pseudowire_comes_back(make_lab, steps, core_break):
    lab = two_sites(make_lab, PE1=pe("PE1", class_extra=" digest\n"), PE2=pe("PE2", class_extra=" digest\n"))
    if core_break:
        _configure(lab["CORE"], "no ip route 3.3.3.3 255.255.255.255 10.0.23.3")
    for device, action, wait in steps:
        _configure(lab[device], *ACTIONS[action](device))
        lab.advance(wait)
    _restore_and_check(lab, 400)  # dead connections found by HELLO, the retry waits
