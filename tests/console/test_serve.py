"""`iosemu serve`: the consoles over telnet, from terminal emulators, programs and netmiko."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from served_lab import R1, SERVED, Client

from iosemu.console.main import main
from iosemu.console.serve import ServeError, Server, listen, table

ROOT = Path(__file__).resolve().parents[2]
BLANK = SERVED.replace(" {startup-config: R1.cfg}", " {}")  # factory-fresh routers


def test_netmiko_over_telnet_end_to_end(serve, tmp_path):
    from netmiko import ConnectHandler

    served = serve()
    r1 = ConnectHandler(device_type="cisco_ios_telnet", host="127.0.0.1", port=served.port("R1"))
    assert r1.find_prompt() == "R1>"
    r1.enable()
    assert r1.find_prompt() == "R1#"
    records = r1.send_command("show ip interface brief", use_textfsm=True)
    by_name = {record["interface"]: record for record in records}
    assert by_name["GigabitEthernet0/0"] == {
        "interface": "GigabitEthernet0/0",
        "ip_address": "10.0.0.1",
        "status": "up",
        "proto": "up",
    }
    assert by_name["Serial0/0/0"]["ip_address"] == "10.1.12.1"
    assert by_name["GigabitEthernet0/1"]["status"] == "administratively down"
    output = r1.send_config_set(["interface loopback 0", "ip address 1.1.1.1 255.255.255.255"])
    assert "R1(config-if)#ip address 1.1.1.1 255.255.255.255" in output
    assert "[OK]" in r1.save_config()
    loopback = r1.send_command("show ip interface brief", use_textfsm=True)[-1]
    assert (loopback["interface"], loopback["ip_address"]) == ("Loopback0", "1.1.1.1")
    r1.disconnect()
    saved = (tmp_path / "lab.nvram" / "R1.cfg").read_text()
    assert "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n" in saved


def test_a_terminal_gets_the_shells_keys_and_a_program_ios_echo(serve):
    served = serve()
    terminal = served.client("R1", terminal="xterm")
    terminal.read_until("R1>")
    terminal.type("terminal length 0\ren\t\rshow ?")
    assert "  clock           Display the system clock" in terminal.read_until("users .*\n")
    program = served.client("R1")
    program.read_until("R1#")
    program.type("sh\tcl\t\r")  # echoed by the router, Tab finishing each word
    out = program.read_until("R1#")
    assert out.startswith("show clock \r\n*00:0") and out.endswith(" UTC Fri Mar 1 2002\r\nR1#")


def test_two_consoles_on_one_device_see_it_and_its_syslog(serve):
    served = serve()
    first, second, third = served.client("R2"), served.client("R2", terminal="xterm"), served.client("R2")
    for client in (first, second, third):
        client.read_until("Router>")
    first.type("enable\rconfigure terminal\rhostname R9\rend\r")
    for client in (first, second, third):  # the program typing, a terminal, another program
        client.read_until("%SYS-5-CONFIG_I: Configured from console by console")
    third.type("\r")
    assert third.read_until("R9#").endswith("\r\nR9#")  # the same session: enabled too


def test_a_client_dropping_mid_command_or_mid_dialog_loses_nothing(serve):
    served = serve()
    paged = served.client("R1")
    paged.read_until("R1>")
    paged.type("enable\rshow running-config\r")
    paged.read_until("--More--")
    paged.close()  # at --More--
    asked = served.client("R1")
    asked.read_until("R1#")
    asked.type("copy running-config startup-config\r")
    asked.read_until(r"Destination filename \[startup-config\]\? ")
    asked.close()  # in the dialog
    back = served.client("R1")
    back.type("\r")  # the dialog is the console's: Return answers it
    assert "[OK]" in back.read_until(r"R1#")
    back.type("show clock\r")
    back.read_until(r"UTC Fri Mar 1 2002\r\nR1#")


def test_a_console_login_refuses_wrong_passwords_then_takes_the_right_one(serve):
    served = serve(R1=R1.replace("end\n", "line console 0\n password cisco\n login\nend\n"))
    wrong = served.client("R1")
    wrong.type("\r")  # the console waits for Return, then asks
    wrong.read_until("User Access Verification\r\n\r\nPassword: ")
    wrong.type("guess\rguess\rguess\r")
    assert wrong.read_until("% Bad passwords\r\n") == "\r\nPassword: \r\nPassword: \r\n% Bad passwords\r\n"
    wrong.read_until("Press RETURN to get started.\r\n")
    wrong.type("\rcisco\r")
    wrong.read_until("Password: \r\nR1>")


def test_telnet_to_the_vty_lines_meets_their_login(serve):
    vty = R1.replace("end\n", "line vty 0 4\n password cisco\n login\nend\n")
    served = serve(R1=vty)
    client = served.vty_client("R1")
    assert client.read_until("Password: ").endswith("\r\nUser Access Verification\r\n\r\nPassword: ")
    client.type("cisco\r")
    client.read_until("\r\nR1>")
    client.type("exit\r")
    client.read_until("exit\r\n")
    with pytest.raises(AssertionError, match="closed before"):
        client.read_until("R1")  # exit ends the connection
    refused = served.vty_client("R2")  # a factory-fresh router: login, and no password
    refused.read_until("Password required, but none set\r\n")
    with pytest.raises(AssertionError, match="closed before"):
        refused.read_until("Router")


def test_pcs_get_their_own_prompt(serve):
    served = serve()
    pc = served.client("PC1")
    pc.read_until(r"C:\\>")
    pc.type("ping 10.0.0.1\r")
    assert "Reply from 10.0.0.1" in pc.read_until(r"C:\\>")


def test_timers_fire_while_nobody_types(serve):
    served = serve(speed=200)
    console = served.client("R1")
    console.read_until("R1>")
    console.type("enable\rconfigure terminal\rline console 0\rexec-timeout 0 30\rend\r")
    console.read_until("R1#")
    console.read_until("Press RETURN to get started.", timeout=20)


def test_the_start_up_table_lists_every_device_and_its_ports(make_lab):
    server = Server(make_lab(BLANK), port=0, ssh_port=0)
    try:
        out = io.StringIO()
        table(server, out)
        console, ssh = (sock.getsockname()[1] for sock in (server.ports[0].console, server.ports[0].ssh))
    finally:
        server.close_ports()
    rows = {}
    for line in out.getvalue().splitlines():
        if "│" in line:
            cells = [cell.strip() for cell in line.split("│")[1:-1]]
            rows[cells[0]] = cells[1:]
    assert list(rows) == ["R1", "R2", "PC1"]
    assert rows["R1"] == [str(console), f"telnet 127.0.0.1 {console}", str(ssh)]
    assert rows["PC1"][-1] == "-"  # no SSH on a PC


@pytest.mark.parametrize("bind,address", [(None, "127.0.0.1"), ("127.0.0.2", "127.0.0.2")])
def test_serve_listens_on_loopback_unless_told_otherwise(make_lab, bind, address):
    options = {"bind": bind} if bind else {}
    server = Server(make_lab(BLANK), port=0, ssh_port=0, vty_telnet=0, **options)
    try:
        listening = {sock.getsockname()[0] for row in server.ports for sock in row.sockets()}
    finally:
        server.close_ports()
    assert listening == {address}


def test_a_port_in_use_is_one_clear_line(make_lab, capsys, tmp_path):
    taken = listen("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(ServeError, match=f"port {port} on 127.0.0.1 is in use"):
            Server(make_lab(BLANK), port=port)
        assert main(["serve", str(tmp_path / "lab.lab.yml"), "--port", str(port)]) == 1
    finally:
        taken.close()
    assert (
        capsys.readouterr().err
        == f"iosemu serve: port {port} on 127.0.0.1 is in use (another iosemu serve? try --port)\n"
    )


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_sigint_and_sigterm_stop_serve_and_saved_configs_stay(tmp_path, number):
    lab = tmp_path / "lab.lab.yml"
    lab.write_text(BLANK)
    command = [sys.executable, "-m", "iosemu", "serve", str(lab), "--port", "0", "--ssh-port", "0"]
    command += ["--vty-telnet", "0", "--bind", "127.0.0.1", "--speed", "2"]
    env = os.environ | {"HOME": str(tmp_path), "COLUMNS": "100"}
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    try:
        header = "".join(server.stdout.readline() for _ in range(5))
        assert "VTY telnet port" in header  # the options reached the server
        port = int(header.split("telnet 127.0.0.1 ")[1].split()[0])
        client = Client(port)
        client.read_until("Router>")
        client.type("enable\rconfigure terminal\rhostname Saved\rend\rwrite memory\r")
        client.read_until(r"\[OK\]")
        server.send_signal(number)
        out, err = server.communicate(timeout=20)
    finally:
        server.kill()
    assert server.returncode == 0 and err == ""
    assert "hostname Saved\n" in (tmp_path / "lab.nvram" / "R1.cfg").read_text()


def test_what_the_loop_reads_of_the_lab_waits_for_a_command_that_holds_it(serve):
    # Tab reads the router's grammar and configuration: while a command's thread has the lab
    # (here the test holds its lock), the completion waits, then comes.
    served = serve()
    program = served.client("R1")
    program.type("\rshow clock\r")
    program.read_until("2002\r\nR1>")  # the command is over
    with served.server.lock:
        program.type("sh\t")
        assert program.read_until("sh") == "sh"
        with pytest.raises((AssertionError, TimeoutError)):  # nothing more comes meanwhile
            program.read_until("ow", timeout=0.5)
    assert program.read_until("ow ") == "ow "


def test_a_terminal_gets_ctrl_z_the_history_and_more(serve):
    served = serve()
    terminal = served.client("R1", terminal="xterm")
    terminal.read_until("R1>")
    terminal.type("enable\rconfigure terminal\r")
    terminal.read_until(r"R1\(config\)#")
    terminal.type("\x1a")  # Ctrl-Z: back to privileged EXEC
    assert "^Z" in terminal.read_until("R1#")
    terminal.type("show running-config\r")
    terminal.read_until("--More--")
    terminal.type("q")
    terminal.read_until("R1#")
    terminal.type("\x1b[A\r")  # the up arrow: the last line again
    terminal.read_until("--More--")
