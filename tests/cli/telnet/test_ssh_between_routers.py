"""ssh from one router's EXEC to another's VTY lines over TCP port 22: the version exchange,
the password the near router asks for and the far one checks (`ssh_login`), the far prompt;
a refusal where the far router takes no SSH.

IOS's client asks `Password:` itself and, after the server's last refusal, prints `%
Authentication failed.` (Cisco, "Configuring Secure Shell on Routers and Switches Running Cisco
IOS", document 4145, for the exchange; the three tries are `ip ssh authentication-retries`'s
default)."""

from __future__ import annotations

import pytest
from sim.labkit import configure


@pytest.fixture
def ssh_ready(chain):
    """R3 configured for SSH as IOS needs it (a domain name, an RSA key, `login local`)."""
    r3 = chain["R3"]
    configure(r3, "ip domain-name lab.local", "line vty 0 4", "login local", "transport input ssh telnet")
    r3.cli("configure terminal")
    r3.cli("crypto key generate rsa modulus 1024")
    r3.cli("end")
    return chain


def test_ssh_with_the_right_password_reaches_the_far_prompt(ssh_ready):
    r1 = ssh_ready["R1"]
    assert r1.cli("ssh -l admin 10.1.23.3") == ""
    assert r1.console.prompt() == "Password: "
    assert r1.cli("s3cret") == ""
    assert r1.console.prompt() == "R3>"
    assert r1.cli("show history") == "  show history\n"
    assert r1.cli("exit").endswith("\n[Connection to 10.1.23.3 closed by foreign host]\n")
    assert r1.console.prompt() == "R1#"


def test_ssh_with_a_wrong_password_is_asked_again_then_fails(ssh_ready):
    r1 = ssh_ready["R1"]
    r1.cli("ssh -v 2 -l admin 10.1.23.3")
    for _ in range(2):
        assert r1.cli("wrong") == ""
        assert r1.console.prompt() == "Password: "
    assert r1.cli("wrong") == "% Authentication failed.\n"
    assert r1.console.prompt() == "R1#"
    assert r1.cli("show sessions") == "% No connections open\n"


def test_ssh_to_a_router_without_ssh_is_refused(chain):
    r1 = chain["R1"]
    assert r1.cli("ssh -l admin 10.1.23.3") == "% Connection refused by remote host\n\n"
    assert r1.cli("ssh 10.1.23.3") == "% No user specified nor available for SSH client\n"


def test_ssh_typed_at_a_vty_line_is_relayed_back_to_the_console(ssh_ready):
    r1 = ssh_ready["R1"]
    r1.cli("telnet 10.1.12.2")
    r1.cli("cisco")
    assert r1.console.prompt() == "R2>"
    assert r1.cli("ssh -l admin 10.1.23.3") == ""  # run by R2, its password asked at R1's console
    assert r1.console.prompt() == "Password: "
    assert r1.cli("wrong") == ""
    assert r1.console.prompt() == "Password: "
    assert r1.cli("s3cret") == ""
    assert r1.console.prompt() == "R3>"
    assert r1.cli("exit").endswith("\n[Connection to 10.1.23.3 closed by foreign host]\n")
    assert r1.console.prompt() == "R2>"
