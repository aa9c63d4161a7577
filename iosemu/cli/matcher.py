"""The IOS word matcher: one word-by-word walk of the LALR parser for execute, `?` and Tab.

Each word is matched against the terminals the parser accepts at that point: an exact
keyword wins, then a unique keyword prefix, then an argument whose type accepts the word.
Several keywords sharing the prefix make the line ambiguous; nothing matching makes it
invalid, with the caret where IOS puts it (the first character no candidate can take).
A line of a shape walked before (its first word and length, in that mode, on that
platform) is matched word by word against how the last such lines walked (`_replay`), and
walks in full only when its words would take another way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from ipaddress import IPv4Address
from itertools import islice
from typing import Protocol

from lark import Token, Tree
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_interactive_parser import InteractiveParser
from lark.parsers.lalr_parser_state import ParserState

from iosemu.cli.grammar import Grammar, Word
from iosemu.cli.ifnames import GLUED, IFTYPES

END = "$END"
# The commands that may name an interface that does not exist yet: `interface X` (and the no and
# default forms) and a pseudowire-class's `ip local interface X` (a startup-config has it first).
_CREATING = frozenset({"INTERFACE", "NO", "DEFAULT", "PWC_IP"})
_ARG_ORDER = {
    "ipv4": 0,
    "mask": 0,
    "hex": 0,
    "range": 1,
    "time": 1,
    "ifnum": 2,
    "month": 3,
    "word": 3,
    "line": 4,
}
# Words IOS takes first on a line in these modes that iosemu does not run (c1941_config_session.txt,
# and a 12.4 router's `?` listing `if-mgr` and `isdn`). Each needs more words, so one alone is an
# incomplete command. A visible one (`?` lists it) places the caret of a first word nothing takes;
# a hidden one does not: `inter` is incomplete, yet `interface g0/0` has the caret under the `n`.
UNRUN = {
    "priv_exec": (("if-mgr", True), ("interface", False), ("isdn", True)),
    "config": (("write", False),),
}
_TREES = 16  # per parser state: enough for the commands, bounded whatever is typed
_REFUSED = 64  # first words a mode refused, per mode and platform: bounded whatever is typed
_SHAPES = 512  # line shapes with plans, per mode and platform: bounded whatever is typed
_MASKS = 128  # masks read, by spelling: bounded whatever is typed
_PLANS = 4  # plans per shape: the lines of one first word and length (ip address, ip route ...)
# An octet's spellings, up to three digits (7, 07, 007), and its value.
_OCTETS = {f"{n:0{width}}": n for n in range(256) for width in (1, 2, 3) if n < 10**width}


class InterfaceOracle(Protocol):
    """What the device tells the matcher about its interfaces and its release."""

    def interface_types(self) -> frozenset[str]: ...

    def missing_keywords(self) -> frozenset[str]:
        """Terminals (keywords or arguments) this release does not have (refused as any unknown word)."""
        ...

    def interface_number_ok(self, iftype: str, number: str, creating: bool) -> bool: ...

    def interface_number_help(self, iftype: str) -> tuple[str, str]: ...


@dataclass(slots=True)
class Span:
    text: str
    start: int


@dataclass(slots=True)
class Walk:
    """The result of matching a line: a parse tree, or where and why it stopped."""

    status: str  # ok, invalid, incomplete, ambiguous, partial
    tree: Tree | None = None
    words_used: int = 0  # how many words matched before the stop
    accepts: frozenset[str] = frozenset()
    context: list[str] = field(default_factory=list)  # terminal names fed so far
    caret: Callable[[], int] | None = None  # works out `column`, for invalid

    @property
    def column(self) -> int:
        """The caret column within the line, for invalid (worked out only when shown: a
        line a sub-mode refuses is often one its parent mode takes)."""
        return self.caret() if self.caret is not None else 0


def split_words(line: str) -> list[Span]:
    texts = line.split()
    return [Span(text, start) for text, start in zip(texts, _starts(line, texts), strict=True)]


def _starts(line: str, texts: list[str]):
    """Where each of the words `texts` (from `line.split()`) begins in `line`."""
    position = 0
    for text in texts:
        position = line.index(text, position)
        yield position
        position += len(text)


def _start_of(line: str, texts: list[str], index: int) -> int:
    return next(islice(_starts(line, texts), index, None))


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
    sign = 1 if word.low < 0 and text[:1] == "-" else 0
    digits = sign + len(text[sign:]) - len(text[sign:].lstrip("0123456789"))
    if digits < len(text) or digits == sign:
        return digits
    return None if word.low <= int(text) <= word.high else 0


MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def parse_month(text: str) -> int | None:
    """1-12 for a month's name or a prefix only it has (`sept`, `Jan`), else None."""
    lowered = text.lower()
    found = [n for n, name in enumerate(MONTHS, 1) if name.startswith(lowered)]
    return found[0] if len(found) == 1 else None


