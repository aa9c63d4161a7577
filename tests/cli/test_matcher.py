"""What the matcher remembers of earlier lines (the trees of lines of one shape, the first
words a mode refused) changes nothing a user sees."""

from __future__ import annotations


def _configuring(lab):
    r1 = lab["R1"]
    for line in ("", "enable", "configure terminal"):
        r1.cli(line)
    return r1


def test_lines_of_one_shape_keep_their_own_arguments(lab):
    r1 = _configuring(lab)
    for n in (1, 2, 3):
        r1.cli(f"interface Loopback{n}")
        r1.cli(f" description link number {n}")
        r1.cli(f" ip address 10.0.0.{n} 255.255.255.0" if n == 1 else f" ip address 10.0.{n}.1 255.255.255.0")
    r1.cli("end")
    running = r1.cli("show running-config")
    for n, address in ((1, "10.0.0.1"), (2, "10.0.2.1"), (3, "10.0.3.1")):
        block = running.split(f"interface Loopback{n}\n")[1].split("!")[0]
        assert f" description link number {n}\n" in block
        assert f" ip address {address} 255.255.255.0\n" in block


def test_a_first_word_a_mode_refused_is_refused_alike_again(lab):
    r1 = _configuring(lab)
    r1.cli("interface Loopback1")
    first = r1.cli("interfaz Loopback2")  # walked in full, then remembered
    assert first.endswith("^\n% Invalid input detected at '^' marker.\n\n")
    assert r1.cli("interfaz Loopback2") == first
    assert r1.cli("INTERFAZ Loopback9") == first
    # The sub-mode refuses `interf`, global configuration takes it, each time.
    for n in (3, 4):
        assert r1.cli(f"interf Loopback{n}") == ""
        assert r1.cli(" shutdown") == ""
    assert "interface Loopback4\n no ip address\n shutdown\n" in r1.cli("do show running-config")


# A line of a shape seen before (its first word and its length) is matched against the plan
# of how the earlier line walked, word by word: what the plan remembers must never decide
# what a new line means.


def _caret(prompt: str, column: int) -> str:
    return " " * (len(prompt) + column) + "^\n% Invalid input detected at '^' marker.\n\n"


def test_each_argument_of_a_line_of_a_known_shape_is_checked_again(lab):
    r1 = _configuring(lab)
    r1.cli("interface Loopback1")
    assert r1.cli(" ip address 10.0.0.1 255.255.255.0") == ""
    assert r1.cli(" ip address 10.0.0.300 255.255.255.0") == _caret("Router(config-if)#", 21)
    assert r1.cli(" ip address 10.0.0.1 255.255.0.255") == "Bad mask 0xFFFF00FF for address 10.0.0.1\n"
    assert r1.cli(" ip address dhcp 10.0.0.1") == _caret("Router(config-if)#", 17)
    r1.cli("exit")
    assert r1.cli("interface Loopback2147483647") == ""
    r1.cli("exit")
    assert r1.cli("interface Loopback2147483648") == _caret("Router(config)#", 18)


def test_keywords_of_one_shape_stay_apart(lab):
    r1 = _configuring(lab)
    r1.cli("interface GigabitEthernet0/1")
    for speed in ("100", "10", "1000", "auto", "10"):
        assert r1.cli(f" speed {speed}") == ""
        assert f" speed {speed}\n" in r1.cli("do show running-config interface GigabitEthernet0/1")
    assert r1.cli(" speed 99") == _caret("Router(config-if)#", 7)


def test_the_same_line_in_another_mode_is_that_mode_s_line(lab):
    r1 = _configuring(lab)
    r1.cli("interface Loopback1")
    assert r1.cli(" ip address 10.1.1.1 255.255.255.0") == ""
    assert r1.cli(" shutdown") == ""
    r1.cli("exit")
    assert r1.cli(" ip address 10.1.1.2 255.255.255.0") == _caret("Router(config)#", 5)
    assert r1.cli(" shutdown") == _caret("Router(config)#", 2)


def test_an_interface_a_known_line_named_must_still_exist(lab):
    r1 = lab["R1"]
    for line in ("", "enable"):
        r1.cli(line)
    assert r1.cli("show interfaces Loopback5") == _caret("Router#", 24)
    r1.cli("configure terminal")
    r1.cli("interface Loopback5")
    r1.cli("end")
    assert r1.cli("show interfaces Loopback5").startswith("Loopback5 is up")
    assert r1.cli("show interfaces Loopback6") == _caret("Router#", 24)
    r1.cli("configure terminal")
    r1.cli("no interface Loopback5")
    r1.cli("end")
    assert r1.cli("show interfaces Loopback5") == _caret("Router#", 24)


def test_a_known_line_is_the_platform_s_line(make_lab):
    lab = make_lab(
        """
        name: two-platforms
        topology:
          nodes:
            R15: {kind: router, type: c2911}
            R12: {kind: router, type: c2811}
        """
    )
    r15, r12 = lab["R15"], lab["R12"]
    for line in ("", "enable", "configure terminal"):
        r15.cli(line)
        r12.cli(line)
    refused = _caret("Router(config)#", 10)
    for router, line, answer in (
        (r15, "interface GigabitEthernet0/1", ""),
        (r12, "interface GigabitEthernet0/1", refused),  # a 2811 has FastEthernet ports
        (r12, "interface FastEthernet0/1", ""),
        (r15, "exit", ""),
        (r15, "interface FastEthernet0/1", refused),
    ):
        assert router.cli(line) == answer, (router.name, line)


def test_help_and_completion_after_lines_of_their_shape(lab):
    r1 = _configuring(lab)
    r1.cli("interface Loopback1")
    before = [r1.cli(text) for text in (" ip address ?", " ip address 10.0.0.2 ?", " ip add?")]
    for n in (1, 2):
        r1.cli(f" ip address 10.0.{n}.1 255.255.255.0")
        assert [r1.cli(text) for text in (" ip address ?", " ip address 10.0.0.2 ?", " ip add?")] == before
    assert "A.B.C.D" in before[0] and "A.B.C.D" in before[1]


def test_a_changed_hostname_is_in_the_prompt_and_under_the_caret(lab):
    r1 = _configuring(lab)
    r1.cli("interface Loopback1")
    assert r1.cli(" ip address 10.0.0.300 255.255.255.0") == _caret("Router(config-if)#", 21)
    r1.cli("hostname Edge-Router-7")  # a global command: back to global configuration
    assert r1.console.prompt() == "Edge-Router-7(config)#"
    r1.cli("interface Loopback1")
    assert r1.cli(" ip address 10.0.0.300 255.255.255.0") == _caret("Edge-Router-7(config-if)#", 21)
    assert r1.cli(" ip address 10.0.0.3 255.255.255.0") == ""


def test_glued_and_spaced_names_and_abbreviations_of_a_known_shape(lab):
    r1 = _configuring(lab)
    for line in ("interface Loopback1", "interface loopback 2", "int lo3", "interface Lo4", "int Multilink5"):
        assert r1.cli(line) == "", line
    assert r1.cli("int Lx6") == _caret("Router(config-if)#", 5)  # as global configuration reads it
    r1.cli("end")
    brief = r1.cli("show ip interface brief")
    for name in ("Loopback1", "Loopback2", "Loopback3", "Loopback4", "Multilink5"):
        assert f"\n{name} " in brief
