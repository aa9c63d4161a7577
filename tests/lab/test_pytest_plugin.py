"""The pytest plugin as an instructor uses it: a test file of their own, run by pytest,
with the `iosemu_lab` fixture and the assertion helpers; a failing assertion says why."""

from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

LAB = Path(__file__).parents[2] / "topologies" / "hdlc-static" / "hdlc-static.lab.yml"


def test_an_instructors_tests_pass_on_the_solution_and_fail_with_the_state_on_a_blank_lab(pytester):
    pytester.makepyfile(
        f'''
        from iosemu.pytest_plugin import assert_checks, assert_interface, assert_ping, assert_route

        LAB = r"{LAB}"

        def test_solution(iosemu_lab):
            lab = iosemu_lab(LAB, submission="solution")
            assert_interface(lab, ["R1", "R2"], name="s0/0/0", status="up", protocol="up")
            assert_route(lab, "R1", prefix="192.168.2.0/24", code="S", next_hop="10.0.12.2")
            assert_ping(lab, "PC1", address="192.168.2.10")
            assert_checks(lab)
            assert "Serial0/0/0" in lab["R1"].cli("show ip interface brief")

        def test_blank(iosemu_lab):
            lab = iosemu_lab(LAB)
            assert_route(lab, "R1", prefix="192.168.2.0/24")
        '''
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*AssertionError: route check failed: route (R1: no route to 192.168.2.0/24)*"]
    )
