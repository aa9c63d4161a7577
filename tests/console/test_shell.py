"""The interactive shell, driven through prompt_toolkit's pipe input as keys a user presses."""

from __future__ import annotations

import asyncio
import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from iosemu.console.shell import ERASE_MORE, MORE, Shell, page
from iosemu.console.switchboard import Switchboard

CTRL_C, CTRL_D, CTRL_Z = "\x03", "\x04", "\x1a"
ESCAPE = "\x1e"  # Ctrl-^, what Ctrl-Shift-6 types


@pytest.fixture
def board(lab):
    return Switchboard(lab)


def press(board: Switchboard, keys: str, speed: float = 0) -> str:
    """Type `keys` into a shell on the board; returns what the shell printed."""
    out = io.StringIO()
    with create_pipe_input() as pipe:
        shell = Shell(board, speed=speed, input=pipe, output=DummyOutput(), out=out)
        pipe.send_text(keys)
        asyncio.run(asyncio.wait_for(shell.run_async(), timeout=10))
    return out.getvalue()


def test_enable_show_clock_and_help_on_the_keypress(board):
    # `?` answers at once and keeps "show " on the line; "clock" then completes the command
    # (the list is longer than a screen: no pausing).
    out = press(board, "enable\rterminal length 0\rshow clock\rshow ?clock\r" + CTRL_D)
    assert out.count("*00:00:00.000 UTC Fri Mar 1 2002\n") == 2
    assert "  clock " in out and "Display the system clock" in out
    assert board.session.mode == "priv_exec"
    assert board.session.histories[False][-1] == "show clock"


def test_tab_completes_and_ctrl_z_ends_configuration(board):
    out = press(board, "en\t\rconf\tt\rhostname R9" + CTRL_Z + CTRL_D)
    assert "Enter configuration commands" in out
    assert board.session.mode == "priv_exec"
    assert board.session.prompt() == "R9#"  # the line typed before ^Z ran first
    assert "%SYS-5-CONFIG_I: Configured from console by console" in out


def test_switching_consoles_and_quit(board):
    out = press(board, "@R9\r@R2\renable\r@\r@quit\r")
    assert "% no device named 'R9' (devices: R1, R2)\n" in out
    assert "[Connected to R2]" in out
    assert board.current == "R2"
    assert board.session.mode == "priv_exec"
    assert board.lab["R1"].console.mode == "user_exec"


def test_a_wait_the_clock_cannot_take_gets_one_line_and_the_shell_goes_on(board):
    out = press(board, "@wait inf\r@wait nan\rshow clock\r" + CTRL_D)
    assert "% @wait: the clock advances at most 31536000 seconds (a year) at a time\n" in out
    assert "% @wait: NaN is not a number of seconds\n" in out
    assert "*00:00:00.000 UTC Fri Mar 1 2002\n" in out


def test_the_escape_sequence_aborts_ping_and_traceroute(board):
    # Ctrl-^ x (the x belongs to the sequence), then Ctrl-^ alone; the keys after it wait.
    ping, trace = "ping 10.9.9.9 repeat 1000\r", "traceroute 10.9.9.9\r"
    out = press(board, "enable\r" + ping + ESCAPE + "x" + trace + ESCAPE + "show clock\r" + CTRL_D)
    sent = "Sending 1000, 100-byte ICMP Echos to 10.9.9.9, timeout is 2 seconds:\n"
    assert sent + ".\nSuccess rate is 0 percent (0/1)\n" in out
    assert "Tracing the route to 10.9.9.9\nVRF info: (vrf in name/id, vrf out name/id)\n  1  * \n" in out
    assert "*00:00:05.000 UTC Fri Mar 1 2002\n" in out  # one echo (2 s) and one probe (3 s) went
    assert "Invalid input" not in out and "Translating" not in out  # no stray x reached a prompt