def parse_time(text: str) -> tuple[int, int, int] | None:
    """(hours, minutes, seconds) of `hh:mm:ss` (each up to two digits), else None."""
    parts = text.split(":")
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() and len(part) <= 2 for part in parts):
        return None
    hours, minutes, seconds = (int(part) for part in parts)
    return (hours, minutes, seconds) if hours < 24 and minutes < 60 and seconds < 60 else None


@dataclass(frozen=True)
class _Candidates:
    """The terminals acceptable at one point of the walk, indexed for matching a word."""

    keywords: list[Word]  # in terminal-name order
    arguments: list[Word]  # in matching order
    exact: dict[str, Word]  # lowered keyword -> the first keyword spelled so
    spellings: list[str]  # the lowered keywords, sorted (a prefix's keywords are a run)
    initials: frozenset[str]  # their first letters: a word beginning otherwise is no keyword's
    glued: dict = field(default_factory=dict)  # a glued name's letters -> `_glued_type`'s answer


@dataclass(eq=False)
class _Point:
    """A place the walk reaches in the parser: its LALR stack, the terminals it accepts, and
    the steps out of it found so far (terminal -> the reductions it makes and the next point,
    or None if the parser refuses it there)."""

    start: str
    stack: tuple[int, ...]
    accepts: frozenset[str]
    steps: dict[str, tuple[tuple, _Point | None] | None] = field(default_factory=dict)
    # keywords spelled out in full (lowered), but interface types, with their steps
    keywords: dict[str, tuple[Word, tuple]] = field(default_factory=dict)
    # the tree of a line that ended here, by its terminals: the tree of each line with these
    # terminals has its shape, only its arguments differ (the stack alone does not tell lines
    # apart: `no` and `default` both reduce to negate)
    trees: dict[tuple[str, ...], Tree] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class _Plan:
    """How a line that walked before walked, word by word, so that a line of its shape is
    checked word by word instead of walked: `steps` has, per word, (0, the keyword as
    typed, lowered), (1, the candidates, the argument, the terminals before it) or (2, the
    candidates, the interface type's letters, the terminals before it) for a glued name,
    whose number is the next step's word."""

    steps: tuple[tuple, ...]
    fed: tuple[str, ...]
    tree: Tree
    carrying: frozenset[int]  # the nodes of `tree` with an argument under them (by id)


