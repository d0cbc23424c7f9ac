"""The HTML memo printed on A4 (issue: the follow-up table ran off the page): every table
of every shipped memo is as wide as the printed page at most. Chromium, driven by
Playwright, lays the memo out for print at the width of A4 inside the memo's margins
(210 mm less 2 x 16 mm, `@page` in kikcalc.present.render.html); skipped, with the
reason, where either is not installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, kikcalc  # and its `browser`

A4_INSIDE_MARGINS_PX = round((210 - 2 * 16) / 25.4 * 96)  # CSS pixels, 96 to the inch
MEMOS = ["examples/follow-up/kik2-followed.yaml", "strategies/kik2.yaml",
         "examples/outcome-counts.yaml", "examples/targets-aabenraa.yaml"]


def _printed_widths(browser: object, memo: Path) -> dict[str, int]:
    page = browser.new_page(viewport={"width": A4_INSIDE_MARGINS_PX,  # type: ignore[attr-defined]
                                      "height": 1000})
    page.emulate_media(media="print")
    page.goto(memo.as_uri())
    widths: dict[str, int] = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('section')]"
        ".filter(s => s.querySelector('table'))"
        ".map(s => [s.querySelector('h2').textContent,"
        " Math.ceil(s.querySelector('table').getBoundingClientRect().right)]))")
    page.close()
    return widths


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("strategy", MEMOS)
def test_every_table_of_the_memo_fits_an_a4_page(browser: object, tmp_path: Path,
                                                 strategy: str, lang: str) -> None:
    memo = tmp_path / "memo.html"
    run = kikcalc("report", ROOT / strategy, "--lang", lang, "-o", memo)
    assert run.exit_code == 0, run.stderr
    widths = _printed_widths(browser, memo)
    assert widths, "no table in the memo"
    too_wide = {title: width for title, width in widths.items()
                if width > A4_INSIDE_MARGINS_PX}
    assert not too_wide, f"wider than A4 ({A4_INSIDE_MARGINS_PX} px): {too_wide}"
