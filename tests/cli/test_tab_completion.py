"""Tab: a unique prefix is completed with a space after it; an ambiguous or unknown one is left alone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "setup,text,completed",
    [
        ([], "en", "enable "),
        (["enable"], "conf", "configure "),
        (["enable"], "configure t", "configure terminal "),
        (["enable"], "sh", "show "),
        (["enable"], "show run", "show running-config "),
        (["enable"], "show ip int", "show ip interface "),
        (["enable"], "sh ip int br", "sh ip int brief "),
        (["enable", "conf t"], "host", "hostname "),
        (["enable", "conf t"], "int", "interface "),
        (["enable", "conf t", "int s0/0/0"], "desc", "description "),
        (["enable", "conf t", "int s0/0/0"], "no shut", "no shutdown "),
        (["enable", "conf t", "line con 0"], "logg", "logging "),
    ],
)
def test_unique_prefix_completes(lab, setup, text, completed):
    console = lab["R1"].console
    for line in setup:
        console.execute(line)
    assert console.complete(text) == completed


@pytest.mark.parametrize(
    "setup,text",
    [
        (["enable"], "c"),  # configure, copy, clock ...
        (["enable"], "show r"),  # running-config and others on real IOS
        (["enable"], "xyzzy"),
        (["enable"], "show "),  # nothing to complete after a space
        (["enable"], ""),
    ],
)
def test_ambiguous_or_unknown_is_left_alone(lab, setup, text):
    console = lab["R1"].console
    for line in setup:
        console.execute(line)
    assert console.complete(text) is None