class Matcher:
    def __init__(self, grammar: Grammar):
        self.grammar = grammar
        self.words = grammar.words
        self._pristine: dict[str, InteractiveParser] = {}
        self._points: dict[tuple[int, ...], _Point] = {}
        self._origins: dict[str, _Point] = {}
        self._candidates: dict[tuple, _Candidates] = {}
        # mode -> the first words (lowered) that match none of its commands on any platform (a
        # word alone decides that): a line beginning with one is refused without a walk
        self._refused: dict[str, set[str]] = {}
        # (mode, interface types, missing keywords) -> a line's shape (its first word, lowered,
        # and how many words it has) -> the plans of the last lines of that shape: see `_replay`
        self._plans: dict[tuple, dict[tuple[str, int], list[_Plan]]] = {}
        self._masks: dict[str, IPv4Address] = {}  # a mask's spelling -> the mask
        self._keyword_tokens = {n: Token(n, w.display) for n, w in self.words.items() if w.kind == "keyword"}

    # -- parser plumbing -------------------------------------------------------------
    # The walk moves between points of the LALR automaton, each step worked out once from
    # the parse table; a line replays the steps' reductions to build its tree (no parser
    # copies, no table lookups).
    def _start(self, start: str) -> InteractiveParser:
        if start not in self._pristine:
            self._pristine[start] = self.grammar.parser.parse_interactive("", start=start)
        return self._pristine[start]

    def _origin(self, start: str) -> _Point:
        point = self._origins.get(start)
        if point is None:
            stack = (self._start(start).parser_state.parse_conf.start_state,)
            point = self._origins[start] = self._point(start, stack)
        return point

    def _point(self, start: str, stack: tuple[int, ...]) -> _Point:
        point = self._points.get(stack)
        if point is None:
            pristine = self._start(start)
            state = ParserState(pristine.parser_state.parse_conf, pristine.lexer_thread, list(stack))
            accepts = frozenset(InteractiveParser(pristine.parser, state, pristine.lexer_thread).accepts())
            point = self._points[stack] = _Point(start, stack, accepts)
        return point

    def _step(self, point: _Point, terminal: str) -> tuple[tuple, _Point | None] | None:
        """(the reductions, as (length, tree builder), and the point after the shift) for
        `terminal`; None if the parser refuses it (a default reduction that leads nowhere).
        `$END` leads to no point: its last reduction is the tree."""
        if terminal in point.steps:
            return point.steps[terminal]
        conf = self._start(point.start).parser_state.parse_conf
        stack, reductions, step = list(point.stack), [], None
        while (action := conf.parse_table.states[stack[-1]].get(terminal)) is not None:
            kind, arg = action
            if kind is Shift:
                step = (tuple(reductions), self._point(point.start, (*stack, arg)))
                break
            reductions.append((len(arg.expansion), conf.callbacks[arg]))
            del stack[len(stack) - len(arg.expansion) :]
            stack.append(conf.parse_table.states[stack[-1]][arg.origin.name][1])
            if terminal == END and stack[-1] == conf.end_state:
                step = (tuple(reductions), None)
                break
        point.steps[terminal] = step
        return step

    # -- word matching ---------------------------------------------------------------
    def _arg_value(self, word: Word, text: str, fed: list[str], oracle):
        """What the argument `word` makes of `text` (what its handler receives: an
        IPv4Address, an int, the text), or None if its type does not accept it."""
        if word.kind == "ipv4":
            return parse_ipv4(text)
        if word.kind == "mask":  # a few masks, typed again and again: each read once
            mask = self._masks.get(text)
            if mask is None:
                mask = parse_mask(text)
                if len(self._masks) < _MASKS and mask is not None:
                    self._masks[text] = mask
            return mask
        if word.kind == "hex":
            return parse_hex(text)
        if word.kind == "range":
            return int(text) if _range_error(word, text) is None else None
        if word.kind == "time":
            return parse_time(text)
        if word.kind == "month":
            return parse_month(text)
        if word.kind == "ifnum":
            creating = bool(fed) and fed[0] in _CREATING
            return text if fed and oracle.interface_number_ok(fed[-1], text, creating) else None
        return text  # word, line

    def _arg_offset(self, word: Word, text: str) -> int:
        if word.kind == "ipv4" or (word.kind == "mask" and not text.startswith("/")):
            return ipv4_prefix_ok(text)
        if word.kind == "mask":  # the caret under the length, or the first thing not a digit
            digits = len(text[1:]) - len(text[1:].lstrip("0123456789"))
            return 1 if digits == len(text) - 1 else 1 + digits
        if word.kind == "hex":
            return len(text) - len(text.lstrip("0123456789abcdefABCDEF."))
        if word.kind == "range":
            return _range_error(word, text) or 0
        if word.kind in ("ifnum", "time", "month"):
            return 0
        return len(text)

    def _candidates_for(self, accepts, usable: frozenset[str], missing: frozenset[str]) -> _Candidates:
        """The keywords and the arguments (in matching order) among acceptable terminals, on a
        platform with these interface types that lacks these terminals."""
        key = (accepts, usable, missing)
        found = self._candidates.get(key)
        if found is None:
            words = [self.words[n] for n in sorted(accepts) if n in self.words]
            keywords = [
                w
                for w in words
                if w.kind == "keyword"
                and (w.name not in IFTYPES or w.name in usable)
                and w.name not in missing
            ]
            arguments = sorted(
                (w for w in words if w.kind != "keyword" and w.name not in missing),
                key=lambda w: _ARG_ORDER[w.kind],
            )
            exact: dict[str, Word] = {}
            for w in keywords:
                exact.setdefault(w.display.lower(), w)
            by_spelling = sorted(keywords, key=lambda w: w.display.lower())
            spellings = [w.display.lower() for w in by_spelling]
            found = _Candidates(keywords, arguments, exact, spellings, frozenset(s[0] for s in spellings))
            self._candidates[key] = found
        return found

    def do_ambiguous(self, walk: Walk, oracle) -> bool:
        """A `do` line where both a keyword and a free word can come next (`?` is ambiguous there)."""
        free = any(a.kind == "word" for a in self._arguments(walk.accepts, oracle))
        return under_do(walk.context) and free and bool(self._keywords(walk.accepts, oracle))

    def _keywords(self, accepts, oracle) -> list[Word]:
        return self._candidates_for(accepts, oracle.interface_types(), oracle.missing_keywords()).keywords

    def _arguments(self, accepts, oracle) -> list[Word]:
        return self._candidates_for(accepts, frozenset(), oracle.missing_keywords()).arguments

    def match_word(self, text: str, candidates: _Candidates, fed: list[str], oracle):
        """-> ("ok", Word, its value) | ("ambiguous", None, None) | ("invalid", None, None):
        a keyword's value is None, an argument's what `_arg_value` makes of it;
        `_invalid_offset` says where the caret goes (only a line that fails needs it)."""
        lowered = text.lower()
        exact = candidates.exact.get(lowered)
        if exact is not None:
            return "ok", exact, None
        spellings = candidates.spellings
        first = bisect_left(spellings, lowered)
        if first < len(spellings) and spellings[first].startswith(lowered):
            if first + 1 < len(spellings) and spellings[first + 1].startswith(lowered):
                return "ambiguous", None, None
            if under_do(fed) and any(a.kind == "word" for a in candidates.arguments):
                return "ambiguous", None, None  # `do sh ip route conne`: connected, or a host?
            return "ok", candidates.exact[spellings[first]], None
        for arg in candidates.arguments:
            value = self._arg_value(arg, text, fed, oracle)
            if value is not None:
                return "ok", arg, value
        return "invalid", None, None

    def _invalid_offset(self, text: str, candidates: _Candidates, visible: tuple[str, ...] = ()) -> int:
        """The caret offset in a word nothing takes: the first character no candidate (nor one
        of the `visible` words iosemu does not run) can."""
        lowered = text.lower()
        offsets = [_common_prefix(lowered, spelling) for spelling in (*candidates.spellings, *visible)]
        offsets += [self._arg_offset(a, text) for a in candidates.arguments]
        return max(offsets, default=0)

    def _caret(self, line: str, texts: list[str], index: int, text: str, candidates, offset, start="") -> int:
        """The caret column for word `index` (`text`, or its part nothing takes), refused
        at `offset` in it or, if None, at the first character no candidate can take."""
        if offset is None:
            visible = tuple(word for word, shown in UNRUN.get(start, ()) if shown) if index == 0 else ()
            offset = self._invalid_offset(text, candidates, visible)
        return _start_of(line, texts, index) + offset

    # -- the walk --------------------------------------------------------------------
    def walk(self, start: str, line: str, oracle, *, upto: int | None = None) -> Walk:
        """Match `line` in mode `start`; with `upto`, stop after that many words (for `?`)."""
        texts = line.split()
        if upto is not None:
            texts = texts[:upto]
        if texts and texts[0].lower() in self._refused.get(start, ()):
            return Walk("invalid", context=[], caret=partial(self._first_caret, start, line, texts, oracle))
        usable, missing = oracle.interface_types(), oracle.missing_keywords()
        where = (start, usable, missing)
        if upto is None and texts:
            shape = (texts[0].lower(), len(texts))
            for plan in self._plans.get(where, {}).get(shape, ()):
                walk = self._replay(plan, line, texts, oracle)
                if walk is not None:
                    return walk
        point = self._origin(start)
        steps: list[tuple] = []  # (the reductions before a word, its token)
        fed: list[str] = []
        arguments: list[Argument] = []
        plan: list[tuple] = []  # how each word matched: see _Plan
        index = 0
        while index < len(texts):
            text = texts[index]
            lowered = text.lower()
            known = point.keywords.get(lowered)
            if known is not None and known[0].name not in missing:  # a keyword spelled out in full
                found, step = known
                token = self._keyword_tokens[found.name]
                plan.append((0, lowered))
            else:
                candidates = self._candidates_for(point.accepts, usable, missing)
                kind, found, value = self.match_word(text, candidates, fed, oracle)
                if kind == "invalid" and not IFTYPES.isdisjoint(point.accepts):
                    glued = GLUED.match(text)
                    if glued:
                        head, tail = glued.groups()
                        kind, found = _glued_type(head, candidates)
                        if kind is None:
                            kind, found, _ = self.match_word(head, candidates, fed, oracle)
                        if kind == "ok" and found.name in IFTYPES:
                            plan.append((2, candidates, head.lower(), tuple(fed)))
                            reductions, point = self._step(point, found.name)
                            steps.append((reductions, self._keyword_tokens[found.name]))
                            fed.append(found.name)
                            texts[index : index + 1] = [head, tail]
                            index += 1
                            continue
                        if kind == "ok":
                            kind, found = "invalid", len(head)
                        elif kind == "invalid":
                            text = head
                if kind == "ambiguous":
                    return Walk("ambiguous", words_used=index, context=fed)
                if kind == "invalid":
                    unrun = [w for w, _ in UNRUN.get(start, ()) if index == 0 and w.startswith(lowered)]
                    if unrun and len(texts) == 1:
                        return Walk("incomplete" if len(unrun) == 1 else "ambiguous", context=fed)
                    if index == 0 and found is None and not unrun and IFTYPES.isdisjoint(point.accepts):
                        self._refuse(start, point, lowered, oracle)
                    caret = partial(self._caret, line, texts, index, text, candidates, found, start)
                    return Walk("invalid", words_used=index, context=fed, caret=caret)
                at = index
                if found.kind == "keyword":
                    token = self._keyword_tokens[found.name]
                    plan.append((0, lowered))
                else:
                    plan.append((1, candidates, found, tuple(fed)))
                    if found.kind == "line":
                        text = value = line[_start_of(line, texts, at) :].rstrip()
                        index = len(texts) - 1
                    token = Argument.of(found.name, text, value)
                    arguments.append(token)
                step = self._step(point, found.name)
                if step is None:  # a default reduction that leads nowhere
                    caret = partial(_start_of, line, texts, at)
                    return Walk("invalid", words_used=at, context=fed, caret=caret)
                if found.kind == "keyword" and found.name not in IFTYPES and found.display.lower() == lowered:
                    point.keywords[lowered] = (found, step)  # the same on every platform
            reductions, point = step
            steps.append((reductions, token))
            fed.append(found.name)
            index += 1
        if upto is not None:
            return Walk("partial", words_used=index, accepts=point.accepts, context=fed)
        if END not in point.accepts:
            return Walk("incomplete", words_used=index, accepts=point.accepts, context=fed)
        key = tuple(fed)
        tree = point.trees.get(key)
        if tree is None:  # the parser's reductions, word by word (a known shape needs none)
            values: list = []
            for reductions, token in steps:
                if reductions:
                    _reduce(reductions, values)
                values.append(token)
            _reduce(self._step(point, END)[0], values)
            tree = values[-1]
            if len(point.trees) < _TREES:
                point.trees[key] = tree
        elif arguments:  # a line of keywords only shares the tree
            tree = _rebound(tree, iter(arguments))
        shapes = self._plans.setdefault(where, {})
        if len(shapes) >= _SHAPES:
            shapes.clear()
        plans = shapes.setdefault(shape, [])
        plans.insert(0, _Plan(tuple(plan), tuple(fed), tree, frozenset(_carrying(tree))))  # newest first
        del plans[_PLANS:]
        return Walk("ok", tree=tree, words_used=index, context=fed)

    def _replay(self, plan: _Plan, line: str, texts: list[str], oracle) -> Walk | None:
        """The walk of `line` if it walks as the line of `plan` did, else None. Each word is
        matched as the walk would match it at that point (a keyword by its spelling, an
        argument by its candidates: a number that is no longer in range, an interface that
        is gone, a word that is now a keyword's prefix do not match), so that the words
        lead through the same terminals, and the line has the plan's tree."""
        words, arguments, index = texts[:], [], 0
        for step in plan.steps:
            if index >= len(words):
                return None
            text = words[index]
            if step[0] == 0:
                if text.lower() != step[1]:
                    return None
            elif step[0] == 1:
                _, candidates, word, fed = step
                if text.lower()[0] in candidates.initials or candidates.arguments[0] is not word:
                    found, value = self.match_word(text, candidates, fed, oracle)[1:]
                    if found is not word:
                        return None
                elif (value := self._arg_value(word, text, fed, oracle)) is None:
                    return None  # (no keyword begins so, and no argument comes before it)
                if word.kind == "line":
                    text = value = line[_start_of(line, words, index) :].rstrip()
                    index = len(words) - 1
                arguments.append(Argument.of(word.name, text, value))
            else:
                _, candidates, head, fed = step
                glued = GLUED.match(text)
                if glued is None or glued[1].lower() != head:
                    return None
                if self.match_word(text, candidates, fed, oracle)[0] != "invalid":
                    return None
                words[index : index + 1] = glued.groups()
            index += 1
        if index != len(words):
            return None
        tree = _rebound(plan.tree, iter(arguments), plan.carrying) if arguments else plan.tree
        return Walk("ok", tree=tree, words_used=index, context=list(plan.fed))

    def _refuse(self, start: str, origin: _Point, lowered: str, oracle) -> None:
        """Remember a first word that matched nothing in mode `start` (no glued interface name
        either) if it matches nothing on any platform either (every interface type, no keyword
        missing): a line beginning with it is refused at once, whoever types it."""
        words = self._refused.setdefault(start, set())
        everything = self._candidates_for(origin.accepts, IFTYPES, frozenset())
        if len(words) < _REFUSED and self.match_word(lowered, everything, [], oracle)[0] == "invalid":
            words.add(lowered)

    def _first_caret(self, start: str, line: str, texts: list[str], oracle) -> int:
        """The caret column of a line whose first word mode `start` refuses."""
        usable, missing = oracle.interface_types(), oracle.missing_keywords()
        candidates = self._candidates_for(self._origin(start).accepts, usable, missing)
        return self._caret(line, texts, 0, texts[0], candidates, None, start)

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
        for word in self._arguments(accepts, oracle):
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


