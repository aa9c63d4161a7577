"""Graded labs: run a lab's checks (lab/checks.py) on a running lab, and grade a student's
submission (the routers' saved configs) by booting the lab from it.

`settle(lab)` runs the virtual clock until no interface or route changes any more (with a
cap); `evaluate(lab, checks)` runs each check in order on its nodes and gives a `Report`;
`grade(lab_path, submission)` is the whole of grading one submission: a pure function of
its files (deterministic, picklable arguments and result), so many can run in parallel.
A submission is untrusted text: each `NAME.cfg` is read bounded by the router's NVRAM, never
through a symbolic link, and only ever typed through the CLI grammar.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from pathlib import Path

import re2

from iosemu.cli.host_shell import HostSession
from iosemu.cli.ifnames import normalise
from iosemu.cli.session import Session
from iosemu.errors import log_internal_error
from iosemu.files import FileFault, read_text
from iosemu.lab import checks as checks_module
from iosemu.lab.checks import Check
from iosemu.lab.lab import Lab
from iosemu.lab.platforms import PLATFORMS
from iosemu.lab.topology import Topology, load_topology
from iosemu.show.dhcp import binding_rows
from iosemu.show.frame_relay import lines_of
from iosemu.show.interfaces import brief_rows
from iosemu.show.l2tpv3 import xconnects
from iosemu.show.ppp import session_on

SETTLE_STEP = 5.0  # virtual seconds between two looks at the state
SETTLE_CAP = 300.0  # at most this long (a protocol that flaps never settles)
SETTLE_QUIET = 2  # looks in a row with nothing changed


@dataclass(frozen=True)
class Result:
    name: str
    passed: bool
    points: int  # earned
    max_points: int
    message: str
    hint: str = ""


@dataclass
class Report:
    submission: str
    results: list[Result] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)  # why a file of the submission was not used

    @property
    def score(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def max_score(self) -> int:
        return sum(r.max_points for r in self.results)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def as_dict(self) -> dict:
        """What `iosemu grade --json` prints for the submission."""
        return {
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "faults": list(self.faults),
            "checks": [
                {"name": r.name, "passed": r.passed, "points": r.points, "message": r.message}
                for r in self.results
            ],
        }


# -- the state ------------------------------------------------------------------------------
def _fingerprint(lab: Lab) -> tuple:
    state = []
    for name, node in lab.nodes.items():
        if node.kind == "router":
            state.append((name, tuple(brief_rows(node)), tuple(node.ip.rib.routes)))
        elif node.kind == "host":
            state.append((name, node.address, node.gateway))
    return tuple(state)


def settle(lab: Lab, cap: float = SETTLE_CAP) -> None:
    """Advance until the interfaces, routes and PC addresses stop changing (or `cap`)."""
    deadline, quiet, last = lab.now + cap, 0, _fingerprint(lab)
    while quiet < SETTLE_QUIET and lab.now < deadline:
        lab.advance(SETTLE_STEP)
        now = _fingerprint(lab)
        quiet = quiet + 1 if now == last else 0
        last = now


# -- each kind of check ------------------------------------------------------------------------
def _config(device, spec) -> tuple[bool, str]:
    lines = device.router.running_config_lines()
    section = spec.get("section")
    if section is not None:
        start = next((i for i, line in enumerate(lines) if _same_line(section, line)), None)
        if start is None:
            return False, f"no section '{section}'"
        body = []
        for line in lines[start + 1 :]:
            if not line.startswith(" "):
                break
            body.append(line.strip())
    else:
        body = [line for line in lines if not line.startswith(" ")]
    found = any(_same_line(spec["line"], line) for line in body)
    where = f" in '{section}'" if section else ""
    return found != spec.get(
        "absent", False
    ), f"'{spec['line']}' is{'' if found else ' not'} configured{where}"


def _same_line(check: str, line: str) -> bool:
    """A check's line against a configuration or a typed line, as IOS reads abbreviations:
    a keyword may be cut short on either side (`encap` for `encapsulation`), an interface
    named in any spelling IOS takes (`s0/0/0`); numbers, addresses and names are exact."""
    want, have = check.split(), line.strip().split()
    if len(want) != len(have):
        return False
    return all(_same_word(a, b) for a, b in zip(want, have, strict=True))


def _same_word(a: str, b: str) -> bool:
    low_a, low_b = a.lower(), b.lower()
    if low_a == low_b or normalise(a, [b]) == b or normalise(b, [a]) == a:
        return True
    keywords = a.replace("-", "").isalpha() and b.replace("-", "").isalpha()
    return keywords and (low_a.startswith(low_b) or low_b.startswith(low_a))


def _ifname(router, text: str) -> str:
    """An interface a check names, in the router's spelling (as typed if it has none such)."""
    return normalise(text, list(router.config.interfaces)) or text


