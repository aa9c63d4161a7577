"""A link's error rate (`loss`) and PPP link quality monitoring (`ppp quality N`, RFC 1989),
through the API and scripts, as a user sees them: show output, syslog, debug, ping."""

from __future__ import annotations

import re
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.console.main import main
from iosemu.lab.lab import Lab
from iosemu.lab.topology import TopologyError
from iosemu.protocols.ppp.pdu import LQR, PppFrame
from tests.sim.labkit import PAIR

CONFIG = """\
hostname R{n}
interface Serial0/0/0
 ip address 10.0.0.{n} 255.255.255.252
{lines}
 no shutdown
"""

LINEPROTO = "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to {}"


def write_lab(folder, lines: str = " encapsulation ppp", loss: str = "") -> str:
    """Two 2911s on a serial cable, Serial0/0/0 configured with `lines` on both ends."""
    for n in (1, 2):
        (folder / f"R{n}.cfg").write_text(CONFIG.format(n=n, lines=lines))
    path = folder / "quality.lab.yml"
    path.write_text(PAIR.lstrip().replace("dce: R1}", f"dce: R1, loss: {loss}}}" if loss else "dce: R1}"))
    return str(path)


def logged(router) -> str:
    """The syslog and debug lines the console has shown since the last look."""
    return "\n".join(router.console.take_inbox())


def start(path: str, seconds: float = 30):
    lab = Lab.load(path)
    for router in (lab["R1"], lab["R2"]):
        router.cli("")
        router.cli("enable")
    lab.advance(seconds)
    return lab, lab["R1"], lab["R2"]


def errors(router) -> tuple[int, int]:
    """(input errors, CRC) of Serial0/0/0 as `show interfaces` gives them."""
    text = router.cli("show interfaces serial0/0/0")
    found = re.search(r"\n     (\d+) input errors, (\d+) CRC, 0 frame, 0 overrun, 0 ignored, 0 abort\n", text)
    return int(found[1]), int(found[2])


def counted(router, what: str) -> int:
    return int(re.search(rf"(\d+) packets {what}", router.cli("show interfaces serial0/0/0"))[1])


# -- the link's loss -------------------------------------------------------------------------
def test_hdlc_link_with_loss_from_the_lab_file_loses_pings_as_dots_and_counts_crc_errors(tmp_path):
    lab, r1, r2 = start(write_lab(tmp_path, " encapsulation hdlc", loss="0.1"))
    assert "Serial0/0/0 is up, line protocol is up" in r1.cli("show interfaces serial0/0/0")
    ping = r1.cli("ping 10.0.0.2 repeat 200")
    marks = "".join(line for line in ping.splitlines() if set(line) <= {"!", "."})
    assert len(marks) == 200 and 0 < marks.count(".") < 60, marks
    received = marks.count("!")
    assert f"Success rate is {received // 2} percent ({received}/200)" in ping
    lab.advance(0.5)  # nothing left on the wire
    for sender, receiver in ((r1, r2), (r2, r1)):
        input_errors, crc = errors(receiver)
        assert input_errors == crc > 0
        assert counted(sender, "output") == counted(receiver, "input") + crc  # each frame once


def test_inspect_shows_a_lossy_links_loss(tmp_path, capsys):
    assert main(["inspect", write_lab(tmp_path, loss="0.05")]) == 0
    table = capsys.readouterr().out
    assert re.search(r"DCE end +┃ Loss ┃", table) and re.search(r"│ R1:Serial0/0/0 │ 0\.05 │", table)


def test_bad_loss_in_the_lab_file_is_refused_with_file_and_line(tmp_path):
    shown = {"1.5": "1.5", "-0.1": "-0.1", "high": "high", "true": "True", "[0.1]": "[0.1]", ".nan": "nan"}
    for bad, value in shown.items():
        path = write_lab(tmp_path, loss=bad)
        with pytest.raises(TopologyError) as fault:
            Lab.load(path)
        message = f"{path}:8: 'loss: {value}' must be a number from 0 to 1 (the fraction of frames lost)"
        assert str(fault.value) == message


