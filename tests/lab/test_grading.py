"""Graded labs: the checks of a lab file, read and linted (FILE:LINE: reason), run on a
lab, and the grading of submissions (the reference solution of topologies/hdlc-static,
broken ones, hostile files), deterministic, through the API and `iosemu validate|grade`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iosemu.console.main import main
from iosemu.lab import checks
from iosemu.lab.grading import evaluate, grade, settle
from iosemu.lab.lab import Lab
from iosemu.lab.platforms import PLATFORMS
from iosemu.lab.topology import TopologyError, load_topology

LAB = Path(__file__).parents[2] / "topologies" / "hdlc-static" / "hdlc-static.lab.yml"
SOLUTION = LAB.parent / "solution"


def _failing(report) -> list[str]:
    return [r.name for r in report.results if not r.passed]


def _broken(tmp_path: Path, router: str, old: str, new: str) -> Path:
    folder = tmp_path / "submission"
    shutil.copytree(SOLUTION, folder)
    path = folder / f"{router}.cfg"
    path.write_text(path.read_text().replace(old, new))
    return folder


def test_the_reference_solution_gets_full_marks():
    report = grade(LAB, SOLUTION)
    assert (report.score, report.max_score, report.passed) == (12, 12, True)
    assert _failing(report) == [] and report.faults == []


@pytest.mark.parametrize(
    ("router", "old", "new", "failing"),
    [
        # the 2911 clocks a DCE end by itself: the line comes up, only the check of the line fails
        ("R1", " clock rate 64000\n", "", ["clock"]),
        # a next hop on no connected subnet: the route is not installed
        (
            "R1",
            "192.168.2.0 255.255.255.0 10.0.12.2",
            "192.168.2.0 255.255.255.0 10.0.12.6",
            ["route_r1", "end_to_end", "path"],
        ),
        (
            "R2",
            " ip address 10.0.12.2 255.255.255.252\n no shutdown",
            " ip address 10.0.12.2 255.255.255.252\n shutdown",
            ["wan_up", "route_r1", "route_r2", "end_to_end", "path"],
        ),
    ],
    ids=["no-clock-rate", "wrong-next-hop", "serial-shut"],
)
def test_a_broken_submission_fails_exactly_the_checks_it_breaks(tmp_path, router, old, new, failing):
    report = grade(LAB, _broken(tmp_path, router, old, new))
    assert _failing(report) == failing
    assert not report.passed and report.score < report.max_score


def test_the_messages_say_what_is_wrong_and_the_hint_how_to_fix_it(tmp_path):
    """10.0.12.3 is on the serial line's subnet: the route is installed, and HDLC carries the
    packets whatever the next hop, so PC1 still reaches PC2, but the route is not the one asked."""
    report = grade(
        LAB,
        _broken(tmp_path, "R1", "192.168.2.0 255.255.255.0 10.0.12.2", "192.168.2.0 255.255.255.0 10.0.12.3"),
    )
    route = next(r for r in report.results if r.name == "route_r1")
    assert route.message == "R1 routes to LAN 2 through R2 (R1: 192.168.2.0/24: via 10.0.12.3, not 10.0.12.2)"
    assert route.hint == "ip route 192.168.2.0 255.255.255.0 10.0.12.2" and route.points == 0
    assert _failing(report) == ["route_r1"]  # and the path is the same: HDLC carries it
    assert grade(LAB, SOLUTION).results[-1].message == "PC1's traffic to PC2 goes through R1 and R2"


def test_grading_is_deterministic_and_the_api_names_it():
    import iosemu

    assert iosemu.grade(LAB, SOLUTION).as_dict() == grade(LAB, SOLUTION).as_dict()


def test_hostile_files_are_graded_as_failing_with_their_reason(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "R1.cfg").write_bytes(b"\xff\xfe\x00junk" * 10)
    (folder / "R2.cfg").write_bytes(b"hostname R2\n" * 100_000)  # 1.2 MB: more than NVRAM holds
    report = grade(LAB, folder)
    assert report.faults == [
        "R1.cfg: not UTF-8 text (byte 0xFF on line 1)",
        f"R2.cfg: larger than {PLATFORMS['c2911'].nvram_bytes:,} bytes",
    ]
    assert report.score == 0
    (folder / "R1.cfg").unlink()
    (folder / "R1.cfg").symlink_to(SOLUTION / "R1.cfg")  # out of the folder
    (folder / "R2.cfg").unlink()
    assert grade(LAB, folder).faults == ["R1.cfg: a symbolic link (not read)", "R2.cfg: missing"]


def test_checks_run_on_a_live_lab_and_see_what_was_typed(tmp_path):
    lab = Lab.load(LAB)
    topology = load_topology(LAB)
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("sh ip ro")
    for line in ("configure terminal", "interface s0/0/0", "clock rate 64000", "end"):
        r1.cli(line)
    settle(lab)
    found = checks.load(topology)
    report = evaluate(lab, found)
    assert _failing(report) == ["wan_up", "lan_up", "route_r1", "route_r2", "end_to_end", "path"]
    typed = checks.Check("looked", "history", {"command": "show ip route"}, ("R1",))
    assert evaluate(lab, [typed]).passed  # typed abbreviated, as IOS takes it
    typed = checks.Check("looked", "history", {"command": "show ip arp"}, ("R1",))
    assert not evaluate(lab, [typed]).passed


BAD = """
name: bad
topology:
  nodes:
    R1: {}
    PC1: {kind: host, ip: 10.0.0.2/24}
