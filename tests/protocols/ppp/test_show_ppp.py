"""show ppp all, show ppp interface, show ppp statistics and the PPP debug flags, on two
routers across a PPP serial link: what a student sees on each end after CHAP, after PAP,
with CDP off on one end, after faults, and on the 2811 (IOS 12.4), which has none of them."""

from __future__ import annotations

import pytest
from pppkit import chap, debug_lines
from sim.labkit import configure

HEADER = [
    "Interface/ID OPEN+ Nego* Fail-     Stage    Peer Address    Peer Name",
    "------------ --------------------- -------- --------------- --------------------",
]
PAP = "username BRANCH password cisco\ninterface Serial0/0/0\n encapsulation ppp\n ppp authentication pap\n"
SENDS_PAP = "interface Serial0/0/0\n encapsulation ppp\n ppp pap sent-username BRANCH password cisco\n"
NO_CDP = " no cdp enable\n"


@pytest.fixture
def up(ppp_lab):
    """up(r1_lines, r2_lines, hardware): the PPP lab 30 s after boot, the consoles read."""

    def build(r1: str, r2: str, hardware: str = "c2911"):
        lab = ppp_lab(r1, r2, hardware)
        lab.advance(30)
        for device in lab:
            device.console.take_inbox()
        return lab

    return build


def rows(device) -> list[str]:
    shown = device.cli("show ppp all").splitlines()
    assert shown[:2] == HEADER
    return shown[2:]


def statistics(device) -> dict[str, tuple[int, int]]:
    """`show ppp statistics` rows by text: (TOTAL or PEAK, SINCE CLEARED or CURRENT)."""
    found = {}
    for line in device.cli("show ppp statistics").splitlines():
        if line[:1].isdigit():
            found[line[5:48].strip()] = (int(line[49:59]), int(line[60:]))
    return found


