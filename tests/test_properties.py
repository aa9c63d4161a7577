"""Properties of the command engine (hypothesis):
(a) bad input never crashes it, in any mode, through Enter, `?` and Tab;
(b) running-config round-trips: render -> load into a fresh router -> render gives the same text;
(c) any unique prefix of a keyword does what the full keyword does;
(d) output filters answer any pattern, and as Python's `re` does where their syntax agrees;
(e) any text or bytes at a Password:, Username: or other dialog prompt get an IOS answer
    (a vty line's login too).
"""

from __future__ import annotations

import re
import tempfile
from ipaddress import IPv4Network

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lab_helpers import config_body, fresh_lab

from iosemu.cli.boot import boot

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MODE_PATHS = {
    "user_exec": [],
    "priv_exec": ["enable"],
    "config": ["enable", "configure terminal"],
    "config-if": ["enable", "configure terminal", "interface Serial0/0/0"],
    "config-subif": ["enable", "configure terminal", "interface GigabitEthernet0/1.10"],
    "config-line": ["enable", "configure terminal", "line vty 0 4"],
}
PROMPTS = {
    "user_exec": "Router>",
    "priv_exec": "Router#",
    "config": "Router(config)#",
    "config-if": "Router(config-if)#",
    "config-subif": "Router(config-subif)#",
    "config-line": "Router(config-line)#",
}

IOS_WORDS = (
    "enable disable configure terminal memory network interface Serial0/0/0 s0/0/0 Serial gi0/0 "
    "GigabitEthernet0/1.5 Loopback0 lo 0/0/0 0/0 . / ip address no shutdown shut description "
    "bandwidth clock rate 64000 route 0.0.0.0 10.1.1.1 255.255.255.0 255.255.255.255 secondary "
    "hostname banner motd # ^C ^ username password secret 5 7 0 $1$abcd$ service password-encryption "
    "line con console vty 0 4 login local exec-timeout logging synchronous domain-lookup domain-lookup "
    "domain-name domain name lookup show running-config startup-config run start version interfaces "
    "brief int br history users clock terminal length width copy write wr erase reload do end exit "
    "| include exclude begin section count ? default -1 4294967296 999999999999999999999 "
    "point-to-point privilege 15 algorithm-type scrypt md5 sha256"
).split()

junk_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=40),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 ./:-|?#^$", min_size=400, max_size=3000),
    st.lists(st.sampled_from(IOS_WORDS), min_size=1, max_size=14).map(" ".join),
    st.lists(st.sampled_from(IOS_WORDS), min_size=1, max_size=8).map("".join),
)


def _session_in(mode: str, folder: str):
    lab = fresh_lab(folder)
    console = lab["R1"].console
    for line in MODE_PATHS[mode]:
        console.execute(line)
    assert console.prompt() == PROMPTS[mode]
    return console


# -- (a) bad input ---------------------------------------------------------------------------
@SETTINGS
@given(mode=st.sampled_from(sorted(MODE_PATHS)), lines=st.lists(junk_text, min_size=1, max_size=3))
def test_bad_input_never_crashes(mode, lines):
    with tempfile.TemporaryDirectory() as folder:
        console = _session_in(mode, folder)
        for line in lines:
            help_text = console.help(line)
            assert isinstance(help_text, str) and "Internal error" not in help_text
            completed = console.complete(line)
            assert completed is None or isinstance(completed, str)
            output = console.execute(line)
            assert isinstance(output, str)
            assert "% Internal error" not in output, f"{line!r} in {mode}"
            console.take_inbox()


# -- (b) round trip --------------------------------------------------------------------------
PHYSICAL = [
    "GigabitEthernet0/0",
    "GigabitEthernet0/1",
    "GigabitEthernet0/2",
    "Serial0/0/0",
    "Serial0/0/1",
    "Serial0/1/0",
    "Serial0/1/1",
]
word = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,11}", fullmatch=True)
text_line = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _.,:()/-]{0,40}[A-Za-z0-9.)]", fullmatch=True).map(
    lambda s: re.sub(r" +", " ", s)
)


