"""`?` and Tab inside a line given to `cli()` are the keys they are on a terminal; `help()`
and `complete()` answer them for programs."""

from __future__ import annotations

import re


def test_question_mark_at_the_end_prints_help_and_enters_nothing(lab):
    r1 = lab["R1"]
    assert r1.cli("en?") == "enable  \n\n"
    assert r1.cli("sh?") == "show  \n\n"
    listing = r1.cli("show ?")
    assert re.search(r"^  clock +Display the system clock$", listing, re.M)
    assert listing == r1.help("show ")
    assert r1.console.prompt() == "Router>"  # nothing was run


def test_question_mark_in_the_middle_then_the_rest_is_typed_and_entered(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.cli("sh?ow clock") == "show  \n\n*00:00:00.000 UTC Fri Mar 1 2002\n"
    assert r1.cli("conf?igure terminal").startswith("configure  \n\nEnter configuration commands")
    assert r1.console.prompt() == "Router(config)#"


def test_tab_completes_the_word_before_it(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.cli("sh\tclo\t") == "*00:00:00.000 UTC Fri Mar 1 2002\n"
    assert r1.complete("sh") == "show "
    assert r1.complete("c") is None  # configure, copy, clock ...: Tab leaves the line alone
    assert r1.cli("c\tonf\tt") == "Enter configuration commands, one per line.  End with CNTL/Z.\n"


def test_a_password_may_contain_a_question_mark(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("configure terminal")
    r1.console.execute("enable secret wh?t")  # a configuration file's line: no keys in it
    r1.cli("end")
    r1.cli("disable")
    assert r1.cli("enable") == ""  # the Password: dialog
    assert r1.cli("wh?t") == ""
    assert r1.console.prompt() == "Router#"


def test_a_script_line_shows_the_help_then_the_reprinted_line(capsys, tmp_path):
    from lab_helpers import BLANK_WAN

    from iosemu.console.main import main

    script = tmp_path / "script.txt"
    script.write_text("sh?ow clock\nsh\tclo\n")
    assert main(["run", str(BLANK_WAN), "--script", str(script)]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Router>sh?\nshow  \n\nRouter>show clock\n*00:00:00.000 UTC Fri Mar 1 2002\n"
        "Router>show clo\n*00:00:00.000 UTC Fri Mar 1 2002\n"
    )
