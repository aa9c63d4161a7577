"""telnet from one router's EXEC to another's VTY lines, across the simulated network: R1 --
R2 -- R3 on Ethernet, R1 and R3 reaching each other by static routes through R2.

IOS's texts, as real routers print them:
- `Trying 10.1.1.2 ... Open`, then the far login and prompt; `exit` there gives `[Connection
  to 192.168.1.1 closed by foreign host]` (CCNA lab notes on github: "Show sessions" and
  "Fancy session multiplexing"; Cisco, "Configuring Secure Shell on Routers and Switches
  Running Cisco IOS", document 4145);
- `Trying r7 (192.168.1.1, 2072)...` then `% Connection refused by remote host` for a name
  and a port (ccielab.ro, "Configuring a terminal server", 2009);
- `% Connection timed out; remote host not responding` after `ip tcp synwait-time`'s 30 s
  (etherealmind.com, "IOS: Setting the TCP Timeout on IOS");
- `% Destination unreachable; gateway or host down` when the router has no route;
- `Password required, but none set` two lines below `Open`, where `User Access Verification`
  stands (a real router's exhibit in a CCNA question bank; thebryantadvantage.blogspot.com,
  "A Guide To The Password Command", 2014, for the words).
"""

from __future__ import annotations

from iosemu.cli.session import echoes
from iosemu.cli.telnet import ESCAPE

OPEN = "Trying 10.1.23.3 ... Open\n"
CLOSED = "\n[Connection to 10.1.23.3 closed by foreign host]\n"


def _log_in(r1, target: str = "10.1.23.3") -> str:
    out = r1.cli(f"telnet {target}")
    assert r1.console.prompt() == "Password: "
    assert r1.cli("cisco") == ""
    return out


def test_telnet_through_a_static_route_reaches_the_far_router_and_exit_comes_back(chain):
    r1, r3 = chain["R1"], chain["R3"]
    out = _log_in(r1)
    assert out.startswith(OPEN) and out.endswith("User Access Verification\n\n")
    assert r1.console.prompt() == "R3>"
    assert r1.cli("show ip interface brief") == r3.cli("show ip interface brief")  # R3 answered
    assert r1.cli("exit").endswith(CLOSED)
    assert r1.console.prompt() == "R1#"
    assert r1.cli("show sessions") == "% No connections open\n"


def test_a_lone_address_or_host_name_at_exec_telnets(chain):
    r1 = chain["R1"]
    assert r1.cli("10.1.23.3").startswith(OPEN)
    r1.cli("cisco")
    r1.cli("exit")
    r1.cli("configure terminal")
    r1.cli("ip host R3 10.1.23.3")
    r1.cli("end")
    assert r1.cli("R3").startswith("Trying R3 (10.1.23.3)... Open\n")
    r1.cli("cisco")
    assert r1.cli("exit").endswith("\n[Connection to R3 closed by foreign host]\n")


def test_no_route_no_answer_and_a_closed_port(chain):
    r1 = chain["R1"]
    assert (
        r1.cli("telnet 10.9.9.9")
        == "Trying 10.9.9.9 ... \n% Destination unreachable; gateway or host down\n\n"
    )
    started = chain.now
    assert r1.cli("telnet 10.1.23.9") == (  # R2 finds nobody there: the SYNs go unanswered
        "Trying 10.1.23.9 ... \n% Connection timed out; remote host not responding\n\n"
    )
    assert 30 <= chain.now - started < 31
    assert (
        r1.cli("telnet 10.1.23.3 80") == "Trying 10.1.23.3, 80 ... \n% Connection refused by remote host\n\n"
    )
    assert r1.console.prompt() == "R1#"


def test_a_line_without_a_password_refuses_the_telnet(chain):
    r3 = chain["R3"]
    for line in ("configure terminal", "line vty 0 4", "no password", "end"):
        r3.cli(line)
    r1 = chain["R1"]
    # as a real router's exhibit shows it: two blank lines, as before `User Access Verification`
    assert r1.cli("telnet 10.1.23.3") == OPEN + "\n\nPassword required, but none set\n" + CLOSED
    assert r1.console.prompt() == "R1#"


