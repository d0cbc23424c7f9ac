"""Exit codes, named once: 0 ok; 1 findings (an invalid strategy or a failed check);
2 usage error, unreadable path, or a fault of kikcalc itself. Standard library only, so
that the console entry point can use them before Typer is imported."""

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
