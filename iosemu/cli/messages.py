"""The exact texts IOS prints for CLI errors and dialogs, in one place."""

from __future__ import annotations

INVALID = "% Invalid input detected at '^' marker.\n"
INCOMPLETE = "% Incomplete command.\n"
UNRECOGNIZED = "% Unrecognized command\n"
INVALID_REGEXP = "% Invalid regular expression\n"
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


UNRECOGNIZED_HOST = "% Unrecognized host or address, or protocol not running.\n\n"


def translating(word: str, name_servers: list | None, failure: str = UNKNOWN_HOST) -> str:
    """A host name IOS cannot resolve: it asks the name servers (or broadcasts) first;
    with `no ip domain lookup` (name_servers None) it gives up at once."""
    if name_servers is None:
        return f'Translating "{word}"\n' + failure
    servers = " ".join(f"({s})" for s in name_servers) or "(255.255.255.255)"
    return f'Translating "{word}"...domain server {servers}\n' + failure


def type_for_subcommands(word: str) -> str:
    return f'% Type "{word} ?" for a list of subcommands\n'
