"""The System Configuration Dialog after `erase startup-config` and `reload`: `no`, the basic
management setup and its menu, Ctrl-C, and a lab's power-on that hands over a ready console.
The texts follow two real 15.4(3)M3 CISCO1941 consoles (search ids 45269329050: the dialog
declined, and basic management setup saved with [2]; 45348652922: `terminate autoinstall?`
with an Ethernet up, Ctrl-C at the interface question)."""

from __future__ import annotations

LAN = """
name: lan
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {}
    R2: {startup-config: R2.cfg}
  links:
    - endpoints: ["R1:GigabitEthernet0/0", "R2:GigabitEthernet0/0"]
"""
BASIC = ["yes", "yes", "R9", "s3cret", "en4ble", "vty", "no", "gi0/0", "", "192.168.1.1", ""]


def _reloaded(lab, name: str = "R1"):
    """R1 with its NVRAM erased, reloaded: at the dialog's first question."""
    lab.advance(5)
    console = lab[name].console
    for line in ("enable", "erase startup-config", "", "reload"):
        console.execute(line)
    assert console.execute("").endswith("\n\n         --- System Configuration Dialog ---\n\n")
    assert console.prompt() == "Would you like to enter the initial configuration dialog? [yes/no]: "
    return console


def _answer(console, answers: list[str]) -> str:
    return "".join(console.execute(answer) for answer in answers)


def test_a_lab_power_on_with_no_startup_config_gives_a_ready_console(lab):
    console = lab["R1"].console
    assert console.prompt() == "Router>"
    assert console.execute("") == ""


def test_no_leaves_the_dialog_with_the_factory_configuration(lab):
    console = _reloaded(lab)
    assert console.execute("maybe") == "% Please answer 'yes' or 'no'.\n"
    assert console.prompt().startswith("Would you like to enter the initial configuration dialog?")
    assert console.execute("no") == "\n\nPress RETURN to get started!\n\n\n"
    console.execute("")
    assert console.prompt() == "Router>"
    console.execute("enable")
    assert console.execute("show startup-config") == "startup-config is not present\n"
    assert "GigabitEthernet0/0         unassigned      YES unset  administratively down" in console.execute(
        "show ip interface brief"
    )


def test_an_up_ethernet_interface_asks_to_terminate_autoinstall(make_lab):
    lab = make_lab(LAN, R2="interface GigabitEthernet0/0\n no shutdown\n")
    console = _reloaded(lab)
    lab.advance(10)  # the interfaces come up while IOS asks, as its autoinstall has them
    console.take_inbox()
    assert console.execute("no") == "\n"
    assert console.prompt() == "Would you like to terminate autoinstall? [yes]: "
    assert console.execute("") == "\n\nPress RETURN to get started!\n\n\n"
    lab.advance(5)
    assert any(
        "GigabitEthernet0/0, changed state to administratively down" in ln for ln in console.take_inbox()
    )


def test_basic_management_setup_saved_with_2(lab):
    console = _reloaded(lab)
    shown = _answer(console, BASIC[:2])
    assert shown.endswith(
        "extended setup will ask you\nto configure each interface on the system\n\n"
        "Configuring global parameters:\n\n"
    )
    assert console.prompt() == "  Enter host name [Router]: "
    assert _answer(console, ["R9", ""]).endswith("% No defaulting allowed\n")
    assert console.prompt() == "  Enter enable secret: "
    assert console.execute("s3cret").startswith("\n  The enable password is used")
    assert (
        console.execute("s3cret") == "% Please choose a password that is different from the enable secret\n"
    )
    _answer(console, ["en4ble", "vty", "no"])
    assert console.prompt() == (
        "\nEnter interface name used to connect to the\nmanagement network from the above interface summary: "
    )
    assert console.execute("Nowhere0/9") == "Invalid interface\n"
    assert console.execute("gi0/0") == "\nConfiguring interface GigabitEthernet0/0:\n"
    console.execute("")
    assert console.execute("300.1.1.1").startswith("% Bad Internet address.\n")
    console.execute("192.168.1.1")
    assert console.prompt() == "    Subnet mask for this interface [255.255.255.0] : "
    script = console.execute("")
    assert script.startswith(
        "    Class C network is 192.168.1.0, 24 subnet bits; mask is /24\n\n"
        "The following configuration command script was created:\n\nhostname R9\nenable secret 5 $1$"
    )
    assert (
        "interface GigabitEthernet0/0\nno shutdown\nip address 192.168.1.1 255.255.255.0\nno mop enabled\n"
        in script
    )
    assert script.endswith(
        "!\nend\n\n\n[0] Go to the IOS command prompt without saving this config.\n"
        "[1] Return back to the setup without saving this config.\n"
        "[2] Save this configuration to nvram and exit.\n\n"
    )
    assert console.prompt() == "Enter your selection [2]: "
    assert console.execute("") == (
        "Building configuration...\nUse the enabled mode 'configure' command to modify this configuration.\n\n"
        "\nPress RETURN to get started!\n\n\n"
    )
    console.execute("")
    assert console.prompt() == "R9>"
    assert console.execute("enable") == ""
    assert console.prompt() == "Password: "
    console.execute("s3cret")
    assert console.prompt() == "R9#"
    startup = console.execute("show startup-config")
    assert "hostname R9\n" in startup and "ip address 192.168.1.1 255.255.255.0" in startup
    assert " password vty\n" in startup
    assert console.execute("show ip interface brief | include GigabitEthernet0/1").split()[4:6] == [
        "administratively",
        "down",
    ]


