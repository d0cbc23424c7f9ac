"""Money over time: net present value, return on investment and benefit-cost ratio.

Municipal business cases are usually undiscounted (rate 0, the default); the state's
discount rate is 3.5 % a year. Pure functions on the engine's results.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from kikcalc.engine.results import HUNDRED, ZERO, Economics, Plan, Projection

RATIO_PLACES = Decimal("0.0001")


def present_value(values: Mapping[int, Decimal], rate: Decimal, start: int) -> Decimal:
    """Sum of values discounted to the first year: ``sum v(t) / (1 + r) ** (t - start)``.

    At rate 0 it is the plain sum, the cumulative net at the horizon. Example: 100 now and
    103.5 next year at 3.5 % are worth 100 + 100 = 200.

    >>> present_value({2025: Decimal(100), 2026: Decimal("103.5")}, Decimal("3.5"), 2025)
    Decimal('200')
    """
    step = 1 + rate / HUNDRED
    return sum((v / step ** (year - start) for year, v in values.items()), ZERO)


def economics(plan: Plan, projection: Projection) -> Economics:
    """NPV, ROI and benefit-cost ratio of the projection (ROI and BCR None without cost).

    Worked example (eksempelby, rate 0): savings 24.49, investment 15: NPV 9.49,
    ROI 9.49 / 15 = 0.6327, BCR 24.49 / 15 = 1.6327.
    """
    rate, start = plan.discount_rate, plan.start
    gains = {y: projection.savings[y] + projection.other[y] for y in plan.years}
    invested = sum(projection.investment.values(), ZERO)
    discounted_cost = present_value(projection.investment, rate, start)
    roi = bcr = None
    if invested:
        roi = ((sum(gains.values(), ZERO) - invested) / invested).quantize(RATIO_PLACES,
                                                                            ROUND_HALF_UP)
        bcr = (present_value(gains, rate, start) / discounted_cost).quantize(RATIO_PLACES,
                                                                            ROUND_HALF_UP)
    return Economics(rate, present_value(projection.net, rate, start), roi, bcr,
                     plan.retention)