class Argument(Token):
    """An argument's token in a parse tree, with the value the walk made of it (`typed`)."""

    __slots__ = ("typed",)

    @classmethod
    def of(cls, name: str, text: str, typed) -> Argument:
        """The token, its attributes set here (not by Token's constructor: one call less, and a
        boot makes 300,000); an argument has no place in a text the lexer read."""
        token = str.__new__(cls, text)
        token.type, token.value, token.typed = name, text, typed
        token.start_pos = token.line = token.column = token.end_line = token.end_column = token.end_pos = None
        return token


def _rebound(tree: Tree, arguments: Iterator[Argument], carrying: frozenset[int] | None = None) -> Tree:
    """A copy of `tree` with these argument tokens in the place of its own, in order; given
    the nodes with arguments under them (`_carrying`), the others are shared, not copied."""
    children = []
    for child in tree.children:  # (a loop: a comprehension would be one more call a node)
        if type(child) is Argument:
            child = next(arguments)
        elif type(child) is Tree and (carrying is None or id(child) in carrying):
            child = _rebound(child, arguments, carrying)
        children.append(child)
    return Tree(tree.data, children)


def _carrying(tree: Tree, found: set[int] | None = None) -> set[int]:
    """The ids of the nodes of `tree`, itself included, with an argument token under them."""
    found = set() if found is None else found
    for child in tree.children:
        if type(child) is Tree:
            _carrying(child, found)
        if type(child) is Argument or id(child) in found:
            found.add(id(tree))
    return found