# `no` and `default` forms of interface commands (and settings that undo a default), by the
# kinds of interface that take them.
INTERFACE_FORMS = {
    "": [
        "default description",
        "no description",
        "default ip address",
        "default shutdown",
        "no keepalive",
        "default keepalive",
        "keepalive 5",
        "no ip proxy-arp",
        "default ip proxy-arp",
        "no ip redirects",
        "default ip redirects",
        "no cdp enable",
        "default cdp enable",
        "load-interval 30",
        "default load-interval",
        "mtu 1400",
        "no mtu",
        "ip mtu 1300",
        "default ip mtu",
        "delay 300",
        "no delay",
    ],
    "Serial": [
        "no clock rate",
        "default clock rate",
        "default encapsulation",
        "no fair-queue",
        "default fair-queue",
        "loopback",
        "no loopback",
    ],
    "GigabitEthernet": ["duplex full", "default duplex", "speed 100", "no speed", "no bandwidth"],
}
# ... of global commands: the modelled ones and those IOS prints by itself on a fresh router.
GLOBAL_FORMS = [
    "default hostname",
    "no ip routing",
    "ip routing",
    "ip default-gateway 10.9.9.9",
    "no ip default-gateway",
    "no enable secret",
    "ip domain-lookup",
    "default ip domain-lookup",
    "default ip domain-name",
    "no banner motd",
    "default service password-encryption",
    "default redundancy",
    "no redundancy",
    "default control-plane",
    "no control-plane",
    "ipv6 cef",
    "no ipv6 cef",
    "default ipv6 cef",
    "no ip cef",
    "default ip cef",
    "ip http server",
    "no ip http server",
    "default ip http server",
    "no ip http secure-server",
    "default ip http secure-server",
    "no service timestamps debug",
    "default service timestamps debug",
    "service timestamps log uptime",
    "default service timestamps log",
    "no multilink bundle-name authenticated",
    "default multilink bundle-name authenticated",
    "no aaa new-model",
    "default aaa new-model",
    "no ip forward-protocol nd",
    "default ip forward-protocol nd",
    "scheduler allocate 4000 400",
    "no scheduler allocate",
    "default scheduler allocate",
    "no license udi pid CISCO2911/K9 sn FTX152400KS",
    "no cdp run",
    "default cdp run",
    "no ip source-route",
    "default ip source-route",
    "ntp server 10.9.9.9",
    "no ntp server 10.9.9.9",
    "default ntp server 10.9.9.9",
    "logging buffered 4096",
    "no logging buffered",
    "default logging buffered",
]
# ... of line commands (con, aux, line 2 and the vty lines take them all).
LINE_FORMS = [
    "no password",
    "default password",
    "login",
    "login local",
    "no login",
    "default login",
    "no exec-timeout",
    "default exec-timeout",
    "logging synchronous",
    "no logging synchronous",
    "default logging synchronous",
    "transport input ssh",
    "transport input telnet ssh",
    "no transport input",
    "default transport input",
    "privilege level 15",
    "default privilege level",
    "access-class 10 in",
    "default access-class 10 in",
    "exec",
    "no exec",
    "default exec",
    "stopbits 2",
    "default stopbits",
]


@st.composite
def interface_block(draw, name: str, index: int) -> list[str]:
    lines = [f"interface {name}"]
    if draw(st.booleans()):
        lines.append(f" description {draw(text_line)}")
    if not name.startswith("Loopback") and draw(st.booleans()):
        lines.append(f" bandwidth {draw(st.integers(1, 10_000_000))}")
    if draw(st.booleans()):
        if name.startswith("Loopback"):
            prefix = draw(st.sampled_from([32, 24, 30]))
        else:
            prefix = draw(st.integers(17, 30))
        network = IPv4Network(f"10.{index}.0.0/{prefix}")
        host = network.network_address + (1 if prefix < 32 else 0)
        lines.append(f" ip address {host} {network.netmask}")
    lines.append(" shutdown" if draw(st.booleans()) else " no shutdown")
    forms = [form for kind, forms in INTERFACE_FORMS.items() if name.startswith(kind) for form in forms]
    lines += [f" {form}" for form in draw(st.lists(st.sampled_from(forms), max_size=4))]
    if name.startswith("GigabitEthernet") and draw(st.booleans()):
        lines += draw(xconnect_lines(index))
    return lines


