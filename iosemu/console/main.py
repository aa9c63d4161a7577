"""The `iosemu` command: its verbs (shell, run, inspect, lab, validate, grade) and what
they print; the interactive shell, scripted runs and piped input.
Imports stay lazy: prompt_toolkit is only loaded for the interactive shell, rich for `inspect`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from iosemu.console.switchboard import ScriptError, Switchboard, Transcript
from iosemu.errors import log_internal_error
from iosemu.files import FileFault, open_stream

if TYPE_CHECKING:
    from iosemu.lab.lab import Lab

USAGE = """\
  iosemu                               the shell on the built-in lab (piped stdin: typed input)
  iosemu shell [TOPOLOGY] [--speed X]  the shell on a lab file
  iosemu run [TOPOLOGY] --script FILE  type FILE (- = stdin) into the lab, print the transcript
      [--capture R1:s0/0/0=FILE ...]   capture a link to a pcapng file while it runs (all=DIR: every
                                       link; =-: to stdout, the transcript then on stderr)
  iosemu inspect [TOPOLOGY]            the lab's nodes and links as tables
  iosemu lab LAB                       the shell on a graded lab, its instructions shown first
  iosemu validate [--lint] LAB         run a graded lab's checks on it as it stands (--lint: only read them)
  iosemu grade LAB --submission DIR    boot the lab from DIR's saved configs and grade it (--json)
  iosemu serve [TOPOLOGY] [--port BASE] [--bind ADDRESS] [--speed X] [--ssh-port BASE2] [--vty-telnet BASE3]
                                       every console on telnet port BASE+n, every router's SSH on BASE2+n

Script and shell lines starting with @ go to the terminal server:
  @R2  switch to R2's console    @  list the consoles    @wait 30  run the clock 30 s    @quit
  @loss R1:s0/0/0 R2:s0/0/0 0.2  the link loses a fifth of its frames (0: none)
  @capture R1:s0/0/0 r1.pcapng  capture the link (all DIR: every link)  @capture  list  @capture stop
  @check  run a graded lab's checks now and show the results"""

_LOG = Path("~/.iosemu/iosemu.log")


# -- command line ----------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iosemu",
        description="A Cisco IOS router emulator.",
        usage=USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    verbs = parser.add_subparsers(dest="verb")
    lab = verbs.add_parser("lab", help="the shell on a graded lab, its instructions shown first")
    lab.add_argument("topology", help="a .lab.yml file")
    lab.add_argument("--speed", type=_speed, default=1.0, help="virtual seconds per wall second")
    shell = verbs.add_parser("shell", help="the interactive shell on a lab")
    shell.add_argument("topology", nargs="?", help="a .lab.yml file (default: the built-in lab)")
    shell.add_argument("--speed", type=_speed, default=1.0, help="virtual seconds per wall second")
    run = verbs.add_parser("run", help="type a script into a lab and print the console transcript")
    run.add_argument("topology", nargs="?", help="a .lab.yml file (default: the built-in lab)")
    run.add_argument("--script", required=True, help="the lines to type (- = standard input)")
    run.add_argument(
        "--capture",
        action="append",
        default=[],
        metavar="END=FILE",
        help="capture the link at END (R1:s0/0/0) to a pcapng FILE (- = stdout), or all=DIR; repeatable",
    )
    inspect = verbs.add_parser("inspect", help="print the lab's nodes and links")
    inspect.add_argument("topology", nargs="?", help="a .lab.yml file (default: the built-in lab)")
    validate = verbs.add_parser("validate", help="run a graded lab's checks on the lab as it stands")
    validate.add_argument("topology", help="a .lab.yml file with a validate: section")
    validate.add_argument("--lint", action="store_true", help="only check the checks")
    grade = verbs.add_parser("grade", help="grade submissions: the routers' saved configs")
    grade.add_argument("topology", help="a .lab.yml file with a validate: section")
    grade.add_argument("--submission", action="append", default=[], help="a folder of NAME.cfg files")
    grade.add_argument("--submissions", help="a folder of submission folders")
    grade.add_argument("--json", action="store_true", help="one JSON object per submission")
    grade.add_argument("--junit", metavar="FILE", help="write JUnit XML: a test suite per submission")
    grade.add_argument("--scheduler", metavar="ADDRESS", help="grade on this Dask distributed cluster")
    serve = verbs.add_parser("serve", help="serve the lab's consoles over telnet and its routers over SSH")
    serve.add_argument("topology", nargs="?", help="a .lab.yml file (default: the built-in lab)")
    serve.add_argument(
        "--port", type=int, metavar="BASE", help="the first console's port (default 5000; 0: any free ports)"
    )
    serve.add_argument(
        "--bind", metavar="ADDRESS", help="the address to listen on (default: 127.0.0.1, loopback only)"
    )
    serve.add_argument("--speed", type=_speed, default=1.0, help="virtual seconds per wall second")
    serve.add_argument(
        "--ssh-port", type=int, metavar="BASE2", help="the first router's SSH port (default: BASE + 1000)"
    )
    serve.add_argument(
        "--vty-telnet", type=int, metavar="BASE3", help="the first router's VTY lines over telnet"
    )
    return parser


