"""An internal error through the API: `% Internal error` on the console, one brief record on the
`iosemu` logger, and nothing on stderr unless the program configured logging."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import iosemu.cli.session
from iosemu.errors import FRAMES

ROOT = Path(__file__).resolve().parents[1]


def _recurse(*args):  # two functions in turn: Python's traceback cannot fold the repeats
    return _again(*args)


def _again(*args):
    return _recurse(*args)


def test_an_internal_error_prints_nothing_when_logging_is_not_configured(tmp_path):
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, "tests")
        from lab_helpers import fresh_lab
        import iosemu.cli.session

        def recurse(*args):
            return again(*args)

        def again(*args):
            return recurse(*args)

        iosemu.cli.session.apply_filter = recurse
        r1 = fresh_lab({str(tmp_path)!r})["R1"]
        print(r1.cli("show clock | include UTC"), end="")
        print(r1.cli("show clock"), end="")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "% Internal error\n*00:00:00.000 UTC Fri Mar 1 2002\n"


def test_an_internal_error_is_logged_once_with_a_short_traceback(lab, caplog, monkeypatch):
    monkeypatch.setattr(iosemu.cli.session, "apply_filter", _recurse)
    with caplog.at_level(logging.ERROR, logger="iosemu"):
        assert lab["R1"].cli("show clock | include " + "x" * 5000) == "% Internal error\n"
    (record,) = caplog.records
    assert record.name.startswith("iosemu.") and record.levelno == logging.ERROR
    text = caplog.text
    assert "internal error on 'show clock | include xxx" in text and "RecursionError" in text
    assert len(text.splitlines()) < 4 * FRAMES + 10  # not the thousand frames of the recursion
    assert len(text) < 4000
