"""A looped serial line: `loopback` (the controller hands every frame the line sends back to
it, the cable unheard) and what each encapsulation makes of hearing itself. HDLC sees its
own keepalives come back and stays up, `(looped)`; PPP's LCP sees its own magic number
(RFC 1661 6.4) and never opens, and an open line that becomes looped hears its own Echo
(RFC 1661 5.8), leaves it unanswered and goes down. The shows follow the 2502 looped-line
sample (research notes 6.1, 6.2)."""

from __future__ import annotations

import pytest
from pppkit import configure, debug_lines, protocol

PPP = "interface Serial0/0/0\n encapsulation ppp\n"
LOOPED = "interface Serial0/0/0\n loopback\n"
LINE = "Serial0/0/0 is up, line protocol is {} \n"


def first_line(device) -> str:
    return device.cli("show interfaces Serial0/0/0").splitlines(keepends=True)[0]


def lineproto(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("%LINEPROTO") and "Serial0/0/0" in line]


# -- HDLC ------------------------------------------------------------------------------------


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_a_looped_hdlc_line_is_up_and_looped(ppp_lab, hardware):
    lab = ppp_lab(LOOPED, "", hardware)
    lab.advance(15)  # up at 3 s; the loop is judged at the next keepalive, 10 s on
    r1, r2 = lab["R1"], lab["R2"]
    shown = r1.cli("show interfaces Serial0/0/0")
    assert shown.startswith(LINE.format("up (looped)"))
    assert "\n  Encapsulation HDLC, loopback set\n  Keepalive set (10 sec)\n" in shown
    assert "     DCD=up  DSR=up  DTR=up  RTS=up  CTS=up\n" in shown
    lines = debug_lines(r1)
    assert lineproto(lines) == [
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to up"
    ]
    # R1's frames go round its loop, not down the cable: R2 misses R1's keepalives
    lab.advance(30)
    assert first_line(r2) == LINE.format("down")
    assert "Encapsulation HDLC, loopback not set" in r2.cli("show interfaces Serial0/0/0")
    assert first_line(r1) == LINE.format("up (looped)")


def test_no_loopback_gives_the_hdlc_line_back_to_its_peer(ppp_lab):
    lab = ppp_lab(LOOPED, "")
    lab.advance(45)
    r1, r2 = lab["R1"], lab["R2"]
    configure(r1, "interface Serial0/0/0", "no loopback")
    lab.advance(25)
    assert (first_line(r1), first_line(r2)) == (LINE.format("up"), LINE.format("up"))
    assert "Encapsulation HDLC, loopback not set" in r1.cli("show interfaces Serial0/0/0")
    assert r1.cli("ping 10.0.0.2").splitlines()[-1].startswith("Success rate is 100 percent (5/5)")


NO_CABLE = """\
name: alone
topology:
  nodes:
    R1: {kind: router, type: c2911, startup-config: R1.cfg}
"""


def test_a_looped_line_needs_no_cable(make_lab):
    """The loop is in the controller: the line is its own carrier."""
    lab = make_lab(NO_CABLE, R1="hostname R1\ninterface Serial0/0/0\n ip address 10.0.0.1 255.255.255.252\n")
    r1 = lab["R1"]
    r1.cli("")
    r1.cli("enable")
    lab.advance(5)
    assert first_line(r1) == "Serial0/0/0 is down, line protocol is down \n"
    r1.console.take_inbox()
    configure(r1, "interface Serial0/0/0", "loopback")
    lab.advance(15)
    assert [line for line in debug_lines(r1) if "Serial0/0/0" in line] == [
        "%LINK-3-UPDOWN: Interface Serial0/0/0, changed state to up",
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to up",
    ]
    assert first_line(r1) == LINE.format("up (looped)")
    configure(r1, "interface Serial0/0/0", "no loopback")
    assert first_line(r1) == "Serial0/0/0 is down, line protocol is down \n"
    assert [line for line in debug_lines(r1) if "Serial0/0/0" in line] == [
        "%LINK-3-UPDOWN: Interface Serial0/0/0, changed state to down",
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to down",
    ]


def test_the_running_config_shows_loopback_until_no_loopback(ppp_lab):
    lab = ppp_lab("", "")
    r1 = lab["R1"]
    configure(r1, "interface Serial0/0/0", "encapsulation ppp", "loopback")
    block = r1.cli("show running-config interface Serial0/0/0")
    assert "\n ip address 10.0.0.1 255.255.255.252\n encapsulation ppp\n loopback\n clock rate" in block
    configure(r1, "interface Serial0/0/0", "no loopback")
    assert " loopback" not in r1.cli("show running-config interface Serial0/0/0")
    assert "  Encapsulation PPP, loopback not set\n" in r1.cli("show interfaces Serial0/0/0")