def _compare(seen: dict, spec: dict, skip: tuple[str, ...]) -> list[str]:
    """What a record shows against what the check asks: one phrase per field that differs."""
    return [f"{k} is {seen[k]}, not {v}" for k, v in spec.items() if k not in skip and str(v) != str(seen[k])]


def _verdict(what: str, wrong: list[str], fine: str) -> tuple[bool, str]:
    """A check's outcome: passed without a difference; what it is about, then the differences
    or, with none, what it found."""
    return not wrong, f"{what}: " + ("; ".join(wrong) if wrong else fine)


def _interface(device, spec) -> tuple[bool, str]:
    name = _ifname(device.router, spec["name"])
    row = next((r for r in brief_rows(device.router) if r.interface == name), None)
    if row is None:
        return False, f"no interface {name}"
    seen = {"status": row.status, "protocol": row.protocol, "address": row.address}
    return _verdict(name, _compare(seen, spec, ("name",)), f"{row.status}/{row.protocol}")


def _route(device, spec) -> tuple[bool, str]:
    prefix = spec["prefix"]
    route = next((r for r in device.router.ip.rib.routes if r.prefix == prefix), None)
    if spec.get("absent", False):
        return route is None, f"{prefix} is {'in' if route else 'not in'} the routing table"
    if route is None:
        return False, f"no route to {prefix}"
    wrong = []
    if "code" in spec and route.code.strip() != spec["code"]:
        wrong.append(f"its code is {route.code.strip()}, not {spec['code']}")
    hops = {p.next_hop for p in route.paths}
    if "next-hop" in spec and spec["next-hop"] not in hops:
        wrong.append(f"via {', '.join(str(h) for h in hops if h) or 'no next hop'}, not {spec['next-hop']}")
    if "interface" in spec and _ifname(device.router, spec["interface"]) not in {
        p.interface for p in route.paths
    }:
        wrong.append(f"not out of {spec['interface']}")
    return _verdict(str(prefix), wrong, f"{route.code.strip()} route")


def _ppp(device, spec) -> tuple[bool, str]:
    router = device.router
    name = _ifname(router, spec["interface"])
    session = session_on(router, name)
    if session is None:
        port = router.ports.get(name)
        encapsulation = getattr(port.encapsulation, "shown", None) if port is not None else None
        if encapsulation not in (None, "PPP"):  # the usual slip: the line still runs HDLC
            return False, f"{name} runs {encapsulation}, not PPP"
        return False, f"{name} has no PPP session"
    states = {p.name: p.state for p in session.protocols}
    seen = {
        "phase": session.phase,
        "lcp": states.get("LCP"),
        "ipcp": states.get("IPCP"),
        "peer": session.peer_name,
    }
    return _verdict(name, _compare(seen, spec, ("interface",)), " ".join(session.states()))


def _pvc(device, spec) -> tuple[bool, str]:
    router = device.router
    for _, engine in lines_of(router):
        pvc = engine.pvcs.get(spec["dlci"])
        if pvc is None:
            continue
        wanted = spec.get("interface")
        if wanted is not None and _ifname(router, wanted) != pvc.interface:
            return False, f"DLCI {pvc.dlci} is on {pvc.interface}, not {wanted}"
        wrong = _compare({"status": pvc.status}, spec, ("dlci", "interface"))
        return _verdict(f"DLCI {pvc.dlci}", wrong, pvc.status)
    return False, f"no PVC with DLCI {spec['dlci']}"


def _dhcp_binding(device, spec) -> tuple[bool, str]:
    row = binding_rows(device.router).get(spec["address"])
    kind = row[2] if row is not None else None
    if spec.get("absent", False):
        return kind is None, f"{spec['address']} is {'' if kind else 'not '}bound"
    if kind is None:
        return False, f"{spec['address']} is not bound"
    wrong = _compare({"type": kind}, spec, ("address", "absent"))
    return _verdict(str(spec["address"]), wrong, f"{kind} binding")