validate:
{check}
"""


@pytest.mark.parametrize(
    ("check", "line", "reason"),
    [
        ("  a: {nodes: [R9], interface: {name: g0/0}}", 8, "check 'a': unknown device 'R9'"),
        ("  a: {nodes: [R1], colour: {x: 1}}", 8, "check 'a': unknown key 'colour'"),
        ("  a: {nodes: [R1]}", 8, "check 'a': needs exactly one kind of test"),
        (
            "  a: {nodes: [R1], route: {prefix: 10.0.0.0/8, gateway: 1.1.1.1}}",
            8,
            "route: unknown field 'gateway'",
        ),
        ("  a: {nodes: [R1], route: {prefix: ten}}", 8, "route: 'prefix: ten' must be a prefix"),
        ("  a: {nodes: [R1], show: {command: show ip route, match: '(unclosed'}}", 8, "show: bad pattern"),
        ("  a: {nodes: [PC1], route: {prefix: 10.0.0.0/8}}", 8, "a host has no route to check"),
        ("  a: {nodes: [R1], ping: {address: 10.0.0.2}, wait: -1}", 8, "'wait' must be seconds"),
        (
            "  a:\n    nodes: [R1]\n    points: many\n    ping: {address: 10.0.0.2}",
            10,
            "'points' must be a whole number",
        ),
        (
            "  a: {nodes: [PC1], tracert: {address: 1.2.3.4, path: 1.2.3.4}}",
            8,
            "must be a list of IPv4 addresses",
        ),
        ("  a: {nodes: [R1], pvc: {dlci: x}}", 8, "'dlci: x' must be a whole number"),
        ("  a: {nodes: [PC1], pc: {address: bogus}}", 8, "must be an address with its length"),
        ("  a: {nodes: [PC1], history: {command: ipconfig}}", 8, "a host has no history to check"),
    ],
    ids=[
        "device",
        "key",
        "no-kind",
        "field",
        "value",
        "pattern",
        "kind-of-node",
        "wait",
        "points",
        "path",
        "dlci",
        "pc-address",
        "pc-history",
    ],
)
def test_a_wrong_check_is_reported_with_file_line_and_reason_before_anything_runs(
    tmp_path, check, line, reason
):
    path = tmp_path / "bad.lab.yml"
    path.write_text(BAD.replace("{check}", check))
    with pytest.raises(TopologyError) as fault:
        checks.load(load_topology(path))
    assert str(fault.value).startswith(f"{path}:{line}: ")
    assert reason in str(fault.value)
    assert main(["validate", "--lint", str(path)]) == 2


def test_the_command_line_exit_codes_and_json(tmp_path, capsys):
    assert main(["validate", "--lint", str(LAB)]) == 0
    assert capsys.readouterr().out == f"{LAB}: 7 checks, no faults\n"
    assert main(["grade", str(LAB), "--submission", str(SOLUTION), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["score"], printed["max_score"], printed["passed"]) == (12, 12, True)
    assert [c["name"] for c in printed["checks"]] == [
        "clock",
        "wan_up",
        "lan_up",
        "route_r1",
        "route_r2",
        "end_to_end",
        "path",
    ]
    broken = _broken(tmp_path, "R1", " clock rate 64000\n", "")
    assert main(["grade", str(LAB), "--submission", str(SOLUTION), "--submission", str(broken)]) == 1
    shown = capsys.readouterr().out
    assert "Score: 12/12" in shown and "Score: 11/12" in shown and "hint: The DCE end" in shown


def test_a_folder_of_submissions_grades_in_parallel_in_order_with_junit(tmp_path, capsys):
    folder = tmp_path / "class"
    for name in ("alice", "bob", "carol"):
        shutil.copytree(SOLUTION, folder / name)
    r1 = folder / "bob" / "R1.cfg"
    r1.write_text(r1.read_text().replace(" clock rate 64000\n", ""))
    junit = tmp_path / "grades.xml"
    assert main(["grade", str(LAB), "--submissions", str(folder), "--json", "--junit", str(junit)]) == 1
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(Path(p["submission"]).name, p["score"]) for p in printed] == [
        ("alice", 12),
        ("bob", 11),
        ("carol", 12),
    ]
    from xml.etree import ElementTree

    suites = ElementTree.parse(junit).getroot()
    assert [s.get("failures") for s in suites] == ["0", "1", "0"]
    failure = suites[1].find("testcase[@name='clock']/failure")
    assert failure.get("message").startswith("R1 clocks the serial line at 64000 bit/s (R1:")


def test_at_check_runs_the_checks_in_the_terminal_server_and_leaves_the_console_alone(tmp_path, capsys):
    script = tmp_path / "work.txt"
    script.write_text("enable\nconfigure terminal\n@check\ninterface s0/0/0\n")
    assert main(["run", str(LAB), "--script", str(script)]) == 0
    shown = capsys.readouterr().out
    assert "HDLC point to point with static routes" in shown and "Score: 0/12" in shown
    assert "\nR1(config)#interface s0/0/0\n" in shown  # still in config mode after the checks


def test_the_lab_verb_shows_the_title_and_instructions_first():
    import io

    from iosemu.console.main import print_instructions

    out = io.StringIO()
    print_instructions(load_topology(LAB), out)
    text = out.getvalue()
    assert "HDLC point to point with static routes" in text
    assert "Two branch routers are cabled back to back on Serial0/0/0" in text  # Markdown rendered
    assert "Type @check" in text


def test_grading_on_a_dask_cluster_gives_the_same_reports(tmp_path, capsys):
    from distributed import LocalCluster

    broken = _broken(tmp_path, "R1", " clock rate 64000\n", "")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        code = main(
            ["grade", str(LAB), "--submission", str(SOLUTION), "--submission", str(broken)]
            + ["--scheduler", cluster.scheduler_address, "--json"]
        )
    assert code == 1
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed == [grade(LAB, SOLUTION).as_dict(), grade(LAB, broken).as_dict()]


def test_a_bug_while_grading_fails_that_submission_alone(tmp_path, monkeypatch):
    from iosemu.lab import grading

    def broken_settle(lab, cap=0):
        raise RuntimeError("a bug")

    monkeypatch.setattr(grading, "settle", broken_settle)
    report = grading.grade_safely(LAB, SOLUTION)
    assert report.faults == ["internal error while grading (see the log)"]
    assert not report.passed and report.score == 0 and len(report.results) == 7


def test_a_cdp_check_sees_the_neighbours_a_router_has_heard():
    lab = Lab.load(Path(__file__).parents[1] / "labs" / "cdp-three" / "cdp-three.lab.yml")
    lab.advance(70)  # the first advertisements go out on the 60 s timer
    heard = checks.make_check(
        "cdp", "R1", {"neighbor": "R2", "interface": "g0/0", "port": "GigabitEthernet0/0"}
    )
    assert evaluate(lab, [heard]).passed
    wrong = checks.make_check("cdp", "R1", {"neighbor": "R2", "port": "Serial0/0/0"})
    assert (
        evaluate(lab, [wrong])
        .results[0]
        .message.endswith("is heard from GigabitEthernet0/0, not Serial0/0/0)")
    )
    nobody = checks.make_check("cdp", "R1", {"neighbor": "R9"})
    assert "R9 is not a CDP neighbour (heard: R2, R3" in evaluate(lab, [nobody]).results[0].message


def test_the_command_line_refuses_what_it_cannot_do_with_a_clear_message(tmp_path, capsys):
    plain = Path(__file__).parents[2] / "topologies" / "serial-wan" / "serial-wan.lab.yml"
    assert main(["validate", str(plain)]) == 2
    assert "the lab has no checks" in capsys.readouterr().err
    assert main(["grade", str(LAB), "--submission", str(SOLUTION), "--junit", "/no/such/folder/x.xml"]) == 2
    assert "cannot write JUnit XML there" in capsys.readouterr().err
    assert main(["grade", str(LAB), "--submission", str(SOLUTION), "--junit", str(tmp_path)]) == 2
    assert "cannot write JUnit XML" in capsys.readouterr().err
    assert main(["grade", str(LAB), "--submission", str(SOLUTION), "--scheduler", "not an address"]) == 2
    assert "the Dask scheduler not an address" in capsys.readouterr().err
    report = grade(LAB, tmp_path / "nobody")
    assert (
        report.faults == [f"{tmp_path / 'nobody'}: not a folder of saved configurations"]
        and not report.passed
    )


def test_junit_xml_holds_a_check_name_with_control_characters(tmp_path):
    from xml.etree import ElementTree

    from iosemu.lab.grading import Report, Result
    from iosemu.report import write_junit

    path = tmp_path / "grades.xml"
    write_junit([Report("s\x01", [Result("bad\x02name", False, 0, 1, "why\x03", "hint")])], path)
    case = ElementTree.parse(path).getroot()[0][0]
    assert case.get("name") == "bad\\x02name" and case[0].get("message") == "why\\x03"


def test_a_route_check_names_the_interface_in_any_spelling(tmp_path):
    from iosemu.lab.grading import Report, submitted

    lab = Lab(submitted(load_topology(LAB), SOLUTION, Report("")), nvram=tmp_path)
    settle(lab)
    out = checks.make_check("route", "R1", {"prefix": "10.0.12.0/30", "code": "C", "interface": "s0/0/0"})
    wrong = checks.make_check("route", "R1", {"prefix": "10.0.12.0/30", "interface": "g0/0"})
    assert evaluate(lab, [out]).passed
    assert evaluate(lab, [wrong]).results[0].message.endswith("10.0.12.0/30: not out of g0/0)")
