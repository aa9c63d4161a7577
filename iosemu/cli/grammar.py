"""The IOS command grammar: joins grammars/*.lark, builds the LALR parser, reads the help table.

Keywords are string terminals; arguments are %declare'd terminals whose comment gives the
`?` display (A.B.C.D, `/nn or A.B.C.D`, H.H.H, <1-255>, WORD, LINE) and help.  The matcher
feeds tokens itself, so the Lark lexer is never used and argument terminals need no pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from lark import Lark

# Joined in this order; later files %extend the rules of earlier ones.
GRAMMAR_FILES = (
    "base",
    "exec",
    "system",
    "interface",
    "ip",
    "ppp",
    "frame_relay",
    "dhcp",
    "logging",
    "clock",
    "show_device",
    "ignored",
    "cdp",
    "ssh",
    "vpdn",
    "l2tpv3",
    "pppoe",
    "telnet",
    "line",
    "capture",
    "acl",
)

START_RULES = (
    "user_exec",
    "priv_exec",
    "config",
    "config_if",
    "config_if_serial",
    "config_if_ethernet",
    "config_if_multilink",
    "config_if_virtual_template",
    "config_if_dialer",
    "config_if_virtual_ppp",
    "config_if_pseudowire",
    "config_bba",
    "config_subif",
    "config_if_range",
    "config_fr_dlci",
    "config_fr_dlci_serial",
    "config_dhcp",
    "config_line",
    "config_std_nacl",
    "config_ext_nacl",
    "config_block",
    "config_vpdn",
    "config_vpdn_req_in",
    "config_vpdn_acc_in",
    "config_l2tp_class",
    "config_pw_class",
    "config_if_xconn",
    "config_subif_xconn",
)

_TERMINAL_LINE = re.compile(
    r'^(?:%declare\s+(?P<arg>[A-Z][A-Z0-9_]*)|(?P<kw>[A-Z][A-Z0-9_]*):\s*"(?P<lit>[^"]*)")'
    r"\s*(?://\s*(?P<help>.*))?$"
)
NO_HELP = "(no help)"
_RANGE = re.compile(r"^<(-?\d+) ?- ?(-?\d+)>$")  # <1-255>, <-23 - 23>


@dataclass(frozen=True)
class Word:
    """One terminal of the grammar as the user sees it: a keyword or an argument."""

    name: str
    kind: str  # keyword, ipv4, mask, hex, range, word, line, ifnum, time, month
    display: str  # what `?` lists: the keyword, A.B.C.D, /nn or A.B.C.D, H.H.H, <1-255>, WORD, LINE
    help: str
    overrides: dict[str, str] = field(default_factory=dict)  # context -> help
    hidden: bool = False
    low: int = 0
    high: int = 0

    def help_in(self, *contexts: str) -> str:
        for context in contexts:
            if context in self.overrides:
                return self.overrides[context]
        return self.help


def _parse_help(text: str) -> tuple[str, dict[str, str], bool]:
    parts = [p.strip() for p in text.split(" | ")]
    default, overrides = parts[0], {}
    for part in parts[1:]:
        context, _, help_text = part.partition(": ")
        overrides[context] = help_text
    hidden = default == "hidden"
    bare = default == NO_HELP  # listed by `?` with no text beside it, as IOS lists some
    return ("" if hidden or bare else default), overrides, hidden


def _argument(name: str, comment: str) -> Word:
    display, _, help_text = comment.partition("  ")
    help_text = help_text.rstrip()  # a help text of IOS's own may start with spaces (clock rate's)
    if display in ("A.B.C.D", "Hostname or A.B.C.D"):  # the second: as an access list's `?` shows it
        return Word(name, "ipv4", display, help_text)
    if display == "/nn or A.B.C.D":
        return Word(name, "mask", display, help_text)
    if display == "H.H.H":
        return Word(name, "hex", display, help_text)
    if display in ("WORD", "LINE", "IFNUM", "MONTH"):
        return Word(name, display.lower(), display, help_text)
    if display == "hh:mm:ss":
        return Word(name, "time", display, help_text)
    match = _RANGE.match(display)
    if not match:
        raise ValueError(f"terminal {name}: unknown argument display {display!r}")
    low, high = int(match[1]), int(match[2])
    return Word(name, "range", display, help_text, low=low, high=high)


def grammar_dir() -> Path:
    """The grammars shipped in the package, or the repository's top-level folder."""
    packaged = resources.files("iosemu") / "grammars"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "grammars"


@dataclass
class Grammar:
    parser: Lark
    words: dict[str, Word]

    @property
    def keywords(self) -> dict[str, Word]:
        return {n: w for n, w in self.words.items() if w.kind == "keyword"}


def grammar_text() -> str:
    folder = grammar_dir()
    return "\n".join((folder / f"{name}.lark").read_text() for name in GRAMMAR_FILES)


def read_words(text: str) -> dict[str, Word]:
    words: dict[str, Word] = {}
    for line in text.splitlines():
        match = _TERMINAL_LINE.match(line.strip())
        if not match:
            continue
        comment = match["help"] or ""
        if match["arg"]:
            words[match["arg"]] = _argument(match["arg"], comment)
        else:
            help_text, overrides, hidden = _parse_help(comment)
            words[match["kw"]] = Word(match["kw"], "keyword", match["lit"], help_text, overrides, hidden)
    return words


@cache
def load(strict: bool = False) -> Grammar:
    """Build the parser once per process (Lark caches the LALR tables on disk)."""
    text = grammar_text()
    parser = Lark(
        text,
        parser="lalr",
        start=list(START_RULES),
        maybe_placeholders=True,
        strict=strict,
        cache=not strict,
    )
    return Grammar(parser, read_words(text))