def _pc(device, spec) -> tuple[bool, str]:
    host = device.node
    dns = host.lease.dns[0] if host.lease is not None and host.lease.dns else None
    seen = {"address": host.address, "gateway": host.gateway, "dns": dns}
    wrong = _compare(seen, spec, ())
    return not wrong, "; ".join(wrong) if wrong else f"{host.address}, gateway {host.gateway}"


def _cdp(device, spec) -> tuple[bool, str]:
    router = device.router
    wanted = spec.get("interface")
    wanted = None if wanted is None else _ifname(router, wanted)
    found = [
        n
        for n in router.services["cdp"].agent.neighbours.values()
        if n.packet.device_id.split(".")[0] == spec["neighbor"] and wanted in (None, n.interface)
    ]
    if spec.get("absent", False):
        return not found, f"{spec['neighbor']} is {'' if found else 'not '}a CDP neighbour"
    if not found:
        heard = ", ".join(
            sorted({n.packet.device_id for n in router.services["cdp"].agent.neighbours.values()})
        )
        return False, f"{spec['neighbor']} is not a CDP neighbour" + (f" (heard: {heard})" if heard else "")
    port = spec.get("port")
    if port is not None and all(n.packet.port_id != port for n in found):
        return False, f"{spec['neighbor']} is heard from {found[0].packet.port_id}, not {port}"
    return True, f"{spec['neighbor']} on {found[0].interface}"


def _command(device, line: str) -> str:
    """What `line` prints in privileged EXEC on a line of its own (never the student's
    console: its mode, history and dialogs stay as they are)."""
    if device.kind != "router":
        return HostSession(device.node).execute(line)
    session = Session(device.router, "vty 15", listen=False)
    session.set_mode("priv_exec")
    return session.execute(line)


def _xconnect(device, spec) -> tuple[bool, str]:
    name = _ifname(device.router, spec["interface"])
    record = next((r for r in xconnects(device.router) if r.interface == name), None)
    if record is None:
        return False, f"{name} has no xconnect"
    seen = {"state": record.state, "peer": record.peer, "vcid": record.vcid}
    return _verdict(name, _compare(seen, spec, ("interface",)), f"xconnect {record.state}")


def _ping(device, spec) -> tuple[bool, str]:
    shown = _command(device, f"ping {spec['address']}")
    if device.kind == "router":
        answered = "Success rate is 0 percent" not in shown and "Success rate is" in shown
    else:  # Windows counts an unreachable as received: an echo reply is `bytes=`
        answered = f"Reply from {spec['address']}: bytes=" in shown
    wanted = spec.get("success", True)
    verb = "answers" if answered else "does not answer"
    return answered == wanted, f"{spec['address']} {verb} {device.name}'s ping"


def _tracert(device, spec) -> tuple[bool, str]:
    """The hops a PC's `tracert` prints (the address at the end of each hop's line)."""
    hops, shown = [], []
    for line in _command(device, f"tracert {spec['address']}").splitlines():
        words = line.split()
        if words and words[0].isdigit():
            try:
                hops.append(IPv4Address(words[-1]))
                shown.append(words[-1])
            except ValueError:
                hops.append(None)  # a hop that did not answer, or reported unreachable
                reported = "reports:" in words  # `  2     *     ADDRESS  reports: Destination ...`
                shown.append(f"{words[words.index('reports:') - 1]} (unreachable)" if reported else "*")
    wanted = list(spec["path"])
    return hops == wanted, f"tracert {spec['address']} goes {' '.join(shown)}"


def _show(device, spec) -> tuple[bool, str]:
    shown = _command(device, spec["command"])
    found = re2.search(spec["match"], shown) is not None
    return found != spec.get(
        "absent", False
    ), f"'{spec['command']}' {'shows' if found else 'does not show'} {spec['match']}"


def _history(device, spec) -> tuple[bool, str]:
    ran = any(
        _same_line(spec["command"], line) for lines in device.console.histories.values() for line in lines
    )
    return ran, f"'{spec['command']}' was {'' if ran else 'not '}typed on {device.name}"


EVALUATE = {
    "config": _config,
    "interface": _interface,
    "route": _route,
    "ppp": _ppp,
    "pvc": _pvc,
    "xconnect": _xconnect,
    "dhcp-binding": _dhcp_binding,
    "pc": _pc,
    "cdp": _cdp,
    "ping": _ping,
    "tracert": _tracert,
    "show": _show,
    "history": _history,
}


