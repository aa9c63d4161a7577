"""Named, typed values from a parse tree: what a command handler receives.

Keywords become flags (`args.secondary is True`), arguments become values named after
their terminal (`args.if_address` is an IPv4Address; a repeated one gives a list), an interface name becomes
`args.ifname` in its canonical spelling (Serial0/0/0).
"""

from __future__ import annotations

from ipaddress import IPv4Address

from lark import Token, Tree

from iosemu.cli.grammar import Word
from iosemu.cli.matcher import parse_ipv4


class Args:
    def __init__(self, values: dict[str, object]):
        self.__dict__.update(values)

    def __getattr__(self, name: str):  # absent flags and values read as None
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def __repr__(self) -> str:
        return f"Args({self.__dict__})"


def _convert(word: Word | None, text: str):
    if word is None or word.kind in ("keyword",):
        return True
    if word.kind == "ipv4":
        return parse_ipv4(text)
    if word.kind == "range":
        return int(text)
    return text


def collect(tree: Tree, words: dict[str, Word]) -> Args:
    values: dict[str, object] = {}

    def visit(node) -> None:
        if isinstance(node, Token):
            key, value = node.type.lower(), _convert(words.get(node.type), str(node))
            if key in values and isinstance(value, IPv4Address | int | str):  # a repeated argument
                earlier = values[key]
                values[key] = [*(earlier if isinstance(earlier, list) else [earlier]), value]
            else:
                values[key] = value
        elif isinstance(node, Tree):
            if node.data == "ifname":
                iftype, number = (str(t) for t in node.scan_values(lambda _: True))
                values["ifname"] = iftype + number
                return
            if node.data == "negate":
                values["negate"] = True
            for child in node.children:
                if child is not None:
                    visit(child)

    visit(tree)
    return Args(values)


def canonical_line(tree: Tree) -> str:
    """The command as IOS stores it: every keyword spelled out, arguments as typed."""
    return " ".join(str(t) for t in _tokens(tree))


def _tokens(node):
    for child in node.children:
        if isinstance(child, Tree):
            yield from _tokens(child)
        elif child is not None:
            yield child