@st.composite
def vpdn_block(draw, number: int) -> list[str]:
    """A vpdn-group: a LAC's (request-dialin, domains, initiate-to) or an LNS's (accept-dialin,
    a virtual template, terminate-from), typed in the new layout or the 12.0 one-line form."""
    peer = f"10.{draw(st.integers(0, 255))}.0.{draw(st.integers(1, 254))}"
    lines = [f"vpdn-group {number}"]
    if draw(st.booleans()):
        domains = draw(st.lists(word, unique=True, min_size=1, max_size=2))
        if draw(st.booleans()):
            lines += [f" request dialin l2tp ip {peer} domain {domains[0]}.com"]
        else:
            lines += [" request-dialin", "  protocol l2tp", *(f"  domain {d}.com" for d in domains)]
            lines += [f" initiate-to ip {peer}"]
    elif draw(st.booleans()):
        lines += [f" accept dialin l2tp virtual-template {number} remote {draw(word)}"]
    else:
        lines += [" accept-dialin", "  protocol any", f"  virtual-template {number}"]
    options = [
        f" local name {draw(word)}",
        f" l2tp tunnel password 0 {draw(word)}",
        " no l2tp tunnel authentication",
    ]
    options += [" l2tp tunnel hello 30", " l2tp tunnel retransmit retries 7", f" source-ip {peer}"]
    return lines + draw(st.lists(st.sampled_from(options), unique=True, max_size=4))


@st.composite
def l2tpv3_blocks(draw) -> list[list[str]]:
    """l2tp-classes and pseudowire-classes with some of their settings (issue 14)."""
    blocks = []
    for name in draw(st.lists(word, unique=True, max_size=2)):
        options = [
            f" hostname {draw(word)}",
            f" password 0 {draw(word)}",
            " hello 30",
            " authentication",
            " digest",
            f" digest secret 0 {draw(word)} hash SHA",
            " retransmit retries 10",
            " retransmit timeout max 4",
            " retransmit initial retries 5",
            " retransmit initial timeout min 2",
            " receive-window 100",
            " cookie size 4",
        ]
        blocks.append(
            [f"l2tp-class {name}", *draw(st.lists(st.sampled_from(options), unique=True, max_size=4))]
        )
    for name in draw(st.lists(word, unique=True, max_size=2)):
        options = [" encapsulation l2tpv3", f" protocol l2tpv3 {draw(word)}", " protocol none"]
        options += [" ip local interface Loopback0", " ip dfbit set"]
        blocks.append(
            [f"pseudowire-class {name}", *draw(st.lists(st.sampled_from(options), unique=True, max_size=3))]
        )
    return blocks


@st.composite
def xconnect_lines(draw, index: int) -> list[str]:
    """An Ethernet interface's xconnect, signalled or manual with its ids and cookies."""
    peer, vcid, pw_class = f"10.{index}.9.9", draw(st.integers(1, 2**32 - 1)), draw(word)
    if not draw(st.booleans()):
        return [f" xconnect {peer} {vcid} pw-class {pw_class}"]
    lines = [f" xconnect {peer} {vcid} encapsulation l2tpv3 manual pw-class {pw_class}"]
    lines.append(f"  l2tp id {draw(st.integers(1, 2**32 - 1))} {draw(st.integers(1, 2**32 - 1))}")
    if draw(st.booleans()):
        lines.append(f"  l2tp cookie local 4 {draw(st.integers(0, 2**32 - 1))}")
    if draw(st.booleans()):
        lines.append(
            f"  l2tp cookie remote 8 {draw(st.integers(0, 2**32 - 1))} {draw(st.integers(0, 2**32 - 1))}"
        )
    return lines


