"""Entry point of the bundled application: the same command line as `coordinateur`; with no command,
the window."""

from __future__ import annotations

import sys

from coordinateur.cli import main

if __name__ == "__main__":
    sys.exit(main())
