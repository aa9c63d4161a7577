"""`iosemu serve`'s SSH ports: a router configured for SSH takes netmiko as a real one does."""

from __future__ import annotations

import socket
import time

import paramiko
import pytest
from served_lab import R1, SERVED

READY = R1.replace(
    "end\n",
    "ip domain-name lab.local\n"
    "enable secret class\n"
    "username admin secret s3cret\n"
    "line vty 0 4\n"
    " login local\n"
    " transport input ssh\n"
    "end\n",
)
KEY = (
    "enable",
    "class",
    "configure terminal",
    "crypto key generate rsa modulus 1024",
    "ip ssh version 2",
    "end",
    "disable",
)


@pytest.fixture
def served(serve):
    return serve(R1=READY, typed=KEY)


def connect(served, password: str = "s3cret"):
    from netmiko import ConnectHandler

    port = served.ssh_port("R1")
    return ConnectHandler(
        device_type="cisco_ios",
        host="127.0.0.1",
        port=port,
        username="admin",
        password=password,
        secret="class",
    )


def test_netmiko_over_ssh_end_to_end(served, tmp_path):
    r1 = connect(served)
    assert r1.find_prompt() == "R1>"
    r1.enable()
    assert r1.find_prompt() == "R1#"
    records = r1.send_command("show ip interface brief", use_textfsm=True)
    assert {
        "interface": "GigabitEthernet0/0",
        "ip_address": "10.0.0.1",
        "status": "up",
        "proto": "up",
    } in records
    output = r1.send_config_set(["interface loopback 0", "ip address 1.1.1.1 255.255.255.255"])
    assert "R1(config-if)#ip address 1.1.1.1 255.255.255.255" in output
    assert "[OK]" in r1.save_config()
    r1.disconnect()
    assert " ip address 1.1.1.1 255.255.255.255\n" in (tmp_path / "lab.nvram" / "R1.cfg").read_text()


def test_a_wrong_password_fails_the_login(served):
    from netmiko import NetmikoAuthenticationException

    with pytest.raises(NetmikoAuthenticationException):
        connect(served, password="guess")


def test_a_router_without_ssh_closes_the_connection_at_once(serve):
    served = serve()  # no RSA key, no ip domain-name
    with socket.create_connection(("127.0.0.1", served.ssh_port("R1")), timeout=5) as client:
        assert client.recv(100) == b""


def test_exit_ends_the_session_and_frees_the_line(served):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    port = served.ssh_port("R1")
    client.connect(
        "127.0.0.1", port=port, username="admin", password="s3cret", look_for_keys=False, allow_agent=False
    )
    key = client.get_transport().get_remote_server_key()
    assert (key.get_name(), key.get_bits()) == ("ssh-rsa", 1024)
    assert client.get_transport().remote_version == "SSH-2.0-Cisco-1.25"
    shell = client.invoke_shell()
    shell.settimeout(10)
    shell.send(b"exit\r")
    seen = b""
    while chunk := shell.recv(1000):
        seen += chunk
    assert seen.startswith(b"R1>exit\r\n")
    client.close()
    served.stop()
    assert served.lab["R1"].router.vtys == {}


def shell_client(served) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    port = served.ssh_port("R1")
    client.connect(
        "127.0.0.1", port=port, username="admin", password="s3cret", look_for_keys=False, allow_agent=False
    )
    return client


def test_a_command_given_to_ssh_runs_and_ends_the_session(served):
    client = shell_client(served)
    _, out, _ = client.exec_command("show ip interface brief | include GigabitEthernet0/0")
    shown = out.read().decode()
    assert shown.split() == ["GigabitEthernet0/0", "10.0.0.1", "YES", "NVRAM", "up", "up"]
    assert shown.endswith("\r\n") and shown.count("\n") == 1  # no prompt, no echo
    client.close()


def test_a_client_dropping_mid_command_frees_its_line_and_the_lab_goes_on(served):
    client = shell_client(served)
    shell = client.invoke_shell()
    shell.settimeout(10)
    shell.send(b"enable\rclass\rshow running-config\r")  # 24 lines a screen: it stops at --More--
    seen = b""
    while b"--More--" not in seen:
        seen += shell.recv(4096)
    client.close()
    again = shell_client(served)
    _, out, _ = again.exec_command("show clock")
    assert out.read().endswith(b" UTC Fri Mar 1 2002\r\n")
    again.close()
    served.stop()
    assert served.lab["R1"].router.vtys == {}


@pytest.mark.parametrize("hardware,cipher", [("c2911", "aes128-ctr"), ("c2811", "aes128-cbc")])
def test_show_ssh_lists_what_the_client_and_the_router_agreed_on(serve, hardware, cipher):
    # IOS 15 offers AES in CTR mode first, 12.4 only CBC; paramiko, as OpenSSH, asks for
    # aes128-ctr first and takes hmac-sha1 where no SHA-2 HMAC is offered
    ethernet = {"c2911": "GigabitEthernet0/0", "c2811": "FastEthernet0/0"}[hardware]
    topology = SERVED.replace("c2911", hardware).replace("GigabitEthernet0/0", ethernet)
    served = serve(topology, R1=READY.replace("GigabitEthernet0/0", ethernet), typed=KEY)
    client = shell_client(served)
    _, out, _ = client.exec_command("show ssh")
    assert out.read().decode().splitlines() == [
        "Connection Version Mode Encryption  Hmac         State                 Username",
        f"0          2.0     IN   {cipher:<12}hmac-sha1    Session started       admin",
        f"0          2.0     OUT  {cipher:<12}hmac-sha1    Session started       admin",
        "%No SSHv1 server connections running.",
    ]
    client.close()


def test_the_host_key_served_is_the_one_show_ip_ssh_prints(served):
    client = shell_client(served)
    served_key = client.get_transport().get_remote_server_key()
    _, out, _ = client.exec_command("show ip ssh")
    shown = out.read().decode().split("IOS Keys in SECSH format(ssh-rsa, base64 encoded):\r\n")[1]
    assert shown.replace("\r\n", "").split() == ["ssh-rsa", served_key.get_base64()]
    client.close()


def test_a_client_that_does_not_log_in_is_dropped_after_ip_ssh_time_out(serve):
    served = serve(R1=READY.replace("end\n", "ip ssh time-out 1\nend\n"), typed=KEY)
    with socket.create_connection(("127.0.0.1", served.ssh_port("R1")), timeout=5) as client:
        assert client.recv(100).startswith(b"SSH-2.0-Cisco-1.25")
        started = time.monotonic()
        while client.recv(100):  # the key exchange offer, then nothing: the router hangs up
            pass
        assert 0.5 < time.monotonic() - started < 4


def test_the_vty_lines_access_class_closes_a_denied_client_at_once(serve):
    access = "access-list 5 deny host 127.0.0.1\naccess-list 5 permit any\nline vty 0 4\n access-class 5 in\n"
    denied = READY.replace("line vty 0 4\n", access).replace(
        " transport input ssh\n", " transport input all\n"
    )
    served = serve(R1=denied, typed=KEY)
    with socket.create_connection(("127.0.0.1", served.ssh_port("R1")), timeout=5) as client:
        assert client.recv(100) == b""  # no SSH banner: refused as IOS refuses it
    vty = served.vty_client("R1")
    with pytest.raises(AssertionError, match="closed before"):
        vty.read_until("Password|Username")
    with served.server.lock:
        counted = served.lab["R1"].cli("show access-lists 5").splitlines()[1]
    assert counted == "    10 deny   127.0.0.1 (2 matches)"
