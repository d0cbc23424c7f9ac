"""Names, not keys: what a reader sees for a benefit or outcome key of the strategy file.

A strategy names benefits and outcomes with plain keys (`kontant_uddannelseshjaelp`,
`selvforsorgelse`); a committee reads "Kontant- og uddannelseshjælp" and "Selvforsørgelse".
The standard keys of the employment area (also the 2025 benefit structure) have their
Danish and English names here. A name the file gives itself (a budget table's `label`)
wins over the catalogue; a key neither knows is shown with spaces for underscores and a
capital first letter, never as the raw key. JSON keeps the keys.

>>> benefit_name("kontant_uddannelseshjaelp", "da")
'Kontant- og uddannelseshjælp'
>>> benefit_name("selvforsørgelse", "en"), benefit_name("min_egen_ydelse", "da")
('Self-sufficiency', 'Min egen ydelse')
"""

from __future__ import annotations

from collections.abc import Mapping

from kikcalc.present.labels import label

# (Danish, English), by the key with æ ø å spelt ae oe aa.
CATALOGUE: dict[str, tuple[str, str]] = {
    # benefits
    "kontanthjaelp": ("Kontanthjælp", "Cash benefit (kontanthjælp)"),
    "uddannelseshjaelp": ("Uddannelseshjælp", "Education benefit (uddannelseshjælp)"),
    "kontant_uddannelseshjaelp": ("Kontant- og uddannelseshjælp",
                                  "Cash and education benefit"),
    # the 1 July 2025 rates of kontanthjælp (kikcalc/model/rates.py)
    "kontanthjaelp_grundsats": ("Kontanthjælp, grundsats", "Cash benefit, basic rate"),
    "kontanthjaelp_forhoejet": ("Kontanthjælp, forhøjet sats", "Cash benefit, higher rate"),
    "kontanthjaelp_hjemmeboende": ("Kontanthjælp, hjemmeboende",
                                   "Cash benefit, living with parents"),
    "kontanthjaelp_mindstesats": ("Kontanthjælp, mindstesats", "Cash benefit, minimum rate"),
    # integrationsydelse until 2019; renamed selvforsørgelses- og hjemrejseydelse or
    # overgangsydelse from 1 January 2020; both paid as kontanthjælp from 1 July 2025
    "integrationsydelse": ("Integrationsydelse", "Integration benefit (integrationsydelse)"),
    "overgangsydelse": ("Overgangsydelse", "Transitional benefit (overgangsydelse)"),
    "selvforsoergelses_og_hjemrejseydelse": (
        "Selvforsørgelses- og hjemrejseydelse",
        "Self-support and repatriation benefit"),
    "hjemrejseydelse": ("Hjemrejseydelse", "Repatriation benefit"),
    "a_dagpenge": ("A-dagpenge", "Unemployment benefit (a-dagpenge)"),
    "dagpenge": ("A-dagpenge", "Unemployment benefit (a-dagpenge)"),
    "sygedagpenge": ("Sygedagpenge", "Sickness benefit (sygedagpenge)"),
    "jobafklaring": ("Jobafklaringsforløb", "Job clarification (jobafklaring)"),
    "jobafklaringsforloeb": ("Jobafklaringsforløb", "Job clarification (jobafklaring)"),
    "ressourceforloeb": ("Ressourceforløb", "Rehabilitation programme (ressourceforløb)"),
    "ressourceforloebsydelse": ("Ressourceforløbsydelse",
                                "Rehabilitation benefit (ressourceforløbsydelse)"),
    "fleksjob": ("Fleksjob", "Flexi-job (fleksjob)"),
    "ledighedsydelse": ("Ledighedsydelse", "Flexi-job unemployment benefit"),
    "foertidspension": ("Førtidspension", "Disability pension (førtidspension)"),
    "revalidering": ("Revalidering", "Vocational rehabilitation (revalidering)"),
    "loentilskud": ("Løntilskud", "Wage subsidy (løntilskud)"),
    "udlaendinge_i_program": ("Udlændinge i program", "Foreigners in the programme"),
    "udlaendinge_ikke_i_program": ("Udlændinge ikke i program",
                                   "Foreigners not in the programme"),
    "ingen_udgift": ("Ingen udgift", "No cost"),
    # outcomes
    "selvforsorgelse": ("Selvforsørgelse", "Self-sufficiency"),
    "selvforsoergelse": ("Selvforsørgelse", "Self-sufficiency"),
    "maalgruppeskift": ("Målgruppeskift", "Move to another target group"),
    "anden_ydelse": ("Anden ydelse", "Another benefit"),
    "anden_forsorgelse": ("Anden forsørgelse", "Other public support"),
    "anden_forsoergelse": ("Anden forsørgelse", "Other public support"),
    "stadig_aktivitetsparat": ("Stadig aktivitetsparat", "Still aktivitetsparat"),
    "andet": ("Andet", "Other"),
    "job": ("Job", "Job"),
    "uddannelse": ("Uddannelse", "Education"),
}

_SPELLING = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "-": "_", " ": "_"})


def _key(name: str) -> str:
    return name.strip().lower().translate(_SPELLING)


def known(name: str) -> bool:
    """Whether `name` is a key of the catalogue (in either spelling)."""
    return _key(name) in CATALOGUE


def humanised(name: str) -> str:
    """A key nobody has named, readable: underscores as spaces, a capital first letter.

    >>> humanised("min_egen_ydelse"), humanised("Jobparate")
    ('Min egen ydelse', 'Jobparate')
    """
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text.islower() or "_" in name else text


def benefit_name(name: str, lang: str, own: Mapping[str, str] | None = None) -> str:
    """The name a reader sees for a benefit or outcome key.

    `own` holds names the files give (a budget table's labels); in Danish they win, in
    English the catalogue's English name wins where there is one (the tables are Danish).
    """
    if own and name in own and (lang == "da" or not known(name)):
        return own[name]
    names = CATALOGUE.get(_key(name))
    if names is not None:
        return names[0] if lang == "da" else names[1]
    return humanised(name)


def driver_label(kind: str, name: str, lang: str, own: Mapping[str, str] | None = None) -> str:
    """A sensitivity driver as the reader knows it: "Enhedsudgift: Fleksjob".

    >>> driver_label("unit_cost", "fleksjob", "da")
    'Enhedsudgift: Fleksjob'
    """

    shown = benefit_name(name, lang, own) if kind == "unit_cost" else name
    return label(f"driver_{kind}", lang, name=shown)
