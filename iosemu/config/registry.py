"""The command handler registry: grammar rule name -> the function that carries it out.

A handler receives the edit context and the named values of the command, changes the
configuration model, and returns what the console prints (or a mode change).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HANDLERS: dict[str, Callable[..., Any]] = {}


def handler(*rules: str):
    def register(fn):
        for rule in rules:
            if rule in HANDLERS:
                raise ValueError(f"two handlers for {rule}")
            HANDLERS[rule] = fn
        return fn

    return register


def setting_handlers(table: dict[str, tuple[str, str, Any]]) -> None:
    """A handler for each rule of `table` (rule -> the edited object's attribute, the argument
    that gives it, what `no` puts back): the commands that set one value each."""

    def setting(ctx, args):
        name, argument, default = table[ctx.command.data]
        setattr(ctx.target, name, default if args.negate else getattr(args, argument))

    handler(*table)(setting)


class Refused(str):
    """What a handler prints when it refuses the command: the configuration is unchanged."""


@dataclass
class EnterMode:
    """A handler's request to push a configuration sub-mode editing `target`."""

    mode: str
    target: Any
    output: str = ""


# Lines `?` prints above the list at some positions, keyed by the keywords typed so far
# (IOS's "This command applies only to DCE interfaces" over `clock rate ?`).
HELP_NOTES: dict[tuple[str, ...], Callable[..., str | None]] = {}


def help_note(*keywords: str):
    def register(fn):
        HELP_NOTES[keywords] = fn
        return fn

    return register
