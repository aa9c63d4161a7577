"""A vty line's `access-class N in` decides who may connect (checked at the SYN: a denied
client's telnet or ssh is refused, `% Connection refused by remote host`), and `access-class N
out` where a line may connect to (`% Connections to that host not permitted from this
terminal`, as Wendell Odom's CCNA guide shows it); `show access-lists` counts the matches."""

from __future__ import annotations

from sim.labkit import configure

REFUSED = "Trying 10.1.23.3 ... \n% Connection refused by remote host\n\n"


def test_access_class_in_lets_only_the_listed_host_reach_the_vty_lines(chain):
    r1, r2, r3 = chain["R1"], chain["R2"], chain["R3"]
    configure(r3, "ip domain-name lab.local", "access-list 1 permit host 10.1.23.2")
    configure(r3, "line vty 0 4", "access-class 1 in")
    r3.cli("configure terminal")
    r3.cli("crypto key generate rsa modulus 1024")  # SSH on: the refusal is the list's
    r3.cli("end")
    assert r1.cli("telnet 10.1.23.3") == REFUSED  # from 10.1.12.1: the implicit deny
    assert r1.cli("ssh -l admin 10.1.23.3") == "% Connection refused by remote host\n\n"
    assert r2.cli("telnet 10.1.23.3").startswith("Trying 10.1.23.3 ... Open\n")
    r2.cli("cisco")
    assert r2.cli("exit").endswith("[Connection to 10.1.23.3 closed by foreign host]\n")
    r2.cli("ssh -l admin 10.1.23.3")
    assert r2.cli("cisco") == "" and r2.console.prompt() == "R3>"
    assert r3.cli("show access-lists") == "Standard IP access list 1\n    10 permit 10.1.23.2 (2 matches)\n"
    r2.cli("exit")
    configure(r3, "line vty 0 4", "no access-class 1 in")
    assert r1.cli("telnet 10.1.23.3").startswith("Trying 10.1.23.3 ... Open\n")


def test_a_list_that_does_not_exist_lets_everyone_in(chain):
    configure(chain["R3"], "line vty 0 4", "access-class 7 in")
    assert chain["R1"].cli("telnet 10.1.23.3").startswith("Trying 10.1.23.3 ... Open\n")


def test_access_class_out_and_transport_output_limit_where_a_console_connects(chain):
    r1 = chain["R1"]
    configure(r1, "access-list 2 deny 10.1.23.0 0.0.0.255", "access-list 2 permit any")
    configure(r1, "line con 0", "access-class 2 out")
    not_permitted = "% Connections to that host not permitted from this terminal\n"
    assert r1.cli("telnet 10.1.23.3") == not_permitted
    assert r1.cli("ssh -l admin 10.1.23.3") == not_permitted
    assert r1.cli("telnet 10.1.12.2").startswith("Trying 10.1.12.2 ... Open\n")
    r1.cli("cisco")
    r1.cli("exit")
    assert r1.cli("show access-lists 2").splitlines()[1:] == [
        "    10 deny   10.1.23.0, wildcard bits 0.0.0.255 (2 matches)",
        "    20 permit any (1 match)",
    ]
    configure(r1, "line con 0", "no access-class 2 out", "transport output ssh")
    assert r1.cli("telnet 10.1.23.3") == "% telnet connections not permitted from this terminal\n"


def test_a_log_entry_logs_the_first_attempt_at_once_and_the_next_ones_per_five_minutes(chain):
    r1, r3 = chain["R1"], chain["R3"]
    configure(r3, "access-list 1 permit host 10.1.23.2", "access-list 1 deny any log")
    configure(r3, "line vty 0 4", "access-class 1 in")
    r3.console.take_inbox()
    for _ in range(3):
        assert r1.cli("telnet 10.1.23.3") == REFUSED
    logged = [line for line in r3.console.take_inbox() if "IPACCESSLOGS" in line]
    assert len(logged) == 1 and logged[0].endswith("%SEC-6-IPACCESSLOGS: list 1 denied 10.1.12.1 1 packet")
    chain.advance(300)
    logged = [line for line in r3.console.take_inbox() if "IPACCESSLOGS" in line]
    assert len(logged) == 1 and logged[0].endswith("%SEC-6-IPACCESSLOGS: list 1 denied 10.1.12.1 2 packets")
    assert r3.cli("show access-lists 1").splitlines()[2] == "    20 deny   any log (3 matches)"
    assert r3.cli("clear access-list counters 1") == ""
    assert r3.cli("show access-lists 1").splitlines()[1:] == [
        "    10 permit 10.1.23.2",
        "    20 deny   any log",
    ]


def test_access_class_with_an_extended_named_list_tests_the_client_and_the_service(chain):
    r1, r2, r3 = chain["R1"], chain["R2"], chain["R3"]
    configure(r3, "ip domain-name lab.local", "ip access-list extended VTY")
    configure(r3, "ip access-list extended VTY", "permit tcp host 10.1.23.2 any eq telnet")
    configure(r3, "line vty 0 4", "access-class VTY in")
    r3.cli("configure terminal")
    r3.cli("crypto key generate rsa modulus 1024")
    r3.cli("end")
    assert r1.cli("telnet 10.1.23.3") == REFUSED  # another client
    assert r2.cli("ssh -l admin 10.1.23.3") == "% Connection refused by remote host\n\n"  # port 22
    assert r2.cli("telnet 10.1.23.3").startswith("Trying 10.1.23.3 ... Open\n")
    r2.cli("cisco")
    r2.cli("exit")
    assert r3.cli("show access-lists VTY") == (
        "Extended IP access list VTY\n    10 permit tcp host 10.1.23.2 any eq telnet (1 match)\n"
    )
    assert " access-class VTY in" in r3.cli("show running-config | include access-class")
