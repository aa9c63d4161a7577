"""Typed input is bytes: a byte that is not UTF-8 (a lone surrogate, as `surrogateescape` reads it)
gets IOS's answer at every prompt, never an internal error, and stays that byte (shown as its
Latin-1 character)."""

from __future__ import annotations

import pytest

UNDECODABLE = ["\udcff\udcfe", "\ud800", "ok\udc80"]


def _configure(r1, *lines):
    for line in ("enable", "configure terminal", *lines, "end"):
        assert "%" not in r1.cli(line), line


@pytest.mark.parametrize("typed", UNDECODABLE)
def test_bytes_at_the_enable_password_are_a_wrong_password(lab, typed):
    r1 = lab["R1"]
    _configure(r1, "enable secret cisco", "enable password other")  # the secret wins
    r1.cli("disable")
    r1.cli("enable")
    assert [r1.cli(typed) for _ in range(3)] == ["", "", "% Bad secrets\n\n"]
    assert r1.console.prompt() == "Router>"
    r1.cli("enable")
    assert (r1.cli("cisco"), r1.console.prompt()) == ("", "Router#")


@pytest.mark.parametrize("typed", UNDECODABLE)
def test_bytes_at_username_and_password_are_a_failed_login(lab, typed):
    r1 = lab["R1"]
    _configure(r1, "username bob secret cisco", "line console 0", "login local")
    r1.cli("exit")
    r1.cli("")
    assert r1.console.prompt() == "Username: "
    assert (r1.cli(typed), r1.console.prompt()) == ("", "Password: ")
    assert r1.cli("cisco") == "\n% Login invalid\n\n"
    r1.cli("bob")
    assert r1.cli(typed) == "\n% Login invalid\n\n"
    assert r1.console.prompt() == "Username: "


def test_bytes_in_a_command_are_invalid_input(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    caret = " " * len("Router#show ") + "^\n"  # under the byte, as under any character no command takes
    assert r1.cli("show \udcffrunning-config") == caret + "% Invalid input detected at '^' marker.\n\n"
    assert r1.cli("show running-config | include \udcff") == ""


def test_bytes_in_a_dialog_answer_come_back_printable(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("copy running-config startup-config")
    assert r1.cli("nv\udcffram") == "%Error opening nvram:/nv\xffram (Permission denied)\n"


def test_two_different_bytes_are_two_different_passwords(lab):
    # Found in review: every undecodable byte once arrived as U+FFFD, so \xff opened \xfe.
    r1 = lab["R1"]
    _configure(r1, "enable secret \udcfe")
    r1.cli("disable")
    r1.cli("enable")
    assert [r1.cli("\udcff") for _ in range(3)] == ["", "", "% Bad secrets\n\n"]
    r1.cli("enable")
    assert (r1.cli("\udcfe"), r1.console.prompt()) == ("", "Router#")
