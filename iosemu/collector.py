"""The garbage collector while a lab or a big configuration is built: it waits.

Loading 2,000 routers or a startup-config of 100,000 interfaces makes objects that live as
long as the lab; the collector's passes over them, as they are made, find nothing to free.
"""

from __future__ import annotations

import functools
import gc


def collector_waits(build):
    """`build` makes many long-lived objects and no garbage cycles: the cyclic garbage
    collector's passes over them would be wasted, so it waits until the end; then
    the objects go straight to its oldest generation (frozen and thawed: that moves every
    object the process has, without a pass) rather than through each young one in a pass."""

    @functools.wraps(build)
    def building(*args, **kwargs):
        if not gc.isenabled():
            return build(*args, **kwargs)
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            gc.freeze()
            gc.unfreeze()
            gc.enable()

    return building