def test_loss_set_through_the_api_takes_a_ppp_link_down_and_back_up(tmp_path):
    lab, r1, r2 = start(write_lab(tmp_path))
    assert LINEPROTO.format("up") in logged(r1)
    lab.link("R1:s0/0/0", "R2:se0/0/0").loss = 1  # the cable is cut, in effect
    lab.advance(90)  # five Echo-Requests unanswered, then the link is renegotiated
    assert LINEPROTO.format("down") in logged(r1)
    show = r1.cli("show interfaces serial0/0/0")
    assert "Serial0/0/0 is up, line protocol is down" in show
    assert errors(r1)[0] > 0
    assert "Success rate is 0 percent (0/5)" in r1.cli("ping 10.0.0.2")
    lab.link("R2:s0/0/0").loss = 0
    lab.advance(30)
    assert LINEPROTO.format("up") in logged(r1)
    assert "Success rate is 100 percent (5/5)" in r1.cli("ping 10.0.0.2")


def test_the_api_names_a_link_by_its_ends_or_says_what_is_wrong(tmp_path):
    lab, _, _ = start(write_lab(tmp_path), 0)
    assert lab.link("R1:Serial0/0/0") is lab.link("R2:s0/0/0", "R1:s0/0/0")
    cases = {
        ("R1:s0/0/1",): "no link is cabled to 'R1:s0/0/1'",
        ("R1:s0/0/0", "R2:s0/0/1"): "'R1:s0/0/0' and 'R2:s0/0/1' are not the two ends of one link",
        ("R3:s0/0/0",): "endpoint 'R3:s0/0/0': unknown node 'R3'",
    }
    for ends, message in cases.items():
        with pytest.raises(ValueError, match=re.escape(message)):
            lab.link(*ends)
    with pytest.raises(ValueError, match="must be a number from 0 to 1"):
        lab.link("R1:s0/0/0").loss = 1.5


def test_at_loss_in_a_script(tmp_path, capsys):
    path = write_lab(tmp_path)
    script = tmp_path / "noisy.txt"
    script.write_text(
        "enable\n@wait 30\n@loss R1:s0/0/0 R2:s0/0/0 1\n@wait 90\nshow interfaces serial0/0/0\n"
        "@loss R1:s0/0/0 0\n@wait 30\nping 10.0.0.2\n"
    )
    assert main(["run", path, "--script", str(script)]) == 0
    out = capsys.readouterr().out
    down, up = out.index(LINEPROTO.format("down")), out.rindex(LINEPROTO.format("up"))
    show = out[out.index("R1#show interfaces serial0/0/0") :]
    assert down < out.index("R1#show interfaces") < up < out.index("R1#ping")
    assert show.startswith("R1#show interfaces serial0/0/0\nSerial0/0/0 is up, line protocol is down")
    assert re.search(r"\n     ([1-9]\d*) input errors, \1 CRC,", show)
    assert "!!!!!\nSuccess rate is 100 percent (5/5)" in out
    script.write_text("enable\n@loss R1:s0/0/0 lots\n")
    assert main(["run", path, "--script", str(script)]) == 1
    assert capsys.readouterr().err == (
        f"{script}:2: @loss: 'lots' must be a number from 0 to 1 (the fraction of frames lost)\n"
    )
    script.write_text("@loss R1:s0/0/0\n")
    assert main(["run", path, "--script", str(script)]) == 1
    assert "@loss needs a link's end (or both ends) and a fraction" in capsys.readouterr().err


def test_loss_too_high_for_lcp_to_open_keeps_the_ppp_link_down(tmp_path):
    lab, r1, r2 = start(write_lab(tmp_path, loss="0.95"), 300)
    for router in (r1, r2):
        assert LINEPROTO.format("up") not in logged(router)
        show = router.cli("show interfaces serial0/0/0")
        assert "Serial0/0/0 is up, line protocol is down" in show
        assert "LCP Open" not in show
        assert errors(router)[1] > 0
    assert "Success rate is 0 percent (0/5)" in r1.cli("ping 10.0.0.2")


# -- ppp quality -------------------------------------------------------------------------------
def test_ppp_quality_command_help_and_running_config(tmp_path):
    lab, r1, _ = start(write_lab(tmp_path), 0)
    r1.cli("configure terminal")
    r1.cli("interface serial0/0/0")
    assert "  quality         Set minimum Link Quality before link is down\n" in r1.console.help("ppp ")
    assert r1.console.help("ppp quality ") == "  <1-100>  Percent of traffic successful\n\n"
    assert "% Invalid input detected at '^' marker." in r1.cli("ppp quality 0")
    assert "% Invalid input detected at '^' marker." in r1.cli("ppp quality 101")
    assert r1.cli("ppp quality 90") == ""
    assert " encapsulation ppp\n ppp quality 90\n" in r1.cli("do show running-config interface serial0/0/0")
    assert r1.cli("no ppp quality") == ""
    assert "quality" not in r1.cli("do show running-config interface serial0/0/0")


