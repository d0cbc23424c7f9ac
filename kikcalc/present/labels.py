"""Words users read, in Danish (the default: the readers are Danish) and English.

Code speaks English domain words; the catalogue `catalogue/da.toml` and `catalogue/en.toml`
(one key per label, `{placeholders}` filled in here) is the one place that maps them to the
words every renderer prints. A catalogue is read once per process, when first needed, so
JSON output never reads it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("da", "en")
CATALOGUE = Path(__file__).with_name("catalogue")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every label of one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"no labels in {lang!r}; kikcalc speaks {', '.join(LANGUAGES)}")
    with (CATALOGUE / f"{lang}.toml").open("rb") as stream:
        return tomllib.load(stream)


def label(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{placeholders}` filled in.

    >>> label("payback_year", "da"), label("payback_year", "en")
    ('Tilbagebetalt år', 'Payback year')
    """
    text = catalogue(lang)[key]
    return text.format(**values) if values else text