def _run(lab: Lab, check: Check) -> tuple[bool, str]:
    messages = []
    for node in check.nodes:
        passed, message = EVALUATE[check.kind](lab[node], check.spec)
        if not passed:
            return False, f"{node}: {message}"
        messages.append(f"{node}: {message}")
    return True, "; ".join(messages)


def evaluate(lab: Lab, checks: list[Check], submission: str = "") -> Report:
    """Run the checks in order on the lab as it stands (each after its own wait)."""
    report = Report(submission)
    for check in checks:
        if check.wait:
            lab.advance(check.wait)
        passed, detail = _run(lab, check)
        waited = 0.0
        while not passed and waited < check.wait_until:
            lab.advance(1.0)
            waited += 1.0
            passed, detail = _run(lab, check)
        if passed:
            message = check.passed_text or check.description or detail
        else:
            message = f"{check.failed_text or check.description or check.name} ({detail})"
        report.results.append(
            Result(check.name, passed, check.points if passed else 0, check.points, message, check.hint)
        )
    return report


# -- grading a submission ---------------------------------------------------------------------
def submitted(topology: Topology, folder: Path, report: Report) -> Topology:
    """The lab with each router's startup-config taken from the submission's `NAME.cfg`
    (bounded by its NVRAM; a file that cannot be used is a fault, and the router starts
    with an empty configuration, as one that lost its NVRAM)."""
    nodes = {}
    if not folder.is_dir() or folder.is_symlink():
        report.faults.append(f"{folder}: not a folder of saved configurations")
    for name, node in topology.nodes.items():
        if node.kind != "router":
            nodes[name] = node
            continue
        path = folder / f"{name}.cfg"
        text = None
        if path.is_symlink():
            report.faults.append(f"{name}.cfg: a symbolic link (not read)")
        elif path.exists():
            try:
                text = read_text(path, PLATFORMS[node.type].nvram_bytes)
            except FileFault as fault:
                report.faults.append(f"{name}.cfg: {fault}")
        elif folder.is_dir():
            report.faults.append(f"{name}.cfg: missing")
        nodes[name] = dataclasses.replace(node, startup_text=text)
    return dataclasses.replace(topology, nodes=nodes)


def grade(lab_path: Path | str, submission: Path | str) -> Report:
    """Boot the lab from a submission's saved configs, let it settle, run every check."""
    topology = load_topology(lab_path)
    checks = checks_module.load(topology)
    folder = Path(submission)
    report = Report(str(submission))
    topology = submitted(topology, folder, report)
    with tempfile.TemporaryDirectory(prefix="iosemu-grade-") as nvram:
        lab = Lab(topology, nvram=Path(nvram))
        settle(lab)
        graded = evaluate(lab, checks, str(submission))
    graded.faults = report.faults
    return graded


def grade_safely(lab_path: Path | str, submission: str) -> Report:
    """`grade`, but a bug in iosemu on one submission fails that submission alone (logged),
    never the others or the grader."""
    try:
        return grade(lab_path, submission)
    except Exception:  # a bug: logged with its traceback, the submission graded as failing
        log_internal_error(logging.getLogger("iosemu"), "grading", submission)
        topology = load_topology(lab_path)
        report = Report(str(submission), faults=["internal error while grading (see the log)"])
        for check in checks_module.load(topology):
            report.results.append(Result(check.name, False, 0, check.points, "not graded: internal error"))
        return report


def grade_all(
    lab_path: Path | str, submissions: list[str], progress: bool = False, scheduler: str | None = None
) -> list[Report]:
    """Grade each submission, in their order: on a Dask distributed cluster if `scheduler`
    is its address (the `distributed` extra; the workers must see the files), else in
    parallel on all cores when there are several, with a progress bar if asked."""
    count = len(submissions)
    if scheduler is not None:
        from distributed import Client

        with Client(scheduler, timeout="10s") as client:
            return client.gather(client.map(grade_safely, [lab_path] * count, submissions))
    workers = min(count, os.cpu_count() or 1)
    if workers <= 1:
        return [grade_safely(lab_path, s) for s in submissions]
    from rich.progress import Progress

    with ProcessPoolExecutor(workers) as pool, Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("grading", total=count)
        reports = []
        for report in pool.map(grade_safely, [lab_path] * count, submissions, chunksize=8):
            reports.append(report)
            bar.advance(task)
    return reports
