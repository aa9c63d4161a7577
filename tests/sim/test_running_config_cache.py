"""The running-config is rendered once per change: whatever a console does, the next
`show running-config` shows it (the cached render always equals a fresh one)."""

from __future__ import annotations

import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lab_helpers import fresh_lab

from iosemu.config.device import building
from iosemu.sim.link import End, SerialLink

# Every kind of change, in every mode, and what goes with them: dialogs (banners, copy,
# reload), saves (the comment on top), mode changes and lines that change nothing.
DIALOGS = (
    ("banner motd #", "text of a banner", "#"),
    ("copy running-config startup-config", ""),
    ("copy startup-config running-config", ""),
    ("write erase", ""),
    ("reload", "no", ""),
    ("reload", "yes", ""),
    ("configure", "memory"),
)
LINES = (
    "enable",
    "configure terminal",
    "end",
    "exit",
    "hostname R9",
    "hostname Router",
    "interface Loopback1",
    "interface Loopback2",
    "no interface Loopback1",
    "interface Serial0/0/1",
    "default interface Serial0/0/1",
    "interface GigabitEthernet0/1.10",
    "encapsulation dot1Q 10",
    "ip address 10.1.1.1 255.255.255.0",
    "ip address 10.2.2.2 255.255.255.0 secondary",
    "no ip address",
    "description bench",
    "no description",
    "bandwidth 64",
    "clock rate 64000",
    "no clock rate",
    "shutdown",
    "no shutdown",
    "no keepalive",
    "ip route 0.0.0.0 0.0.0.0 10.1.1.2",
    "no ip route 0.0.0.0 0.0.0.0 10.1.1.2",
    "ip domain-name example.com",
    "no ip domain-lookup",
    "username bob password cisco",
    "no username bob",
    "enable secret class",
    "enable password cisco",
    "service password-encryption",
    "no service password-encryption",
    "banner motd #one line#",
    "banner motd #",
    "text of a banner",
    "#",
    "snmp-server community public RO",
    "router rip",
    " network 10.0.0.0",
    "line vty 0 4",
    "line con 0",
    "password cisco",
    "login",
    "exec-timeout 5 0",
    "logging synchronous",
    "do show running-config",
    "show running-config",
    "copy running-config startup-config",
    "copy startup-config running-config",
    "write memory",
    "write erase",
    "configure memory",
    "reload",
    "",
    "no",
    "yes",
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def shows_fresh_config(lab) -> None:
    """`show running-config` equals the running-config rendered afresh from the model."""
    router = lab["R1"].router
    console = lab["R1"].console
    fresh = building(router.running_config_lines(fresh=True)) + "\n"
    if console.mode == "priv_exec" and not console.dialog and not console.closed:
        assert console.execute("show running-config") == fresh
    assert building(router.running_config_lines()) + "\n" == fresh


@SETTINGS
@given(
    steps=st.lists(
        st.one_of(st.sampled_from(LINES).map(lambda line: (line,)), st.sampled_from(DIALOGS)),
        min_size=1,
        max_size=30,
    )
)
def test_show_running_config_follows_every_change(steps):
    with tempfile.TemporaryDirectory() as folder:
        lab = fresh_lab(folder)
        console = lab["R1"].console
        for line in ("", "enable", "configure terminal"):
            console.execute(line)
        for line in [line for step in steps for line in step]:
            shows_fresh_config(lab)  # rendered (and cached) before every line
            lab.advance(61)  # the change comment's clock moves on
            console.execute(line)
        shows_fresh_config(lab)


def test_the_shutdowns_of_boot_show_after_a_startup_config_showed_the_config(tmp_path):
    """Boot shuts the interfaces the startup-config did not configure, after reading it: a
    `do show running-config` inside the file must not leave those out of the next one."""
    lab = fresh_lab(tmp_path)
    router = lab["R1"].router
    router.save_startup("hostname R7\ndo show running-config\nend\n")
    console = lab["R1"].console
    for line in ("", "enable", "reload", ""):
        console.execute(line)
    console.execute("")
    console.execute("enable")
    shown = console.execute("show running-config")
    assert "interface Serial0/0/1\n no ip address\n shutdown\n" in shown
    assert shown == building(router.running_config_lines(fresh=True)) + "\n"


def test_a_cable_plugged_in_after_a_render_shows_its_clock_rate(tmp_path):
    """An ISR's DCE serial end keeps its own clock: `clock rate 2000000` appears when the
    cable is plugged in, even after the running-config was shown."""
    lab = fresh_lab(tmp_path)
    r1, r2 = lab["R1"].router, lab["R2"].router
    assert "interface Serial0/0/1\n no ip address\n shutdown\n!" in "\n".join(r1.running_config_lines())
    dce = End(r1, "Serial0/0/1")
    link = SerialLink(lab.scheduler, dce, End(r2, "Serial0/0/1"), dce)
    r1.attach("Serial0/0/1", link)
    r2.attach("Serial0/0/1", link)
    text = "\n".join(r1.running_config_lines())
    assert "interface Serial0/0/1\n no ip address\n shutdown\n clock rate 2000000\n!" in text
