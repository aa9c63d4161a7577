"""show access-lists and show ip access-lists [N|NAME]: each IP access list (numbered ones in
number order, then the named ones by name), its entries with sequence numbers and, once an entry
has matched, its count (sim/acl.py); clear access-list counters [N|NAME]."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.acl import AccessList, list_key, ordered
from iosemu.config.registry import handler
from iosemu.sim.acl import clear_counters, counts


@dataclass(frozen=True)
class AclRecord:
    key: int | str
    extended: bool
    entries: tuple[tuple[int, str, int], ...]  # sequence, the entry as shown, its matches


def _count(matches: int) -> str:
    return f" ({matches} match{'' if matches == 1 else 'es'})" if matches else ""


def collect(device, wanted: int | str | None = None) -> list[AclRecord]:
    return [
        _record(acl, counts(device, acl)) for acl in ordered(device.config.acls) if wanted in (None, acl.key)
    ]


def _record(acl: AccessList, matches: dict[int, int]) -> AclRecord:
    entries = tuple((rule.sequence, rule.shown(), matches.get(rule.sequence, 0)) for rule in acl.rules())
    return AclRecord(acl.key, acl.extended, entries)


def render(record: AclRecord) -> str:
    kind = "Extended" if record.extended else "Standard"
    lines = [f"{kind} IP access list {record.key}"]
    lines += [f"    {sequence} {shown}{_count(matches)}" for sequence, shown, matches in record.entries]
    return "".join(f"{line}\n" for line in lines)


def _wanted(number, name) -> int | str | None:
    return number if number is not None else None if name is None else list_key(name)


@handler("show_access_lists")
def show_access_lists(ctx, args):
    records = collect(ctx.device, _wanted(args.acl_show_number, args.acl_show_name))
    return "".join(render(record) for record in records)


@handler("exec_clear_access_list")
def clear_access_list_counters(ctx, args):
    acls = ctx.config.acls
    wanted = _wanted(args.acl_clear_number, args.acl_clear_name)
    for key in acls if wanted is None else [wanted]:
        if key in acls:
            clear_counters(ctx.device, acls[key])
    return ""
