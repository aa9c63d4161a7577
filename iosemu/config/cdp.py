"""CDP's configuration: `cdp run`, `cdp timer`, `cdp holdtime`, `cdp advertise-v2` and an
interface's `cdp enable`, with their running-config lines (IOS prints only what differs
from the defaults: `no cdp run`, never `cdp run`)."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.registry import handler

TIMER, HOLDTIME = 60, 180


@dataclass
class CdpConfig:
    run: bool = True
    timer: int = TIMER
    holdtime: int = HOLDTIME
    advertise_v2: bool = True

    def lines(self) -> list[str]:
        out = []
        if self.timer != TIMER:
            out.append(f"cdp timer {self.timer}")
        if self.holdtime != HOLDTIME:
            out.append(f"cdp holdtime {self.holdtime}")
        if not self.advertise_v2:
            out.append("no cdp advertise-v2")
        if not self.run:
            out.append("no cdp run")
        return out


@handler("cfg_cdp_run")
def cdp_run(ctx, args):
    ctx.config.cdp.run = not args.negate or bool(args.default)


@handler("cfg_cdp_timer")
def cdp_timer(ctx, args):
    ctx.config.cdp.timer = TIMER if args.negate else args.cdp_seconds


@handler("cfg_cdp_holdtime")
def cdp_holdtime(ctx, args):
    ctx.config.cdp.holdtime = HOLDTIME if args.negate else args.cdp_hold


@handler("cfg_cdp_advertise")
def cdp_advertise(ctx, args):
    ctx.config.cdp.advertise_v2 = not args.negate or bool(args.default)


@handler("if_cdp_enable")
def cdp_enable(ctx, args):
    ctx.target.cdp = not args.negate or bool(args.default)
