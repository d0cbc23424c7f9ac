"""The statistics' benefit types, kikcalc's benefit keys, and the 1 July 2025 break.

Danmarks Statistik's tables of full-time recipients (AUK01 by quarter, AUH01 by year) have
a variable of benefit types, YDELSESTYPE; a Jobindsats export names benefit groups in words.
A target group in a strategy names the benefit it leaves by a key of its own
(`kontant_uddannelseshjaelp` in the shipped budget tables). This module is the one place
that ties them together, by the *labels* the statistics use: kikcalc holds no table's codes.
`kikcalc statbank fetch` finds the codes of these labels in the table's own metadata
(`tableinfo`), and a strategy's `comparison.benefit_types` names labels too (they win).

The labels below are those of a public description of AUK01 ("Kontanthjælp",
"Uddannelseshjælp", "Integrationsydelse", ...). They are checked against the table at every
fetch: a label the table does not have is an error that lists the labels it has.

The break: from 1 July 2025 uddannelseshjælp and integrationsydelse are paid as kontanthjælp
(the cash-benefit reform). A series of kontanthjælp alone jumps up in July 2025, and one of
uddannelseshjælp alone ends. A group that counts both (the default for
`kontant_uddannelseshjaelp`) is continuous across the merge ("bridged"); a group that counts
one side only is flagged from 2025 on, never silently compared with a baseline before it.

The second break: the kontanthjælp tables by visitation category (Danmarks Statistik's
KY04 by month, KY035 by year; Jobindsats alike) count jobparate and aktivitetsparate
apart. The employment reform's agreement (April 2025) says every recipient of
kontanthjælp is to be registered as jobparat by default ("Alle kontanthjælpsmodtagere
registreres derfor som udgangspunkt automatisk som jobparate"), from the new main act
expected from 1 January 2027 (star.dk, questions from the webinar of 21 January 2026).
ASSUMPTION: the move happens on that date. A group that counts some visitation categories
but not all is flagged from 2027 on; one that counts them all is continuous.
"""

from __future__ import annotations

from collections.abc import Iterable

from kikcalc.record import Record

#: The first month of the merged kontanthjælp.
MERGE_MONTH = "2025-07"
MERGE_YEAR = 2025
#: The first year everyone on kontanthjælp is registered as jobparat (an ASSUMPTION: the
#: reform's new main act, expected from 1 January 2027).
VISITATION_YEAR = 2027
#: The visitation categories of kontanthjælp, as the statistics label them.
VISITATION_CATEGORIES = ("Jobparat", "Aktivitetsparat", "Uddannelsesparat")


class BenefitType(Record):
    label: str  # as the statistics label it
    benefit: str | None  # kikcalc's key, as in the shipped budget tables; None: no key
    merged_into: str | None = None  # paid as this type (its label) from MERGE_MONTH


def _table(*types: BenefitType) -> dict[str, BenefitType]:
    return {_key(t.label): t for t in types}


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


STATBANK_TYPES: dict[str, BenefitType] = _table(
    BenefitType("Nettoledige dagpengemodtagere", "a_dagpenge"),
    BenefitType("Ledighedsydelse", "ledighedsydelse"),
    BenefitType("Sygedagpenge", "sygedagpenge"),
    BenefitType("Ressourceforløb", "ressourceforloebsydelse"),
    BenefitType("Jobafklaringsforløb", "jobafklaring"),
    BenefitType("Kontanthjælp", "kontant_uddannelseshjaelp"),
    BenefitType("Uddannelseshjælp", "kontant_uddannelseshjaelp", "Kontanthjælp"),
    BenefitType("Integrationsydelse", None, "Kontanthjælp"),
    # the kontanthjælp tables by visitation category (KY04, KY035)
    BenefitType("Jobparat", "kontant_uddannelseshjaelp"),
    BenefitType("Aktivitetsparat", "kontant_uddannelseshjaelp"),
    BenefitType("Uddannelsesparat", "kontant_uddannelseshjaelp"),
)

