"""The people's form of a graded lab's results (`iosemu validate`, `iosemu grade`): a rich
table of the checks, passed and failed, with the hints of those that failed, and the score;
and the machines' forms (`--json`: one object per submission; `--junit`: JUnit XML, a test
suite per submission and a test case per check, for CI and learning platforms)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from rich.console import Console
from rich.table import Table

from iosemu.lab.grading import Report


def print_report(report: Report, console: Console, title: str = "") -> None:
    table = Table(title=title or report.submission or None, show_lines=False)
    table.add_column("Check")
    table.add_column("Result")
    table.add_column("Points", justify="right")
    table.add_column("Message")
    for result in report.results:
        mark = "[green]passed[/green]" if result.passed else "[red]FAILED[/red]"
        text = result.message + (
            f"\n[dim]hint: {result.hint}[/dim]" if result.hint and not result.passed else ""
        )
        table.add_row(result.name, mark, f"{result.points}/{result.max_points}", text)
    console.print(table)
    for fault in report.faults:
        console.print(f"[yellow]{fault}[/yellow]")
    console.print(f"Score: {report.score}/{report.max_score}")


def json_line(report: Report) -> str:
    return json.dumps(report.as_dict(), sort_keys=False)


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters (a lab file may have them) shown escaped."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 32 else c.encode("unicode_escape").decode() for c in text)


def write_junit(reports: list[Report], path: Path) -> None:
    """OSError if the file cannot be written."""
    suites = ElementTree.Element("testsuites")
    for report in reports:
        failed = [r for r in report.results if not r.passed]
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=_xml_text(report.submission),
            tests=str(len(report.results)),
            failures=str(len(failed)),
        )
        for result in report.results:
            case = ElementTree.SubElement(
                suite, "testcase", name=_xml_text(result.name), classname=_xml_text(report.submission)
            )
            if not result.passed:
                failure = ElementTree.SubElement(case, "failure", message=_xml_text(result.message))
                failure.text = _xml_text(result.hint)
        for fault in report.faults:
            ElementTree.SubElement(suite, "system-err").text = _xml_text(fault)
    with open(path, "wb") as out:
        ElementTree.ElementTree(suites).write(out, encoding="utf-8", xml_declaration=True)
