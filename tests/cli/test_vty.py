"""The vty lines as a telnet or SSH face sees them (cli/vty.py): which line a client takes,
the login it meets, what SSH may do, and the line freed when the client goes."""

from __future__ import annotations

import pytest
from lab_helpers import one_router, reload_saved

from iosemu.cli.vty import Refused, close_vty, open_vty, ssh_available, ssh_key, ssh_login
from iosemu.lab.lab import Lab

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
    assert refused == Refused("\n\nPassword required, but none set\n")
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


def test_leaving_configuration_names_the_user_who_logged_in(r1):
    # as public IOS logs print it: `Configured from console by admin on vty0 (10.0.10.55)`,
    # `... by admin on console`
    configure(r1, "line vty 0 4", "login local", "line con 0", "login local")
    session = telnet(r1, "admin", "s3cret")  # privilege 15
    r1.console.take_inbox()
    session.execute("configure terminal")
    session.execute("end")
    assert (
        "%SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.12.1)" in r1.console.take_inbox()[-1]
    )
    r1.cli("exit")
    r1.cli("")
    r1.cli("admin")
    r1.cli("s3cret")
    r1.cli("configure terminal")
    r1.cli("end")
    assert r1.console.take_inbox()[-1].endswith(
        "%SYS-5-CONFIG_I: Configured from console by admin on console"
    )


def test_ssh_needs_a_key_and_a_line_that_admits_it(r1):
    assert not ssh_available(r1.router)
    assert ssh_key(r1.router) is None
    assert open_vty(r1.router, "ssh", "10.1.12.1", user="admin") == Refused("")
    with_key(r1)
    assert ssh_available(r1.router)
    assert (ssh_key(r1.router).label, ssh_key(r1.router).modulus) == ("R1.lab.local", 1024)
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


def test_enable_on_a_vty_needs_an_enable_password(r1):
    session = telnet(r1, "cisco")
    assert session.execute("enable") == "% No password set\n"
    configure(r1, "enable secret class")
    session.execute("enable")
    assert session.prompt() == "Password: "
    session.execute("class")
    assert session.prompt() == "R1#"


def test_an_idle_vty_is_logged_out_after_its_exec_timeout(r1):
    configure(r1, "line vty 0 4", "exec-timeout 1 0")
    session = telnet(r1, "cisco")
    r1.router.scheduler.advance(59)
    assert not session.closed
    r1.router.scheduler.advance(2)
    assert session.closed
    assert session.take_inbox() == []  # the client is let go; IOS prints nothing on a vty


def test_a_login_left_waiting_times_out_after_30_seconds(r1):
    session = telnet(r1)
    r1.router.scheduler.advance(31)
    assert session.take_inbox() == ["% Password:  timeout expired!"]
    assert session.closed
    configure(r1, "line vty 0 4", "login local")
    session = telnet(r1, "admin")
    r1.router.scheduler.advance(20)
    assert not session.closed  # each prompt has its own 30 seconds
    r1.router.scheduler.advance(11)
    assert session.take_inbox() == ["% Password:  timeout expired!"]


def test_show_users_lists_each_vty_with_its_user_and_address(r1):
    with_key(r1, "line vty 0 4", "login local")
    admin = telnet(r1, "admin", "s3cret")
    r1.router.scheduler.advance(65)
    ssh_client = open_vty(r1.router, "ssh", "192.168.10.200", user="guest")
    ssh_client.start()
    # follows ntc-templates' cisco_ios_show_users.raw and public 15.x captures: absolute and
    # relative line numbers, `*` on one's own line, the address right-aligned after the idle time
    assert ssh_client.execute("show users") == (
        "    Line       User       Host(s)              Idle       Location\n"
        "   0 con 0                idle                 00:01:05   \n"
        " 388 vty 0     admin      idle                 00:01:05 10.1.12.1\n"
        "*389 vty 1     guest      idle                 00:00:00 192.168.10.200\n"
        "\n"
        "  Interface    User               Mode         Idle     Peer Address\n"
    )
    assert admin.execute("show users").splitlines()[2].startswith("*388 vty 0     admin")


def test_show_ssh_lists_the_ssh_sessions_both_ways(r1):
    with_key(r1, "ip ssh version 2", "line vty 0 4", "login local")
    telnet(r1, "admin", "s3cret")
    open_vty(r1.router, "ssh", "10.1.12.9", user="admin").start()
    assert r1.cli("show ssh") == (
        "Connection Version Mode Encryption  Hmac         State                 Username\n"
        "1          2.0     IN   aes128-ctr  hmac-sha1    Session started       admin\n"
        "1          2.0     OUT  aes128-ctr  hmac-sha1    Session started       admin\n"
        "%No SSHv1 server connections running.\n"
    )


def test_zeroize_stops_ssh_and_its_sessions(r1):
    with_key(r1, "line vty 0 4", "login local")
    ssh_client = open_vty(r1.router, "ssh", "10.1.12.9", user="admin")
    ssh_client.start()
    telnet_client = telnet(r1, "admin", "s3cret")
    r1.cli("configure terminal")
    r1.cli("crypto key zeroize rsa")
    r1.cli("yes")
    r1.cli("end")
    assert ssh_client.closed and not telnet_client.closed
    assert not ssh_available(r1.router)


def test_the_keys_survive_a_reload_once_saved(tmp_path):
    router = one_router(tmp_path)
    configure(router, *READY, "crypto key generate rsa modulus 1024", "line vty 0 4", "transport input ssh")
    for line in ("reload", "no", ""):  # not saved: the keys go with the running-config
        router.cli(line)
    router.cli("no")  # its NVRAM is empty: no to the System Configuration Dialog
    router.cli("")
    router.cli("enable")
    assert ssh_key(router.router) is None
    configure(router, *READY, "crypto key generate rsa modulus 1024")
    reload_saved(router)
    assert (ssh_key(router.router).label, ssh_key(router.router).modulus) == ("R1.lab.local", 1024)
    assert "crypto" not in router.cli("show running-config")
    assert "Storage Device: private-config" in router.cli("show crypto key mypubkey rsa")
    again = Lab.load(tmp_path / "one.lab.yml")["R1"]  # the lab opened anew reads its NVRAM
    assert ssh_key(again.router) == ssh_key(router.router)  # the same key, its birth kept


def test_a_reload_drops_the_vty_sessions(r1):
    session = telnet(r1, "cisco")
    for line in ("reload", "no", ""):
        r1.cli(line)
    assert session.closed


def test_login_on_success_log_reports_vty_logins(r1):
    configure(r1, "login on-success log", "login on-failure log", "line vty 0 4", "login local")
    r1.console.take_inbox()
    telnet(r1, "admin", "nope", "admin", "s3cret")
    logged = [line.split(": ", 1)[1] for line in r1.console.take_inbox()]
    assert logged == [
        "%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: admin] [Source: 10.1.12.1] [localport: 23]"
        " [Reason: Login Authentication Failed] at 00:00:00 UTC Fri Mar 1 2002",
        "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.1.12.1] [localport: 23]"
        " at 00:00:00 UTC Fri Mar 1 2002",
    ]


def test_a_startup_config_may_make_the_keys(make_lab):
    lab = make_lab(
        "name: one\ntopology:\n  nodes:\n    R1: {startup-config: R1.cfg}\n",
        R1="hostname R1\nip domain-name lab.local\nip ssh version 2\ncrypto key generate rsa modulus 1024\n",
    )
    assert lab.warnings == []
    assert ssh_available(lab["R1"].router)