def test_a_link_down_mid_session_holds_the_answer_until_it_is_back(chain):
    r1 = chain["R1"]
    _log_in(r1)
    link = chain.link("R2:g0/1", "R3:g0/0")
    link.loss = 1.0
    chain.scheduler.call_later(20, setattr, link, "loss", 0.0)  # back before TCP gives up
    started = chain.now
    assert r1.cli("show history") == "  show history\n"  # R3's vty answers
    assert chain.now - started > 20  # the answer came with a retransmission after the link came back
    assert r1.console.prompt() == "R3>"


def test_a_link_that_stays_down_ends_the_session_when_tcp_gives_up(chain):
    r1 = chain["R1"]
    _log_in(r1)
    chain.link("R2:g0/1", "R3:g0/0").loss = 1.0
    assert r1.cli("show clock") == CLOSED
    assert r1.console.prompt() == "R1#"


def test_nested_telnet_r1_to_r2_to_r3_and_back(chain):
    r1 = chain["R1"]
    _log_in(r1, "10.1.12.2")
    assert r1.console.prompt() == "R2>"
    assert r1.cli("telnet 10.1.23.3").startswith(OPEN)  # typed at R2's vty, run by R2
    assert r1.console.prompt() == "Password: "
    r1.cli("cisco")
    assert r1.console.prompt() == "R3>"
    assert r1.cli("exit").endswith(CLOSED)
    assert r1.console.prompt() == "R2>"
    assert r1.cli("exit").endswith("\n[Connection to 10.1.12.2 closed by foreign host]\n")
    assert r1.console.prompt() == "R1#"


RING = 5  # routers on one switch, each with 16 vty lines: a telnet chain 80 deep round them


def _ring(make_lab):
    nodes = "".join(f"    R{n}: {{startup-config: R{n}.cfg}}\n" for n in range(1, RING + 1))
    links = "".join(f'    - {{endpoints: ["R{n}:g0/0", "SW1:eth{n}"]}}\n' for n in range(1, RING + 1))
    topology = f"name: ring\ntopology:\n  defaults: {{kind: router, type: c2911}}\n  nodes:\n{nodes}"
    topology += f"    SW1: {{kind: switch}}\n  links:\n{links}"
    configs = {
        f"R{n}": f"hostname R{n}\ninterface GigabitEthernet0/0\n ip address 10.0.0.{n} 255.255.255.0\n"
        " no shutdown\nline vty 0 15\n no login\n"
        for n in range(1, RING + 1)
    }
    lab = make_lab(topology, **configs)
    lab.advance(40)  # past boot and the switch's listening and learning
    lab["R1"].cli("")
    lab["R1"].cli("enable")
    return lab


def test_a_telnet_chain_80_routers_deep_answers_and_unwinds(make_lab):
    lab = _ring(make_lab)
    r1 = lab["R1"]
    for hop in range(1, 81):
        far = hop % RING + 1
        assert r1.cli(f"telnet 10.0.0.{far}").startswith(f"Trying 10.0.0.{far} ... Open\n")
        assert r1.console.prompt() == f"R{far}>"
    assert r1.cli("show clock").startswith("*00:00:")  # typed at the 80th hop's vty
    for hop in range(80, 0, -1):
        assert r1.cli("exit").endswith(f"\n[Connection to 10.0.0.{hop % RING + 1} closed by foreign host]\n")
    assert r1.console.prompt() == "R1#"
    assert all("vty" not in row for device in lab for row in device.cli("show users").splitlines())


