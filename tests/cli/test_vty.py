"""The vty lines as a telnet or SSH face sees them (cli/vty.py): which line a client takes,
the login it meets, what SSH may do, and the line freed when the client goes."""

from __future__ import annotations

import pytest
from lab_helpers import one_router

from iosemu.cli.vty import Refused, close_vty, open_vty, ssh_available, ssh_key, ssh_login

READY = (
    "hostname R1",
    "ip domain-name lab.local",
    "username admin privilege 15 secret s3cret",
    "username guest password guest",
    "line vty 0 4",
    "password cisco",
    "login",
)


def configure(router, *lines: str) -> list[str]:
    router.cli("configure terminal")
    printed = [router.cli(line) for line in lines]
    router.cli("end")
    return printed


@pytest.fixture
def r1(tmp_path):
    router = one_router(tmp_path)
    configure(router, *READY)
    return router


def telnet(router, *typed: str):
    """A telnet client on the next free line, past its banner, having typed `typed`."""
    session = open_vty(router.router, "telnet", "10.1.12.1")
    session.start()
    for line in typed:
        session.execute(line)
    return session


def with_key(router, *lines: str):
    configure(router, "crypto key generate rsa modulus 1024", *lines)
    return router


def test_telnet_meets_the_line_password(r1):
    session = open_vty(r1.router, "telnet", "10.1.12.1")
    assert session.line_name == "vty 0"
    assert session.start() == "\n\nUser Access Verification\n\n"
    assert session.prompt() == "Password: "
    assert session.dialog.echo is False
    assert session.execute("cisco") == ""
    assert session.prompt() == "R1>"


def test_each_client_takes_the_next_free_line_and_gives_it_back(r1):
    first = open_vty(r1.router, "telnet", "10.1.12.1")
    second = open_vty(r1.router, "telnet", "10.1.12.2")
    assert (first.line_name, second.line_name) == ("vty 0", "vty 1")
    close_vty(first)
    close_vty(first)  # idempotent
    assert open_vty(r1.router, "telnet", "10.1.12.3").line_name == "vty 0"


def test_all_lines_busy_refuses_the_connection(r1):
    for n in range(5):
        assert open_vty(r1.router, "telnet", f"10.1.12.{n + 1}").line_name == f"vty {n}"
    assert isinstance(open_vty(r1.router, "telnet", "10.1.12.9"), Refused)


def test_login_and_no_password_is_refused_with_ios_message(tmp_path):
    router = one_router(tmp_path)  # a fresh router's vty lines: `login`, no password
    refused = open_vty(router.router, "telnet", "10.1.12.1")
    assert refused == Refused("\nPassword required, but none set\n")
    assert router.router.vtys == {}


def test_a_transport_the_lines_do_not_admit_is_refused(r1):
    configure(r1, "line vty 0 4", "transport input ssh")
    assert isinstance(open_vty(r1.router, "telnet", "10.1.12.1"), Refused)
    configure(r1, "line vty 2", "transport input telnet")
    assert open_vty(r1.router, "telnet", "10.1.12.1").line_name == "vty 2"


def test_three_bad_passwords_close_the_connection(r1):
    session = telnet(r1)
    assert [session.execute("x") for _ in range(2)] == ["", ""]
    assert session.execute("x") == "% Bad passwords\n"
    assert session.closed


def test_login_local_names_the_user_and_gives_its_privilege(r1):
    configure(r1, "line vty 0 4", "login local")
    session = telnet(r1)
    assert session.prompt() == "Username: "
    session.execute("admin")
    assert session.execute("wrong") == "\n% Login invalid\n\n"
    session.execute("admin")
    session.execute("s3cret")
    assert session.prompt() == "R1#"
    assert session.user == "admin"


def test_privilege_level_15_on_the_line_starts_at_privileged_exec(r1):
    configure(r1, "line vty 0 4", "privilege level 15")
    assert telnet(r1, "cisco").prompt() == "R1#"


def test_logout_sets_closed_with_nothing_printed(r1):
    session = telnet(r1, "cisco")
    assert session.execute("exit") == ""
    assert session.closed


def test_leaving_configuration_names_the_vty_and_the_client(r1):
    configure(r1, "line vty 0 4", "privilege level 15")
    session = telnet(r1, "cisco")
    r1.console.take_inbox()
    session.execute("configure terminal")
    session.execute("end")
    assert any(
        "%SYS-5-CONFIG_I: Configured from console by vty0 (10.1.12.1)" in line
        for line in r1.console.take_inbox()
    )


def test_ssh_needs_a_key_and_a_line_that_admits_it(r1):
    assert not ssh_available(r1.router)
    assert ssh_key(r1.router) is None
    with_key(r1)
    assert ssh_available(r1.router)
    assert ssh_key(r1.router) == ("R1.lab.local", 1024)
    configure(r1, "line vty 0 4", "transport input telnet")
    assert not ssh_available(r1.router)


def test_ssh_login_follows_the_lines_login(r1):
    with_key(r1)
    assert ssh_login(r1.router, "anyone", "cisco")  # `login`: the line's password
    assert not ssh_login(r1.router, "anyone", "s3cret")
    configure(r1, "line vty 0 4", "login local")
    assert ssh_login(r1.router, "admin", "s3cret")
    assert ssh_login(r1.router, "guest", "guest")
    assert not ssh_login(r1.router, "admin", "cisco")
    assert not ssh_login(r1.router, "nobody", "s3cret")


def test_an_ssh_session_starts_at_the_users_level(r1):
    with_key(r1, "line vty 0 4", "login local")
    admin = open_vty(r1.router, "ssh", "10.1.12.1", user="admin")
    assert admin.start() == ""
    assert admin.prompt() == "R1#"
    guest = open_vty(r1.router, "ssh", "10.1.12.2", user="guest")
    guest.start()
    assert (guest.line_name, guest.prompt()) == ("vty 1", "R1>")


def test_close_vty_stops_syslog_and_timers(r1):
    session = telnet(r1, "cisco")
    assert session in r1.router.logger.terminals
    close_vty(session)
    assert session not in r1.router.logger.terminals
    assert session.idle_timer is None and session.closed
    assert r1.router.vtys == {}
