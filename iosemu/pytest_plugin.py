"""The pytest plugin (entry point `pytest11`): instructors test their graded labs in Python.

    def test_the_solution(iosemu_lab):
        lab = iosemu_lab("topologies/hdlc-static/hdlc-static.lab.yml", submission="solution")
        lab["R1"].cli("enable")
        assert_route(lab, "R1", prefix="192.168.2.0/24", code="S", next_hop="10.0.12.2")
        assert_ping(lab, "PC1", address="192.168.2.10")

`iosemu_lab(path, submission=None, settle=True)` loads the lab (from a submission's saved
configs if given, a folder relative to the lab's), in a fresh NVRAM folder, and lets it settle.
Each check kind has its assertion (`assert_config`, `assert_interface`, `assert_route`,
`assert_ppp`, `assert_pvc`, `assert_dhcp_binding`, `assert_pc`, `assert_ping`, `assert_show`,
`assert_history`), importable from here: fields as in a lab file, `next_hop` for `next-hop`;
a failure says what the state is. `assert_checks(lab)` runs the lab file's own checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iosemu.lab import checks, grading
from iosemu.lab.lab import Lab
from iosemu.lab.topology import load_topology


def _assertion(kind: str):
    def assert_kind(lab: Lab, nodes, **fields) -> None:
        check = checks.make_check(kind, nodes, {k.replace("_", "-"): v for k, v in fields.items()})
        result = grading.evaluate(lab, [check]).results[0]
        if not result.passed:
            raise AssertionError(f"{kind} check failed: {result.message}")

    assert_kind.__name__ = f"assert_{kind.replace('-', '_')}"
    fields = ", ".join(checks.KINDS[kind])
    assert_kind.__doc__ = f"Assert a `{kind}` check passes on the nodes (fields: {fields})."
    return assert_kind


for _kind in checks.KINDS:
    globals()[f"assert_{_kind.replace('-', '_')}"] = _assertion(_kind)


def assert_checks(lab: Lab) -> None:
    """Every check of the lab file passes (the failures listed, with their messages)."""
    report = grading.evaluate(lab, checks.load(lab.topology))
    failed = [f"{r.name}: {r.message}" for r in report.results if not r.passed]
    if failed:
        raise AssertionError("failed checks:\n" + "\n".join(failed))


@pytest.fixture
def iosemu_lab(tmp_path):
    def load(path, submission=None, settle: bool = True) -> Lab:
        topology = load_topology(path)
        if submission is not None:
            folder = Path(submission)
            if not folder.is_absolute():
                folder = Path(path).parent / folder
            report = grading.Report(str(folder))
            topology = grading.submitted(topology, folder, report)
            if report.faults:
                raise AssertionError("the submission cannot be used: " + "; ".join(report.faults))
        lab = Lab(topology, nvram=tmp_path)
        if settle:
            grading.settle(lab)
        return lab

    return load