def test_escape_show_sessions_resume_and_disconnect(chain):
    r1 = chain["R1"]
    _log_in(r1, "10.1.12.2")
    assert r1.cli("\x1e") == "" and r1.cli("x") == ""  # Ctrl-Shift-6 x: back home
    assert r1.console.prompt() == "R1#"
    _log_in(r1)
    r1.cli("\x1e")
    r1.cli("x")
    # The table as IOS prints it (CCNA lab notes: "Show sessions"; Cisco IOS 11.0 "Monitoring
    # and Managing Connections"): `*` on the last connection used.
    assert r1.cli("show sessions") == (
        "Conn Host                Address             Byte  Idle Conn Name\n"
        "   1 10.1.12.2           10.1.12.2              0     0 10.1.12.2\n"
        "*  2 10.1.23.3           10.1.23.3              0     0 10.1.23.3\n"
    )
    assert r1.cli("where") == r1.cli("show sessions")
    assert r1.cli("resume 1") == "[Resuming connection 1 to 10.1.12.2 ... ]\n\n"
    assert r1.console.prompt() == "R2>"
    r1.cli("\x1e")
    r1.cli("x")
    assert r1.cli("") == "[Resuming connection 1 to 10.1.12.2 ... ]\n\n"  # Return: the last one
    r1.cli("\x1e")
    r1.cli("x")
    assert r1.cli("disconnect 1") == ""
    assert r1.console.prompt() == "Closing connection to 10.1.12.2 [confirm]"
    assert r1.cli("") == ""
    assert r1.cli("show sessions").splitlines()[1:] == [
        "*  2 10.1.23.3           10.1.23.3              0     0 10.1.23.3"
    ]
    assert r1.cli("resume 5") == "% No connections open\n"


def test_logging_out_closes_the_connections_the_console_opened(chain):
    r1, r3 = chain["R1"], chain["R3"]
    _log_in(r1)
    r1.cli("\x1e")
    r1.cli("x")
    assert r3.cli("show users").splitlines()[2].startswith(" 388 vty 0")
    r1.cli("exit")  # at R1's own prompt: R1's console logs out
    chain.advance(1)
    assert [row for row in r3.cli("show users").splitlines() if "vty" in row] == []
    r1.cli("")
    r1.cli("enable")
    assert r1.cli("show sessions") == "% No connections open\n"


def test_what_the_far_end_says_while_suspended_waits_in_byte(chain):
    r1 = chain["R1"]
    _log_in(r1)
    r1.cli("\x1e")
    r1.cli("x")
    outgoing = r1.console.connections.last
    outgoing.connection.send(b"show clock\r\n")  # as if typed, then left suspended
    chain.advance(1)
    row = r1.cli("show sessions").splitlines()[1]
    assert int(row[45:49]) > 0


def test_show_users_on_the_far_router_lists_the_vty_with_the_near_address(chain):
    r1, r3 = chain["R1"], chain["R3"]
    _log_in(r1)
    row = " 388 vty 0                idle                 00:00:00 10.1.12.1"
    assert row in r3.cli("show users").splitlines()
    assert "*" + row[1:] in r1.cli("show users").splitlines()  # typed at R3's vty: its own line
    r1.cli("exit")
    assert row not in r3.cli("show users").splitlines()


def test_vty_lines_that_take_only_ssh_refuse_telnet(chain):
    r3 = chain["R3"]
    for line in ("configure terminal", "line vty 0 4", "transport input ssh", "end"):
        r3.cli(line)
    assert (
        chain["R1"].cli("telnet 10.1.23.3")
        == "Trying 10.1.23.3 ... \n% Connection refused by remote host\n\n"
    )


def test_the_far_exec_timeout_closes_the_connection(chain):
    r3 = chain["R3"]
    for line in ("configure terminal", "line vty 0 4", "exec-timeout 1 0", "end"):
        r3.cli(line)
    r1 = chain["R1"]
    _log_in(r1)
    chain.advance(61)
    assert r1.cli("").endswith(CLOSED)
    assert r1.console.prompt() == "R1#"


def test_a_far_router_that_reloaded_resets_the_connection(chain):
    r1, r3 = chain["R1"], chain["R3"]
    _log_in(r1)
    chain.advance(1)  # R1's DONT ECHO, agreeing to the echo back at the prompt, crosses first
    r3.cli("reload")
    r3.cli("")  # confirmed
    chain.advance(120)
    assert r1.cli("show clock") == CLOSED  # its new TCP knows no such connection: a RST
    assert r1.console.prompt() == "R1#"


