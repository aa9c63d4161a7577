"""show access-lists and show ip access-lists [N|NAME]: each IP access list (numbered ones in
number order, then the named ones by name), its entries with sequence numbers and, once an entry
has matched, its count (config/acl.py); clear access-list counters [N|NAME]."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.acl import AccessList, list_key, ordered
from iosemu.config.registry import handler


@dataclass(frozen=True)
class AclRecord:
    key: int | str
    extended: bool
    entries: tuple[tuple[int, str, int], ...]  # sequence, the entry as shown, its matches


def _count(matches: int) -> str:
    return f" ({matches} match{'' if matches == 1 else 'es'})" if matches else ""


def collect(acls: dict[int | str, AccessList], wanted: int | str | None = None) -> list[AclRecord]:
    return [
        AclRecord(
            acl.key,
            acl.extended,
            tuple((rule.sequence, rule.shown(), acl.matches.get(rule.sequence, 0)) for rule in acl.rules()),
        )
        for acl in ordered(acls)
        if wanted is None or acl.key == wanted
    ]


def render(record: AclRecord) -> str:
    kind = "Extended" if record.extended else "Standard"
    lines = [f"{kind} IP access list {record.key}"]
    lines += [f"    {sequence} {shown}{_count(matches)}" for sequence, shown, matches in record.entries]
    return "".join(f"{line}\n" for line in lines)


def _wanted(number, name) -> int | str | None:
    return number if number is not None else None if name is None else list_key(name)


@handler("show_access_lists")
def show_access_lists(ctx, args):
    records = collect(ctx.config.acls, _wanted(args.acl_show_number, args.acl_show_name))
    return "".join(render(record) for record in records)


@handler("exec_clear_access_list")
def clear_access_list_counters(ctx, args):
    acls = ctx.config.acls
    wanted = _wanted(args.acl_clear_number, args.acl_clear_name)
    for key in acls if wanted is None else [wanted]:
        if key in acls:
            acls[key].matches.clear()
    return ""
