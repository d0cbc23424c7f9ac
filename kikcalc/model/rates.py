"""The built-in benefit catalogue: rates of current law as dated data, each with its rule,
its source, and what in it is an assumption.

A strategy prices a group on one rate by a unit cost that names it:
`kontanthjaelp_grundsats: {rate: kontanthjaelp_grundsats, refusion: refusion_2016,
duration_mix: [0, 0, 0, 100]}`. The gross cost of a full-year person in a month is twelve
times the monthly rate in force that month; refusion makes it a municipal net cost. A rate
holds from its month on; a month before its first has no price (the rate did not exist),
so a group on the grundsats for all of 2025 is refused (K126), one that reaches it from
July through `until: 2025-06, then: ...` is priced month by month.

The 1 July 2025 reform (lov nr. 1703 af 30. december 2024, the bill L 13 of 2024-25):
uddannelseshjælp, kontanthjælp, overgangsydelse and selvforsørgelses- og hjemrejseydelse end
on 30 June 2025 and are paid as one kontanthjælp (aktivloven §§ 16-20) with four rates
(aalborg.dk "Det skal du vide om det nye kontanthjælpssystem"; borger.dk "Integrationsindsats
og arbejdspligt"):
- mindstesats: people who do not meet the residence and employment requirement;
- grundsats: under 30 without the equivalent of 2½ years of ordinary full-time work in the
  last 10 years; it follows SU;
- forhøjet sats: from 30, and 25-29 with 2½ years of work;
- hjemmeboende: under 30, living with one or both parents, no child of their own at home.

The stored public sources give the rules, not bm.dk's rate tables for 2025 and 2026, so
every amount below says where it comes from and which part is an ASSUMPTION. Give your
municipality's own rates (`by_month`) where the catalogue has none or an assumed one.

>>> RATES["kontanthjaelp_grundsats"].by_month
{'2025-07': Decimal('6955')}
>>> RATES["kontanthjaelp_mindstesats"].by_month
{}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kikcalc.record import Record

#: the month the reform's rates start, and the last month of the benefits it ends
REFORM_2025 = "2025-07"
LAST_MONTH_BEFORE_REFORM = "2025-06"


class Rate(Record):
    """A monthly gross rate (kr. per person per month) from its month on, and why."""

    name: str  # as a committee reads it
    rule: str  # who is on this rate
    by_month: Mapping[str, Decimal]  # "YYYY-MM" -> kr. per month from that month on
    source: str
    assumption: str = ""  # what in the amount is not in the source


class Succession(Record):
    """A benefit that ended: its last month and the benefits its people passed to."""

    benefit: str
    until: str  # the last month
    then: tuple[str, ...]
    source: str


_RULE_SOURCE = ("aalborg.dk, 'Det skal du vide om det nye kontanthjælpssystem' "
                "(https://www.aalborg.dk/mit-liv/arbejde-og-uddannelse/ledig/"
                "det-skal-du-vide-om-det-nye-kontanthjaelpssystem); borger.dk, "
                "'Integrationsindsats og arbejdspligt'")

RATES: dict[str, Rate] = {
    "kontanthjaelp_grundsats": Rate(
        "Kontanthjælp, grundsats",
        "under 30 without 2½ years of ordinary full-time work in the last 10 years",
        {REFORM_2025: Decimal(6955)},
        "Aftale om et nyt kontanthjælpssystem, 13 October 2023 (bm.dk), as quoted by "
        "ligevaerd.dk ('Unge under 30 år vil modtage en grundsats på kr. 6.955 pr. måned'); "
        + _RULE_SOURCE,
        "ASSUMPTION: the agreement's 6,955 kr. a month is used from July 2025 on, without the "
        "yearly satsregulering of 2025 and 2026 (the stored pages give no rate table)"),
    "kontanthjaelp_forhoejet": Rate(
        "Kontanthjælp, forhøjet sats",
        "30 and over, and 25-29 with 2½ years of ordinary full-time work in the last 10 years",
        {REFORM_2025: Decimal(12326)},
        "detfagligehus.dk 'Kontanthjælpens størrelse', satser 2024: fyldt 30 år uden "
        "forsørgerpligt 12.326 kr.; "
        + _RULE_SOURCE,
        "ASSUMPTION: the forhøjet sats (no children) taken at the 2024 rate of the ordinary "
        "kontanthjælp from 30 that it replaces, unregulated"),
    "kontanthjaelp_hjemmeboende": Rate(
        "Kontanthjælp, hjemmeboende",
        "under 30, living with one or both parents, no child of their own at home",
        {REFORM_2025: Decimal(3834)},
        "detfagligehus.dk 'Kontanthjælpens størrelse', satser 2024: under 30, hjemmeboende "
        "3.834 kr.; " + _RULE_SOURCE,
        "ASSUMPTION: taken at the 2024 hjemmeboende rate of the kontanthjælp it replaces, "
        "unregulated"),
    "kontanthjaelp_mindstesats": Rate(
        "Kontanthjælp, mindstesats",
        "people who do not meet the residence and employment requirement",
        {},
        _RULE_SOURCE,
        "no amount: the stored sources give none; give your own by_month"),
    "uddannelseshjaelp_udeboende": Rate(
        "Uddannelseshjælp, udeboende (til 30.06.2025)",
        "under 30 without a vocational education, living away from home (ended 30 June 2025)",
        {"2023-01": Decimal(6545)},
        "bm.dk 'Satser for 2023', uddannelseshjælp, § 23, stk. 2, nr. 6 and 8: 6.545 kr. pr. md.",
        "ASSUMPTION: the 2023 rate held to June 2025, unregulated"),
}

# Rates that end: the last month and the rate their people are on afterwards.
RATE_ENDS: dict[str, tuple[str, str]] = {
    "uddannelseshjaelp_udeboende": (LAST_MONTH_BEFORE_REFORM, "kontanthjaelp_grundsats"),
}

SUCCESSIONS: tuple[Succession, ...] = (
    Succession("integrationsydelse", "2019-12",
               ("selvforsoergelses_og_hjemrejseydelse", "overgangsydelse"),
               "renamed from 1 January 2020; the law's own wording: 'Integrationsydelse, jf. "
               "den tidligere gældende § 22 i lov om aktiv socialpolitik, jf. "
               "lovbekendtgørelse nr. 981 af 23. september 2019, selvforsørgelses- og "
               "hjemrejseydelse, overgangsydelse' (elov.dk, sygedagpengeloven § 71 b, "
               "ændringslov nr. 1655 af 30. december 2024)"),
    Succession("selvforsoergelses_og_hjemrejseydelse", LAST_MONTH_BEFORE_REFORM,
               ("kontanthjaelp",), "merged into kontanthjælp from 1 July 2025 "
               "(lundsteenwiederquist.dk, 'De nye regler om kontanthjælp', 21 February 2025)"),
    Succession("overgangsydelse", LAST_MONTH_BEFORE_REFORM, ("kontanthjaelp",),
               "merged into kontanthjælp from 1 July 2025 (as above)"),
    Succession("uddannelseshjaelp", LAST_MONTH_BEFORE_REFORM,
               ("kontanthjaelp_grundsats", "kontanthjaelp_forhoejet",
                "kontanthjaelp_hjemmeboende"),
               "paid as kontanthjælp from 1 July 2025, at the grundsats for most under 30 "
               "(as above; " + _RULE_SOURCE + ")"),
)


def rate_month(key: str, year: int, month: int) -> Decimal | None:
    """The monthly rate in force in a month, following a rate that ends to its successor;
    None where the catalogue has no amount for that month.

    >>> rate_month("uddannelseshjaelp_udeboende", 2025, 6), rate_month(
    ...     "uddannelseshjaelp_udeboende", 2025, 7)
    (Decimal('6545'), Decimal('6955'))
    >>> rate_month("kontanthjaelp_grundsats", 2025, 6) is None
    True
    """
    stamp = f"{year:04d}-{month:02d}"
    end = RATE_ENDS.get(key)
    if end is not None and stamp > end[0]:
        return rate_month(end[1], year, month)
    in_force = [m for m in RATES[key].by_month if m <= stamp]
    return RATES[key].by_month[max(in_force)] if in_force else None
