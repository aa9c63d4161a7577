"""Why a serial interface is up or down, as `show ip interface brief`, `show interfaces`,
`show controllers` and the console's syslog lines tell it."""

from __future__ import annotations

from labkit import brief, configure, pair_lab


def test_cabled_pair_comes_up_with_the_real_syslog_sequence(make_lab):
    lab = pair_lab(make_lab)
    r1 = lab["R1"]
    lab.advance(5)
    lines = [line for line in r1.console.take_inbox() if "Serial0/0/0" in line]
    assert lines == [
        "*Mar  1 00:00:02.000: %LINK-3-UPDOWN: Interface Serial0/0/0, changed state to up",
        "*Mar  1 00:00:03.000: %LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to up",
    ]
    r1.cli("enable")
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    assert r1.cli("show interfaces Serial0/0/0").startswith("Serial0/0/0 is up, line protocol is up \n")


def test_shutdown_is_administratively_down_and_the_far_end_loses_carrier(pair):
    r1, r2 = pair["R1"], pair["R2"]
    configure(r2, "interface Serial0/0/0", "shutdown")
    assert brief(r2, "Serial0/0/0") == ("administratively down", "down")
    pair.advance(2)
    assert brief(r1, "Serial0/0/0") == ("down", "down")
    r2_log = r2.console.take_inbox()
    assert any(
        line.endswith("%LINK-5-CHANGED: Interface Serial0/0/0, changed state to administratively down")
        for line in r2_log
    )
    assert any(
        line.endswith("%LINK-3-UPDOWN: Interface Serial0/0/0, changed state to down")
        for line in r1.console.take_inbox()
    )
    configure(r2, "interface Serial0/0/0", "no shutdown")
    pair.advance(4)
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    assert brief(r2, "Serial0/0/0") == ("up", "up")


def test_no_cable_is_down_down_and_show_controllers_says_so(pair):
    r1 = pair["R1"]
    configure(r1, "interface Serial0/0/1", "no shutdown")
    pair.advance(3)
    assert brief(r1, "Serial0/0/1") == ("down", "down")
    assert "No serial cable attached\n" in r1.cli("show controllers serial 0/0/1")


def test_show_controllers_tells_dce_from_dte(pair):
    assert "DCE V.35, clock rate 2000000\n" in pair["R1"].cli("show controllers serial 0/0/0")
    assert "DTE V.35 TX and RX clocks detected.\n" in pair["R2"].cli("show controllers s0/0/0")


def test_isr_g2_dce_end_supplies_its_own_clock(pair):
    r1 = pair["R1"]
    assert " clock rate 2000000\n" in r1.cli("show running-config interface Serial0/0/0")
    configure(r1, "interface Serial0/0/0", "no clock rate")
    assert " clock rate 2000000\n" in r1.cli("show running-config interface Serial0/0/0")


def test_classic_dce_without_clock_rate_loses_line_protocol(make_lab):
    lab = pair_lab(make_lab, "c2811")
    r1, r2 = lab["R1"], lab["R2"]
    r1.cli("enable")
    r2.cli("enable")
    lab.advance(5)
    # HDLC reports line protocol up at first, then keepalives fail for want of a clock.
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    lab.advance(40)
    assert brief(r1, "Serial0/0/0") == ("up", "down")
    assert brief(r2, "Serial0/0/0") == ("up", "down")
    assert "DCE V.35, no clock\n" in r1.cli("show controllers serial 0/0/0")
    configure(r1, "interface Serial0/0/0", "clock rate 64000")
    lab.advance(21)  # each end must hear the other echo its number: up to two keepalives
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    assert brief(r2, "Serial0/0/0") == ("up", "up")


def test_lost_keepalives_take_line_protocol_down_and_it_recovers(pair):
    r1, r2 = pair["R1"], pair["R2"]
    configure(r2, "interface Serial0/0/0", "no keepalive")
    r1.console.take_inbox()
    pair.advance(29)
    assert brief(r1, "Serial0/0/0") == ("up", "up")  # three keepalives may go unanswered
    pair.advance(12)
    assert brief(r1, "Serial0/0/0") == ("up", "down")
    assert brief(r2, "Serial0/0/0") == ("up", "up")  # no keepalive: up while the carrier is
    assert "  Keepalive not set\n" in r2.cli("show interfaces Serial0/0/0")
    assert any(
        line.endswith("Line protocol on Interface Serial0/0/0, changed state to down")
        for line in r1.console.take_inbox()
    )
    configure(r2, "interface Serial0/0/0", "keepalive 10")
    pair.advance(11)
    assert brief(r1, "Serial0/0/0") == ("up", "up")


def test_keepalives_are_counted_in_show_interfaces(pair):
    pair.advance(54)
    text = pair["R1"].cli("show interfaces Serial0/0/0")
    # one keepalive each way every 10 s since t=3, 24 bytes each as IOS counts them, and the CDP
    # advertisement each end sent as the line came up (334 bytes)
    assert "     7 packets input, 478 bytes, 0 no buffer\n" in text
    assert "     7 packets output, 478 bytes, 0 underruns\n" in text
    assert "  Last input 00:00:05, output 00:00:06, output hang never\n" in text


def test_boot_reports_the_interfaces_left_shut(make_lab):
    # follows ../shared/reference/ios-output/console_transcripts/c1941_boot_syslog_and_erase.txt
    lab = pair_lab(make_lab)
    lab.advance(5)
    lines = [line for line in lab["R1"].console.take_inbox() if "GigabitEthernet0/1" in line]
    assert lines == [
        "*Mar  1 00:00:02.000: %LINK-5-CHANGED: Interface GigabitEthernet0/1, changed state to administratively down",
        "*Mar  1 00:00:03.000: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/1, changed state to down",
    ]
