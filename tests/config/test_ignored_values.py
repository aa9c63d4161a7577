"""Settings iosemu accepts without modelling that still take only the values IOS's parser takes
(grammars/ignored.lark): a line's databits, stopbits, parity, speed, flowcontrol,
session-timeout and history, an interface's hold-queue and serial restart-delay, `logging
trap`, `queue-list`'s number. Their `?` lists what IOS lists, a wrong value is refused under
the caret, a valid line is kept as typed.

The keywords, help texts and ranges are those of IOS's own parser files (cfg_line_databits.h,
cfg_line_stopbits.h, cfg_line_parity.h, cfg_line_speed.h, cfg_line_flowcontrol.h, the line's
session-timeout and history, cfg_int_hold-queue.h, the serial restart-delay, cfg_logging.h, the
queue-list), which `search` finds; the speed and session-timeout ranges are those the cisco.ios
collection's ios_line documents for IOS XE. The hold-queue's range is the 12.x command
reference's (0 to 65535)."""

from __future__ import annotations

import pytest
from lab_helpers import one_router

LINE_PROMPT = "Router(config-line)#"
IF_PROMPT = "Router(config-if)#"
CONFIG_PROMPT = "Router(config)#"

HELP = {
    "databits ?": """\
  5  Number of data bits
  6
  7
  8

""",
    "stopbits ?": """\
  1    One stop bit
  1.5  One and one-half stop bits
  2    Two stop bits

""",
    "parity ?": """\
  even   Even parity
  mark   Mark parity
  none   No parity
  odd    Odd parity
  space  Space parity

""",
    "speed ?": "  <0-4294967295>  Transmit and receive speeds\n\n",
    "flowcontrol ?": """\
  NONE      Set no flow control
  hardware  Set hardware flow control
  software  Set software flow control

""",
    "flowcontrol software ?": """\
  in    Listen to flow control from the attached device
  lock  Ignore network host requests to change flow control
  out   Send flow control information to the attached device
  <cr>

""",
    "flowcontrol hardware ?": """\
  in    Listen to flow control from the attached device
  out   Send flow control information to the attached device
  <cr>

""",
    "session-timeout ?": "  <0-35791>  Session timeout interval in minutes\n\n",
    "session-timeout 10 ?": """\
  output  Include output traffic as well as input traffic
  <cr>

""",
    "no databits ?": "  <cr>\n\n",
    "history ?": "  size  Set history buffer size\n  <cr>\n\n",
    "history size ?": "  <0-256>  Size of history buffer\n\n",
}
IF_HELP = {
    "hold-queue ?": "  <0-65535>  Queue length\n\n",
    "hold-queue 100 ?": """\
  in   Input queue
  out  Output queue

""",
    "no hold-queue ?": """\
  <0-65535>  Queue length
  in         Input queue
  out        Output queue

""",
    "serial restart-delay ?": "  <0-900>  Restart delay (seconds)\n\n",
}
LOGGING_TRAP_HELP = """\
  <0-7>          Logging severity level
  alerts         Immediate action needed           (severity=1)
  critical       Critical conditions               (severity=2)
  debugging      Debugging messages                (severity=7)
  emergencies    System is unusable                (severity=0)
  errors         Error conditions                  (severity=3)
  informational  Informational messages            (severity=6)
  notifications  Normal but significant conditions (severity=5)
  warnings       Warning conditions                (severity=4)
  <cr>

"""


def in_mode(folder, *entering: str):
    router = one_router(folder)
    for line in ("enable", "configure terminal", *entering):
        router.cli(line)
    return router


def refused_at(prompt: str, line: str, bad: str) -> str:
    column = len(prompt) + len(line) - len(bad)
    return " " * column + "^\n% Invalid input detected at '^' marker.\n\n"


def block_of(router, header: str) -> list[str]:
    lines = router.cli(f"do show running-config | section {header}").splitlines()
    return [line for line in lines[1:] if line.startswith(" ")]


@pytest.mark.parametrize("typed", sorted(HELP))
def test_line_settings_help_lists_what_ios_lists(tmp_path, typed):
    router = in_mode(tmp_path, "line con 0")
    assert router.cli(typed) == HELP[typed]


@pytest.mark.parametrize("typed", sorted(IF_HELP))
def test_interface_settings_help_lists_what_ios_lists(tmp_path, typed):
    router = in_mode(tmp_path, "interface Serial0/0/0")
    assert router.cli(typed) == IF_HELP[typed]


LINE = (("line con 0",), LINE_PROMPT)
SERIAL = (("interface Serial0/0/0",), IF_PROMPT)
CONFIG = ((), CONFIG_PROMPT)