# -- show ppp all ------------------------------------------------------------------------------------
def test_chap_authenticator_lists_chap_and_the_peer_name_the_other_end_neither(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    assert rows(lab["R1"]) == [
        "Se0/0/0      LCP+ CHAP+ IPCP+ CDPCP+ LocalT   10.0.0.2        R2             "
    ]
    assert rows(lab["R2"]) == ["Se0/0/0      LCP+ IPCP+ CDPCP+     LocalT   10.0.0.1                       "]


def test_pap_session_names_the_user_the_peer_sent(up):
    lab = up(PAP, SENDS_PAP)
    (row,) = rows(lab["R1"])
    assert row.split() == ["Se0/0/0", "LCP+", "PAP+", "IPCP+", "CDPCP+", "LocalT", "10.0.0.2", "BRANCH"]


def test_cdpcp_fails_when_the_peer_runs_no_cdp(up):
    lab = up(chap("R2"), chap("R1", demand=False) + NO_CDP)
    assert rows(lab["R1"])[0].split()[1:5] == ["LCP+", "CHAP+", "IPCP+", "CDPCP-"]
    assert rows(lab["R2"])[0].split()[1:3] == ["LCP+", "IPCP+"]  # it runs no CDPCP at all
    shown = lab["R1"].cli("show ppp interface Serial0/0/0").splitlines()
    assert "Control Protocols: LCP[Open] CHAP+ IPCP[Open] CDPCP[Stopped]" in shown


def test_a_link_without_a_session_is_not_listed(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    configure(lab["R2"], "interface Serial0/0/0", "shutdown")
    lab.advance(5)
    assert rows(lab["R1"]) == []
    assert lab["R1"].cli("show ppp interface Serial0/0/0") == ""


def test_show_ppp_all_at_user_exec(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    lab["R1"].cli("disable")
    assert lab["R1"].console.prompt() == "R1>"
    assert len(rows(lab["R1"])) == 1


# -- show ppp interface --------------------------------------------------------------------------------
def _options(shown: list[str], protocol: str) -> tuple[list[str], list[str]]:
    at = shown.index(f"Se0/0/0 {protocol}: [Open]")
    ours_at, theirs_at = (
        shown.index("Our Negotiated Options", at),
        shown.index("Peer's Negotiated Options", at),
    )
    end = next((i for i in range(theirs_at, len(shown)) if shown[i] == ""), len(shown))
    return shown[ours_at + 1 : theirs_at], shown[theirs_at + 1 : end]


def test_show_ppp_interface_shows_what_each_end_agreed_to(up):
    lab = up(chap("R2"), chap("R1"))
    r1 = lab["R1"].cli("show ppp interface Serial0/0/0").splitlines()
    r2 = lab["R2"].cli("show ppp interface Serial0/0/0").splitlines()
    for shown, peer, address in ((r1, "R2", "10.0.0.2"), (r2, "R1", "10.0.0.1")):
        assert "Phase            : UP" in shown
        assert "Stage            : Local Termination" in shown
        assert f"Peer Name        : {peer}" in shown
        assert f"Peer Address     : {address}" in shown
        assert "Control Protocols: LCP[Open] CHAP+ IPCP[Open] CDPCP[Open]" in shown
    r1_ours, r1_theirs = _options(r1, "LCP")
    r2_ours, r2_theirs = _options(r2, "LCP")
    assert r1_ours[0] == "Se0/0/0 LCP:    AuthProto CHAP (0x0305C22305)"
    assert r1_ours == r2_theirs and r2_ours == r1_theirs  # the same magic numbers, seen from both ends
    assert _options(r1, "IPCP") == (
        ["Se0/0/0 IPCP:    Address 10.0.0.1 (0x03060A000001)"],
        ["Se0/0/0 IPCP:    Address 10.0.0.2 (0x03060A000002)"],
    )
    assert _options(r1, "CDPCP") == (["  NONE"], ["  NONE"])


def test_show_ppp_interface_of_another_interface(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    assert lab["R1"].cli("show ppp interface GigabitEthernet0/0") == ""
    assert "% Invalid input detected at '^' marker." in lab["R1"].cli("show ppp interface Serial0/3/0")


# -- show ppp statistics -------------------------------------------------------------------------------
def test_statistics_of_a_chap_link_that_came_up(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    r1, r2 = statistics(lab["R1"]), statistics(lab["R2"])
    assert r1["PPP Handles Allocated"] == (1, 1)
    assert r1["PPP Encapped Interfaces"] == (1, 1)
    assert r1["Links at Local Termination Stage"] == (1, 1)
    assert r1["Links at LCP Stage"] == (1, 0)
    assert r1["Successful LCP neogtiations"] == (1, 1)
    assert r1["CHAP authentication attempts"] == r1["CHAP authentication successes"] == (1, 1)
    assert "CHAP authentication attempts" not in r2  # it only answered
    assert r2["Entered Authentication Stage"] == (1, 1)
    assert r2["IPCP UP Sessions"] == (1, 1)


def test_statistics_count_chap_failures_and_the_peers_terminate_request(up):
    lab = up(chap("R2"), chap("R1", "wrong", demand=False))
    r1, r2 = statistics(lab["R1"]), statistics(lab["R2"])
    attempts = r1["CHAP authentication attempts"][0]
    assert attempts > 1  # IOS tries again and again
    assert r1["CHAP authentication failures"] == (attempts, attempts)
    assert "CHAP authentication successes" not in r1
    assert "Links at Local Termination Stage" not in r1
    assert r2["Received LCP TERMREQ from peer"][0] >= attempts - 1
    assert r1["PPP Handles Allocated"][0] == r1["PPP Handles Freed"][0] + (1 if rows(lab["R1"]) else 0)


@pytest.mark.parametrize(
    ("change", "seconds", "reason"),
    [
        ("encapsulation hdlc", 80, "Missed too many keepalives"),  # the carrier stays, the echoes go
        ("shutdown", 5, "Lower Layer disconnected"),  # R1 loses the carrier
    ],
)
def test_statistics_say_why_the_link_went_down(up, change, seconds, reason):
    lab = up(chap("R2"), chap("R1", demand=False))
    configure(lab["R2"], "interface Serial0/0/0", change)
    lab.advance(seconds)
    r1 = statistics(lab["R1"])
    assert r1[reason] == (1, 1)
    assert r1["PPP Handles Freed"][0] >= 1
    assert r1["Total Sessions"] == r1["Links at Local Termination Stage"] == (1, 0)
    assert r1["IPCP UP Sessions"] == (1, 0)


def test_statistics_count_a_new_session_after_the_carrier_returns(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    for change in ("shutdown", "no shutdown"):
        configure(lab["R2"], "interface Serial0/0/0", change)
        lab.advance(10)
    r1 = statistics(lab["R1"])
    assert r1["PPP Handles Allocated"] == (2, 2) and r1["PPP Handles Freed"] == (1, 1)
    assert r1["Total Sessions"] == (1, 1)


def test_statistics_count_the_interfaces_running_ppp(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    configure(lab["R1"], "interface Serial0/0/1", "encapsulation ppp")
    assert statistics(lab["R1"])["PPP Encapped Interfaces"] == (2, 2)


# -- 12.4 ----------------------------------------------------------------------------------------------
def test_the_2811_has_no_ppp_session_commands(up):
    lab = up(chap("R2"), chap("R1", demand=False), "c2811")
    r1 = lab["R1"]
    assert "line protocol is up" in r1.cli("show interfaces Serial0/0/0")
    for command in ("show ppp all", "show ppp interface Serial0/0/0", "show ppp statistics"):
        assert r1.cli(command) == "            ^\n% Invalid input detected at '^' marker.\n\n", command
    help_text = r1.console.help("show ppp ")
    assert "all" not in help_text and "statistics" not in help_text


def test_the_2911_lists_them_under_show_ppp(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    help_text = lab["R1"].console.help("show ppp ")
    for line in (
        "  all         Display all PPP sessions",
        "  interface   Display PPP sessions on an interface",
        "  statistics  PPP statistics",
    ):
        assert line in help_text.splitlines()


# -- debug ppp packet / error ------------------------------------------------------------------------
def test_debug_ppp_packet_shows_the_keepalives_and_the_data(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    r1 = lab["R1"]
    assert r1.cli("debug ppp packet") == "PPP packet display debugging is on\n"
    lab.advance(10)
    r1.cli("ping 10.0.0.2 repeat 1")
    lines = debug_lines(r1)
    echo = [line for line in lines if "ECHO" in line or "Received id" in line]
    assert [line.split(" magic")[0] for line in echo] == [
        "Se0/0/0 LCP: O ECHOREQ [Open] id 3 len 12",
        "Se0/0/0 LCP-FS: I ECHOREQ [Open] id 3 len 12",
        "Se0/0/0 LCP-FS: O ECHOREP [Open] id 3 len 12",
        "Se0/0/0 LCP-FS: I ECHOREP [Open] id 3 len 12",
        "Se0/0/0 LCP-FS: Received id 3, sent id 3, line up",
    ]
    assert "Se0/0/0 PPP: O pkt type 0x0021, datagramsize 104" in lines
    assert "Se0/0/0 PPP: I pkt type 0x0021, datagramsize 104 link[ip]" in lines
    assert r1.cli("undebug all") == "All possible debugging has been turned off\n"
    lab.advance(20)
    assert r1.console.take_inbox() == []


def test_echoes_do_not_show_under_debug_ppp_negotiation(up):
    lab = up(chap("R2"), chap("R1", demand=False))
    r1 = lab["R1"]
    r1.cli("debug ppp negotiation")
    r1.cli("debug ppp error")
    lab.advance(30)
    assert r1.console.take_inbox() == []  # a link that stays up says nothing
    assert r1.cli("show debugging") == (
        "PPP:\n  PPP protocol errors debugging is on\n  PPP protocol negotiation debugging is on\n"
    )
    assert r1.cli("no debug all") == "All possible debugging has been turned off\n"
    assert r1.cli("show debugging") == ""