@st.composite
def line_block(draw) -> list[str]:
    """A `line` block (vty ranges and single vty lines, overlapping or not, beyond 0-4 or not,
    con, aux, line 2) with some settings, or the deletion of the vty lines from N up."""
    first, last = sorted(draw(st.lists(st.integers(0, 15), min_size=2, max_size=2, unique=True)))
    kind = draw(st.sampled_from(["range", "single", "other", "delete"]))
    if kind == "delete":
        first = max(first, 5)
        return [f"no line vty {first}" + draw(st.sampled_from(["", f" {max(first, last)}"]))]
    header = {
        "range": f"line vty {first} {last}",
        "single": f"line vty {first}",
        "other": draw(st.sampled_from(["line con 0", "line aux 0", "line 2"])),
    }[kind]
    settings = [
        *draw(st.lists(st.sampled_from(LINE_FORMS), max_size=3)),
        *draw(st.lists(word.map(lambda w: f"password {w}"), max_size=1)),
        *draw(st.lists(st.integers(0, 35791).map(lambda m: f"exec-timeout {m} 0"), max_size=1)),
    ]
    return [header, *(f" {line}" for line in draw(st.permutations(settings)))]


@st.composite
def configuration(draw) -> list[str]:
    blocks: list[list[str]] = []  # one command, or a mode and its sub-commands
    if draw(st.booleans()):
        blocks.append([f"hostname {draw(word)}"])
    if draw(st.booleans()):
        blocks.append([f"enable secret {draw(word)}"])
    if draw(st.booleans()):
        blocks.append(["no ip domain-lookup"])
    if draw(st.booleans()):
        blocks.append([f"ip domain-name {draw(word).lower()}.example"])
    names = draw(st.lists(st.sampled_from(PHYSICAL), unique=True, max_size=5))
    loopbacks = draw(st.lists(st.integers(0, 99), unique=True, max_size=3))
    names += [f"Loopback{n}" for n in loopbacks]
    for index, name in enumerate(names, start=1):
        blocks.append(draw(interface_block(name, index)))
    for _ in range(draw(st.integers(0, 3))):
        prefix = draw(st.integers(8, 32))
        net = IPv4Network((draw(st.integers(0, 2**32 - 1)) & ~((1 << (32 - prefix)) - 1), prefix))
        assume(not net.overlaps(IPv4Network("10.0.0.0/8")))
        hop = f"192.168.{draw(st.integers(0, 255))}.{draw(st.integers(1, 254))}"
        options = draw(st.sampled_from(["", " 5", " name BACKUP", " 200 name B2 permanent"]))
        blocks.append([f"ip route {net.network_address} {net.netmask} {hop}{options}"])
    users = draw(st.lists(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True), unique=True, max_size=3))
    for user in users:
        kind = draw(st.sampled_from(["password", "secret"]))
        blocks.append([f"username {user} {kind} {draw(word)}"])
    if draw(st.booleans()):
        blocks.append([f"banner motd #{draw(text_line)}#"])
    if draw(st.booleans()):
        blocks.append(["line con 0", f" password {draw(word)}", " login", " logging synchronous"])
        blocks[-1].append(f" exec-timeout {draw(st.integers(0, 35791))} {draw(st.integers(0, 59))}")
    if draw(st.booleans()):
        blocks.append(["line vty 0 4", " login local"])
    blocks += draw(st.lists(line_block(), max_size=4))
    if draw(st.booleans()):
        blocks.append(["vpdn enable"])
    for number in draw(st.lists(st.integers(1, 9), unique=True, max_size=2)):
        blocks.append(draw(vpdn_block(number)))
    blocks += draw(l2tpv3_blocks())
    for form in draw(st.lists(st.sampled_from(GLOBAL_FORMS), max_size=5)):
        blocks.insert(draw(st.integers(0, len(blocks))), [form])
    if draw(st.booleans()):
        blocks.append(["service password-encryption"])
    return [line for block in blocks for line in block]


