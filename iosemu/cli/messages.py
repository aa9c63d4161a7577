"""The exact texts IOS prints for CLI errors and dialogs, in one place."""

from __future__ import annotations

INVALID = "% Invalid input detected at '^' marker.\n"
INCOMPLETE = "% Incomplete command.\n"
UNRECOGNIZED = "% Unrecognized command\n"
ENTER_CONFIG = "Enter configuration commands, one per line.  End with CNTL/Z.\n"
UNKNOWN_HOST = "% Unknown command or computer name, or unable to find computer address\n"
BAD_SECRETS = "% Bad secrets\n"
BAD_PASSWORDS = "% Bad passwords\n"
LOGIN_INVALID = "% Login invalid\n"
BUILDING = "Building configuration...\n"
OK = "[OK]\n"


def ambiguous(line: str) -> str:
    return f'% Ambiguous command:  "{line}"\n'


def caret(column: int) -> str:
    """The marker line under the echoed command, then the message and a blank line."""
    return " " * column + "^\n" + INVALID + "\n"


def translating(word: str, domain_lookup: bool) -> str:
    if domain_lookup:
        return f'Translating "{word}"...domain server (255.255.255.255)\n' + UNKNOWN_HOST
    return f'Translating "{word}"\n' + UNKNOWN_HOST


def type_for_subcommands(word: str) -> str:
    return f'% Type "{word} ?" for a list of subcommands\n'
