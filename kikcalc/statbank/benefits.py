"""The statistics' benefit types, kikcalc's benefit keys, and the 1 July 2025 break.

Danmarks Statistik's table AUK01 (full-time recipients by area, benefit type, sex, age and
quarter) names benefit types by code in its variable YDELSESTYPE; a Jobindsats export names
them in words. A target group in a strategy names the benefit it leaves by a key of its own
(`kontant_uddannelseshjaelp` in the shipped budget tables). This module is the one place
that ties the three together.

What is documented and what is constructed (said here and in README):
- documented, from a public description of AUK01's variables (OMRÅDE, YDELSESTYPE, KØN,
  ALDER, Tid; area `0` is the whole country): TOT, TOTUSU, SU, TOTLE, DP, RE, LY, SY, RES,
  JA. Check them against `https://api.statbank.dk/v1/tableinfo/AUK01` before relying on them.
- constructed, NOT verified: KT (kontanthjælp), UH (uddannelseshjælp) and IY
  (integrationsydelse). We could not find AUK01's own codes for them; they are placeholders
  for the test data. Name the real codes in the strategy's `benefit_types`, which always win.

The break: from 1 July 2025 uddannelseshjælp and integrationsydelse are paid as kontanthjælp
(the cash-benefit reform). A series of kontanthjælp alone jumps up in July 2025, and one of
uddannelseshjælp alone ends. A group that counts both (the default for
`kontant_uddannelseshjaelp`) is continuous across the merge ("bridged"); a group that counts
one side only is flagged from 2025 on, never silently compared with a baseline before it.
"""

from __future__ import annotations

from collections.abc import Iterable

from kikcalc.record import Record

#: The first month of the merged kontanthjælp.
MERGE_MONTH = "2025-07"
MERGE_YEAR = 2025


class BenefitType(Record):
    code: str
    label: str
    benefit: str | None  # kikcalc's key, as in the shipped budget tables; None: no key
    documented: bool  # False: a constructed code (see the module docstring)
    merged_into: str | None = None  # paid as this type from MERGE_MONTH


AUK01_TYPES: dict[str, BenefitType] = {t.code: t for t in (
    BenefitType("TOT", "I alt", None, True),
    BenefitType("TOTUSU", "I alt uden SU-modtagere", None, True),
    BenefitType("SU", "SU-modtagere", None, True),
    BenefitType("TOTLE", "Nettoledige i alt", None, True),
    BenefitType("DP", "Nettoledige dagpengemodtagere", "a_dagpenge", True),
    BenefitType("RE", "Revalideringsydelse i øvrigt", None, True),
    BenefitType("LY", "Ledighedsydelse", "ledighedsydelse", True),
    BenefitType("SY", "Sygedagpenge mv.", "sygedagpenge", True),
    BenefitType("RES", "Ressourceforløb", "ressourceforloebsydelse", True),
    BenefitType("JA", "Jobafklaringsforløb", "jobafklaring", True),
    BenefitType("KT", "Kontanthjælp", "kontant_uddannelseshjaelp", False),
    BenefitType("UH", "Uddannelseshjælp", "kontant_uddannelseshjaelp", False, "KT"),
    BenefitType("IY", "Integrationsydelse", None, False, "KT"),
)}

#: A Jobindsats export names benefit groups in words (lower case here); constructed from
#: the names the municipalities' plans use, since an export's labels depend on the choices
#: made when it was downloaded.
JOBINDSATS_TYPES: dict[str, BenefitType] = {t.code: t for t in (
    BenefitType("kontanthjælp", "Kontanthjælp", "kontant_uddannelseshjaelp", False),
    BenefitType("kontanthjælp, aktivitetsparate", "Kontanthjælp, aktivitetsparate",
                "kontant_uddannelseshjaelp", False),
    BenefitType("kontanthjælp, jobparate", "Kontanthjælp, jobparate",
                "kontant_uddannelseshjaelp", False),
    BenefitType("uddannelseshjælp", "Uddannelseshjælp", "kontant_uddannelseshjaelp", False,
                "kontanthjælp"),
    BenefitType("a-dagpenge", "A-dagpenge", "a_dagpenge", False),
    BenefitType("sygedagpenge", "Sygedagpenge", "sygedagpenge", False),
    BenefitType("jobafklaringsforløb", "Jobafklaringsforløb", "jobafklaring", False),
    BenefitType("ressourceforløb", "Ressourceforløb", "ressourceforloebsydelse", False),
    BenefitType("ledighedsydelse", "Ledighedsydelse", "ledighedsydelse", False),
    BenefitType("fleksjob", "Fleksjob", "fleksjob", False),
)}


def types_for_benefit(benefit: str, source: str = "statbank") -> tuple[str, ...]:
    """The statistics' codes that count people on kikcalc's `benefit`, in table order.

    >>> types_for_benefit("kontant_uddannelseshjaelp")
    ('KT', 'UH')
    >>> types_for_benefit("fleksjob")
    ()
    """
    table = AUK01_TYPES if source == "statbank" else JOBINDSATS_TYPES
    return tuple(t.code for t in table.values()
                 if t.benefit == benefit and "," not in t.code)


class SeriesBreak(Record):
    """The 2025 merge as it touches one group's benefit types."""

    bridged: bool  # both sides of the merge are counted: the sum is continuous
    merged: tuple[str, ...]  # the types that end
    into: tuple[str, ...]  # the types they are paid as from MERGE_MONTH


def _key(code: str) -> str:
    code = code.strip()
    return code if code in AUK01_TYPES else code.lower()


def series_break(codes: Iterable[str]) -> SeriesBreak | None:
    """How the 1 July 2025 merge touches a group that counts `codes`; None if it does not.

    Bridged only when every type that merges and every type it merges into are counted:
    KT from July 2025 also holds former integrationsydelse, so KT + UH is not continuous.

    >>> series_break(["KT", "UH", "IY"]).bridged
    True
    >>> series_break(["KT", "UH"])
    SeriesBreak(bridged=False, merged=('UH',), into=('KT',))
    >>> series_break(["SY"]) is None
    True
    """
    known = {**AUK01_TYPES, **JOBINDSATS_TYPES}
    chosen = {_key(c) for c in codes}
    merging = {c: known[c].merged_into for c in chosen if c in known and known[c].merged_into}
    receiving = {c for c in chosen if any(t.merged_into == c for t in known.values())}
    if not merging and not receiving:
        return None
    into = {target for target in merging.values() if target} | receiving
    sides = {t.code for t in known.values() if t.merged_into in into} | into
    return SeriesBreak(sides <= chosen, tuple(sorted(merging)), tuple(sorted(into)))
