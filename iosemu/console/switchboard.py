"""The terminal server in front of a lab's consoles: `@R2` switches, `@` lists, `@wait N`
runs the virtual clock, `@loss` sets a link's error rate, `@check` grades, `@capture`
captures a link to a pcapng file; and the console transcript of non-interactive runs
(`iosemu run`, piped input).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from iosemu.cli.session import Session
    from iosemu.lab.lab import Lab


class ScriptError(ValueError):
    """A terminal-server line the lab cannot follow (unknown device, bad number)."""


CAPTURE_USAGE = (
    "@capture needs a link's end and a file ('@capture R1:s0/0/0 r1.pcapng'), 'all' and a folder,"
    " or 'stop' (and an end)"
)
LOSS_USAGE = "@loss needs a link's end (or both ends) and a fraction, e.g. '@loss R1:s0/0/0 R2:s0/0/0 0.2'"


class Switchboard:
    """The terminal server: one console per router and PC of the lab, one of them connected."""

    def __init__(self, lab: Lab, current: str | None = None):
        self.lab = lab
        if not lab.devices:
            from iosemu.lab.topology import TopologyError

            raise TopologyError(lab.topology.path, None, "the lab has no router to connect to")
        self.current = current or next(iter(lab.devices))

    @property
    def session(self) -> Session:
        return self.lab[self.current].console

    def find(self, name: str) -> str:
        if name in self.lab.devices:
            return name
        for known in self.lab.devices:
            if known.lower() == name.lower():
                return known
        raise ScriptError(f"no device named '{name}' (devices: {', '.join(self.lab.devices)})")

    def directive(self, line: str) -> tuple[str, object]:
        """Parse an `@` line: ("list"|"quit"|"wait"|"loss"|"capture"|"switch", argument); the
        argument of "loss" is (the link, its new loss). `@capture` is done at once: its
        argument is the text to show."""
        words = line.strip()[1:].split()
        if not words:
            return "list", None
        if words == ["quit"]:
            return "quit", None
        if words == ["check"]:
            return "check", None
        if words[0] == "wait":
            from iosemu.sim.clock import check_advance

            try:
                (seconds,) = (float(w) for w in words[1:])
            except ValueError:
                raise ScriptError("@wait needs a number of seconds, e.g. '@wait 30'") from None
            try:
                return "wait", check_advance(seconds)
            except ValueError as error:  # NaN, negative, longer than a year (inf, 1e400)
                raise ScriptError(f"@wait: {error}") from None
        if words[0] == "loss":
            return "loss", self._loss(words[1:])
        if words[0] == "capture":
            return "capture", self._capture(words[1:])
        if len(words) > 1:
            raise ScriptError(f"unknown terminal-server command '{line.strip()}'")
        return "switch", self.find(words[0])

    def _loss(self, words: list[str]):
        from iosemu.sim.link import LOSS_RULE, check_loss

        if not 2 <= len(words) <= 3:
            raise ScriptError(LOSS_USAGE)
        try:
            link = self.lab.link(*words[:-1])
        except ValueError as error:
            raise ScriptError(f"@loss: {error}") from None
        try:
            return link, check_loss(float(words[-1]))
        except ValueError:
            raise ScriptError(f"@loss: '{words[-1]}' {LOSS_RULE}") from None

    def _capture(self, words: list[str]) -> str:
        """`@capture` lists the captures, `@capture R1:s0/0/0 FILE` starts one, `@capture all
        DIR` one per link, `@capture stop [END]` stops them (or the one at END)."""
        lab = self.lab
        if not words:
            shown = [capture for capture in lab.captures if capture.running or capture.error]
            if not shown:
                return "[No capture running]\n"
            return "".join(
                f"  {c.point} <-> {c.far}  {c.name}  {c.frames} frames"
                + ("\n" if c.running else f", stopped: {c.error}\n")
                for c in shown
            )
        if words[0] == "stop" and len(words) <= 2:
            if len(words) == 1:
                stopped = lab.stop_captures()
            else:
                point = self._end(words[1])
                stopped = [c for c in lab.captures if c.running and point in (c.point, c.far)]
                for capture in stopped:
                    capture.stop()
            if not stopped:
                return "[No capture running]\n"
            return "".join(f"[Stopped {c.point}: {c.frames} frames in {c.name}]\n" for c in stopped)
        if len(words) != 2:
            raise ScriptError(CAPTURE_USAGE)
        if words[1] == "-":  # the console's own output: only `iosemu run` gives stdout to a capture
            raise ScriptError(
                "@capture: '-' is stdout, for 'iosemu run --capture END=-'; give a file or a FIFO"
            )
        try:
            started = lab.capture_all(words[1]) if words[0] == "all" else [lab.capture(*words)]
        except (ValueError, OSError) as error:
            raise ScriptError(f"@capture: {error}") from None
        return "".join(f"[Capturing {c.point} <-> {c.far} to {c.name}]\n" for c in started)

    def _end(self, text: str) -> str:
        """A link's end as captures name it (`R1:s0/0/0` -> `R1:Serial0/0/0`)."""
        from iosemu.lab.topology import endpoint

        try:
            return str(endpoint(self.lab.topology, text))
        except ValueError as error:
            raise ScriptError(f"@capture: {error}") from None

    def check_text(self) -> str:
        """`@check`: the lab's checks run on it as it stands, as a table, and the score."""
        import io

        from rich.console import Console

        from iosemu.lab.checks import load
        from iosemu.lab.grading import evaluate
        from iosemu.lab.topology import TopologyError
        from iosemu.report import print_report

        try:
            checks = load(self.lab.topology)
        except TopologyError as error:
            return f"% {error}\n"
        if not checks:
            return "% This lab has no checks (no validate: section in its file)\n"
        out = io.StringIO()
        print_report(evaluate(self.lab, checks), Console(file=out, width=100), self.lab.topology.title)
        return out.getvalue()

    def listing(self) -> str:
        """One line per console: `*` on the connected one, the router's platform or `host`."""
        rows = []
        for name, device in self.lab.devices.items():
            mark = "*" if name == self.current else " "
            model = device.node.platform.name if device.kind == "router" else device.kind
            rows.append(f"{mark} {name:<12} {model:<10} {device.console.prompt()}")
        return "\n".join(rows) + "\n"