MAX_SPEED = 1_000_000  # a tick of the shell's clock then runs a day or so, far under an advance's year


def _speed(text: str) -> float:
    """--speed: virtual seconds per wall second, from 0 (the clock stands still) to MAX_SPEED."""
    try:
        speed = float(text)
    except ValueError:
        speed = float("nan")
    if not 0 <= speed <= MAX_SPEED:  # NaN fails too
        raise argparse.ArgumentTypeError(f"needs a number from 0 to {MAX_SPEED}, not '{text}'")
    return speed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.version:
        from iosemu import __version__

        print(f"iosemu {__version__}")
        return 0
    from iosemu.lab.topology import TopologyError

    _log_to_file()
    try:
        if args.verb == "run":
            return _run(args.topology, args.script, args.capture)
        if args.verb == "inspect":
            from iosemu.console.inspect import inspect

            return inspect(args.topology)
        if args.verb == "lab":
            return _shell(args.topology, args.speed, instructions=True)
        if args.verb == "validate":
            return _validate(args.topology, args.lint)
        if args.verb == "grade":
            return _grade(args)
        if args.verb == "serve":
            return _serve(args)
        topology = getattr(args, "topology", None)
        if not sys.stdin.isatty():  # piped input is typed into the lab
            return _run(topology, "-")
        return _shell(topology, getattr(args, "speed", 1.0))
    except TopologyError as error:
        print(error, file=sys.stderr)
        return 2 if args.verb in ("validate", "grade") else 1
    except ScriptError as error:
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `iosemu run ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: logged with its traceback, one line for the user
        log_internal_error(logging.getLogger("iosemu"), "in the iosemu command")
        print(f"iosemu: internal error (details in {_LOG})", file=sys.stderr)
        return 1


def _graded(path: str):
    """A graded lab's checks, read and linted (a TopologyError for a broken one, printed by
    main), or None, said on stderr, for a lab that has none."""
    from iosemu.lab.checks import load
    from iosemu.lab.topology import load_topology

    checks = load(load_topology(path))
    if not checks:
        print(f"{path}: the lab has no checks (no validate: section)", file=sys.stderr)
        return None
    return checks


def _validate(topology: str, lint: bool) -> int:
    """netlab's verb and exit codes: 0 every check passes, 1 some fail, 2 the lab or its
    checks are broken."""
    from rich.console import Console

    from iosemu.lab.grading import evaluate, settle
    from iosemu.report import print_report

    checks = _graded(topology)
    if checks is None:
        return 2
    if lint:
        print(f"{topology}: {len(checks)} checks, no faults")
        return 0
    lab = _load(topology)
    settle(lab)
    report = evaluate(lab, checks, topology)
    print_report(report, Console(), lab.topology.title)
    return 0 if report.passed else 1


def _grade(args) -> int:
    """Grade every submission (in parallel on all cores when there are several): exit 0
    only when every one passes every check, 2 when the lab or its checks are broken."""
    from rich.console import Console

    from iosemu.lab.grading import grade_all
    from iosemu.report import json_line, print_report, write_junit

    if _graded(args.topology) is None:  # a broken lab or check stops before any grading
        return 2
    submissions = list(args.submission)
    if args.submissions:
        folder = Path(args.submissions)
        if not folder.is_dir():
            print(f"{folder}: not a folder of submissions", file=sys.stderr)
            return 2
        submissions += sorted(str(p) for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    if not submissions:
        print("iosemu grade: give --submission DIR or --submissions FOLDER", file=sys.stderr)
        return 2
    console = Console()
    if args.junit and not Path(args.junit).parent.is_dir():
        print(f"{args.junit}: cannot write JUnit XML there (no such folder)", file=sys.stderr)
        return 2
    progress = sys.stdout.isatty() and not args.json
    try:
        reports = grade_all(args.topology, submissions, progress, args.scheduler)
    except (OSError, ValueError) as error:  # the cluster's address is wrong, or it does not answer
        print(f"iosemu grade: the Dask scheduler {args.scheduler}: {error}", file=sys.stderr)
        return 2
    for report in reports:
        if args.json:
            print(json_line(report))
        else:
            print_report(report, console)
    if args.junit:
        try:
            write_junit(reports, Path(args.junit))
        except OSError as error:
            print(f"{args.junit}: cannot write JUnit XML ({error.strerror or error})", file=sys.stderr)
            return 2
    return 0 if all(r.passed for r in reports) else 1


def _load(topology: str | None) -> Lab:
    from iosemu.lab.lab import Lab

    lab = Lab.load(topology)
    for warning in lab.warnings:  # refused startup-config lines: the rest of the file loaded
        print(warning, file=sys.stderr)
    return lab


def _run(topology: str | None, script: str, captures: Sequence[str] = ()) -> int:
    if script == "-":  # a program's own text stream in sys.stdin is typed as it is
        return _type_into(topology, getattr(sys.stdin, "buffer", sys.stdin), "<stdin>", captures)
    try:
        stream = open_stream(script)
    except FileFault as fault:
        raise ScriptError(f"{script}: cannot read the script: {fault}") from None
    with stream:
        return _type_into(topology, stream, script, captures)


def _type_into(topology: str | None, stream, source: str, captures: Sequence[str] = ()) -> int:
    lab = _load(topology)
    out = sys.stderr if any(spec.endswith("=-") for spec in captures) else sys.stdout  # pcapng has stdout
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure:  # a typed byte that is not UTF-8 is echoed as the byte it is
        reconfigure(errors="surrogateescape")
    _start_captures(lab, captures)
    try:
        Transcript(Switchboard(lab), out).run(_typed(stream), source)
    finally:
        lab.stop_captures()
    out.flush()
    failed = [capture for capture in lab.captures if capture.error]
    for capture in failed:  # the reader went away, the disk filled: the run went on without it
        stopped = f"{capture.point} to {capture.name} stopped after {capture.frames} frames"
        print(f"Capture of {stopped}: {capture.error}", file=sys.stderr)
    return 1 if failed else 0


def _start_captures(lab: Lab, specs: Sequence[str]) -> None:
    """`--capture END=FILE`, `END=-` (stdout, once) and `all=DIR`, each started or a ScriptError."""
    if sum(spec.endswith("=-") for spec in specs) > 1:
        raise ScriptError("--capture: only one capture can go to stdout (=-)")
    for spec in specs:
        point, _, target = spec.partition("=")
        if not point or not target or spec == "all=-":
            raise ScriptError(f"--capture '{spec}': must be END=FILE (R1:s0/0/0=r1.pcapng), END=- or all=DIR")
        try:
            if point == "all":
                lab.capture_all(target)
            else:
                lab.capture(point, sys.stdout.buffer if target == "-" else target)
        except (ValueError, OSError) as error:
            lab.stop_captures()
            raise ScriptError(f"--capture '{spec}': {error}") from None


LINE_LIMIT = 4096  # bytes on one typed line; the rest of a longer line is dropped


def _typed(stream) -> Iterator[str]:
    """The lines of a script as a console receives them: read as bytes, a byte that is not UTF-8
    kept as a surrogate, each line cut at LINE_LIMIT bytes so that no input can fill the memory."""
    while line := stream.readline(LINE_LIMIT):
        rest = line
        while rest and rest[-1:] not in (b"\n", "\n"):  # skip what the line buffer cannot hold
            rest = stream.readline(LINE_LIMIT)
        yield line.decode("utf-8", "surrogateescape") if isinstance(line, bytes) else line


def _shell(topology: str | None, speed: float, instructions: bool = False) -> int:
    board = Switchboard(_load(topology))
    from iosemu.console.shell import Shell

    if instructions:
        print_instructions(board.lab.topology)
    try:
        Shell(board, speed=speed).run()
    finally:
        board.lab.stop_captures()  # each file an `@capture` began is complete once the shell ends
    return 0


def _serve(args) -> int:
    from iosemu.console.serve import ServeError, Server, table

    lab = _load(args.topology)
    try:
        given = {
            "port": args.port,
            "bind": args.bind,
            "ssh_port": args.ssh_port,
            "vty_telnet": args.vty_telnet,
        }
        server = Server(
            lab, speed=args.speed, **{key: value for key, value in given.items() if value is not None}
        )
    except ServeError as error:
        print(f"iosemu serve: {error}", file=sys.stderr)
        return 1
    table(server)
    sys.stdout.flush()
    server.serve()
    return 0


def print_instructions(topology, out: TextIO | None = None) -> None:
    """A graded lab's title and instructions (Markdown), rendered."""
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(file=out or sys.stdout)
    if topology.title:
        console.rule(topology.title)
    if topology.instructions:
        console.print(Markdown(topology.instructions))
    console.print("Type @check to run the lab's checks.\n")


def _log_to_file() -> None:
    """Internal errors are logged with their traceback to ~/.iosemu/iosemu.log, never shown."""
    logger = logging.getLogger("iosemu")
    if not logger.handlers:
        handler = _LazyFileHandler(_LOG.expanduser(), delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


class _LazyFileHandler(logging.FileHandler):
    """Creates its folder on the first record; a log that cannot be written stays silent."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        pass


if __name__ == "__main__":
    sys.exit(main())
