"""The files this run has read: every reader of an input file notes its path here first.

Two users: `--output` refuses to overwrite any of them (not only the files on the command
line), and the result cache verifies each of them, by content, before it replays an answer
(`kikcalc.cli.cache`). A path is noted before it is opened, so a file that was missing or
unreadable is on the list too: its appearing later is a change like any other. Standard
library only, so that the cache can import it before the rest of kikcalc.
"""

FILES_READ: list[str] = []
