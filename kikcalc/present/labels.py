"""Words users read, in Danish (the default: the readers are Danish) and English.

Code speaks English domain words; the catalogue `catalogue/da.toml` and `catalogue/en.toml`
(one key per label, `{placeholders}` filled in here) is the one place that maps them to the
words every renderer prints. Beside it, each language has two more parts: `messages` (what
`check` and `gate` find, `da.messages.toml`) and `help` (the command line's help texts,
`da.help.toml`). A part is read once per process, when first needed, so JSON output reads
none and a run without findings or `--help` reads neither of the others.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("da", "en")
CATALOGUE = Path(__file__).with_name("catalogue")


PARTS = ("labels", "messages", "help", "cli")


@cache
def catalogue(lang: str, part: str = "labels") -> dict[str, Any]:
    """Every label (or message, or help text) of one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"no labels in {lang!r}; kikcalc speaks {', '.join(LANGUAGES)}")
    name = f"{lang}.toml" if part == "labels" else f"{lang}.{part}.toml"
    with (CATALOGUE / name).open("rb") as stream:
        return tomllib.load(stream)


def label(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{placeholders}` filled in.

    >>> label("payback_year", "da"), label("payback_year", "en")
    ('Tilbagebetalt år', 'Payback year')
    """
    text: str = catalogue(lang)[key]
    return text.format(**values) if values else text
