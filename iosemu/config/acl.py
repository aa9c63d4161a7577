"""IP access lists: numbered standard and extended lists (`access-list N ...`), named ones (`ip
access-list standard|extended NAME` and its (config-std-nacl)# / (config-ext-nacl)# mode, with
sequence numbers, `no N`, `remark`, `ip access-list resequence`), an interface's `ip access-group`
and a line's `access-class`; the running-config's lines for all of them (what a list does with
the packets that come, its match counts and `log` messages: sim/acl.py).

A list is keyed by its number (an int) or its name; `ip access-list standard 10` edits list 10,
which the running-config still writes as `access-list 10` lines. Entries are numbered 10, 20, ...
as IOS numbers them; an entry a list already has is nothing new, and `no access-list N ...`
removes the whole list. A list applied but not defined (or empty) lets every packet through.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from iosemu.config.acl_entries import ExtendedEntry, Remark, StandardEntry, entry_from
from iosemu.config.registry import EnterMode, Refused, handler

STEP = 10  # the sequence numbers IOS gives the entries
EXTENDED_NUMBERS = (range(100, 200), range(2000, 2700))
STANDARD_NUMBERS = (range(1, 100), range(1300, 2000))


@dataclass
class AccessList:
    key: int | str  # the number, or the name
    extended: bool = False
    entries: list[StandardEntry | ExtendedEntry | Remark] = field(default_factory=list)

    @property
    def named(self) -> bool:
        return isinstance(self.key, str)

    def rules(self) -> list[StandardEntry | ExtendedEntry]:
        return [entry for entry in self.entries if not isinstance(entry, Remark)]

    def add(self, entry: StandardEntry | ExtendedEntry, sequence: int | None = None) -> str | None:
        """Add an entry: after the last (its number the last one's plus 10), or at `sequence`;
        an entry the list has is nothing new. IOS's refusal, if it refuses."""
        rules = self.rules()
        if any(rule.same_rule(entry) for rule in rules):
            return None
        if sequence is None:
            self.entries.append(_numbered(entry, (rules[-1].sequence if rules else 0) + STEP))
            return None
        if any(rule.sequence == sequence for rule in rules):
            return "% Duplicate sequence number\n"
        after = next((i for i, e in enumerate(self.entries) if _sequence(e) > sequence), len(self.entries))
        self.entries.insert(after, _numbered(entry, sequence))
        return None

    def remove(self, sequence: int | None = None, like=None) -> None:
        """Remove the entry numbered `sequence`, or the one with the same rule as `like`."""
        self.entries = [e for e in self.entries if isinstance(e, Remark) or not _removed(e, sequence, like)]

    def resequence(self, start: int, step: int) -> None:
        numbers = iter(range(start, start + step * len(self.entries), step))
        self.entries = [e if isinstance(e, Remark) else _numbered(e, next(numbers)) for e in self.entries]

    def lines(self) -> list[str]:
        """Numbered: `access-list N ...` lines; named: the `ip access-list` block."""
        if self.named:
            kind = "extended" if self.extended else "standard"
            body = [f" remark {e.text}" if isinstance(e, Remark) else f" {e.rule()}" for e in self.entries]
            return [f"ip access-list {kind} {self.key}", *body]
        return [
            f"access-list {self.key} remark {entry.text}"
            if isinstance(entry, Remark)
            else f"access-list {self.key} {entry.rule()}"
            for entry in self.entries
        ]


def _removed(entry, sequence: int | None, like) -> bool:
    return entry.sequence == sequence or (like is not None and entry.same_rule(like))


def _sequence(entry) -> int:
    return 0 if isinstance(entry, Remark) else entry.sequence


def _numbered(entry, sequence: int):
    return replace(entry, sequence=sequence)


def acl_lines(acls: dict[int | str, AccessList]) -> list[str]:
    """The running-config's access lists: the named standard lists, then the named extended
    ones (each group closed by `!`), then the numbered lists' lines in number order."""
    lists = ordered(acls)
    out: list[str] = []
    for extended in (False, True):
        group = [acl for acl in lists if acl.named and acl.extended == extended]
        out += [line for acl in group for line in acl.lines()] + (["!"] if group else [])
    return out + [line for acl in lists if not acl.named for line in acl.lines()]


def ordered(acls: dict[int | str, AccessList]) -> list[AccessList]:
    """The numbered lists in number order, then the named ones by name."""
    return sorted(acls.values(), key=lambda acl: (1, acl.key, 0) if acl.named else (0, "", acl.key))


def list_key(text: str | int) -> int | str:
    """A list as a command names it: a number is the numbered list."""
    return int(text) if isinstance(text, int) or (text.isascii() and text.isdigit()) else text


def _given(*values):
    """The one value a command gave of those its alternatives name."""
    return next(value for value in values if value is not None)


def _numbered_as(number: int, ranges) -> bool:
    return any(number in numbers for numbers in ranges)


# -- handlers ---------------------------------------------------------------------------------


@handler("cfg_access_list")
def access_list(ctx, args):
    number = _given(
        args.acl_standard, args.acl_standard_expanded, args.acl_extended, args.acl_extended_expanded
    )
    acls = ctx.config.acls
    if args.negate:
        acls.pop(number, None)
        return None
    acl = acls.setdefault(number, AccessList(number, extended=_numbered_as(number, EXTENDED_NUMBERS)))
    if args.acl_remark:
        acl.entries.append(Remark(args.acl_remark_text))
        return None
    return acl.add(entry_from(ctx.command, args))


@handler("cfg_ip_access_list")
def named_access_list(ctx, args):
    extended = bool(args.nacl_extended)
    key = list_key(args.acl_name)
    acls = ctx.config.acls
    if isinstance(key, int) and not _numbered_as(key, EXTENDED_NUMBERS if extended else STANDARD_NUMBERS):
        return Refused("% Invalid access list name.\n")
    if args.negate:
        acls.pop(key, None)
        return None
    acl = acls.get(key)
    if acl is not None and acl.extended != extended:
        other = "standard" if extended else "extended"
        return Refused(f"% A named {other} IP access list with this name already exists\n")
    acl = acls.setdefault(key, AccessList(key, extended=extended))
    return EnterMode("config_ext_nacl" if extended else "config_std_nacl", acl)


@handler("cfg_ip_access_list_resequence")
def resequence(ctx, args):
    acl = ctx.config.acls.get(list_key(args.acl_resequence_name))
    if acl is None:
        return Refused(f"%Access list {args.acl_resequence_name} not found.\n")
    acl.resequence(args.acl_start, args.acl_step)
    return None


@handler("nacl_std_entry", "nacl_ext_entry")
def named_entry(ctx, args):
    acl: AccessList = ctx.target
    entry = entry_from(ctx.command, args)
    if args.negate:
        acl.remove(like=entry)
        return None
    return acl.add(entry, args.nacl_sequence)


@handler("nacl_no_sequence")
def remove_entry(ctx, args):
    ctx.target.remove(sequence=args.nacl_sequence)


@handler("nacl_remark")
def named_remark(ctx, args):
    acl: AccessList = ctx.target
    if args.negate:
        acl.entries = [e for e in acl.entries if e != Remark(args.acl_remark_text)]
    else:
        acl.entries.append(Remark(args.acl_remark_text))


@handler("if_ip_access_group")
def access_group(ctx, args):
    name = _given(args.acl_group_number, args.acl_group_expanded, args.acl_group_name)
    attribute = "access_in" if args.acl_group_in else "access_out"
    setattr(ctx.target, attribute, None if args.negate else str(list_key(name)))


@handler("line_access_class")
def access_class(ctx, args):
    name = _given(args.access_class_list, args.access_class_expanded, args.access_class_name)
    direction = "in" if args.acl_in else "out"
    for block in ctx.target:
        if args.negate:
            block.access_class.pop(direction, None)
        else:
            block.access_class[direction] = list_key(name)
