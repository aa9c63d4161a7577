"""The graded example labs in topologies/: each starts unsolved, its reference solution gets
full marks (as a submission, and typed at the consoles of the started lab), and the classic
mistakes fail exactly the checks they should (a wrong CHAP secret, a map without `broadcast`,
a missing DHCP exclusion)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.bench_grade import plant_mistake
from iosemu.lab import checks
from iosemu.lab.grading import evaluate, grade, settle
from iosemu.lab.lab import Lab
from iosemu.lab.topology import load_topology

TOPOLOGIES = Path(__file__).parents[2] / "topologies"
GRADED = (
    "hdlc-static",
    "ppp-chap",
    "fr-hub-spoke",
    "dhcp-scope-router",
    "l2tpv3-pseudowire",
    "l2tp-compulsory",
    "acl-standard",
    "l2tp-voluntary",
)


def _lab(name: str) -> Path:
    return TOPOLOGIES / name / f"{name}.lab.yml"


@pytest.mark.parametrize("name", GRADED)
def test_each_reference_solution_gets_full_marks(name):
    report = grade(_lab(name), TOPOLOGIES / name / "solution")
    assert report.passed and report.score == report.max_score > 0, report.as_dict()


@pytest.mark.parametrize("name", GRADED)
def test_a_graded_lab_starts_unsolved_for_the_student(tmp_path, name):
    """`iosemu lab` opens the lab as the student finds it: the routers' own startup-configs
    (their names, what the lab gives: a LAN, a routed core, an LNS ready) fail the checks;
    the answer is in solution/."""
    topology = load_topology(_lab(name))
    lab = Lab(topology, nvram=tmp_path)
    settle(lab)
    report = evaluate(lab, checks.load(topology))
    assert not report.passed and report.score < report.max_score / 2, report.as_dict()


def test_the_compulsory_lab_starts_with_the_dial_in_refused_at_the_lac(tmp_path):
    """As its task text says: the LAC answers the client's PPPoE but, with no vpdn-group to
    forward cisco.com, authenticates the user itself and knows no such user."""
    lab = Lab(load_topology(_lab("l2tp-compulsory")), nvram=tmp_path)
    lac = lab["LAC"]
    for line in ("", "enable", "debug ppp authentication"):
        lac.cli(line)
    lab.advance(40)
    heard = lac.console.take_inbox()
    assert any(line.endswith("Vi2.1 CHAP: Username user@cisco.com not found") for line in heard), heard
    # its Virtual-Access goes up and down, its line protocol never reported (as IOS logs a failed call)
    assert not [line for line in heard if "%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual" in line]
    assert any(line.endswith("Interface Virtual-Access2.1, changed state to down") for line in heard)
    client = lab["CLIENT"]
    client.cli("enable")
    assert client.cli("show ip interface brief Dialer1").splitlines()[1].split()[1] == "unassigned"


@pytest.mark.parametrize("name", GRADED)
def test_the_reference_solution_typed_at_the_consoles_of_the_started_lab_gets_full_marks(tmp_path, name):
    """What the student does: the lab opened as it starts, each router's solution typed in
    configuration mode where it differs from its startup-config, a minute on (lines up, a
    dial-in that failed dialled again, tunnels and calls made), then `@check`."""
    topology = load_topology(_lab(name))
    lab = Lab(topology, nvram=tmp_path)
    settle(lab)
    for device in lab:
        given = TOPOLOGIES / name / f"{device.name}.cfg"
        answer = TOPOLOGIES / name / "solution" / given.name
        if not answer.exists() or answer.read_text() == given.read_text():
            continue
        for line in ("", "enable", "configure terminal"):
            device.cli(line)
        typed = [line for line in answer.read_text().splitlines() if line not in ("!", "end")]
        for line in (*typed, "end"):
            assert device.cli(line).strip() == "", (device.name, line)  # no line refused
    lab.advance(60)
    report = evaluate(lab, checks.load(topology))
    assert report.passed and report.score == report.max_score, report.as_dict()


@pytest.mark.parametrize(
    ("name", "router", "old", "new", "failing"),
    [
        ("ppp-chap", "R2", "username R1 password cisco", "username R1 password cisc0", ["lcp_open", "reach"]),
        (
            "fr-hub-spoke",
            "R2",
            " frame-relay map ip 10.1.1.1 201 broadcast",
            " frame-relay map ip 10.1.1.1 201",
            ["map_broadcast"],
        ),
        ("dhcp-scope-router", "R1", "ip dhcp excluded-address 10.0.0.10 10.0.0.20\n", "", ["exclusion"]),
        (
            "l2tpv3-pseudowire",
            "PE2",
            " xconnect 1.1.1.1 100 pw-class PW",
            " xconnect 1.1.1.1 200 pw-class PW",
            ["pe1_xconnect", "pe2_xconnect", "reach"],
        ),
        (  # the user's secret wrong at the LNS: the tunnel is up, the user refused there
            "l2tp-compulsory",
            "LNS",
            "username user@cisco.com password 0 cisco",
            "username user@cisco.com password 0 cisc0",
            ["session", "client_address", "reach"],
        ),
        ("acl-standard", "R2", "access-list 10 permit any\n", "", ["acl_entries", "pc1_reaches"]),
        (  # the client's tunnel secret wrong: the LNS refuses its tunnel
            "l2tp-voluntary",
            "CLIENT",
            " password 0 cisco",
            " password 0 cisc0",
            ["tunnel", "session", "client_address", "reach"],
        ),
    ],
    ids=[
        "wrong-chap-secret",
        "map-without-broadcast",
        "no-dhcp-exclusion",
        "vcid-mismatch",
        "user-refused-at-the-lns",
        "no-permit-any",
        "voluntary-wrong-secret",
    ],
)
def test_a_classic_mistake_fails_exactly_its_checks(tmp_path, name, router, old, new, failing):
    results = _graded_mistake(tmp_path, name, router, old, new)
    assert [r.name for r in results.values() if not r.passed] == failing


@pytest.mark.parametrize("name", GRADED)
def test_the_grading_benchmarks_planted_mistake_fails_in_every_graded_lab(tmp_path, name):
    """benchmarks/bench_grade.py LAB grades every tenth submission with one router left as
    the lab gives it: that submission fails."""
    folder = tmp_path / "submission"
    shutil.copytree(TOPOLOGIES / name / "solution", folder)
    unsolved = plant_mistake(_lab(name), folder)
    assert (folder / f"{unsolved}.cfg").read_text() == (TOPOLOGIES / name / f"{unsolved}.cfg").read_text()
    assert not grade(_lab(name), folder).passed


def _graded_mistake(tmp_path, name: str, router: str, old: str, new: str) -> dict:
    """The reference solution with one line of one router's config changed, graded: each
    check's result by its name."""
    folder = tmp_path / "submission"
    shutil.copytree(TOPOLOGIES / name / "solution", folder)
    path = folder / f"{router}.cfg"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    return {r.name: r for r in grade(_lab(name), folder).results}


def test_a_line_left_on_hdlc_is_named_as_such(tmp_path):
    results = _graded_mistake(tmp_path, "ppp-chap", "R1", " encapsulation ppp\n", "")
    assert "(R1: Serial0/0/0 runs HDLC, not PPP)" in results["lcp_open"].message


def test_a_missing_route_back_shows_where_the_trace_is_refused(tmp_path):
    route = "ip route 192.168.2.0 255.255.255.0 10.0.12.2\n"
    results = _graded_mistake(tmp_path, "hdlc-static", "R1", route, "")
    assert results["path"].message.endswith(
        "(PC1: tracert 192.168.2.10 goes 192.168.1.1 192.168.1.1 (unreachable))"
    )