#: A Jobindsats export names benefit groups in words; these are the names the
#: municipalities' plans use, since an export's labels depend on the choices made when it
#: was downloaded.
JOBINDSATS_TYPES: dict[str, BenefitType] = _table(
    BenefitType("Kontanthjælp", "kontant_uddannelseshjaelp"),
    BenefitType("Kontanthjælp, aktivitetsparate", "kontant_uddannelseshjaelp"),
    BenefitType("Kontanthjælp, jobparate", "kontant_uddannelseshjaelp"),
    BenefitType("Uddannelseshjælp", "kontant_uddannelseshjaelp", "Kontanthjælp"),
    BenefitType("A-dagpenge", "a_dagpenge"),
    BenefitType("Sygedagpenge", "sygedagpenge"),
    BenefitType("Jobafklaringsforløb", "jobafklaring"),
    BenefitType("Ressourceforløb", "ressourceforloebsydelse"),
    BenefitType("Ledighedsydelse", "ledighedsydelse"),
    BenefitType("Fleksjob", "fleksjob"),
)


def types_for_benefit(benefit: str, source: str = "statbank") -> tuple[str, ...]:
    """The statistics' labels of the types that count people on kikcalc's `benefit`.

    >>> types_for_benefit("kontant_uddannelseshjaelp")
    ('Kontanthjælp', 'Uddannelseshjælp')
    >>> types_for_benefit("fleksjob")
    ()
    """
    table = STATBANK_TYPES if source == "statbank" else JOBINDSATS_TYPES
    return tuple(t.label for t in table.values() if t.benefit == benefit and "," not in t.label
                 and t.label not in VISITATION_CATEGORIES)


def visitation_break(labels: Iterable[str]) -> int | None:
    """The year from which a group that counts some visitation categories, not all, breaks.

    >>> visitation_break(["Aktivitetsparat"])
    2027
    >>> visitation_break(["Kontanthjælp, aktivitetsparate"])
    2027
    >>> visitation_break(["Jobparat", "Aktivitetsparat", "Uddannelsesparat"]) is None
    True
    >>> visitation_break(["Kontanthjælp"]) is None
    True
    """
    stems = [c.casefold()[:-1] for c in VISITATION_CATEGORIES]  # "jobpara", ...
    counted = {s for label in labels for s in stems if s in label.casefold()}
    return VISITATION_YEAR if counted and len(counted) < len(stems) else None


class SeriesBreak(Record):
    """The 2025 merge as it touches one group's benefit types."""

    bridged: bool  # both sides of the merge are counted: the sum is continuous
    merged: tuple[str, ...]  # the types that end
    into: tuple[str, ...]  # the types they are paid as from MERGE_MONTH


def series_break(labels: Iterable[str]) -> SeriesBreak | None:
    """How the 1 July 2025 merge touches a group that counts `labels`; None if it does not.

    Bridged only when every type that merges and every type it merges into are counted:
    kontanthjælp from July 2025 also holds former integrationsydelse, so kontanthjælp and
    uddannelseshjælp alone are not continuous.

    >>> series_break(["Kontanthjælp", "Uddannelseshjælp", "Integrationsydelse"]).bridged
    True
    >>> series_break(["Kontanthjælp", "Uddannelseshjælp"])
    SeriesBreak(bridged=False, merged=('Uddannelseshjælp',), into=('Kontanthjælp',))
    >>> series_break(["Sygedagpenge"]) is None
    True
    """
    known = {**STATBANK_TYPES, **JOBINDSATS_TYPES}
    chosen = {_key(label) for label in labels}
    merging = {c: _key(known[c].merged_into or "") for c in chosen
               if c in known and known[c].merged_into}
    receiving = {c for c in chosen if any(_key(t.merged_into or "") == c
                                          for t in known.values())}
    if not merging and not receiving:
        return None
    into = set(merging.values()) | receiving
    sides = {k for k, t in known.items() if t.merged_into and _key(t.merged_into) in into}
    sides |= into
    return SeriesBreak(sides <= chosen, tuple(sorted(known[c].label for c in merging)),
                       tuple(sorted(known[c].label for c in into)))
