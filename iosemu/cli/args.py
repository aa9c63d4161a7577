"""Named, typed values from a parse tree: what a command handler receives.

Keywords become flags (`args.secondary is True`), arguments become values named after
their terminal (`args.if_address` is an IPv4Address; a repeated one gives a list), an interface name becomes
`args.ifname` in its canonical spelling (Serial0/0/0).
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address

from lark import Token, Tree

from iosemu.cli.matcher import Argument

_SCALARS = (IPv4Address, int, str)
RULE_VALUES = ("ifname", "negate")  # the values that come from a rule, not a terminal


class Args:
    def __init__(self, values: dict[str, object]):
        self.__dict__.update(values)

    def __getattr__(self, name: str):  # absent flags and values read as None
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def __repr__(self) -> str:
        return f"Args({self.__dict__})"


def args_type(names: Iterable[str]) -> type[Args]:
    """Args in which each of `names` (every value a grammar gives: its terminals, lowered,
    and RULE_VALUES) reads as None until a command sets it, found on the class: a name
    that misses reaches `__getattr__` only through an exception, and most handlers read
    flags their command does not have (`args.negate`)."""
    return type("Args", (Args,), dict.fromkeys(names))


def collect(command: Tree, kind: type[Args] = Args) -> Args:
    values: dict[str, object] = {}
    _gather(command, values)
    return kind(values)


def _gather(tree: Tree, values: dict[str, object]) -> None:
    """The values under `tree`, depth first, left to right: a repeated argument lists in
    typed order."""
    for node in tree.children:
        if isinstance(node, Token):  # an argument has its value, a keyword is a flag
            key, value = node.type.lower(), node.typed if type(node) is Argument else True
            if key in values and isinstance(value, _SCALARS):  # a repeated argument
                earlier = values[key]
                values[key] = [*(earlier if isinstance(earlier, list) else [earlier]), value]
            else:
                values[key] = value
        elif node is not None:
            if node.data == "ifname":
                values["ifname"] = _joined(node)  # type and number
                continue
            if node.data == "negate":
                values["negate"] = True
            _gather(node, values)


def _joined(tree: Tree) -> str:
    """The tokens under `tree`, written together (a loop: a line with an interface name in it
    asks once, and a boot may have 100,000 of them)."""
    text = ""
    for child in tree.children:
        if isinstance(child, Tree):
            text += _joined(child)
        elif child is not None:
            text += child
    return text


def canonical_line(tree: Tree) -> str:
    """The command as IOS stores it: every keyword spelled out, arguments as typed."""
    return " ".join(str(t) for t in _tokens(tree))


def _tokens(node):
    for child in node.children:
        if isinstance(child, Tree):
            yield from _tokens(child)
        elif child is not None:
            yield child
