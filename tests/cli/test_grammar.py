"""The command grammar itself: LALR without conflicts, help for every word, a handler for
every command and a command for every handler."""

from __future__ import annotations

import re

from iosemu.cli.grammar import NO_HELP, START_RULES, grammar_text, load
from iosemu.cli.modes import MODES
from iosemu.cli.session import matcher
from iosemu.config.registry import HANDLERS


def test_grammar_builds_in_strict_mode():
    grammar = load(strict=True)  # shift/reduce and reduce/reduce conflicts raise
    assert set(START_RULES) == set(MODES)
    assert grammar.keywords


def test_every_word_has_help():
    words = load().words
    bare = set(re.findall(rf"^([A-Z][A-Z0-9_]*):.*//\s*{re.escape(NO_HELP)}$", grammar_text(), re.M))
    missing = [w.name for w in words.values() if not w.hidden and not w.help and w.name not in bare]
    assert not missing, f"keywords without help: {missing}"


def test_every_command_has_a_handler_and_every_handler_a_command():
    matcher()  # registers the handlers
    rules = set(re.findall(r"^(?:%extend\s+)?([a-z][a-z0-9_]*):", grammar_text(), re.M))
    rules |= set(re.findall(r"->\s*([a-z][a-z0-9_]*)", grammar_text()))
    commands = {
        r
        for r in rules
        if r.startswith(
            (
                "exec_",
                "cfg_",
                "if_",
                "line_",
                "show_",
                "block_",
                "dhcp_",
                "vpdn_",
                "l2c_",
                "pwc_",
                "xc_",
                "bba_",
                "nacl_",
            )
        )
    }
    structural = {"show"}  # `show` is the pipe wrapper; its bodies are the show_* rules
    assert commands - structural <= set(HANDLERS), sorted(commands - structural - set(HANDLERS))
    assert set(HANDLERS) <= commands, sorted(set(HANDLERS) - commands)


def test_interface_types_are_spelled_alike_in_grammar_and_code():
    from iosemu.cli.ifnames import IFTYPE_NAMES

    words = load().words
    assert {name: words[name].display for name in IFTYPE_NAMES} == IFTYPE_NAMES
