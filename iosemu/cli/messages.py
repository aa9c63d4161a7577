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
NO_PASSWORD_SET = "% No password set\n"
LOGIN_INVALID = "% Login invalid\n"
PASSWORD_REQUIRED = "Password required, but none set\n"  # a line with `login` and no password
BUILDING = "Building configuration...\n"
OK = "[OK]\n"
# A configuration NVRAM cannot hold is refused (IOS: nv_common.c, two lines as printed).
CONFIG_TOO_LARGE = "Configuration too large for \n% Non-volatile configuration memory\n"


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


# NVRAM. A save IOS cannot open (busy, unwritable) prints why, before building anything
# (`write memory` -> "startup-config file open failed (Device or resource busy)"); a failed erase
# is worded as for the other file systems ("%Error erasing flash: (Device is read-only)").
# A configuration NVRAM cannot hold: IOS warns and asks, then stops at the first command that does
# not fit and keeps the old startup-config (the exchange as Cisco's NSO IOS NED quotes it).
NVRAM_FULL_WARNING = (
    "% Warning: Saving this config to nvram may corrupt any network\n"
    "management or security files stored at the end of nvram.\n"
)
NVRAM_FULL_CONTINUE = "Continue? [no]: "
PLEASE_ANSWER_YES_OR_NO = "% Please answer 'yes' or 'no'.\n"


def startup_open_failed(reason: str) -> str:
    return f"startup-config file open failed ({reason})\n"


def nvram_erase_failed(reason: str) -> str:
    return f"%Error erasing nvram: ({reason})\n"


def nvram_save_aborted(line: str) -> str:
    """The answer to NVRAM_FULL_CONTINUE: the first command that did not fit, and no save."""
    return (
        f"% Configuration buffer full, can't add command: {line}\n"
        "%Aborting Save. Compress the config,\n"
        "Save it to flash or Free up space on device[OK]\n"
    )
