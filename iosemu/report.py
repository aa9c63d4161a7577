"""The people's form of a graded lab's results (`iosemu validate`, `iosemu grade`): a rich
table of the checks, passed and failed, with the hints of those that failed, and the score;
and the machines' forms (`--json`: one object per submission)."""

from __future__ import annotations

import json

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
