"""The refusion ladders as dated data: for each week a person has been on public support,
the percent of the gross benefit the state refunds; the municipality pays the rest. Each
ladder says the years it was law, its source and what in it is an ASSUMPTION.

Since 4 January 2016 (lov om kommunernes finansiering af visse offentlige ydelser udbetalt
af kommunerne, Udbetaling Danmark og arbejdsløshedskasserne, § 5, stk. 2; elov.dk, the
consolidated act LBK nr. 221 af 12. februar 2021): 80 % in the first 4 weeks with
benefits, 40 % in weeks 5-26, 30 % in weeks 27-52, 20 % from week 53. For a-dagpenge the
municipality co-finances instead (§ 5, stk. 3): 20 / 60 / 70 / 80 %, the same municipal
shares. The weeks are counted for the person across the benefits of the act (§ 3), not
per benefit ("samlet varighed i offentlig forsørgelse", the ministry's model of the reform
as quoted on docplayer.dk; cabiweb.dk "Refusionsreform"), so a person who moves from
kontanthjælp to ledighedsydelse keeps the step reached. The count starts again only when
the person, after the first week with benefits, has had 52 whole calendar weeks of
self-support within the last 3 years (§ 6, stk. 1; self-support: no public support and no
subsidised job, stk. 2).

Before 2016 refusion followed the benefit and the activity, not the weeks across benefits:
- sygedagpenge from 1 January 2011 (lov om ændring af lov om sygedagpenge, ændring af
  refusionssatser, 22 December 2010, § 62, stk. 3-5; retsinformation.dk id 135234): the
  state pays 30 % from week 9 to week 52 counted from the first day of the sickness
  absence, 50 % during a gradual return to work or an active offer. The text names weeks
  9-52 only: that weeks 1-8 and weeks after 52 carry no refusion is an ASSUMPTION.
- sygedagpenge before 2011: the same act changed "65 pct." to "50 pct." for the active
  periods, so 65 % was the active rate in 2009-2010 (same source). The passive rate, 50 %
  in weeks 9-52, is an ASSUMPTION from "I 2010 udgjorde refusionen hhv. 75 % eller 65 % i
  aktive perioder og 50 % eller 35 % i passive perioder" (a municipal note on the
  refusion reform, docplayer.dk), as are weeks 1-8 and after 52 (no refusion).
- kontanthjælp before 2016 (cabiweb.dk "Refusionsreform", 2015): 50 % while the person is
  in a company-based offer (virksomhedspraktik), 30 % in guidance or upskilling; the years
  2011-2015 are an ASSUMPTION (the page says "i dag" in 2015).

A ladder the catalogue lacks is written in the file as steps: `ladder: [{from_week: 1,
refusion: 100}, {from_week: 9, refusion: 50}]`.

>>> municipal_percent(LADDERS["refusion_2016"].steps, 27)
Decimal('70')
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kikcalc.record import Record

Steps = tuple[tuple[int, Decimal], ...]  # (first week of the step, refusion percent)


class Ladder(Record):
    """Refusion by week on public support, and why."""

    steps: Steps
    first_year: int  # the first year it was law
    last_year: int | None  # the last year it was law; None: still law
    source: str
    assumption: str = ""


def _steps(*pairs: tuple[int, int]) -> Steps:
    return tuple((week, Decimal(percent)) for week, percent in pairs)


_ACT_2016 = ("lov om kommunernes finansiering af visse offentlige ydelser, § 5 and § 6 "
             "(elov.dk, LBK nr. 221 af 12. februar 2021)")
_SDP_2011 = ("lov om ændring af lov om sygedagpenge (ændring af refusionssatser), "
             "22 December 2010, § 62, stk. 3-5 (retsinformation.dk id 135234)")

LADDERS: dict[str, Ladder] = {
    "refusion_2016": Ladder(_steps((1, 80), (5, 40), (27, 30), (53, 20)), 2016, None,
                            _ACT_2016 + ", stk. 2"),
    "adagpenge_2016": Ladder(_steps((1, 80), (5, 40), (27, 30), (53, 20)), 2016, None,
                             _ACT_2016 + ", stk. 3: co-financing 20 / 60 / 70 / 80 %"),
    "sygedagpenge_2011": Ladder(_steps((1, 0), (9, 30), (53, 0)), 2011, 2015, _SDP_2011,
                                "no refusion in weeks 1-8 and after week 52"),
    "sygedagpenge_2011_aktiv": Ladder(_steps((1, 0), (9, 50), (53, 0)), 2011, 2015,
                                      _SDP_2011, "no refusion in weeks 1-8 and after 52"),
    "sygedagpenge_2009": Ladder(_steps((1, 0), (9, 50), (53, 0)), 2009, 2010,
                                "docplayer.dk, a municipal note on the refusion reform",
                                "50 % passive in weeks 9-52; none in weeks 1-8 and after 52"),
    "sygedagpenge_2009_aktiv": Ladder(_steps((1, 0), (9, 65), (53, 0)), 2009, 2010,
                                      _SDP_2011 + ": the 65 % it lowered",
                                      "none in weeks 1-8 and after 52"),
    "kontanthjaelp_2015_virksomhedsrettet": Ladder(_steps((1, 50)), 2011, 2015,
                                                   "cabiweb.dk, Refusionsreform",
                                                   "in force 2011-2015"),
    "kontanthjaelp_2015_oevrige": Ladder(_steps((1, 30)), 2011, 2015,
                                         "cabiweb.dk, Refusionsreform", "in force 2011-2015"),
}

#: Whole weeks of self-support within 3 years after which the count starts again (§ 6).
RESTART_WEEKS = 52


def municipal_percent(steps: Sequence[tuple[int, Decimal]], week: int) -> Decimal:
    """The percent of the gross benefit the municipality pays in `week` on support: 100
    minus the refusion of the last step that has begun (steps in order from week 1)."""
    refusion = Decimal(0)
    for first, percent in steps:
        if first > week:
            break
        refusion = percent
    return 100 - refusion