@SETTINGS
@given(commands=configuration(), through_cli=st.booleans())
def test_running_config_round_trip(commands, through_cli):
    """Render, boot a router from the text, render again: the same configuration.  Either
    through the console (`copy running-config startup-config`, `reload`) or by handing the
    text to a fresh router as its startup-config."""
    with tempfile.TemporaryDirectory() as folder:
        lab = fresh_lab(folder)
        console = lab["R1"].console
        console.execute("enable")
        console.execute("configure terminal")
        for line in commands:
            output = console.execute(line)
            warned = output.startswith("% Login disabled on line")  # `login` before `password`
            assert output == "" or warned, f"{line!r} was refused: {output!r}"
        console.execute("end")
        first = config_body(lab["R1"].router)
        if through_cli:
            for line in ("copy running-config startup-config", "", "reload", ""):
                console.execute(line)
            other = lab["R1"].router
        else:
            other = fresh_lab(_mkdir(f"{folder}/other"))["R1"].router  # same hardware and cabling
            other.startup_config = "\n".join(first) + "\n"
            boot(other)
        rejected = other.boot_errors
        assert not rejected, [(r.number, r.line, r.message) for r in rejected]
        assert config_body(other) == first


# -- (c) abbreviations -----------------------------------------------------------------------
# (mode, command); words written in capitals are arguments and are never abbreviated
ABBREVIABLE = [
    ("priv_exec", "show ip interface brief"),
    ("priv_exec", "show running-config"),
    ("priv_exec", "show running-config interface Serial0/0/0"),
    ("priv_exec", "show startup-config"),
    ("priv_exec", "show version"),
    ("priv_exec", "show clock"),
    ("priv_exec", "show users"),
    ("priv_exec", "show interfaces Serial0/0/1"),
    ("priv_exec", "terminal length 0"),
    ("priv_exec", "configure terminal"),
    ("priv_exec", "disable"),
    ("user_exec", "enable"),
    ("config", "hostname R9"),
    ("config", "interface Serial0/0/0"),
    ("config", "ip route 10.0.0.0 255.0.0.0 192.168.1.1"),
    ("config", "no ip domain-lookup"),
    ("config", "ip domain-name example.com"),
    ("config", "username bob password cisco"),
    ("config", "service password-encryption"),
    ("config", "enable password cisco"),
    ("config", "line vty 0 4"),
    ("config", "line console 0"),
    ("config", "banner motd #hi#"),
    ("config-if", "ip address 10.1.1.1 255.255.255.0"),
    ("config-if", "ip address 10.1.1.1 255.255.255.0 secondary"),
    ("config-if", "description uplink"),
    ("config-if", "bandwidth 64"),
    ("config-if", "no shutdown"),
    ("config-if", "shutdown"),
    ("config-if", "clock rate 64000"),
    ("config-if", "no ip address"),
    ("config-if", "do show ip interface brief"),
    ("config-line", "password cisco"),
    ("config-line", "login local"),
    ("config-line", "login"),
    ("config-line", "exec-timeout 5 0"),
    ("config-line", "logging synchronous"),
]
KEYWORD = re.compile(r"^[a-z][a-z-]*$")


def _is_keyword(words: list[str], i: int) -> bool:
    previous = words[i - 1] if i else ""
    if previous in ("hostname", "description", "password", "domain-name", "username", "motd"):
        return False  # the argument of these commands is free text
    return bool(KEYWORD.match(words[i]))


