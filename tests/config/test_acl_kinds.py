"""The kinds of numbered list `access-list ?` offers (grammars/acl.lark): the IP lists iosemu
models, the others (MAC, type-code, rate-limit, compiled, dynamic-extended) kept as typed, and
anything else refused where IOS puts the caret."""

from __future__ import annotations

import pytest
from lab_helpers import one_router

# `access-list ?` on a 2911 running 15.2 (the listing the brief quotes; the same kinds, help
# texts and order in the 15.x samples `search` finds, which add MPLS or template lists of
# other images)
ACCESS_LIST_HELP = """\
  <1-99>            IP standard access list
  <100-199>         IP extended access list
  <1100-1199>       Extended 48-bit MAC address access list
  <1300-1999>       IP standard access list (expanded range)
  <200-299>         Protocol type-code access list
  <2000-2699>       IP extended access list (expanded range)
  <700-799>         48-bit MAC address access list
  compiled          Enable IP access-list compilation
  dynamic-extended  Extend the dynamic ACL absolute timer
  rate-limit        Simple rate-limit specific access list

"""
KEPT = [
    "access-list 700 permit 0000.0c00.0000 0000.00ff.ffff",
    "access-list 1100 permit 0000.0c00.0000 0000.00ff.ffff any",
    "access-list 200 permit 0x0800 0x0000",
    "access-list rate-limit 10 mask 0E",
    "access-list compiled",
    "access-list dynamic-extended",
]


def configuring(folder):
    router = one_router(folder)
    router.cli("enable")
    router.cli("configure terminal")
    return router


def acl_lines(router) -> list[str]:
    return [
        line for line in router.cli("do show running-config").splitlines() if line.startswith("access-list")
    ]


@pytest.mark.parametrize("negated", ["", "no "])
def test_access_list_help_lists_the_kinds_ios_has(tmp_path, negated):
    router = configuring(tmp_path)
    assert router.cli(f"{negated}access-list ?") == ACCESS_LIST_HELP


@pytest.mark.parametrize(
    "line, bad",
    [
        ("access-list 1x permit any", "x permit any"),  # the caret under the first thing not a digit
        ("access-list \u00b2 permit any", "\u00b2 permit any"),  # a digit to str.isdigit, not to IOS
        ("access-list 0 permit any", "0 permit any"),
        ("access-list 300 permit any", "300 permit any"),  # DECnet: not on this image
        ("access-list 2700 permit any", "2700 permit any"),
        ("access-list ipx permit any", "ipx permit any"),
        ("access-list compiled now", "now"),
        ("no access-list 1x", "x"),
    ],
)
def test_a_list_number_ios_does_not_have_is_refused_at_the_caret(tmp_path, line, bad):
    router = configuring(tmp_path)
    column = len("Router(config)#") + len(line) - len(bad)
    assert router.cli(line) == " " * column + "^\n% Invalid input detected at '^' marker.\n\n"
    assert acl_lines(router) == []


def test_the_kinds_iosemu_does_not_model_are_kept_as_typed_and_no_removes_them(tmp_path):
    router = configuring(tmp_path)
    for line in KEPT:
        assert router.cli(line) == "", line
    assert acl_lines(router) == KEPT
    for line in ("no access-list 700", "no access-list rate-limit 10", "no access-list compiled"):
        assert router.cli(line) == "", line
    assert acl_lines(router) == [KEPT[1], KEPT[2], KEPT[5]]
    assert router.cli("access-list 700") == "% Incomplete command.\n\n"
