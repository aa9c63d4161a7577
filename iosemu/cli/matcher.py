"""The IOS word matcher: one word-by-word walk of the LALR parser for execute, `?` and Tab.

Each word is matched against the terminals the parser accepts at that point: an exact
keyword wins, then a unique keyword prefix, then an argument whose type accepts the word.
Several keywords sharing the prefix make the line ambiguous; nothing matching makes it
invalid, with the caret where IOS puts it (the first character no candidate can take).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import Protocol

from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from iosemu.cli.grammar import Grammar, Word
from iosemu.cli.ifnames import GLUED, IFTYPES

END = "$END"
_CREATING = frozenset({"INTERFACE", "NO", "DEFAULT"})
_ARG_ORDER = {"ipv4": 0, "range": 1, "ifnum": 2, "word": 3, "line": 4}


class InterfaceOracle(Protocol):
    """What the device tells the matcher about its interfaces."""

    def interface_types(self) -> frozenset[str]: ...

    def interface_number_ok(self, iftype: str, number: str, creating: bool) -> bool: ...

    def interface_number_help(self, iftype: str) -> tuple[str, str]: ...


@dataclass
class Span:
    text: str
    start: int


@dataclass
class Walk:
    """The result of matching a line: a parse tree, or where and why it stopped."""

    status: str  # ok, invalid, incomplete, ambiguous, partial
    tree: Tree | None = None
    column: int = 0  # caret column within the line, for invalid
    words_used: int = 0  # how many words matched before the stop
    accepts: frozenset[str] = frozenset()
    context: list[str] = field(default_factory=list)  # terminal names fed so far


def split_words(line: str) -> list[Span]:
    return [Span(m.group(), m.start()) for m in re.finditer(r"\S+", line)]


def ipv4_prefix_ok(text: str) -> int:
    """How many leading characters of `text` can begin a dotted-quad address."""
    octets, digits, value = 0, 0, 0
    for i, ch in enumerate(text):
        if "0" <= ch <= "9":
            value = value * 10 + int(ch)
            digits += 1
            if value > 255 or digits > 3:
                return i
        elif ch == "." and digits and octets < 3:
            octets, digits, value = octets + 1, 0, 0
        else:
            return i
    return len(text)


def _range_error(word: Word, text: str) -> int | None:
    """None if `text` is a number in range, else the caret offset inside it."""
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits < len(text):
        return digits
    return None if word.low <= int(text) <= word.high else 0


class Matcher:
    def __init__(self, grammar: Grammar):
        self.grammar = grammar
        self.words = grammar.words
        self._pristine = {}
        self._accepts: dict[tuple, frozenset[str]] = {}
        self._candidates: dict[tuple, tuple[list[Word], list[Word]]] = {}

    # -- parser plumbing -------------------------------------------------------------
    def _parser(self, start: str):
        if start not in self._pristine:
            self._pristine[start] = self.grammar.parser.parse_interactive("", start=start)
        return self._pristine[start].copy()

    def _accepted(self, ip) -> frozenset[str]:
        key = tuple(ip.parser_state.state_stack)
        found = self._accepts.get(key)
        if found is None:
            found = frozenset(ip.accepts())
            self._accepts[key] = found
        return found

    # -- word matching ---------------------------------------------------------------
    def _arg_ok(self, word: Word, text: str, fed: list[str], oracle) -> bool:
        if word.kind == "ipv4":
            return _is_ipv4(text)
        if word.kind == "range":
            return _range_error(word, text) is None
        if word.kind == "ifnum":
            # Only `interface X` (and its no/default forms) may name one that does not exist yet.
            creating = bool(fed) and fed[0] in _CREATING
            return bool(fed) and oracle.interface_number_ok(fed[-1], text, creating)
        return True  # word, line

    def _arg_offset(self, word: Word, text: str) -> int:
        if word.kind == "ipv4":
            return ipv4_prefix_ok(text)
        if word.kind == "range":
            return _range_error(word, text) or 0
        if word.kind == "ifnum":
            return 0
        return len(text)

    def _candidates_for(self, accepts, oracle) -> tuple[list[Word], list[Word]]:
        """The keywords and the arguments (in matching order) among acceptable terminals."""
        usable = oracle.interface_types()
        key = (accepts, usable)
        found = self._candidates.get(key)
        if found is None:
            words = [self.words[n] for n in sorted(accepts) if n in self.words]
            keywords = [
                w for w in words if w.kind == "keyword" and (w.name not in IFTYPES or w.name in usable)
            ]
            arguments = sorted((w for w in words if w.kind != "keyword"), key=lambda w: _ARG_ORDER[w.kind])
            found = self._candidates[key] = (keywords, arguments)
        return found

    def _keywords(self, accepts, oracle) -> list[Word]:
        return self._candidates_for(accepts, oracle)[0]

    def _arguments(self, accepts) -> list[Word]:
        return self._candidates_for(accepts, _NO_ORACLE)[1]

    def match_word(self, text: str, accepts, fed: list[str], oracle):
        """-> (kind, payload): ("ok", Word) | ("ambiguous", None) | ("invalid", offset)."""
        lowered = text.lower()
        keywords, arguments = self._candidates_for(accepts, oracle)
        prefixed = [k for k in keywords if k.display.lower().startswith(lowered)]
        exact = [k for k in prefixed if len(k.display) == len(text)]
        if exact:
            return "ok", exact[0]
        if len(prefixed) == 1:
            return "ok", prefixed[0]
        if len(prefixed) > 1:
            return "ambiguous", None
        for arg in arguments:
            if self._arg_ok(arg, text, fed, oracle):
                return "ok", arg
        offsets = [_common_prefix(lowered, k.display.lower()) for k in keywords]
        offsets += [self._arg_offset(a, text) for a in arguments]
        return "invalid", max(offsets, default=0)

    # -- the walk --------------------------------------------------------------------
    def walk(self, start: str, line: str, oracle, *, upto: int | None = None) -> Walk:
        """Match `line` in mode `start`; with `upto`, stop after that many words (for `?`)."""
        words = split_words(line)
        if upto is not None:
            words = words[:upto]
        ip = self._parser(start)
        fed: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            accepts = self._accepted(ip)
            kind, found = self.match_word(word.text, accepts, fed, oracle)
            if kind == "invalid" and accepts & IFTYPES:
                glued = GLUED.match(word.text)
                if glued:
                    head, tail = glued.groups()
                    kind, found = self.match_word(head, accepts, fed, oracle)
                    if kind == "ok" and found.name in IFTYPES:
                        ip.feed_token(Token(found.name, found.display))
                        fed.append(found.name)
                        words.insert(index + 1, Span(tail, word.start + len(head)))
                        index += 1
                        continue
                    kind, found = "invalid", len(head) if kind == "ok" else found
            if kind == "ambiguous":
                return Walk("ambiguous", words_used=index, context=fed)
            if kind == "invalid":
                return Walk("invalid", column=word.start + found, words_used=index, context=fed)
            value = word.text
            if found.kind == "keyword":
                value = found.display
            elif found.kind == "line":
                value = line[word.start :].rstrip()
                index = len(words) - 1
            try:
                ip.feed_token(Token(found.name, value))
            except UnexpectedInput:  # an LALR default reduction that leads nowhere
                return Walk("invalid", column=word.start, words_used=index, context=fed)
            fed.append(found.name)
            index += 1
        accepts = self._accepted(ip)
        if upto is not None:
            return Walk("partial", words_used=index, accepts=accepts, context=fed)
        if END not in accepts:
            return Walk("incomplete", words_used=index, accepts=accepts, context=fed)
        tree = ip.feed_eof()
        return Walk("ok", tree=tree, words_used=index, context=fed)

    # -- help ------------------------------------------------------------------------
    def options(self, accepts, context: list[str], mode: str, oracle) -> list[tuple[str, str]]:
        """The (display, help) rows `?` lists for these acceptable terminals, in IOS order."""
        previous = context[-1] if context else mode
        # A keyword's help may depend on the words before it (nearest first), then the mode.
        contexts = (*reversed(context), mode)
        rows = []
        for word in self._keywords(accepts, oracle):
            if not word.hidden:
                rows.append((word.display, word.help_in(*contexts)))
        for word in self._arguments(accepts):
            if word.help == "hidden":
                continue
            if word.kind == "ifnum":
                rows.append(oracle.interface_number_help(previous))
            else:
                rows.append((word.display, word.help))
        rows.sort(key=lambda row: _help_order(row[0]))
        if END in accepts:
            rows.append(("<cr>", ""))
        return rows

    def prefix_completions(self, accepts, prefix: str, oracle) -> list[str]:
        lowered = prefix.lower()
        found = [
            w.display
            for w in self._keywords(accepts, oracle)
            if not w.hidden and w.display.lower().startswith(lowered)
        ]
        return sorted(found, key=_help_order)


class _NoOracle:
    @staticmethod
    def interface_types() -> frozenset[str]:
        return frozenset()


_NO_ORACLE = _NoOracle()


def _help_order(display: str):
    # IOS lists numeric keywords by value, then the rest in ASCII order; `|` goes last.
    if display.isdigit():
        return (0, int(display), "")
    if display == "|":
        return (2, 0, display)
    return (1, 0, display)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def parse_ipv4(text: str) -> IPv4Address | None:
    """A dotted quad as IOS reads it (leading zeros allowed), or None."""
    if ipv4_prefix_ok(text) != len(text) or text.count(".") != 3 or text.endswith("."):
        return None
    return IPv4Address(".".join(str(int(octet)) for octet in text.split(".")))


def _is_ipv4(text: str) -> bool:
    return parse_ipv4(text) is not None
