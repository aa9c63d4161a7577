"""A far router's password over telnet is not echoed by the near console, as IOS's telnet
server echoes nothing at its Password: (it says WILL ECHO there): not in `iosemu run`'s
transcript (a served console's line: test_line_editing.py)."""

from __future__ import annotations

import io

from cli.telnet.telnetkit import build_chain

from iosemu.console.switchboard import Switchboard, Transcript


def test_the_transcript_shows_nothing_at_a_far_password(make_lab):
    chain = build_chain(make_lab)
    out = io.StringIO()
    Transcript(Switchboard(chain, "R1"), out).run(["telnet 10.1.23.3", "cisco", "show clock"], "script")
    shown = out.getvalue()
    assert "cisco" not in shown
    assert "\nUser Access Verification\n\nPassword: \nR3>show clock\n" in shown
