"""A long ping or traceroute stops, as IOS's does when aborted, at the bound of its API call."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.cli.abort import Limit

HEADER = (
    "Type escape sequence to abort.\nSending 2147483647, 100-byte ICMP Echos to {}, timeout is 2 seconds:\n"
)
TRACE = "Type escape sequence to abort.\nTracing the route to 10.9.9.9\nVRF info: (vrf in name/id, vrf out name/id)\n"


def test_an_endless_ping_stops_after_an_hour_of_virtual_time(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    out = r1.cli("ping 10.9.9.9 repeat 2147483647")  # nobody answers: 2 s an echo
    # As IOS prints an aborted ping: the marks so far, then the rate of the echoes sent.
    assert out == HEADER.format("10.9.9.9") + ("." * 70 + "\n") * 25 + "." * 50 + "\n" + (
        "Success rate is 0 percent (0/1800)\n"
    )
    assert r1.cli("show clock") == "*01:00:00.000 UTC Fri Mar 1 2002\n"  # the console goes on


def test_an_endless_ping_that_is_answered_stops_after_its_probes(lab):
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", "interface Loopback0", "ip address 1.1.1.1 255.255.255.255"):
        r1.cli(line)
    out = r1.console.execute("do ping 1.1.1.1 repeat 2147483647", limit=Limit(probes=75))
    assert out == HEADER.format("1.1.1.1") + "!" * 70 + "\n" + "!" * 5 + "\n" + (
        "Success rate is 100 percent (75/75), round-trip min/avg/max = 1/1/1 ms\n"
    )


def test_a_traceroute_stops_in_the_middle_of_a_hop(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.console.execute("traceroute 10.9.9.9", limit=Limit(probes=4)) == TRACE + (
        "  1  *  *  * \n  2  * \n"
    )
    # Stopped before the next hop's first answer, IOS leaves that hop's number alone.
    assert r1.console.execute("traceroute 10.9.9.9", limit=Limit(seconds=9)) == TRACE + (
        "  1  *  *  * \n  2 \n"
    )


def test_ping_data_and_validate_say_so_in_the_header(lab):
    r1 = lab["R1"]
    for line in (
        "enable",
        "configure terminal",
        "interface Loopback0",
        "ip address 1.1.1.1 255.255.255.255",
        "end",
    ):
        r1.cli(line)
    assert r1.cli("ping 1.1.1.1 data FFFF validate df-bit repeat 2").splitlines()[:6] == [
        "Type escape sequence to abort.",
        "Sending 2, 100-byte ICMP Echos to 1.1.1.1, timeout is 2 seconds:",
        "Packet sent with the DF bit set",
        "Packet has data pattern 0xFFFF",
        "Reply data will be validated",
        "!!",
    ]
    assert r1.cli("ping 1.1.1.1 data XYZ") == "% Invalid pattern\n"


OPTIONS = "Loose, Strict, Record, Timestamp, Verbose[{}]: "


def _at_the_options_question(r1) -> None:
    r1.cli("enable")
    for answer in ("ping", "", "10.0.0.2", "1", "", "0", "y", "", "", "", "", ""):
        r1.cli(answer)
    assert r1.console.prompt() == OPTIONS.format("none")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.text(alphabet="lsrtvLSRTVx ?1-", max_size=8), max_size=6))
def test_any_answer_to_the_options_question_asks_it_again_until_an_empty_one(lab, answers):
    """Whatever is typed there, the question comes back (saying `[V]` while Verbose is on,
    after an odd number of Verbose answers); an empty answer goes on to the sweep question."""
    r1 = lab["R1"]
    if r1.console.dialog is None:
        _at_the_options_question(r1)
    verbose = r1.console.prompt() == OPTIONS.format("V")
    for answer in answers:
        if not answer.strip():
            continue
        r1.cli(answer)
        verbose ^= "verbose".startswith(answer.split()[0].lower())
        assert r1.console.prompt() == OPTIONS.format("V" if verbose else "none")