class Transcript:
    """Types lines into the consoles and writes what a console would show, prompts included."""

    def __init__(self, board: Switchboard, out: TextIO):
        self.board = board
        self.out = out

    def run(self, lines: Iterable[str], source: str) -> None:
        from iosemu.cli.session import echoes

        for number, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            session = self.board.session
            if line.lstrip().startswith("@") and echoes(session):
                try:
                    verb, arg = self.board.directive(line)
                except ScriptError as error:
                    raise ScriptError(f"{source}:{number}: {error}") from None
                if verb == "quit":
                    break
                self._directive(verb, arg)
            else:
                self.type_line(line)
            self.out.flush()

    def _directive(self, verb: str, arg) -> None:
        if verb == "list":
            self.out.write(self.board.listing())
        elif verb == "check":
            self.out.write(self.board.check_text())
        elif verb == "wait":
            self.board.lab.advance(arg)
            self.show_inbox()
        elif verb == "loss":
            link, loss = arg
            link.loss = loss
        elif verb == "capture":
            self.out.write(arg)
        else:
            self.board.current = arg
            self.show_inbox()

    def type_line(self, line: str) -> None:
        from iosemu.cli.keys import keys_pressed
        from iosemu.cli.session import echoes

        session = self.board.session
        echo = echoes(session)  # not at a password, here or on a far router
        for prompt, shown, output in keys_pressed(session, line):
            self.out.write(prompt + (shown if echo else "") + "\n" + output)
        self.show_inbox()

    def show_inbox(self) -> None:
        """Async lines appear after a fresh prompt, as on a console."""
        session = self.board.session
        lines = session.take_inbox()
        if lines:
            self.out.write(session.prompt() + "\n" + "".join(line + "\n" for line in lines))
