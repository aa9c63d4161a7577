"""The graded example labs in topologies/: each reference solution gets full marks, and the
classic mistakes fail exactly the checks they should (a wrong CHAP secret, a map without
`broadcast`, a missing DHCP exclusion)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iosemu.lab.grading import grade

TOPOLOGIES = Path(__file__).parents[2] / "topologies"
GRADED = (
    "hdlc-static",
    "ppp-chap",
    "fr-hub-spoke",
    "dhcp-scope-router",
    "l2tpv3-pseudowire",
    "l2tp-compulsory",
    "l2tp-voluntary",
)


def _lab(name: str) -> Path:
    return TOPOLOGIES / name / f"{name}.lab.yml"


@pytest.mark.parametrize("name", GRADED)
def test_each_reference_solution_gets_full_marks(name):
    report = grade(_lab(name), TOPOLOGIES / name / "solution")
    assert report.passed and report.score == report.max_score > 0, report.as_dict()


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
        "voluntary-wrong-secret",
    ],
)
def test_a_classic_mistake_fails_exactly_its_checks(tmp_path, name, router, old, new, failing):
    folder = tmp_path / "submission"
    shutil.copytree(TOPOLOGIES / name / "solution", folder)
    path = folder / f"{router}.cfg"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    report = grade(_lab(name), folder)
    assert [r.name for r in report.results if not r.passed] == failing