@pytest.mark.parametrize(
    "mode, line, bad",
    [
        (LINE, "databits 9", "9"),
        (LINE, "databits abc", "abc"),
        (LINE, "databits 7 8", "8"),
        (LINE, "no databits 7", "7"),  # `no databits` takes no value
        (LINE, "stopbits 3", "3"),
        (LINE, "stopbits 1.25", "25"),  # under the first character no keyword has
        (LINE, "parity high", "high"),
        (LINE, "speed 4294967296", "4294967296"),
        (LINE, "speed fast", "fast"),
        (LINE, "flowcontrol xon", "xon"),
        (LINE, "flowcontrol hardware lock", "lock"),  # lock is for software flow control only
        (LINE, "flowcontrol software in out", "out"),
        (LINE, "session-timeout 35792", "35792"),
        (LINE, "session-timeout 10 input", "input"),
        (LINE, "history 20", "20"),
        (LINE, "history size 257", "257"),
        (SERIAL, "hold-queue abc", "abc"),
        (SERIAL, "hold-queue 100 both", "both"),
        (SERIAL, "hold-queue 65536 in", "65536 in"),
        (SERIAL, "serial restart-delay 901", "901"),
        (SERIAL, "serial restart-delay soon", "soon"),
        (CONFIG, "queue-list 17 protocol ip 1", "17 protocol ip 1"),
        (CONFIG, "queue-list default", "default"),
    ],
)
def test_a_value_ios_refuses_is_refused_at_the_caret_and_not_saved(tmp_path, mode, line, bad):
    entering, prompt = mode
    router = in_mode(tmp_path, *entering)
    before = router.cli("do show running-config")
    assert router.cli(line) == refused_at(prompt, line, bad)
    assert router.cli("do show running-config") == before


def test_a_hold_queue_without_its_queue_is_incomplete(tmp_path):
    router = in_mode(tmp_path, "interface Serial0/0/0")
    assert router.cli("hold-queue 100") == "% Incomplete command.\n\n"


def test_valid_line_settings_are_kept_as_typed(tmp_path):
    router = in_mode(tmp_path, "line con 0")
    kept = [
        "databits 7",
        "stopbits 1",
        "parity even",
        "speed 9600",
        "flowcontrol software in lock",
        "session-timeout 10 output",
        "history size 200",
    ]
    for line in kept:
        assert router.cli(line) == "", line
    assert sorted(block_of(router, "line con 0")) == sorted(f" {line}" for line in kept)
    assert router.cli("stopbits 1.5") == ""  # a new value replaces the old
    assert " stopbits 1.5" in block_of(router, "line con 0")
    assert " stopbits 1" not in block_of(router, "line con 0")


def test_each_hold_queue_is_its_own_setting(tmp_path):
    router = in_mode(tmp_path, "interface Serial0/0/0")
    for line in ("hold-queue 75 in", "hold-queue 40 out", "hold-queue 500 in", "serial restart-delay 0"):
        assert router.cli(line) == "", line
    assert block_of(router, "interface Serial0/0/0")[2:] == [
        " hold-queue 500 in",
        " hold-queue 40 out",
        " serial restart-delay 0",
    ]


def test_logging_trap_takes_the_levels_of_the_other_logging_destinations(tmp_path):
    router = in_mode(tmp_path)
    assert router.cli("logging trap ?") == LOGGING_TRAP_HELP
    assert router.cli("logging trap 8") == refused_at(CONFIG_PROMPT, "logging trap 8", "8")
    assert router.cli("logging trap loud") == refused_at(CONFIG_PROMPT, "logging trap loud", "loud")
    assert router.cli("logging trap warnings") == ""
    assert "logging trap warnings" in router.cli("do show running-config").splitlines()


def test_a_new_value_replaces_the_old_and_no_puts_back_the_default_that_is_not_shown(tmp_path):
    router = in_mode(tmp_path, "line aux 0")
    for line in ("databits 7", "databits 6", "parity odd", "parity even", "history size 10"):
        assert router.cli(line) == "", line
    assert block_of(router, "line aux 0") == [" history size 10", " databits 6", " parity even"]
    for line in ("no databits", "no parity", "no history size", "no stopbits"):
        assert router.cli(line) == "", line
    assert block_of(router, "line aux 0") == []
    router.cli("interface Serial0/0/0")
    for line in ("hold-queue 100 in", "hold-queue 10 out", "no hold-queue in"):
        assert router.cli(line) == "", line
    assert block_of(router, "interface Serial0/0/0") == [" no ip address", " shutdown", " hold-queue 10 out"]