def _reduce(reductions: tuple, values: list) -> None:
    """Build a step's subtrees: each reduction takes its length of values off the stack."""
    for size, build in reductions:
        if size:
            children = values[-size:]
            del values[-size:]
        else:
            children = []
        values.append(build(children))


def _help_order(display: str):
    # IOS lists numeric keywords by value (`stopbits ?`: 1, 1.5, 2), then the rest in ASCII
    # order; `|` goes last.
    whole, point, fraction = display.partition(".")
    if whole.isdigit() and (not point or fraction.isdigit()):
        return (0, float(display), "")
    if display == "|":
        return (2, 0, display)
    return (1, 0, display)


def under_do(fed: list[str]) -> bool:
    """A configuration mode's `do` line: IOS matches its EXEC words as one string, where an
    abbreviated keyword that a free word (a host name) could also be is ambiguous."""
    return bool(fed) and fed[0] == "DO"


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def parse_mask(text: str) -> IPv4Address | None:
    """A mask as dotted quad, or as a prefix length `/nn` (0 to 32) given as the mask."""
    if not text.startswith("/"):
        return parse_ipv4(text)
    if not (text[1:].isascii() and text[1:].isdigit()) or int(text[1:]) > 32:
        return None
    return IPv4Address((0xFFFFFFFF << (32 - int(text[1:]))) & 0xFFFFFFFF)


