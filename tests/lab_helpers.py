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


def reload_saved(device) -> None:
    """`copy running-config startup-config`, `reload`, and back in privileged EXEC, as a user
    does it at the console."""
    for line in ("copy running-config startup-config", "", "reload", ""):
        device.cli(line)
    assert device.console.prompt() == "", "the reload did not happen"  # waiting for RETURN
    device.cli("")
    device.cli("enable")
