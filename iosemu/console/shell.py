"""The interactive shell: a thin prompt_toolkit adapter over the lab's console sessions.

Keys map to the session API (Enter -> execute, `?` -> help, Tab -> complete, Ctrl-Z ->
end, Ctrl-^ while a command runs -> abort); long output is paged with --More--; syslog
lines appear above the line being typed while a background task runs the lab's clock at
wall speed (a command runs the clock itself, and the task waits).  No IOS logic lives here.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.application.current import get_app, get_app_or_none, get_app_session
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import DummyHistory, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.processors import PasswordProcessor
from prompt_toolkit.output import Output
from prompt_toolkit.patch_stdout import patch_stdout

from iosemu.cli.host_shell import is_pc
from iosemu.cli.modes import is_config
from iosemu.cli.session import echoes
from iosemu.errors import log_internal_error

if TYPE_CHECKING:
    from iosemu.cli.session import Session
    from iosemu.console.switchboard import Switchboard

log = logging.getLogger(__name__)
MORE = " --More-- "
ERASE_MORE = "\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE)
INTERNAL_ERROR = "% Internal error\n"
CLOCK_STOPPED = "% The lab clock is stopped\n"  # after an internal error in the lab's clock
TICK = 0.1  # seconds of wall time between clock advances
WAIT_STEP = 60.0  # virtual seconds of an @wait between looks for the key that stops it
PACING_POLL = 0.05  # seconds between looks for the abort key while a command's output waits
ESCAPE = Keys.ControlCircumflex  # Ctrl-^ (Ctrl-Shift-6), IOS's escape; an x may follow it


@dataclass(frozen=True)
class _Key:
    """A line ended by a key other than Return: `?`, Ctrl-Z or Ctrl-C, with the text typed."""

    name: str
    text: str


def screen_length(session: Session) -> int:
    """The lines --More-- pages at: none once the session has logged out (the screen that
    ends with "Press RETURN to get started." is not paged)."""
    return 0 if session.closed else session.length


def paced(
    session: Session,
    speed: float,
    show: Callable[[str], None],
    idle: Callable[[], AbstractContextManager] = nullcontext,
) -> Callable[[str], None]:
    """A long command's writer (`session.stream`) that shows each piece when wall time has
    caught up with the lab's clock (a dot two seconds after the last, at `speed` 1), waiting
    inside `idle()` and asking `session.poll_input` for the abort key while it waits; at speed 0
    (the clock stands still) everything shows at once."""
    scheduler = session.scheduler
    wall, virtual = time.monotonic(), scheduler.now

    def write(text: str) -> None:
        if speed > 0:
            due = wall + (scheduler.now - virtual) / speed
            with idle():
                while not session.aborted and (left := due - time.monotonic()) > 0:
                    time.sleep(min(left, PACING_POLL))
                    if session.poll_input is not None:
                        session.poll_input()
        show(text)

    return write


async def page(text: str, length: int, write: Callable[[str], None], read_key: Callable[[], Awaitable[str]]):
    """Show `text` a screen at a time: space = next page, Return = one line, other = stop."""
    lines = text.splitlines(keepends=True)
    if length <= 0 or len(lines) < length:
        write(text)
        return
    shown = length - 1
    write("".join(lines[:shown]))
    while shown < len(lines):
        write(MORE)
        key = await read_key()
        write(ERASE_MORE)
        if key == " ":
            step = length - 1
        elif key in ("\r", "\n"):
            step = 1
        else:
            return
        write("".join(lines[shown : shown + step]))
        shown += step


async def press(
    session: Session,
    name: str,
    text: str,
    execute: Callable[[str], Awaitable[None]],
    show: Callable[[str], Awaitable[None]],
    lock: AbstractContextManager,
) -> str:
    """A line ended by `?` ("help"), Ctrl-Z ("end") or Ctrl-C ("abort"), with the `text`
    typed before it: returns the text to keep on the next line (`lock`: the lab's, held
    while the session is read or changed)."""
    if is_pc(session):  # only Ctrl-C reaches here: the line is dropped, as at C:\>
        return ""
    if name == "help":
        with lock:
            listing = guarded(session.help, text, failed=INTERNAL_ERROR)
        await show(listing)
        return text
    if name == "abort" and session.dialog is not None and session.dialog.interrupt is not None:
        with lock:
            output = session.interrupt()
        await show(output)
        return ""
    if name == "end" and text.strip():
        await execute(text)  # IOS runs the line, then ends
    with lock:
        if is_config(session.mode) and session.dialog is None and not session.closed:
            session.leave_config()
    return ""


class Shell:
    """The terminal in front of a switchboard of consoles."""

    directives = True  # lines starting with @ go to the terminal server

    def __init__(
        self,
        board: Switchboard,
        speed: float = 1.0,
        input: Input | None = None,
        output: Output | None = None,
        out: TextIO | None = None,
    ):
        self.board = board
        self.speed = speed
        self.input = input
        self.output = output
        self.out = out or sys.stdout
        self._prompts: dict[str, PromptSession] = {}
        self._secret: PromptSession | None = None
        self._prompting = False  # a prompt is on screen: async lines go above it
        self._clock_mark = time.monotonic()  # wall time the lab's clock has been run to
        self._escaped: str | None = None  # the line when Ctrl-^ came: an x typed next is its own
        self.lock: AbstractContextManager = nullcontext()  # the lab's, where threads run it (serve)

    @property
    def session(self) -> Session:
        return self.board.session

    def write(self, text: str) -> None:
        if text:
            self.out.write(text)
            self.out.flush()

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> None:
        with patch_stdout(raw=True):
            asyncio.run(self.run_async())

    async def run_async(self) -> None:
        self.write(
            f"iosemu lab {self.board.lab.topology.name}: {', '.join(self.board.lab.devices)}"
            " (@NAME switches console, @ lists, Ctrl-D or @quit leaves)\n"
        )
        self.write(f"[Connected to {self.board.current}]\n\n")
        clock = asyncio.create_task(self._run_clock())
        try:
            await self.interact()
        finally:
            clock.cancel()

    async def interact(self) -> None:
        """Read lines and keys until Ctrl-D (or @quit, where `@` lines are the terminal server's)."""
        default = ""
        while True:
            self._show_inbox("")
            try:
                typed = await self._read_line(default)
            except EOFError:
                self.write("\n")
                break
            default = ""
            if isinstance(typed, _Key):
                default = await self._key(typed)
            elif self.directives and typed.lstrip().startswith("@") and self._echo():
                if not await self._directive(typed):
                    break
            else:
                await self._execute(typed)

    async def _execute(self, line: str) -> None:
        """Enter.  While the command runs (it runs the lab's clock itself), what it shows as
        it goes (a ping's marks) appears when the lab's clock, at the shell's speed, reaches
        it; the abort key (Ctrl-^ on a router, Ctrl-C on a PC) stops it and the other keys
        typed wait for the next prompt, as on the real consoles."""
        session = self.session
        source = self.input or get_app_session().input
        key = Keys.ControlC if is_pc(session) else ESCAPE
        session.poll_input = lambda: self._read_abort(source, key)
        session.stream = paced(session, self.speed, self.write)
        try:
            with source.raw_mode():
                output = session.execute(line, limit=None)  # no bound: the user has the key
        finally:
            session.poll_input = session.stream = None
        self._clock_mark = time.monotonic()
        await self._page(output)

    def _read_abort(self, source: Input, key: Keys) -> None:
        """Between the probes of a long command: the abort key stops it."""
        if self._take_key(source, (key,)):
            self.session.abort()

    def _take_key(self, source: Input, wanted: tuple[Keys, ...]) -> bool:
        """Whether one of the `wanted` keys was typed (IOS's Ctrl-^ may be followed by an
        x, which goes with it); the other keys typed, before it or after it, wait for the
        next prompt."""
        keys = get_typeahead(source) + source.read_keys()
        at = next((i for i, press in enumerate(keys) if press.key in wanted), None)
        if at is not None:
            after = at + 1
            if keys[at].key == ESCAPE and after < len(keys) and keys[after].data in ("x", "X"):
                after += 1
            elif keys[at].key == ESCAPE and after == len(keys):
                self._escaped = ""  # its x may come at the next prompt, whose line starts empty
            keys = keys[:at] + keys[after:]
        store_typeahead(source, keys)
        return at is not None

    def _wait(self, seconds: float) -> None:
        """`@wait N`: the lab's clock runs N seconds ahead at once, in steps, and Ctrl-C or
        Ctrl-^ stops it where it got to (a year of a big lab takes a while)."""
        source = self.input or get_app_session().input
        left = seconds
        with source.raw_mode():
            while left > 0:
                step = min(left, WAIT_STEP)
                self.board.lab.advance(step)
                left -= step
                if left > 0 and self._take_key(source, (Keys.ControlC, ESCAPE)):
                    self.write(f"% @wait stopped after {seconds - left:,.10g} of {seconds:,.10g} seconds\n")
                    break
        self._clock_mark = time.monotonic()

    async def _key(self, key: _Key) -> str:
        """Handle `?`, Ctrl-Z or Ctrl-C; returns the text to keep on the next line."""
        return await press(self.session, key.name, key.text, self._execute, self._page, self.lock)

    async def _directive(self, line: str) -> bool:
        """A terminal-server line; False means leave the shell."""
        try:
            verb, arg = self.board.directive(line)
        except ValueError as error:  # ScriptError: unknown device, bad number
            self.write(f"% {error}\n")
            return True
        if verb == "quit":
            return False
        if verb == "list":
            self.write(self.board.listing())
        elif verb == "check":
            self.write(self.board.check_text())
        elif verb == "wait":
            self._wait(arg)
        elif verb == "loss":
            link, loss = arg
            link.loss = loss
        elif verb == "capture":
            self.write(arg)
        else:
            self.board.current = arg
            self.write(f"[Connected to {arg}]\n\n")
        return True

    # -- prompt_toolkit --------------------------------------------------------------------
    def _echo(self) -> bool:
        return echoes(self.session)

    async def _read_line(self, default: str) -> str | _Key:
        self._prompting = True
        try:
            if not self._echo():
                return await self._secret_prompt().prompt_async(self._prompt(), is_password=True)
            return await self._prompt_session().prompt_async(self._prompt, default=default)
        except KeyboardInterrupt:  # Ctrl-C at a password
            return _Key("abort", "")
        finally:
            self._prompting = False
            self._escaped = None

    def _prompt(self) -> str:
        with self.lock:
            return self.session.prompt()

    def _prompt_session(self) -> PromptSession:
        """One per console, so each keeps its own history."""
        name = self.board.current
        if name not in self._prompts:
            self._prompts[name] = PromptSession(
                history=InMemoryHistory(),
                key_bindings=self._bindings(),
                enable_suspend=False,
                input=self.input,
                output=self.output,
            )
        return self._prompts[name]

    def _secret_prompt(self) -> PromptSession:
        if self._secret is None:
            self._secret = PromptSession(
                history=DummyHistory(),
                input_processors=[PasswordProcessor(char="")],  # IOS echoes nothing, not stars
                input=self.input,
                output=self.output,
            )
        return self._secret

    def _bindings(self) -> KeyBindings:
        bindings = KeyBindings()
        command_line = Condition(lambda: self.session.dialog is None and not self.session.closed)
        ios_line = Condition(lambda: not is_pc(self.session)) & command_line
        in_config = ios_line & Condition(lambda: is_config(self.session.mode))

        def finish(event, name: str, mark: str) -> None:
            buffer = event.current_buffer
            text = buffer.document.text_before_cursor if name == "help" else buffer.text
            buffer.text += mark  # left on screen as IOS echoes it: `R1#show ?`, `...#^Z`
            event.app.exit(result=_Key(name, text))

        @bindings.add("?", filter=ios_line)
        def _(event):
            finish(event, "help", "?")

        @bindings.add("c-z", filter=in_config)
        def _(event):
            finish(event, "end", "^Z")

        @bindings.add("c-c")
        def _(event):
            finish(event, "abort", "^C")

        @bindings.add(ESCAPE)  # nothing runs to abort at the prompt: IOS ignores it
        def _(event):
            self._escaped = event.current_buffer.text

        escape_x = Condition(lambda: self._escaped == get_app().current_buffer.text)

        @bindings.add("x", filter=escape_x)
        @bindings.add("X", filter=escape_x)
        def _(event):  # the x of Ctrl-^ x, even when it comes after the command stopped
            self._escaped = None

        @bindings.add("tab", filter=ios_line)
        def _(event):
            buffer = event.current_buffer
            with self.lock:
                completed = guarded(self.session.complete, buffer.document.text_before_cursor)
            if completed is not None:
                buffer.document = Document(completed + buffer.document.text_after_cursor, len(completed))

        return bindings

    # -- output ----------------------------------------------------------------------------
    async def _page(self, text: str) -> None:
        await page(text, screen_length(self.session), self.write, self._read_key)

    async def _read_key(self) -> str:
        """One key press, without echo (for --More--)."""
        source = self.input or get_app_session().input
        pending = get_typeahead(source)
        if pending:
            store_typeahead(source, pending[1:])
            return pending[0].data
        loop = asyncio.get_running_loop()
        key: asyncio.Future[str] = loop.create_future()

        def ready() -> None:
            presses = source.read_keys()
            if presses and not key.done():
                key.set_result(presses[0].data)
                store_typeahead(source, presses[1:])
            elif source.closed and not key.done():
                key.set_result("q")

        with source.raw_mode(), source.attach(ready):
            return await key

    def _show_inbox(self, typed: str) -> None:
        """Syslog lines after a fresh prompt, as a console with `logging synchronous` shows them."""
        lines = self._take_inbox()
        if lines:
            self.write(self._prompt() + typed + "\n" + "".join(line + "\n" for line in lines))

    def _take_inbox(self) -> list[str]:
        return self.session.take_inbox()

    async def _run_clock(self) -> None:
        """Advance the lab in real time (times `speed`); show syslog above the prompt.
        Wall time that a command or @wait spent running the lab is not counted again."""
        self._clock_mark = time.monotonic()
        while True:
            await asyncio.sleep(TICK)
            now = time.monotonic()
            seconds = (now - self._clock_mark) * self.speed
            if guarded(self.board.lab.advance, seconds, failed=False) is False:
                await run_in_terminal(lambda: self.write(INTERNAL_ERROR + CLOCK_STOPPED))
                return  # the consoles keep working
            self._clock_mark = now
            if self._prompting and self.session.inbox:
                await run_in_terminal(lambda: self._show_inbox(self._typed()))

    def _typed(self) -> str:
        if not self._echo():
            return ""
        app = get_app_or_none()
        return app.current_buffer.text if app is not None else ""


def guarded(call, *args, failed=None):
    """An engine bug is logged, never shown as a traceback: `failed` stands in for the result."""
    try:
        return call(*args)
    except Exception:
        log_internal_error(log, f"in {getattr(call, '__name__', call)}", args)
        return failed