@SETTINGS
@given(case=st.sampled_from(ABBREVIABLE), data=st.data())
def test_unique_prefix_equals_full_keyword(case, data):
    mode, command = case
    words = command.split()
    with tempfile.TemporaryDirectory() as scratch:
        probe = _session_in(mode, scratch)
        typed: list[str] = []
        for i, full in enumerate(words):
            if not _is_keyword(words, i):
                typed.append(full)
                continue
            before = " ".join(words[:i])
            before = before + " " if before else ""
            shortest = next(
                (
                    n
                    for n in range(1, len(full) + 1)
                    if probe.complete(before + full[:n]) == before + full + " "
                ),
                len(full),
            )
            typed.append(full[: data.draw(st.integers(shortest, len(full)), label=full)])
    abbreviated = " ".join(typed)

    results = []
    for line in (command, abbreviated):
        with tempfile.TemporaryDirectory() as folder:
            console = _session_in(mode, folder)
            output = console.execute(line)
            results.append((output, console.prompt(), lab_config(console)))
    assert results[0] == results[1], f"{abbreviated!r} differs from {command!r}"


def lab_config(console) -> list[str]:
    return console.device.running_config_lines()


def _mkdir(path: str) -> str:
    import os

    os.makedirs(path, exist_ok=True)
    return path


# -- (d) output filters ----------------------------------------------------------------------
INVALID_REGEXP = "% Invalid regular expression\n"
hostile_pattern = st.one_of(
    st.text(alphabet="abcdeilnorstuvx019 !._-^$*+?|()[]{}\\:/", min_size=1, max_size=40),
    st.integers(1, 3000).map(lambda n: "(" * n),
    st.integers(1, 1500).map(lambda n: "(" * n + "a" + ")" * n),
    st.lists(
        st.sampled_from(["(", ")", "a+", "*", "+", "?", "[a-z]", "[^a]", "_", "\\(", ".", "|", "$", "^"])
        | st.sampled_from(["[[:alpha:]]", "[[:space:]]+", "[^[:digit:]]", "[[:bogus:]]", "{2}", "\\1"]),
        min_size=1,
        max_size=30,
    ).map("".join),
    st.sampled_from(["(a+)+$", "(a|aa)+$", "(.*)*!", "([[:alpha:]]+)*!", "(a*)*b", "\\", "[", "_"]),
)
FILTERS = ("include", "exclude", "begin", "section", "count")


def _own(pattern: str) -> bool:
    """The blanks around a pattern are not its own: `| include  x ` looks for `x`."""
    return pattern == pattern.strip()


def _described_router(folder, descriptions: list[str]):
    r1 = fresh_lab(folder)["R1"]
    r1.cli("enable")
    r1.cli("configure terminal")
    for number, text in enumerate(descriptions):
        r1.cli(f"interface GigabitEthernet0/{number}")
        r1.console.execute(f"description {text}")  # entered whole: `?` and Tab are not keys here
    r1.cli("end")
    return r1


@pytest.fixture(scope="module")
def described_router(tmp_path_factory):
    """Show commands change nothing: one router serves every example."""
    return _described_router(tmp_path_factory.mktemp("filters"), ["a" * 30 + "!", "to R2 (core), {x}_y"])


@SETTINGS
@given(pattern=hostile_pattern.filter(_own))
def test_filters_answer_any_pattern(capfd, described_router, pattern):
    r1 = described_router
    full = r1.cli("show running-config").splitlines()
    capfd.readouterr()
    out = {verb: r1.console.execute(f"show running-config | {verb} {pattern}") for verb in FILTERS}
    assert capfd.readouterr().err == ""  # no warning, no log line from the engine
    assert "% Internal error" not in "".join(out.values())
    if out["include"] == INVALID_REGEXP:
        assert out == dict.fromkeys(FILTERS[:-1], INVALID_REGEXP) | {"count": ""}
        return
    included, excluded = out["include"].splitlines(), out["exclude"].splitlines()
    assert sorted(included + excluded) == sorted(full)
    assert out["count"] == f"Number of lines which match regexp = {len(included)}\n"
    begun = out["begin"].splitlines()
    assert begun == (full[full.index(included[0]) :] if included else [])
    assert set(included) <= set(out["section"].splitlines()) <= set(full)


