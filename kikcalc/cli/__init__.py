"""The command line. `main` is the console entry point."""

from __future__ import annotations

import sys

from kikcalc.cli import data, gate, memo, tables
from kikcalc.cli.common import EXIT_ERROR, EXIT_OK, app

__all__ = ["app", "data", "gate", "main", "memo", "tables"]


def main() -> None:
    """Console entry point: a fault of kikcalc itself is one line on stderr and exit 2."""
    try:
        app()
    except BrokenPipeError:  # e.g. `kikcalc net f.yaml | head`: the reader went away
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as error:
        print(f"kikcalc: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(EXIT_ERROR)