class FakeTime:
    """The shell's wall clock, moved only by the shell's own sleeps."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_ping_shows_each_mark_when_the_clock_at_the_shell_speed_reaches_it(board, monkeypatch):
    import iosemu.console.shell as repl

    fake, shown = FakeTime(), []
    monkeypatch.setattr(repl, "time", fake)
    write = repl.Shell.write
    monkeypatch.setattr(
        repl.Shell, "write", lambda shell, text: (shown.append((fake.now, text)), write(shell, text))
    )
    press(board, "enable\rping 10.9.9.9 repeat 3\r" + CTRL_D, speed=10)
    texts = [text for _, text in shown]
    start = texts.index(
        "Type escape sequence to abort.\nSending 3, 100-byte ICMP Echos to 10.9.9.9, timeout is 2 seconds:\n"
    )
    assert texts[start + 1 : start + 5] == [".", ".", ".", "\nSuccess rate is 0 percent (0/3)\n"]
    at = [round(when - shown[start][0], 3) for when, _ in shown[start + 1 : start + 4]]
    assert at == [0.2, 0.4, 0.6]  # each after its 2 s timeout, ten times faster


def test_ctrl_c_stops_a_long_wait_where_the_clock_got_to(board):
    # Found in review: `@wait 31536000` ran for a minute of wall time and nothing stopped it.
    out = press(board, "@wait 31536000\r" + CTRL_C + "enable\rshow clock\r" + CTRL_D)
    assert "% @wait stopped after 60 of 31,536,000 seconds\n" in out
    assert "*00:01:00.000 UTC Fri Mar 1 2002\n" in out  # one step ran; the keys after it wait


def test_the_escape_sequence_at_the_prompt_is_ignored(board):
    press(board, ESCAPE + "xenable\r" + CTRL_D)
    assert board.session.histories[False] == ["enable"]
    assert board.session.mode == "priv_exec"


def test_long_output_is_paged(board):
    board.session.length = 10
    # space: a page more; Return: one line more; q: stop.
    out = press(board, "enable\rshow running-config\r \rq" + CTRL_D)
    assert out.count(MORE) == 3 and out.count(ERASE_MORE) == 3
    shown = out[out.index("Building configuration") :].split(MORE)
    assert [piece.replace(ERASE_MORE, "").count("\n") for piece in shown[:3]] == [9, 9, 1]


def test_the_screen_after_a_logout_is_not_paged(board):
    out = press(board, "exit\r" + CTRL_D)
    assert "Router con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n" in out
    assert MORE not in out


def test_page_function():
    written: list[str] = []
    keys = iter(["\r", " ", "x"])

    async def read_key() -> str:
        return next(keys)

    text = "".join(f"{n}\n" for n in range(30))
    asyncio.run(page(text, 5, written.append, read_key))
    shown = "".join(written).replace(ERASE_MORE, "").replace(MORE, "|")
    assert shown == "0\n1\n2\n3\n|4\n|5\n6\n7\n8\n|"
    written.clear()
    asyncio.run(page("a\nb\n", 5, written.append, read_key))
    assert written == ["a\nb\n"]


PC_LAB = """\
name: lan
topology:
  nodes:
    R1: {kind: router, type: c2911}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
  links:
    - endpoints: ["R1:gi0/0", "PC1:eth0"]
"""


@pytest.fixture
def pc_board(tmp_path):
    from iosemu.lab.lab import Lab

    path = tmp_path / "lan.lab.yml"
    path.write_text(PC_LAB)
    return Switchboard(Lab.load(path), current="PC1")


def test_ctrl_c_on_a_pc_drops_the_line_and_the_shell_goes_on(pc_board):
    out = press(pc_board, "ping 192.168.1.1" + CTRL_C + "ipconfig\r" + CTRL_D)
    assert "Pinging" not in out  # the cancelled line never ran
    assert "Windows IP Configuration" in out
    assert pc_board.current == "PC1"


def test_ctrl_c_on_a_pc_stops_a_running_ping(pc_board):
    out = press(pc_board, "ping -t 192.168.1.1\r" + CTRL_C + "hostname\r" + CTRL_D)
    assert "    Packets: Sent = 1, " in out and "Control-C\n^C\n" in out
    assert "\nPC1\n" in out  # the keys after Ctrl-C wait for the next prompt


def test_question_mark_and_ctrl_z_are_plain_keys_on_a_pc(pc_board):
    out = press(pc_board, "what?\r" + CTRL_Z + "\r@R1\r" + CTRL_C + "enable\r" + CTRL_D)
    assert "'what?' is not recognized as an internal or external command," in out
    assert pc_board.lab["R1"].console.mode == "priv_exec"  # Ctrl-C on IOS still works


def test_loss_sets_a_links_error_rate_and_a_bad_one_gets_one_line(board):
    out = press(board, "@loss R1:s0/0/0 R2:s0/0/0 0.25\r@loss R1:s0/0/1 1\r@loss R1:s0/0/0 2\r" + CTRL_D)
    assert board.lab.link("R2:s0/0/0").loss == 0.25
    assert "% @loss: no link is cabled to 'R1:s0/0/1'\n" in out
    assert "% @loss: '2' must be a number from 0 to 1 (the fraction of frames lost)\n" in out
