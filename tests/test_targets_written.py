"""Caseload targets as municipalities write them (issue 23, item 7): shares, `below`,
`at_least`, caps on a year's average, units, "met by" and stocks that flows must join
(K212). The worked examples of docs/targets.md."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from kikcalc.analysis.stock_flow import mismatches
from kikcalc.analysis.targets import target_states
from kikcalc.model.groups import CaseloadCount, CaseloadTarget, Flow
from tests.conftest import kikcalc


def _count(date: str, persons: int, unit: str = "persons") -> CaseloadCount:
    return CaseloadCount(date=date, persons=D(persons), unit=unit)


def _state(target: CaseloadTarget, counts: list[CaseloadCount], baseline: D | None = None
           ) -> tuple[str, D | None]:
    found = target_states([target], counts, baseline)[0]
    return found.state, found.count.persons if found.count else None


def test_halving_is_a_share_of_the_baseline() -> None:
    """KIK-I: halve 1,008: at most 504; 499 on 29 January 2018 met it."""
    target = CaseloadTarget(share=50, by="2018-12-31")
    assert target.limit(D(1008)) == 504
    counts = [_count("2015-06-30", 1008), _count("2018-01-29", 499)]
    assert _state(target, counts, D(1008)) == ("met", 499)
    assert _state(CaseloadTarget(share=50, of=1008, by="2018-12-31"), counts) == ("met", 499)


def test_under_800_is_below_800() -> None:
    """"Under 800": a count of 800 does not meet it, 799 does; at_most 800 takes 800."""
    counts = [_count("2021-12-31", 800), _count("2022-06-30", 799)]
    assert _state(CaseloadTarget(below=800, by="2022-12-31"), counts) == ("met", 799)
    assert _state(CaseloadTarget(at_most=800, by="2022-12-31"), counts) == ("met", 800)


def test_at_least_a_share_and_met_by_a_later_count() -> None:
    """Unge på Toppen: at least 50 % of 20 by 30 June 2017; the only count, 16 on 1 July
    2017, came after with nothing between: met by that count, not late. With a count of
    8 on 30 June the target was known missed on the date: met late."""
    target = CaseloadTarget(share=50, of=20, direction="at_least", by="2017-06-30")
    assert target.limit() == 10
    assert _state(target, [_count("2017-07-01", 16)]) == ("met_by", 16)
    assert _state(target, [_count("2017-06-30", 8), _count("2017-07-01", 16)]) \
        == ("met_late", 16)
    assert _state(target, [_count("2017-07-01", 9)]) == ("missed", None)


def test_a_cap_on_a_years_average() -> None:
    """KIJOS: at most 465 full-year persons in 2021. A count in full-year persons dated 31
    December is the year's figure; a count in persons is another unit and is not read.
    In persons: the mean of the year's counts once December is in: (500 + 460 + 420) / 3
    = 460 <= 465."""
    cap = CaseloadTarget(at_most=465, year=2021, unit="full_year_persons")
    assert _state(cap, [_count("2021-06-30", 610)]) == ("open", None)
    found = target_states([cap], [_count("2021-06-30", 610),
                                  _count("2021-12-31", 452, "full_year_persons")])[0]
    assert (found.state, found.figure) == ("met", 452)
    assert target_states([cap], [_count("2021-12-31", 470, "full_year_persons")])[0].state \
        == "missed"
    in_persons = CaseloadTarget(at_most=465, year=2021)
    counts = [_count("2021-01-31", 500), _count("2021-06-30", 460)]
    assert _state(in_persons, counts)[0] == "open"  # the year is not in yet
    found = target_states([in_persons], [*counts, _count("2021-12-31", 420)])[0]
    assert (found.state, found.figure, found.counts) == ("met", 460, 3)


def test_stocks_and_flows_add_up() -> None:
    """1,008 + 151 - 454 = 705: a count of 705 at the end agrees, 700 does not."""
    flow = Flow(start="2015-06-30", end="2016-06-30", entrants=151, leavers=454)
    start = _count("2015-06-30", 1008)
    assert mismatches([flow], [start, _count("2016-06-30", 705)]) == []
    [found] = mismatches([flow], [start, _count("2016-06-30", 700)])
    assert (found.expected, found.end.persons) == (705, 700)


def test_k212_warns_in_check(tmp_path: Path) -> None:
    run = kikcalc("check", "--policy", "examples/proposals/kikcalc.toml", "--lang", "en",
                  "examples/proposals/warn-k212-stock-flow.yaml")
    assert run.exit_code == 0, run.stdout
    assert "K212 warning: group 'Jobparate': the count on 2024-12-31 (400) plus 151 " \
        "entrants minus 251 leavers is 300, but the count on 2025-12-31 is 320" in run.stdout


def test_k138_a_target_needs_one_limit_and_one_date(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("""\
kikcalc: 1
name: Mål
period: {start: 2020, end: 2021}
unit: mio. kr.
retention: 100
unit_costs: {kh: 1}
target_groups:
  - name: G
    benefit: kh
    reduction: {2020: 1}
    outcomes: {selvforsorgelse: 100}
    caseload_targets:
      - {by: 2021-12-31}
      - {at_most: 5, below: 6, by: 2021-12-31}
      - {at_most: 5, by: 2021-12-31, year: 2021}
      - {share: 50, by: 2021-12-31}
      - {at_most: 5, direction: below, by: 2021-12-31}
""", encoding="utf-8")
    run = kikcalc("check", path, "--lang", "en")
    assert run.exit_code == 1
    lines = [line.split(": ", 1)[1] for line in run.stdout.splitlines() if "K138" in line]
    assert lines == [
        "K138 group 'G': a caseload target needs one limit: persons, at_most, below, "
        "at_least or share",
        "K138 group 'G': a caseload target gives at_most, below; give one of them",
        "K138 group 'G': a caseload target needs one of by (a date) and year (a cap on the "
        "year's average)",
        "K138 group 'G': a share target needs `of` or a baseline of the group to be a share of",
        "K138 group 'G': direction belongs to a share target; write at_most, below or "
        "at_least instead"], run.stdout


def test_the_worked_example_of_the_docs() -> None:
    doc = kikcalc("targets", "examples/targets-aabenraa.yaml", "-f", "json").json()
    assert [(t["group"], t["kind"], t["persons"], t["state"], t["count"]["persons"])
            for t in doc["targets"]] == [
        ("Aktivitetsparate", "at_most", "504", "met", "499"),
        ("Unge på Toppen", "at_least", "10", "met_by", "16"),
        ("Kontant- og uddannelseshjælp", "below", "800", "met", "790"),
        ("Sygedagpenge", "at_most", "465", "met", "452")]
    assert [f["adds_up"] for f in doc["flows"]] == [True]
    text = kikcalc("targets", "examples/targets-aabenraa.yaml", "--lang", "en").stdout
    assert "Aktivitetsparate at most 504 (50 % of 1,008," in " ".join(text.split()), text


def test_kijos_caps_are_on_the_years_full_year_persons() -> None:
    """KIJOS's caps (plan 2021 and 2022: 'antal (økonomiske) fuldtidspersoner ... må ikke
    overstige') are caps on a year's full-year persons, not stocks on 31 December."""
    doc = kikcalc("targets", "strategies/kijos.yaml", "-f", "json").json()
    assert [(t["persons"], t["year"], t["unit"], t["state"]) for t in doc["targets"]] == [
        ("465", 2021, "full_year_persons", "open"), ("500", 2022, "full_year_persons", "open"),
        ("256", 2021, "full_year_persons", "open"), ("243", 2022, "full_year_persons", "open")]
