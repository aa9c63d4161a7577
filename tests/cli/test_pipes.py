"""Output filters after `|`: IOS regular expressions, answered in bounded time whatever the pattern."""

from __future__ import annotations

import warnings

import pytest


@pytest.fixture
def r1(lab):
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", "interface GigabitEthernet0/0"):
        r1.cli(line)
    r1.cli("description " + "a" * 60 + "!")
    r1.cli("end")
    return r1


def test_deeply_nested_parentheses_are_an_invalid_regexp(r1):
    assert r1.cli("show running-config | include " + "(" * 600) == "% Invalid regular expression\n"
    assert r1.cli("show running-config | include " + "(" * 600 + "a!" + ")" * 600) == (
        " description " + "a" * 60 + "!\n"
    )


def test_a_pattern_that_backtracks_exponentially_answers_at_once(r1):
    # 2**60 steps for a backtracking engine: the answer comes only from a linear one.
    assert r1.cli("show running-config | include (a+)+$") == ""
    assert r1.cli("show running-config | count (a+)+!$") == "Number of lines which match regexp = 1\n"


def test_posix_classes_match_without_a_warning(r1):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert r1.cli("show running-config | include ^[[:alpha:]]ostname") == "hostname Router\n"
        assert r1.cli("show running-config | include ^[^[:space:]]ostname") == "hostname Router\n"


@pytest.mark.parametrize(
    "pattern, lines",
    [
        ("_Router$", ["hostname Router"]),  # Cisco's `_`: start, end, space, comma, brace, parenthesis
        (r"^ip\.", []),  # `\` quotes the next character
        (r"^ip.cef$", ["ip cef"]),
        ("^[i][p] cef", ["ip cef"]),
        (r"^version [^\]]5", ["version 15.2"]),  # IOS quotes inside brackets too
        ("^(ip|no ipv6) cef$", ["ip cef", "no ipv6 cef"]),
    ],
)
def test_ios_regexp_syntax(r1, pattern, lines):
    assert r1.cli(f"show running-config | include {pattern}").splitlines() == lines


@pytest.mark.parametrize(
    "pattern",
    ["(", "[abc", "a**", "*a", "(?i)host", "trailing\\", r"(a)\1", "[[:nope:]]", ")|(", "a)(b"],
)
def test_invalid_patterns_get_the_ios_message(r1, pattern):
    for verb in ("include", "exclude", "begin", "section"):  # entered whole: a typed `?` would be help
        assert (
            r1.console.execute(f"show running-config | {verb} {pattern}") == "% Invalid regular expression\n"
        )


def test_braces_are_plain_characters(r1):
    # No counted repetition in IOS expressions: a{2} is the three characters.
    assert r1.cli("show running-config | include a{2}") == ""
    assert r1.cli("show running-config | count a{60}") == "Number of lines which match regexp = 0\n"


def test_each_filter_over_empty_and_matching_lines(r1):
    full = r1.cli("show running-config")
    assert r1.cli("show running-config | include ^") == full  # empty lines too, each once
    assert r1.cli("show running-config | exclude ^") == ""
    lines = full.splitlines()
    assert r1.cli("show running-config | count $") == f"Number of lines which match regexp = {len(lines)}\n"
    assert r1.cli("show running-config | begin ^line vty").startswith("line vty 0 4\n")
    section = r1.cli("show running-config | section a!$").splitlines()
    assert section[:2] == ["interface GigabitEthernet0/0", " description " + "a" * 60 + "!"]
    assert r1.cli("show running-config | exclude ^!$").count("\n!\n") == 0


@pytest.mark.parametrize("pattern", ["s[[:^alpha:]]!", "[[:^print:]]!", "[[:word:]]"])
def test_a_class_posix_does_not_have_is_an_invalid_regexp(lab, pattern):
    # Found in review: RE2's negated `[:^alpha:]` matched the newline, joining two lines.
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.cli(f"show running-config | include {pattern}") == "% Invalid regular expression\n"


@pytest.mark.parametrize("verb", ["include", "exclude", "begin", "section", "count"])
def test_a_filter_on_a_command_that_prints_nothing_prints_nothing(lab, verb):
    r1 = lab["R1"]
    r1.cli("enable")
    expected = "Number of lines which match regexp = 0\n" if verb == "count" else ""
    assert r1.cli(f"show access-lists 2699 | {verb} P") == expected