def test_an_unreachable_from_a_router_on_the_way_ends_the_attempt_at_once(chain):
    r1 = chain["R1"]
    r1.cli("configure terminal")
    r1.cli("ip route 0.0.0.0 0.0.0.0 10.1.12.2")
    r1.cli("end")
    started = chain.now
    # R2 has no route to 10.9.9.9: its ICMP host unreachable reaches R1's telnet.
    assert (
        r1.cli("telnet 10.9.9.9")
        == "Trying 10.9.9.9 ... \n% Destination unreachable; gateway or host down\n\n"
    )
    assert (
        chain.now - started < 3
    )  # not 30 s: the SYN sent again at 2 s (the first met R1's ARP) got the answer


def test_telnet_from_a_source_interface(chain):
    r1, r2, r3 = chain["R1"], chain["R2"], chain["R3"]
    for line in ("configure terminal", "interface Loopback0", "ip address 1.1.1.1 255.255.255.255", "end"):
        r1.cli(line)
    for router in (r2, r3):  # the way back to R1's loopback
        router.cli("configure terminal")
        router.cli(f"ip route 1.1.1.1 255.255.255.255 {'10.1.12.1' if router is r2 else '10.1.23.2'}")
        router.cli("end")
    assert r1.cli("telnet 10.1.23.3 /source-interface Loopback0").startswith(OPEN)
    r1.cli("cisco")
    assert r3.cli("show users").splitlines()[2].endswith(" 1.1.1.1")


def test_question_mark_and_tab_are_answered_by_the_far_router(chain):
    r1 = chain["R1"]
    _log_in(r1)  # R1# here, R3> there: the listing is of user EXEC's commands
    listing = r1.cli("?")
    assert listing.startswith("Exec commands:\n") and "  telnet " in listing and "  configure " not in listing
    assert r1.cli("sh\tclock").startswith("*")
    assert r1.console.prompt() == "R3>"


def test_the_far_password_is_not_echoed_and_the_far_prompt_echoes_again(chain):
    """R3's telnet server says WILL ECHO at its Password: and echoes nothing of it, as IOS's
    does; WONT ECHO at R3>, where the near console shows what is typed again."""
    r1, r3 = chain["R1"], chain["R3"]
    for line in ("configure terminal", "enable secret class", "end"):
        r3.cli(line)
    assert r1.cli("telnet 10.1.23.3").endswith("User Access Verification\n\n")
    assert (r1.console.prompt(), echoes(r1.console)) == ("Password: ", False)
    assert r1.cli("wrong") == ""  # a second try
    assert (r1.console.prompt(), echoes(r1.console)) == ("Password: ", False)
    r1.cli("cisco")
    assert (r1.console.prompt(), echoes(r1.console)) == ("R3>", True)
    r1.cli("enable")
    assert (r1.console.prompt(), echoes(r1.console)) == ("Password: ", False)  # R3's enable secret
    r1.cli("class")
    assert (r1.console.prompt(), echoes(r1.console)) == ("R3#", True)


def test_a_relayed_far_password_is_hidden_at_every_hop(chain):
    """R1 -> R2 -> R3: R2's vty session, relaying R3's WILL ECHO, says WILL ECHO to R1 in turn."""
    r1 = chain["R1"]
    r1.cli("telnet 10.1.12.2")
    r1.cli("cisco")
    assert r1.console.prompt() == "R2>"
    r1.cli("telnet 10.1.23.3")
    assert (r1.console.prompt(), echoes(r1.console)) == ("Password: ", False)
    r1.cli("cisco")
    assert (r1.console.prompt(), echoes(r1.console)) == ("R3>", True)


def test_suspended_the_local_prompt_echoes(chain):
    r1 = chain["R1"]
    r1.cli("telnet 10.1.23.3")
    r1.cli(ESCAPE)
    r1.cli("x")
    assert (r1.console.prompt(), echoes(r1.console)) == ("R1#", True)
