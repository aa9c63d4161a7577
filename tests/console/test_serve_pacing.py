"""`iosemu serve` and long commands: a ping's marks arrive as the lab's clock reaches them,
IOS's escape sequence (Ctrl-^, Ctrl-Shift-6) stops it, and the other clients are served
meanwhile.  The clock runs 20 times faster than wall time: a silent echo's mark every 0.1 s."""

from __future__ import annotations

import re
import time

import pytest
from test_ssh_server import KEY, READY, shell_client

ESCAPE = "\x1e"
FAST = 20.0
LONG_PING = "ping 10.9.9.9 repeat 1000\r"  # 1000 silent echoes: 100 s of wall time at FAST
SENT = "Sending 1000, 100-byte ICMP Echos to 10.9.9.9, timeout is 2 seconds:"
STOPPED = re.compile(r"(\.*)\r?\nSuccess rate is 0 percent \(0/(\d+)\)\r?\n")


def stopped_after(text: str) -> int:
    """The echoes a stopped ping sent: as many marks as the success rate counts."""
    marks, sent = STOPPED.search(text).groups()
    assert len(marks) == int(sent) < 1000
    return int(sent)


@pytest.fixture
def served(serve):
    return serve(speed=FAST)


def start_ping(client) -> None:
    """The client (at R1>) starts the long ping and sees its first mark come: it is running."""
    client.read_until("R1>")
    client.type("enable\r" + LONG_PING)
    client.read_until(re.escape(SENT) + r"\r\n\.")


def test_a_ping_comes_mark_by_mark_and_the_escape_sequence_stops_it(served):
    program = served.client("R1")  # IOS's echo
    start_ping(program)
    program.type(ESCAPE + "xshow clock\r")  # the x goes with the escape; the command waits
    shown = program.read_until(r"UTC Fri Mar 1 2002\r\nR1#")
    stopped_after("." + shown)
    assert shown.index("Success rate") < shown.index("R1#show clock\r\n")
    assert "Invalid input" not in shown and "Translating" not in shown


def test_the_escape_sequence_stops_a_ping_on_a_terminal_too(served):
    terminal = served.client("R1", terminal="xterm")  # prompt_toolkit's line editing
    start_ping(terminal)
    terminal.type(ESCAPE)
    stopped_after("." + terminal.read_until(r"Success rate is 0 percent \(0/\d+\)\r?\n"))


def test_the_other_clients_are_answered_while_a_ping_runs(served):
    pinging = served.client("R1")
    start_ping(pinging)
    other = served.client("R2")  # another device
    other.read_until("Router>")
    other.type("show clock\r")
    other.read_until(r"UTC Fri Mar 1 2002\r\nRouter>")
    vty = served.vty_client("R1")  # R1 itself, on a VTY line
    assert "Password required, but none set" in vty.read_until("none set")
    assert "Success rate" not in pinging.seen  # still running
    pinging.type(ESCAPE)
    stopped_after("." + pinging.read_until(r"\(0/\d+\)\r\n"))


def test_a_client_dropping_mid_ping_stops_it_and_frees_the_console(served):
    start_ping(served.client("R1"))
    served.clients[-1].close()
    back = served.client("R1")
    back.type("\r")
    back.read_until("R1#")  # the ping stopped: the console is free
    back.type("show clock\r")
    back.read_until(r"UTC Fri Mar 1 2002\r\nR1#")


def ssh_shell(served):
    client = shell_client(served)
    shell = client.invoke_shell()
    shell.settimeout(10)
    return client, shell


def read_until(shell, pattern: str) -> str:
    """What the SSH shell shows from now up to a match of `pattern`."""
    seen = b""
    while not re.search(pattern, seen.decode(errors="replace")):
        seen += shell.recv(4096)
    return seen.decode()


@pytest.fixture
def ssh_served(serve):
    return serve(R1=READY, typed=KEY, speed=FAST)


def test_over_ssh_a_ping_comes_mark_by_mark_and_the_escape_sequence_stops_it(ssh_served):
    client, shell = ssh_shell(ssh_served)
    shell.send(b"enable\rclass\r" + LONG_PING.encode())
    started = read_until(shell, re.escape(SENT) + r"\r\n\.")
    shell.send(ESCAPE.encode())
    stopped_after(started + read_until(shell, r"\(0/\d+\)\r\nR1#"))
    client.close()


def test_over_ssh_a_client_dropping_mid_ping_frees_its_line(ssh_served):
    client, shell = ssh_shell(ssh_served)
    shell.send(b"enable\rclass\r" + LONG_PING.encode())
    read_until(shell, re.escape(SENT) + r"\r\n\.")
    client.close()
    end = time.monotonic() + 10
    while vty_lines_in_use(ssh_served) > 1:  # the ping stops at its next look: the line frees then
        assert time.monotonic() < end, "the dropped client's line stayed in use"


def vty_lines_in_use(served) -> int:
    """The VTY lines `show users` lists, seen from a new SSH session (its own line among them)."""
    client = shell_client(served)
    _, out, _ = client.exec_command("show users")
    users = out.read().decode()
    client.close()
    return users.count(" vty ")