atom = st.sampled_from(list("aeinorst0123 !") + [".", "[a-z]", "[^ ]", "[0-9]", "\\.", "[[:digit:]]"])
piece = st.tuples(atom, st.sampled_from(["", "", "*", "+", "?"])).map("".join)
sequence = st.lists(piece, min_size=1, max_size=5).map("".join)
branch = sequence | st.tuples(sequence, sequence).map(lambda pair: f"({pair[0]}|{pair[1]})")
plain_pattern = st.tuples(
    st.sampled_from(["", "^"]),
    st.lists(branch, min_size=1, max_size=3).map("".join),
    st.sampled_from(["", "$"]),
).map("".join)


@SETTINGS
@given(pattern=plain_pattern.filter(_own), descriptions=st.lists(text_line, min_size=1, max_size=2))
def test_filters_agree_with_python_re_where_the_syntax_agrees(pattern, descriptions):
    with tempfile.TemporaryDirectory() as folder:
        r1 = _described_router(folder, descriptions)
        full = r1.cli("show running-config").splitlines()
        included = r1.console.execute(f"show running-config | include {pattern}").splitlines()
    python = re.compile(pattern.replace("[[:digit:]]", "[0-9]"))
    assert included == [line for line in full if python.search(line)]


# -- (e) typed bytes at dialog prompts -------------------------------------------------------
typed_answer = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda b: b.decode("utf-8", "surrogateescape")),  # bytes as typed
    st.lists(st.sampled_from(["\ud800", "\udfff", "\udc80", "x", " ", "\x00", "\t", "\ufffd"])).map("".join),
)
# (commands that open the dialog, from privileged EXEC)
DIALOGS = [
    ["copy running-config startup-config"],
    ["copy startup-config running-config"],
    ["configure"],
    ["erase startup-config"],
    ["clear counters"],
    ["reload"],
    ["ping"],
    ["configure terminal", "banner motd #"],
    ["configure terminal", "hostname R1", "ip domain-name lab.local", "crypto key generate rsa"],
    ["configure terminal", "crypto key generate rsa label K modulus 512", "crypto key generate rsa label K"],
    ["configure terminal", "crypto key generate rsa label K modulus 512", "crypto key zeroize rsa"],
    ["setup", "yes", "yes", "R9", "s3cret", "other", "vty", "no", "gi0/0"],
]


@SETTINGS
@given(secret=word, answers=st.lists(typed_answer, min_size=1, max_size=3), local=st.booleans())
def test_any_text_or_bytes_at_a_password_prompt_is_a_wrong_password(secret, answers, local):
    assume(secret not in answers)
    with tempfile.TemporaryDirectory() as folder:
        r1 = fresh_lab(folder)["R1"]
        for line in (
            "enable",
            "configure terminal",
            f"enable secret {secret}",
            f"username bob secret {secret}",
        ):
            r1.cli(line)
        r1.cli("line console 0")
        r1.cli("login local" if local else "no login")
        r1.cli("end")
        r1.cli("exit" if local else "disable")
        if local:  # Username: and Password: take turns, three times
            r1.cli("")
            outputs = [r1.cli(answer) for answer in answers for _ in (0, 1)]
            assert outputs[1::2] == [
                "\n% Login invalid\n" + ("" if n == 2 else "\n") for n in range(len(answers))
            ]
        else:
            r1.cli("enable")
            outputs = [r1.cli(answer) for answer in answers]
            assert outputs == [""] * (len(answers) - 1) + ["% Bad secrets\n\n" if len(answers) == 3 else ""]
        "".join(outputs).encode("utf-8")  # printable on any terminal: no stray surrogate
        if len(answers) < 3:
            r1.cli("bob" if local else secret)
            r1.cli(secret if local else "")
            assert r1.console.prompt() in ("Router>", "Router#")