def test_a_line_to_a_peer_is_never_looped(ppp_lab):
    """Each line's keepalive numbers and magic numbers are its own, even between routers
    of one name (both left `Router`)."""
    lab = ppp_lab("", "")
    for device in lab:
        configure(device, "no hostname")
    lab.advance(60)
    assert [first_line(device) for device in lab] == [LINE.format("up")] * 2


# -- PPP -------------------------------------------------------------------------------------


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_lcp_sees_its_own_magic_number_and_the_line_stays_down_looped(ppp_lab, hardware):
    lab = ppp_lab(PPP + " loopback\n", PPP, hardware)
    r1 = lab["R1"]
    r1.cli("debug ppp negotiation")
    lab.advance(4)
    lines = debug_lines(r1)
    request = next(i for i, line in enumerate(lines) if line.startswith("Se0/0/0 LCP: O CONFREQ"))
    magic = lines[request + 1]
    assert magic.startswith("Se0/0/0 LCP:    MagicNumber 0x")
    # its own request comes back and is Nak'd with another number; the Nak comes back too
    back = lines.index("Se0/0/0 LCP: I CONFREQ [REQsent] id 1 len 10")
    assert lines[back + 1] == magic
    assert lines[back + 2] == "Se0/0/0 LCP: O CONFNAK [REQsent] id 1 len 10"
    nak = lines.index("Se0/0/0 LCP: I CONFNAK [REQsent] id 1 len 10")
    assert lines[nak + 1] == lines[back + 3]  # the number it suggested to itself
    shown = r1.cli("show interfaces Serial0/0/0")
    assert shown.startswith(LINE.format("down (looped)"))
    assert "\n  Encapsulation PPP, loopback set\n  Keepalive set (10 sec)\n" in shown
    assert "\n  LCP REQsent\n  Closed: IPCP, CDPCP\n" in shown
    # the loop is not fed: a new request only as the restart timer runs out, to Max-Configure
    lab.advance(16)
    requests = [line for line in debug_lines(r1) if "LCP: O CONFREQ" in line]
    assert len(requests) == 8  # 5 s to 19 s, one every 2 s
    lab.advance(4)  # the last timed out at 23 s: LCP listens (Stopped) until 25 s
    shown = r1.cli("show interfaces Serial0/0/0")
    assert shown.startswith(LINE.format("down (looped)"))  # the 2502 sample's state
    assert "\n  LCP Listen\n  Closed: IPCP, CDPCP\n" in shown
    lab.advance(60)
    assert lineproto(debug_lines(r1)) == []  # never up, so no %LINEPROTO line
    assert first_line(r1) == LINE.format("down (looped)")
    assert protocol(lab["R2"]) == "down"  # R2 hears nothing of R1


def test_no_loopback_brings_the_ppp_line_up_with_its_peer(ppp_lab):
    lab = ppp_lab(PPP + " loopback\n", PPP)
    lab.advance(30)
    r1 = lab["R1"]
    configure(r1, "interface Serial0/0/0", "no loopback")
    lab.advance(30)
    assert (first_line(r1), first_line(lab["R2"])) == (LINE.format("up"), LINE.format("up"))
    assert "  Open: IPCP, CDPCP, loopback not set\n" in r1.cli("show interfaces Serial0/0/0")
    assert r1.cli("ping 10.0.0.2").splitlines()[-1].startswith("Success rate is 100 percent (5/5)")


def test_an_open_ppp_line_that_becomes_looped_goes_down(ppp_lab):
    lab = ppp_lab(PPP, PPP)
    lab.advance(10)
    r1 = lab["R1"]
    assert first_line(r1) == LINE.format("up")
    r1.cli("debug ppp packet")
    r1.cli("debug ppp negotiation")
    debug_lines(r1)
    configure(r1, "interface Serial0/0/0", "loopback")
    lab.advance(9)  # the next Echo-Request at 13 s comes back to R1 itself
    lines = debug_lines(r1)
    sent = next(line for line in lines if line.startswith("Se0/0/0 LCP: O ECHOREQ [Open]"))
    back = next(line for line in lines if line.startswith("Se0/0/0 LCP-FS: I ECHOREQ [Open]"))
    assert back.split("] ", 1)[1] == sent.split("] ", 1)[1]  # same id, length and magic
    assert not [line for line in lines if "ECHOREP" in line]  # its own: left unanswered
    assert first_line(r1) == LINE.format("up (looped)")
    lab.advance(50)  # five Echo-Requests unanswered: down at 63 s
    lines = debug_lines(r1)
    assert "Se0/0/0 PPP: Missed too many keepalives" in lines
    assert lineproto(lines) == [
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to down"
    ]
    assert first_line(r1) == LINE.format("down (looped)")
    lab.advance(60)
    assert lineproto(debug_lines(r1)) == []  # it stays down: LCP finds the loop again
