"""Shared test setup: the package on sys.path, an isolated HOME, the transcript update flag,
and `make_lab` (a lab written on the fly)."""

from __future__ import annotations

import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout even when the package is not installed
    sys.path.insert(0, str(ROOT))

try:  # keep hypothesis' example database and patches out of the working tree
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "iosemu-hypothesis")
except ImportError:
    pass


def pytest_addoption(parser):
    parser.addoption(
        "--update-transcripts",
        action="store_true",
        default=False,
        help="rewrite expected output in tests/transcripts/ from the engine (review the diff!)",
    )


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """A lab may keep NVRAM under ~/.iosemu: never let a test touch the real one."""
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))


from lab_helpers import fresh_lab  # noqa: E402


@pytest.fixture
def lab(tmp_path):
    return fresh_lab(tmp_path)


@pytest.fixture
def make_lab(tmp_path):
    """make_lab(yaml, **configs): write the lab and its startup-configs, load it."""

    def build(topology: str, **configs: str):
        for name, text in configs.items():
            (tmp_path / f"{name}.cfg").write_text(textwrap.dedent(text).lstrip())
        path = tmp_path / "lab.lab.yml"
        path.write_text(textwrap.dedent(topology).lstrip())
        from iosemu.lab.lab import Lab

        return Lab.load(path)

    return build
