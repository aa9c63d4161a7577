"""Internal errors (bugs in iosemu): logged once on the `iosemu` logger with a short traceback.

Nothing reaches the screen: a program that configured no logging sees nothing (where Python's
last-resort handler would print the whole traceback on stderr), and the `iosemu` command logs
to ~/.iosemu/iosemu.log. The console shows `% Internal error` and goes on.
"""

from __future__ import annotations

import logging
import reprlib
import sys
import traceback

FRAMES = 12  # the innermost frames of a traceback; a RecursionError has a thousand
_BRIEF = reprlib.Repr()
_BRIEF.maxstring = _BRIEF.maxother = 200  # what was typed, enough of it to tell the line


def log_internal_error(logger: logging.Logger, doing: str, subject: object = None) -> None:
    """Log the exception being handled (call it in `except`): `internal error <doing> <subject>`."""
    if not logger.hasHandlers():
        return
    error = sys.exc_info()[1]
    trace = traceback.format_exception(type(error), error, error.__traceback__, limit=-FRAMES)
    about = "" if subject is None else " " + _BRIEF.repr(subject)
    logger.error("internal error %s%s\n%s", doing, about, "".join(trace).rstrip("\n"))