def _glued_type(head: str, candidates) -> tuple[str | None, Word | None]:
    """The interface type the letters of a glued name (`s` of s0/0/0) spell: only types
    count, so `show interfaces s0/0/0` is not ambiguous with `show interfaces summary`.
    (None, None) when no type starts so. Answered once per spelling at each point."""
    lowered = head.lower()
    known = candidates.glued.get(lowered)
    if known is None:
        types = [
            w
            for spelling, w in candidates.exact.items()
            if w.name in IFTYPES and spelling.startswith(lowered)
        ]
        known = (None, None) if not types else ("ok", types[0]) if len(types) == 1 else ("ambiguous", None)
        if len(candidates.glued) < _REFUSED:  # bounded whatever is typed
            candidates.glued[lowered] = known
    return known


def parse_hex(text: str) -> bytes | None:
    """Dotted hex as IOS writes identifiers (0100.5056.a100.01): groups of four hex digits,
    the last up to four, a whole number of bytes; its bytes, or None."""
    *groups, last = text.split(".")
    digits = "".join(groups) + last
    if any(len(g) != 4 for g in groups) or not 0 < len(last) <= 4 or len(digits) % 2:
        return None
    try:
        return bytes.fromhex(digits)
    except ValueError:
        return None


def parse_ipv4(text: str) -> IPv4Address | None:
    """A dotted quad as IOS reads it (leading zeros allowed), or None."""
    octets = text.split(".")
    if len(octets) != 4:
        return None
    a, b, c, d = map(_OCTETS.get, octets)
    if a is None or b is None or c is None or d is None:
        return None
    return IPv4Address(a << 24 | b << 16 | c << 8 | d)