def test_ppp_quality_negotiates_the_quality_protocol_at_the_keepalive_period(tmp_path):
    lab, r1, _ = start(write_lab(tmp_path, " encapsulation ppp\n ppp quality 90"), 0)
    r1.cli("debug ppp negotiation")
    lab.advance(30)
    assert "Se0/0/0 LCP:    QualityType 0xC025 period 1000 (0x0408C025000003E8)" in logged(r1)
    assert "Encapsulation PPP, LCP Open\n  Open: IPCP, CDPCP" in r1.cli("show interfaces serial0/0/0")


QUALITY = "interface Serial0/0/0\n encapsulation ppp\n ppp quality 90\n"


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_ppp_quality_takes_the_line_protocol_down_under_loss_and_back_up_when_it_recovers(ppp_lab, hardware):
    lab = ppp_lab(QUALITY, QUALITY, hardware)
    lab.advance(30)
    r1 = lab["R1"]
    assert "Success rate is 100 percent (5/5)" in r1.cli("ping 10.0.0.2")
    r1.cli("debug ppp error")
    logged(r1)
    lab.link("R1:s0/0/0", "R2:s0/0/0").loss = 0.2
    lab.advance(60)
    lines = logged(r1)
    assert re.search(
        r": Se0/0/0 PPP: The (serial|inbound|outbound) link is down\.\n.*: " + LINEPROTO.format("down"), lines
    )
    show = r1.cli("show interfaces serial0/0/0")
    assert "Serial0/0/0 is up, line protocol is down" in show
    assert "  Encapsulation PPP, LCP Open\n  Closed: IPCP, CDPCP, loopback not set\n" in show
    assert "Success rate is 0 percent (0/5)" in r1.cli("ping 10.0.0.2")
    lab.link("R1:s0/0/0").loss = 0
    lab.advance(120)
    lines = logged(r1)
    assert re.search(r": Se0/0/0 PPP: The serial link is up\.\n.*: " + LINEPROTO.format("up"), lines)
    assert "Encapsulation PPP, LCP Open\n  Open: IPCP, CDPCP" in r1.cli("show interfaces serial0/0/0")
    assert "Success rate is 100 percent (5/5)" in r1.cli("ping 10.0.0.2")
    lab.advance(600)  # and it stays up
    assert LINEPROTO.format("down") not in logged(r1)


def test_without_ppp_quality_a_little_loss_leaves_the_ppp_link_up(tmp_path):
    lab, r1, _ = start(write_lab(tmp_path))
    lab.link("R1:s0/0/0").loss = 0.2
    for _ in range(6):
        lab.advance(100)
        assert "line protocol is up" in r1.cli("show interfaces serial0/0/0")
    assert LINEPROTO.format("down") not in logged(r1)


counter = st.integers(0, 2**32 - 1)
report = st.one_of(
    st.binary(max_size=60),  # short, padded, anything
    st.lists(counter, min_size=12, max_size=12).map(lambda values: struct.pack("!12I", *values)),
)


@pytest.fixture
def monitored(tmp_path):
    return start(write_lab(tmp_path, " encapsulation ppp\n ppp quality 90"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports=st.lists(report, min_size=1, max_size=6))
def test_whatever_reports_the_far_end_sends_the_router_goes_on(monitored, reports):
    # Hostile or garbled LQRs from R2's side of the cable: judged, counted or discarded,
    # never a crash; the console answers and the line protocol is up or down, nothing else.
    lab, r1, r2 = monitored
    port = r2.router.ports["Serial0/0/0"]
    for payload in reports:
        port.send(PppFrame(LQR, payload))
        lab.advance(3)
    show = r1.cli("show interfaces serial0/0/0")
    assert re.match(r"Serial0/0/0 is up, line protocol is (up|down) \n", show)
    assert "Internal error" not in show + logged(r1)
