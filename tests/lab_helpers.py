"""The factory-fresh lab most tests start from."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

BLANK_WAN = Path(__file__).parent / "labs" / "blank-wan.lab.yml"


def fresh_lab(folder: Path):
    """Two factory-fresh routers on a serial cable, loaded from a private copy of the lab
    file so that `write memory` saves its NVRAM files in `folder`."""
    import shutil

    from iosemu.lab.lab import Lab

    copy = Path(folder) / BLANK_WAN.name
    shutil.copyfile(BLANK_WAN, copy)
    return Lab.load(copy)


def solved_lab(path: Path):
    """A lab booted from its reference solution (`solution/` beside the lab file, as `iosemu
    grade` boots a submission) where it has one: a graded lab starts unsolved."""
    from iosemu.lab.grading import Report, submitted
    from iosemu.lab.lab import Lab
    from iosemu.lab.topology import load_topology

    topology = load_topology(path)
    solution = Path(path).parent / "solution"
    if solution.is_dir():
        report = Report(str(solution))
        topology = submitted(topology, solution, report)
        assert not report.faults, report.faults
    return Lab(topology)


@contextmanager
def deadline(seconds: float = 5):
    """A call that would hang (reading a FIFO) fails the test instead of stopping the suite."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Two routers on a serial cable, a switch and a PC behind R1 (lines numbered for faults).
LAN = """\
name: lan
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {}
    R2: {}
    SW1: {kind: switch}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
  links:
    - endpoints: ["R1:Serial0/0/0", "R2:Serial0/0/0"]
      dce: R1
    - endpoints: ["R1:gi0/0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
"""

ONE_ROUTER = """\
name: one
topology:
  nodes:
    R1: {kind: router, type: TYPE}
"""


def one_router(folder: Path, hardware: str = "c2911"):
    """A lab of one factory-fresh router of the given model; its console in privileged EXEC."""
    from iosemu.lab.lab import Lab

    path = Path(folder) / "one.lab.yml"
    path.write_text(ONE_ROUTER.replace("TYPE", hardware))
    router = Lab.load(path)["R1"]
    router.cli("")
    router.cli("enable")
    return router


def reload_saved(device) -> None:
    """`copy running-config startup-config`, `reload`, and back in privileged EXEC, as a user
    does it at the console."""
    for line in ("copy running-config startup-config", "", "reload", ""):
        device.cli(line)
    assert device.console.prompt() == "", "the reload did not happen"  # waiting for RETURN
    device.cli("")
    device.cli("enable")


def config_body(router) -> list[str]:
    """The running-config from the first `!` after `Current configuration`, minus the lines
    that say when it changed."""
    lines = router.running_config_lines()
    text = "\n".join(lines)
    body = (
        text[text.index("Current configuration") :].split("\n")[1:]
        if "Current configuration" in text
        else lines
    )
    stamps = ("! Last configuration change", "! NVRAM config")
    if any(line.startswith(stamps) for line in body):  # the stamps come with a `!` of their own
        body = [line for line in body if not line.startswith(stamps)]
        body.pop(1)
    return body
