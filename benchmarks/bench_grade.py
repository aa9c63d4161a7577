"""Grading speed on a graded lab of topologies/ (by default fr-hub-spoke: three routers, a
Frame Relay switch, five checks): one submission on one core (the median of 20), then N
submissions (the reference solution, every tenth with one router left as the lab gives it)
graded in parallel on all cores, as `iosemu grade --submissions` does.

    python benchmarks/bench_grade.py [N] [LAB]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from iosemu.lab.grading import grade, grade_all

TOPOLOGIES = Path(__file__).parents[1] / "topologies"


def plant_mistake(lab: Path, submission: Path) -> str:
    """Leave the first router the solution changes as the lab gives it to the student (its
    task undone) in a copy of the solution: the router's name."""
    for solved in sorted(submission.glob("*.cfg")):
        given = lab.parent / solved.name
        if given.is_file() and given.read_text() != solved.read_text():
            shutil.copyfile(given, solved)
            return solved.stem
    raise SystemExit(f"{lab.parent.name}: its solution changes no router the lab gives")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    name = sys.argv[2] if len(sys.argv) > 2 else "fr-hub-spoke"
    lab = TOPOLOGIES / name / f"{name}.lab.yml"
    solution = lab.parent / "solution"
    if not solution.is_dir():
        raise SystemExit(f"{name}: not a graded lab of {TOPOLOGIES} (no solution/)")
    times = []
    for _ in range(20):
        start = time.perf_counter()
        grade(lab, solution)
        times.append(time.perf_counter() - start)
    print(f"{name}: one submission, one core: {statistics.median(times) * 1000:.1f} ms (median of 20)")
    with tempfile.TemporaryDirectory() as folder:
        submissions, unsolved = [], "no router"
        for i in range(count):
            path = Path(folder) / f"s{i:04d}"
            shutil.copytree(solution, path)
            if i % 10 == 0:
                unsolved = plant_mistake(lab, path)
            submissions.append(str(path))
        start = time.perf_counter()
        reports = grade_all(lab, submissions)
        wall = time.perf_counter() - start
    passed = sum(r.passed for r in reports)
    print(f"{count} submissions on {os.cpu_count()} cores: {wall:.1f} s wall ({passed} passed;")
    print(f"  every tenth with {unsolved} left unsolved)")


if __name__ == "__main__":
    main()
