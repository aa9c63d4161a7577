"""`python -m iosemu`: the `iosemu` command (iosemu/console/main.py)."""

import sys

from iosemu.console.main import main

if __name__ == "__main__":
    sys.exit(main())
