"""One terminal session on a device: the mode stack, typed lines in, IOS text out.

`execute(line)` is what pressing Enter does; `help(text)` is `?`; `complete(text)` is Tab.
Dialogs (Password:, Destination filename?, [confirm]) take the next line typed.
Syslog lines from the device wait in `inbox` until the terminal shows them.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lark import Tree

from iosemu.cli import login, messages
from iosemu.cli.abort import LIMIT, Abortable, Limit
from iosemu.cli.args import RULE_VALUES, Args, args_type, canonical_line, collect
from iosemu.cli.grammar import load
from iosemu.cli.matcher import Matcher, Walk, split_words
from iosemu.cli.modes import MODES, is_config, lineage
from iosemu.cli.pipes import apply_filter
from iosemu.config.ignored import section_of
from iosemu.config.interface import InterfaceRange, interface_mode
from iosemu.config.registry import HANDLERS, HELP_NOTES, EnterMode, Refused
from iosemu.errors import log_internal_error

log = logging.getLogger(__name__)
_SUBCOMMAND_WORDS = ("SHOW", "DEBUG", "CLEAR")  # bare, IOS suggests `word ?`
_matcher: Matcher | None = None
_args: type[Args] = Args  # what handlers receive: made with the matcher, for its grammar


def matcher() -> Matcher:
    global _matcher, _args
    if _matcher is None:
        import iosemu.handlers  # noqa: F401  (registers every command handler)

        _matcher = Matcher(load())
        _args = args_type([*(name.lower() for name in _matcher.words), *RULE_VALUES])
    return _matcher


@dataclass
class Ctx:
    """What a handler works on: the session, the device, and the object being edited."""

    session: Session
    device: Any
    config: Any
    target: Any
    command: Tree

    @cached_property
    def line(self) -> str:
        """The command as IOS stores it (only some handlers need it)."""
        return canonical_line(self.command)


@dataclass
class Dialog:
    """A question waiting for the next typed line (`echo` is off for passwords). `interrupt`,
    if given, is what Ctrl-C does there (setup's abort); `timed` False stops the line's
    exec-timeout while it waits (IOS's setup waits for ever)."""

    prompt: str
    answer: Callable[[str], str]
    echo: bool = True
    interrupt: Callable[[], str] | None = None
    timed: bool = True


def echoes(console) -> bool:
    """What is typed now shows on the screen: not at a password (a dialog with echo off), nor
    while a far router reads one over the connection in the foreground (its telnet server then
    says WILL ECHO, and echoes nothing: cli/telnet.py)."""
    if console.dialog is not None:
        return console.dialog.echo
    connections = getattr(console, "connections", None)  # a PC's console has none
    current = connections.current if connections is not None else None
    return current is None or not current.far_echoes


class Session(Abortable):
    def __init__(self, device, line_name: str = "con 0", listen: bool = True):
        self.device = device
        self.line_name = line_name
        self.stack: list[tuple[str, Any]] = [("user_exec", None)]
        self.length = 24
        self.width = 80
        self.histories: dict[bool, list[str]] = {False: [], True: []}  # exec, config
        self.dialog: Dialog | None = None
        self.inbox: list[str] = []
        self.closed = False
        self.loading: str | None = None  # "NVRAM" while a config file is read
        self.entered_interfaces: set[str] = set()
        self.matcher = matcher()
        self.idle_timer = None  # the one scheduler timer of the exec-timeout
        self.idle_deadline: float | None = None  # when the line, idle, logs out
        self.scheduler = device.scheduler
        self.last_input = device.scheduler.now  # when a line was last typed (`show users` Idle)
        self.listening = listen
        self.monitor = False  # `terminal monitor`: a vty line shows syslog and debug lines
        self.user: str | None = None  # who logged in (`login local`), as `show users` names them
        self.in_login = False  # at the login's Username: or Password:
        self.connections = None  # the telnet and SSH connections it opened (cli/telnet.py)
        self.activated = device.scheduler.now  # show terminal's `Time since activation`
        if listen:
            device.logger.terminals.append(self)
            self.closed = login.required(self)  # a line that asks who you are starts idle
            login.arm_exec_timeout(self)

    # -- state -------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self.stack[-1][0]

    @property
    def target(self) -> Any:
        return self.stack[-1][1]

    @property
    def is_console(self) -> bool:
        """The console line, which shows system messages unless `no logging console`."""
        return self.line_name.startswith("con")

    def prompt(self) -> str:
        if self.closed:
            return ""
        if self.dialog:
            return self.dialog.prompt
        if self.connections is not None and self.connections.current is not None:
            return self.connections.prompt()  # the far end's
        suffix = getattr(self.target, "prompt", None) or MODES[self.mode].prompt
        return self.device.config.system.hostname + suffix

    def set_mode(self, mode: str, target: Any = None) -> None:
        """Go to `mode`: exec modes reset the stack, a sub-mode sits on global config, or on
        the mode it belongs under (`config-fr-dlci` under its interface)."""
        if not is_config(mode):
            self.stack = [(mode, None)]
        elif mode == "config":
            self.stack = [("priv_exec", None), ("config", self.device.config)]
        elif MODES[mode].parent == self.mode:
            self.stack.append((mode, target))
        else:
            self.stack = [("priv_exec", None), ("config", self.device.config), (mode, target)]

    def exit_mode(self) -> None:
        """`exit` from a configuration sub-mode: up one mode."""
        self.stack.pop()

    def leave_config(self) -> None:
        self.set_mode("priv_exec")
        if not self.loading:  # a file's `end`: whoever loads it says where it came from
            who = f"{self.user} on {self.origin}" if self.user else self.origin
            self.device.log(f"%SYS-5-CONFIG_I: Configured from console by {who}")

    @property
    def origin(self) -> str:
        """Who configures, as messages name this line: console, vty0."""
        return "console" if self.is_console else self.line_name.replace(" ", "")

    def current_history(self) -> list[str]:
        return self.histories[is_config(self.mode)]

    # -- Enter -------------------------------------------------------------------------
    def execute(self, line: str, limit: Limit | None = LIMIT) -> str:
        """Enter: run `line`, return what IOS prints.  A long command (ping, traceroute)
        stops as if aborted when it has run as far as `limit` lets it (an hour of virtual
        time or 10,000 probes by default), or after `abort()`; `limit=None` leaves only
        `abort()`, for a console whose user can type the escape sequence."""
        self.last_input = self.scheduler.now
        if self.listening:
            login.stop_exec_timeout(self)  # the line is not idle while a command runs
        self.begin(limit)
        try:
            if self.closed:
                output = login.start(self)
            elif self.dialog:
                dialog, self.dialog = self.dialog, None
                output = dialog.answer(_received(line))
            elif self.connections is None or (output := self.connections.take(line)) is None:
                output = self._execute(line)
        except Exception:  # a bug must not end the session: IOS-style notice, details logged
            log_internal_error(log, "on", line)
            output = "% Internal error\n"
        if self.listening:
            login.arm_exec_timeout(self)
        return self.finish(output)

    def _execute(self, line: str) -> str:
        line = _clean(line)
        stripped = line.strip()
        in_config = is_config(self.stack[-1][0])  # (the mode, without a call: a boot types 200,000 lines)
        if not stripped or (stripped.startswith("!") and in_config):
            return ""
        history = self.histories[in_config]
        history.append(stripped)
        del history[:-10]
        walk, mode = self._walk_with_parents(line)
        if walk.status == "ok":
            while self.stack[-1][0] != mode:
                self.stack.pop()  # to a parent configuration mode: still in_config
            return self._dispatch(walk.tree, in_config)
        return self._error(walk, line)

    def _walk_with_parents(self, line: str) -> tuple[Walk, str]:
        """IOS retries a line the current mode refuses in each parent mode; the first mode
        that takes it runs it (and the session leaves the sub-modes below). A line that none
        takes is refused as the mode that read furthest into it refuses it (the current mode's
        word on a tie): `hostname R1 R2` at `(config-if)#` has its caret under `R2`."""
        mode = self.stack[-1][0]
        first = self.matcher.walk(mode, line, self.device)
        takes = self.target.takes(line) if mode == "config_block" and _block_line(first) else True
        if not takes:
            # Not the block's own command: global configuration judges it.  Of a block whose
            # commands are not listed, the lines are whatever global configuration does not take.
            walk = self.matcher.walk("config", line, self.device)
            if takes is False or (walk.status == "ok" and not _dropped(walk)):
                return walk, "config"
        if first.status == "ok" and not _ignored(first):
            return first, mode
        refused = [(first, mode)]
        for parent in lineage(mode)[1:]:
            walk = self.matcher.walk(parent, line, self.device)
            if walk.status == "ok" and (first.status != "ok" or not _ignored(walk)):
                return walk, parent
            refused.append((walk, parent))
        if first.status == "ok" or len(refused) == 1:
            return first, mode
        return max(refused, key=lambda found: _reach(found[0], line))

    def _error(self, walk: Walk, line: str) -> str:
        words = split_words(line)
        if walk.status == "ambiguous":
            return messages.ambiguous(line.lstrip())
        if walk.status == "incomplete":
            if len(words) == 1 and walk.context and walk.context[0] in _SUBCOMMAND_WORDS:
                return messages.type_for_subcommands(walk.context[0].lower())
            return messages.INCOMPLETE + "\n"
        if not is_config(self.mode) and len(words) == 1 and walk.words_used == 0:
            return self._connect(words[0].text)
        return messages.caret(len(self.prompt()) + walk.column)

    def _connect(self, host: str) -> str:
        """A lone unknown word at EXEC is a host to telnet to, as on IOS."""
        from iosemu.cli.telnet import connect

        return connect(self, host)

    def _dispatch(self, tree, in_config: bool) -> str:
        command = tree.children[0]
        if command.data == "config_do":
            return self._run(command.children[1].children[0], in_config=False)
        return self._run(command, in_config=in_config)

    def _run(self, command, in_config: bool) -> str:
        if command.data == "show":
            body, pipe = command.children[1], command.children[2]
            output = self._call(body)
            return apply_filter(output, pipe) if pipe is not None else output
        result = self._call(command)
        leaving = command.data == "cfg_end" or command.data.endswith("_exit")  # changes nothing
        if in_config and not isinstance(result, Refused) and not leaving:
            self.device.mark_changed()
            if not self.loading:
                self.device.reconcile()
        return result

    def _call(self, command: Tree) -> str:
        mode, target = self.stack[-1]
        target = target if is_config(mode) else None
        fans_out = command.data.startswith("if_") and command.data != "if_exit"
        if fans_out and isinstance(target, InterfaceRange):
            return self._call_range(command, target)
        ctx = Ctx(self, self.device, self.device.config, target, command)
        result = HANDLERS[command.data](ctx, collect(command, _args))
        if isinstance(result, EnterMode):
            self.set_mode(result.mode, result.target)
            return result.output
        return "" if result is None else result

    def _call_range(self, command: Tree, members: InterfaceRange) -> str:
        """A command at `(config-if-range)#` runs on each member whose own mode takes it."""
        line, outputs, refused = canonical_line(command), [], True
        takes: dict[str, bool] = {}  # mode -> whether it takes the line (walked once a mode)
        args = collect(command, _args)
        for member in members.members:
            mode = interface_mode(member)
            if mode not in takes:
                takes[mode] = self.matcher.walk(mode, line, self.device).status == "ok"
            if not takes[mode]:
                continue
            ctx = Ctx(self, self.device, self.device.config, member, command)
            result = HANDLERS[command.data](ctx, args)
            refused = refused and isinstance(result, Refused)
            outputs.append(result if isinstance(result, str) else "")
        text = "".join(outputs)
        return Refused(text) if refused else text

    def collect_banner(self, delimiter: str, first: str, keep: Callable[[str], None]) -> str:
        """`banner motd #`: the following lines are the text, up to the delimiter, for `keep`."""
        text = [first]

        def more(line: str) -> str:
            if delimiter in line:
                text.append(line[: line.index(delimiter)])
                keep("\n".join(text))
                self.device.mark_changed()
                return ""
            text.append(line)
            self.dialog = Dialog("", more)
            return ""

        self.dialog = Dialog("", more)
        if self.loading:
            return ""
        return f"Enter TEXT message.  End with the character '{delimiter}'.\n"

    def ask(self, prompt: str, answer: Callable[[str], str], echo: bool = True) -> None:
        """A handler's question: the next line typed goes to `answer`."""
        self.dialog = Dialog(prompt, answer, echo)

    def interrupt(self) -> str:
        """Ctrl-C: a dialog that takes it (setup) answers; anywhere else it does nothing here
        (the faces drop the line being typed, and configuration mode ends)."""
        dialog = self.dialog
        if dialog is None or dialog.interrupt is None:
            return ""
        self.dialog = None
        try:
            output = dialog.interrupt()
        except Exception:
            log_internal_error(log, "on Ctrl-C at", dialog.prompt)
            output = "% Internal error\n"
        if self.listening:
            login.arm_exec_timeout(self)
        return output

    def ask_yes_no(
        self, prompt: str, yes: Callable[[], str], no: Callable[[], str], default=None, **dialog: Any
    ) -> None:
        """A handler's `[yes/no]` question: a prefix of either word answers it, Return gives
        `default` (None: no default, the question is asked again, as anything else makes it);
        `dialog` holds the Dialog's other settings (`interrupt`, `timed`)."""

        def answer(typed: str) -> str:
            choice = typed.strip().lower()
            if choice and "yes".startswith(choice) or (not choice and default is True):
                return yes()
            if choice and "no".startswith(choice) or (not choice and default is False):
                return no()
            self.dialog = Dialog(prompt, answer, **dialog)
            return messages.PLEASE_ANSWER_YES_OR_NO

        self.dialog = Dialog(prompt, answer, **dialog)

    def shown_again(self, word: str) -> str:
        """The EXEC words of the line being run (a `do` line's after the `do`) shown again, with
        the caret under `word`: the caret after output that came between, a name lookup's."""
        line = self.current_history()[-1]
        if is_config(self.mode):
            first = line.split()[0]
            line = line[len(first) :].lstrip()
        return line + "\n" + messages.caret(line.rindex(word))

    def invalid_at_end(self) -> Refused:
        """A command the grammar takes but this object refuses: caret after the keyword."""
        return Refused(messages.caret(len(self.prompt())))

    # -- ? and Tab -------------------------------------------------------------------------
    def help(self, text: str) -> str:
        """What `?` prints after `text` (the line typed so far, without the `?`)."""
        try:
            return self._help(_clean(text))
        except Exception:
            log_internal_error(log, "on help for", text)
            return "% Internal error\n"

    def _help(self, text: str) -> str:
        words = split_words(text)
        ends_with_space = not words or text[-1] == " "
        upto = len(words) if ends_with_space else len(words) - 1
        walk, mode = self._help_walk(text, upto)
        if walk.status in ("invalid", "ambiguous"):
            return messages.UNRECOGNIZED if walk.status == "invalid" else messages.ambiguous(text)
        if ends_with_space and self.matcher.do_ambiguous(walk, self.device):
            return messages.ambiguous(text)  # `do sh ip route ?`: IOS cannot list what a `do` takes
        if not ends_with_space:
            found = self.matcher.prefix_completions(walk.accepts, words[-1].text, self.device)
            if not found:
                return messages.UNRECOGNIZED
            return _join_wrapped(found, self.width) + "\n\n"
        rows = self.matcher.options(walk.accepts, walk.context, MODES[mode].help_context, self.device)
        heading = MODES[self.mode].heading + "\n" if not words else ""
        note = HELP_NOTES.get(tuple(walk.context[-2:]))
        if note is not None and mode == self.mode:
            text = note(self.device, self.target)
            heading += text + "\n" if text else ""
        return heading + self._columns(rows) + "\n"

    def _help_walk(self, text: str, upto: int) -> tuple[Walk, str]:
        """Walk the words before the one being helped, in this mode or a parent."""
        walk = self.matcher.walk(self.mode, text, self.device, upto=upto)
        if walk.status != "partial" and walk.words_used == 0 and upto:
            for parent in lineage(self.mode)[1:]:
                other = self.matcher.walk(parent, text, self.device, upto=upto)
                if other.status == "partial":
                    return other, parent
        return walk, self.mode

    def _columns(self, rows: list[tuple[str, str]]) -> str:
        width = max((len(word) for word, _ in rows), default=0)
        out = []
        for word, help_text in rows:
            if not help_text:
                out.append(f"  {word}")
                continue
            indent = " " * (width + 4)
            # [M] a narrow terminal gets a word a line; `terminal width 0`, no wrapping
            room = max(self.width - 1 - len(indent), 1) if self.width else len(help_text)
            wrapped = textwrap.wrap(help_text, room, break_long_words=False) or [""]
            out.append(f"  {word.ljust(width)}  {wrapped[0]}")
            out.extend(indent + more for more in wrapped[1:])
        return "\n".join(out) + "\n"

    def complete(self, text: str) -> str | None:
        """Tab: the line with its last word completed, or None if it is not unique."""
        try:
            return self._complete(_clean(text))
        except Exception:
            log_internal_error(log, "on completion of", text)
            return None

    def _complete(self, text: str) -> str | None:
        words = split_words(text)
        if not words or text[-1] == " ":
            return None
        walk, _ = self._help_walk(text, len(words) - 1)
        if walk.status != "partial":
            return None
        found = self.matcher.prefix_completions(walk.accepts, words[-1].text, self.device)
        exact = [w for w in found if w.lower() == words[-1].text.lower()]
        if len(found) != 1 and not exact:
            return None
        return text[: words[-1].start] + (exact or found)[0] + " "

    # -- terminal --------------------------------------------------------------------------
    def take_inbox(self) -> list[str]:
        lines, self.inbox[:] = list(self.inbox), []
        return lines

    def detach(self) -> None:
        """Stop receiving the device's syslog lines."""
        if self in self.device.logger.terminals:
            self.device.logger.terminals.remove(self)


def _received(line: str) -> str:
    """A typed line as the device receives it: each byte that is not UTF-8 (a surrogate, as
    `surrogateescape` decodes it) arrives as its own character (the Latin-1 one of that byte),
    so that two different bytes stay different (in a password, say) and every text made of
    them can be shown and saved; any other lone surrogate arrives as U+FFFD."""
    return line if line.isascii() else _UNDECODABLE.sub(_byte_character, line)


_UNDECODABLE = re.compile("[\ud800-\udfff]")


def _byte_character(match: re.Match) -> str:
    code = ord(match.group()) - 0xDC00
    return chr(code) if 0x80 <= code <= 0xFF else "\ufffd"


def _clean(line: str) -> str:
    """What the terminal delivers of a line: printable characters, tabs as spaces."""
    if line.isprintable():  # no tab, no control character, no lone surrogate: as typed
        return line
    return "".join(ch for ch in _received(line) if ch.isprintable() or ch == "\t").replace("\t", " ")


def _reach(walk: Walk, line: str) -> int:
    """How far into `line` a refusing walk read: an incomplete one, to its end; an ambiguous
    one, to the word it could not tell; an invalid one, to its caret."""
    if walk.status == "incomplete":
        return len(line) + 1
    if walk.status == "ambiguous":
        words = split_words(line)
        return words[min(walk.words_used, len(words) - 1)].start
    return walk.column


def _block_line(walk: Walk) -> bool:
    return walk.status == "ok" and walk.tree.children[0].data == "block_line"


def _dropped(walk: Walk) -> bool:
    """A global line IOS writes itself (`version 15.2`): inside a block it is the block's."""
    return _ignored(walk) and section_of(canonical_line(walk.tree.children[0])) is None


def _ignored(walk: Walk) -> bool:
    """A line taken only by the accepted-not-modelled list, which takes any arguments."""
    return walk.tree.children[0].data.endswith("_ignored")


def _join_wrapped(words: list[str], width: int) -> str:
    lines, current = [], ""
    for word in words:
        if width and current and len(current) + len(word) > width - 1:  # [M] width 0: one line
            lines.append(current)
            current = ""
        current += word + "  "
    lines.append(current)
    return "\n".join(lines)
