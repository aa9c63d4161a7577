"""The keys of a line typed at an IOS prompt: `?` prints help for the text before it, Tab
completes the word before it, the end of the line is Enter (unless the line ends with `?`,
whose answer ends it, as a script line or an API call types it)."""

from __future__ import annotations

from iosemu.cli.host_shell import is_pc

HELP_KEY = "?"
TAB_KEY = "\t"


def keys_pressed(console, line: str) -> list[tuple[str, str, str]]:
    """Type `line` at `console`: what the screen shows, as (the prompt, the line after it,
    the output below it).  `R1#sh?ow ip` shows `sh?` and the completions, then IOS
    reprints the prompt with `sh`, the rest is typed and Enter runs `show ip`.  In a dialog
    (a password, a banner's text) and on a PC, `?` and Tab are characters like any other; while
    the console is connected to another router they go to it as typed."""
    if (
        is_pc(console)
        or console.closed
        or console.dialog is not None
        or not _has_keys(line)
        or _relayed(console)
    ):
        return [(console.prompt(), line, console.execute(line))]
    screens, text = [], ""
    for at, key in enumerate(line):
        if key == HELP_KEY:
            screens.append((console.prompt(), text + key, console.help(text)))
            if at == len(line) - 1:
                return screens
        elif key == TAB_KEY:
            text = console.complete(text) or text  # no unique completion: the line stays as it is
        else:
            text += key
    screens.append((console.prompt(), text, console.execute(text)))
    return screens


def typed(console, line: str) -> str:
    """What typing `line` prints, the output of each screen joined (the API's `cli()`)."""
    return "".join(output for _, _, output in keys_pressed(console, line))


def _has_keys(line: str) -> bool:
    return HELP_KEY in line or TAB_KEY in line


def _relayed(console) -> bool:
    """Connected to another router (telnet, ssh): the keys go to the far end, which answers them."""
    connections = getattr(console, "connections", None)
    return connections is not None and connections.current is not None
