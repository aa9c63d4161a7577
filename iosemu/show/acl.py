"""show access-lists and show ip access-lists: the numbered standard IP access lists, their
entries with sequence numbers and, once an entry has matched, its count (config/acl.py); clear
access-list counters."""

from __future__ import annotations

from iosemu.config.registry import handler


def _count(matches: int) -> str:
    return f" ({matches} match{'' if matches == 1 else 'es'})" if matches else ""


@handler("show_access_lists")
def show_access_lists(ctx, args):
    acls = ctx.config.acls
    wanted = sorted(acls) if args.acl_show_number is None else [args.acl_show_number]
    out = []
    for number in (n for n in wanted if n in acls):
        acl = acls[number]
        out.append(f"Standard IP access list {number}")
        out += [
            f"    {rule.sequence} {rule.shown()}{_count(acl.matches.get(rule.sequence, 0))}"
            for rule in acl.rules()
        ]
    return "".join(f"{line}\n" for line in out)


@handler("exec_clear_access_list")
def clear_access_list_counters(ctx, args):
    acls = ctx.config.acls
    for number in acls if args.acl_clear_number is None else [args.acl_clear_number]:
        if number in acls:
            acls[number].matches.clear()
    return ""