@SETTINGS
@given(dialog=st.sampled_from(DIALOGS), answers=st.lists(typed_answer, min_size=1, max_size=4))
@example(dialog=DIALOGS[8], answers=["\udcb2"])  # `²` (byte 0xB2) as the key size: a digit to
@example(dialog=["ping"], answers=["", "1.1.1.1", "\udcb2"])  # str.isdigit, not to int()
def test_any_text_or_bytes_at_a_dialog_prompt_get_an_ios_answer(dialog, answers):
    with tempfile.TemporaryDirectory() as folder:
        r1 = fresh_lab(folder)["R1"]
        r1.cli("enable")
        for line in dialog:
            r1.cli(line)
        for answer in answers:
            output = r1.cli(answer)
            assert "% Internal error" not in output, (dialog, answer)
            output.encode("utf-8")  # printable on any terminal: no stray surrogate
            r1.console.take_inbox()


SETUP_PATHS = [  # the answers that reach each question of the System Configuration Dialog
    [],
    ["yes"],
    ["yes", "yes"],
    ["yes", "yes", "R9"],
    ["yes", "yes", "R9", "s3cret"],
    ["yes", "yes", "R9", "s3cret", "other"],
    ["yes", "yes", "R9", "s3cret", "other", "vty"],
    ["yes", "yes", "R9", "s3cret", "other", "vty", "yes"],
    ["yes", "yes", "R9", "s3cret", "other", "vty", "no", "gi0/0"],
    ["yes", "yes", "R9", "s3cret", "other", "vty", "no", "gi0/0", ""],
    ["yes", "yes", "R9", "s3cret", "other", "vty", "no", "gi0/0", "", "10.1.1.1"],
    ["yes", "yes", "R9", "s3cret", "other", "vty", "no", "gi0/0", "", "10.1.1.1", ""],
]


@SETTINGS
@given(
    path=st.sampled_from(SETUP_PATHS),
    answers=st.lists(st.one_of(typed_answer, st.just(None)), min_size=1, max_size=4),
)
def test_any_text_bytes_or_ctrl_c_at_a_setup_prompt_get_an_ios_answer(path, answers):
    """None stands for Ctrl-C."""
    with tempfile.TemporaryDirectory() as folder:
        r1 = fresh_lab(folder)["R1"]
        for line in ("enable", "erase startup-config", "", "reload", "", *path):
            r1.cli(line)
        for answer in answers:
            output = r1.console.interrupt() if answer is None else r1.cli(answer)
            assert "% Internal error" not in output, (path, answer)
            output.encode("utf-8")
            r1.console.take_inbox()


@SETTINGS
@given(answers=st.lists(typed_answer, min_size=1, max_size=7), local=st.booleans())
def test_any_text_or_bytes_at_a_vty_login_get_an_ios_answer(answers, local):
    """A telnet client typing anything at Username: and Password: is let in only with the
    right secret, told `% Login invalid` or `% Bad passwords` otherwise, and let go after
    three tries; the line is free again once the client is closed."""
    from iosemu.cli.vty import close_vty, open_vty

    with tempfile.TemporaryDirectory() as folder:
        r1 = fresh_lab(folder)["R1"]
        for line in ("enable", "configure terminal", "username bob secret s3cret", "line vty 0 4"):
            r1.cli(line)
        r1.cli("login local" if local else "password s3cret")
        r1.cli("end")
        session = open_vty(r1.router, "telnet", "10.1.12.1")
        session.start()
        for answer in answers:
            if session.closed:
                break
            output = session.execute(answer)
            assert output in ("", "\n% Login invalid\n\n", "\n% Login invalid\n", "% Bad passwords\n"), output
            assert session.prompt() in ("Username: ", "Password: ", "Router>", "")
        close_vty(session)
        assert r1.router.vtys == {}