def test_the_same_enable_password_twice_is_taken_with_ios_warning(lab):
    console = _reloaded(lab)
    _answer(
        console, ["yes", "yes", "R9", "s3cret", "s3cret", "s3cret", "vty", "no", "gi0/0", "", "10.0.0.1", ""]
    )
    assert console.execute("2").startswith(
        "The enable password you have chosen is the same as your enable secret.\n"
        "This is not recommended.  Re-enter the enable password.\n\nBuilding configuration...\n"
    )


def test_selection_0_goes_to_the_prompt_with_nothing_kept(lab):
    console = _reloaded(lab)
    _answer(console, BASIC)
    console.execute("0")
    assert console.prompt() == "Router#"
    assert console.execute("show startup-config") == "startup-config is not present\n"


def test_selection_1_asks_again(lab):
    console = _reloaded(lab)
    _answer(console, BASIC)
    assert console.execute("1") == "\n\n         --- System Configuration Dialog ---\n\n"
    assert console.prompt() == "Would you like to enter the initial configuration dialog? [yes/no]: "


def test_ctrl_c_aborts_the_dialog_and_changes_nothing(lab):
    console = _reloaded(lab)
    _answer(console, ["yes", "yes", "R9"])
    assert (
        console.interrupt()
        == "\n\nConfiguration aborted, no changes made.\n\n\n\nPress RETURN to get started!\n\n\n"
    )
    console.execute("")
    assert console.prompt() == "Router>"


def test_ctrl_c_at_the_interface_question_says_invalid_interface(lab):
    console = _reloaded(lab)
    _answer(console, BASIC[:7])
    assert console.interrupt().startswith("Invalid interface\n\n\nConfiguration aborted, no changes made.\n")


def test_the_dialog_waits_past_the_exec_timeout(lab):
    console = _reloaded(lab)
    lab.advance(3600)
    assert console.prompt() == "Would you like to enter the initial configuration dialog? [yes/no]: "


def test_a_scheduled_reload_with_an_erased_nvram_comes_up_in_the_dialog(lab):
    lab.advance(5)
    console = lab["R1"].console
    for line in ("enable", "erase startup-config", "", "reload in 1", ""):
        console.execute(line)
    lab.advance(61)
    assert "         --- System Configuration Dialog ---" in console.take_inbox()
    assert console.prompt() == "Would you like to enter the initial configuration dialog? [yes/no]: "


def test_setup_at_the_privileged_prompt_runs_the_dialog_and_comes_back(lab):
    """`setup` at Router# (its banner and `Continue with configuration dialog?` as an IAD2432
    console prints them, search id 18039219293; the end at the prompt is [M])."""
    console = lab["R1"].console
    console.execute("enable")
    assert console.execute("setup") == "\n\n         --- System Configuration Dialog ---\n\n"
    assert console.prompt() == "Continue with configuration dialog? [yes/no]: "
    assert console.execute("no") == ""
    assert console.prompt() == "Router#"
    console.execute("setup")
    _answer(console, BASIC[:-1])
    console.execute("")  # the natural mask
    assert console.execute("2").endswith("modify this configuration.\n\n")
    assert console.prompt() == "R9#"
    assert "hostname R9\n" in console.execute("show startup-config")


def test_setup_is_a_privileged_command_with_ios_help(lab):
    console = lab["R1"].console
    console.execute("enable")
    assert "\n  setup       Run the SETUP command facility\n" in console.help("")
