"""Words users read, in Danish (the default: the readers are Danish) and English.

Code speaks English domain words; this table is the one place that maps them to labels.
"""

from __future__ import annotations

LANGUAGES = ("da", "en")

_LABELS: dict[str, tuple[str, str]] = {
    # series
    "projected": ("Beregnet", "Projected"),
    "budget": ("Budgetteret", "Budgeted"),
    "actual": ("Faktisk", "Actual"),
    "forecast": ("Forventet", "Forecast"),
    "difference": ("Forskel", "Difference"),
    # investment categories
    "initiatives": ("Nye indsatser", "New initiatives"),
    "staff": ("Personale", "Staff"),
    "operations": ("Drift og tværgående", "Operations and cross-cutting"),
    "other": ("Øvrigt", "Other"),
    # table words
    "series": ("Serie", "Series"),
    "year": ("År", "Year"),
    "total": ("I alt", "Total"),
    "payback_year": ("Tilbagebetalt år", "Payback year"),
    "payback_years": ("Antal år", "Years"),
    "interpolated": ("Interpoleret (år)", "Interpolated (years)"),
    "cumulative_at_end": ("Akkumuleret", "Cumulative"),
    "through_year": ("Til og med", "Through"),
    "missing_years": ("ingen tal for {years}", "no figures for {years}"),
    "nothing_to_pay_back": ("intet at tilbagebetale: ingen investering og ingen besparelse",
                            "nothing to pay back: no investment and no savings"),
    "not_yet": ("ikke endnu (tal til og med {last})", "not yet (figures through {last})"),
    "not_within": ("ikke inden for {start}-{end}", "not within {start}-{end}"),
    "investment": ("Investering i alt", "Investment, total"),
    "savings": ("Besparelse i alt", "Savings, total"),
    "savings_of": ("Besparelse: {name}", "Savings: {name}"),
    "investment_of": ("Investering: {name}", "Investment: {name}"),
    "other_effects": ("Øvrige effekter", "Other effects"),
    "net": ("Nettoeffekt", "Net effect"),
    "cumulative": ("Akkumuleret", "Cumulative"),
    "group": ("Målgruppe", "Target group"),
    "benefit": ("Ydelse", "Benefit"),
    "destination": ("Udfald", "Outcome"),
    "share": ("Andel (%)", "Share (%)"),
    "per_person": ("Besparelse pr. helårsperson, {year} ({unit})",
                   "Saving per full-year person, {year} ({unit})"),
    "no_benefit": ("ingen (selvforsørgelse)", "none (self-sufficient)"),
    # titles
    "title_payback": ("Tilbagebetaling", "Payback"),
    "title_net": ("Årlig nettoeffekt, beregnet", "Yearly net effect, projected"),
    "title_groups": ("Målgrupper: reduktion i helårspersoner, udfald og besparelse",
                     "Target groups: reduction in full-year persons, outcomes and savings"),
    "title_variance": ("Budget og status", "Budget and actual"),
    # diff
    "base": ("Basis", "Base"),
    "proposal": ("Forslag", "Proposal"),
    "change": ("Ændring", "Change"),
    "title_diff": ("Ændringer i forslaget", "What the proposal changes"),
    "diff_cumulative": ("Akkumuleret {end} ({series})", "Cumulative {end} ({series})"),
    "diff_payback": ("Tilbagebetalt år ({series})", "Payback year ({series})"),
    "diff_net": ("Nettoeffekt {year}", "Net effect {year}"),
    "diff_details": ("Årlig nettoeffekt og besparelse pr. målgruppe",
                     "Yearly net effect and savings by target group"),
    "rows_left_out": ("{n:,} rækker mere er ikke vist: en kommentar har en længdegrænse.",
                      "{n:,} more rows not shown: a comment's length is limited."),
    "years_later": ("{n:+d} år", "{n:+d} years"),
    "year_later": ("{n:+d} år", "{n:+d} year"),
    "no_change": ("Ingen væsentlige ændringer.", "Nothing material changed."),
    "new_file": ("Ny strategi: der er ingen basis at sammenligne med.",
                 "New strategy: there is no base to compare with."),
    "not_paid_back": ("ikke tilbagebetalt", "not paid back"),
    "verdict_fail": ("Forslaget overskrider politikken: {reasons}.",
                     "The proposal breaks the policy: {reasons}."),
    "breach_payback_slip": ("tilbagebetaling ({series}) forsinkes {amount} år, mere end {limit}",
                            "payback ({series}) slips by {amount} year(s), more than {limit}"),
    "breach_payback_lost": ("tilbagebetaling ({series}) nås ikke længere inden for perioden",
                            "payback ({series}) is no longer reached within the period"),
    "breach_actual_shortfall": ("de nye regnskabstal ligger {amount} {unit} under budgettet, "
                                "mere end {limit}",
                                "the new actuals fall {amount} {unit} short of the budget, "
                                "more than {limit}"),
    "series_lost": ("tilbagebetales ikke længere", "no longer pays back"),
    "series_gained": ("tilbagebetales nu", "now pays back"),
    "series_added": ("serien er ny", "series added"),
    "series_removed": ("serien er fjernet", "series removed"),
    "diff_actual": ("Regnskab {year} mod budget/tidligere tal",
                    "Actual {year} against budget/previous figure"),
    "judged_by": ("Vurderet efter politikken {policy}.", "Judged by the policy {policy}."),
    "horizon_changed": ("Perioden er ændret fra {base} til {proposal}; tallene er sammenlignet "
                        "til og med {end}.",
                        "The period changed from {base} to {proposal}; the figures are "
                        "compared through {end}."),
    "breach_cumulative_drop": ("akkumuleret ({series}) falder {amount} {unit}, mere end {limit}",
                               "cumulative ({series}) falls by {amount} {unit}, "
                               "more than {limit}"),
    # report
    "title_summary": ("Nøgletal", "Key figures"),
    "summary_cumulative": ("Akkumuleret nettoeffekt ultimo {year} ({series})",
                           "Cumulative net effect at the end of {year} ({series})"),
    "title_investment": ("Investering pr. linje", "Investment by line"),
    "line": ("Linje", "Line"),
    "category": ("Kategori", "Category"),
    "title_unit_costs": ("Forudsætninger: nettoudgift pr. helårsperson",
                         "Assumptions: net cost per full-year person"),
    "unit_cost": ("Udgift ({unit})", "Cost ({unit})"),
    "every_year": ("alle år", "every year"),
    "unit_cost_source": ("Kilde: {source}.", "Source: {source}."),
    "title_sources": ("Kilder", "Sources"),
    "source_title": ("Titel", "Title"),
    "date": ("Dato", "Date"),
    "note": ("Note", "Note"),
    "footnotes": ("Noter", "Notes"),
    "chart_title": ("Akkumuleret nettoeffekt", "Cumulative net effect"),
    "chart_payback": ("tilbagebetalt {year}", "paid back {year}"),
    "price_level": ("Beløbene er i de priser, kilderne angiver; de er ikke fremskrevet "
                    "eller tilbagediskonteret.",
                    "Amounts are in the prices their sources give; they are neither "
                    "indexed nor discounted."),
    "price_level_indexed": ("Enhedsudgifter og lønninger er fremskrevet fra prisåret som "
                            "angivet i filen; nutidsværdien er tilbagediskonteret med den "
                            "angivne rente.",
                            "Unit costs and wages are indexed from the price year as the file "
                            "says; the net present value is discounted at the rate given."),
    "made_by": ("Beregnet med kikcalc {version} fra {file}.",
                "Computed with kikcalc {version} from {file}."),
    # unit costs
    "persons": ("Helårspersoner", "Full-year persons"),
    "net_budget": ("Nettobudget ({unit})", "Net budget ({unit})"),
    "per_person_tkr": ("Pr. helårsperson (t.kr.)", "Per full-year person (t.kr.)"),
    "unitcosts_note": ("Nettoudgift pr. helårsperson = nettobudget / helårspersoner, afrundet "
                       "til hele kroner; blokken nedenfor kan sættes ind i en strategifil.",
                       "Net cost per full-year person = net budget / full-year persons, "
                       "rounded to whole kroner; the block below goes into a strategy file."),
    # targets
    "title_targets": ("Måltal for antal på ydelse", "Caseload targets"),
    "target_persons": ("Højst (personer)", "At most (persons)"),
    "target_by": ("Senest", "By"),
    "status": ("Status", "Status"),
    "target_count": ("Optælling (dato)", "Count (date)"),
    "target_met": ("nået", "met"),
    "from_month": ("fra {month}", "from {month}"),
    "after_month": ("efter {month}", "after {month}"),
    "priced_as": ("som {benefit}", "as {benefit}"),
    "title_flows": ("Til- og afgang", "Entrants and leavers"),
    "flow_period": ("Periode", "Period"),
    "entrants": ("Tilgang", "Entrants"),
    "leavers": ("Afgang", "Leavers"),
    "passed_through": ("Været igennem", "Passed through"),
    "flows_note": ("Strømme af personer i perioden, ikke helårspersoner: de indgår ikke i "
                   "besparelsen.", "Flows of people over the period, not full-year persons: "
                   "they are not part of the savings."),
    "target_met_late": ("nået efter fristen", "met late"),
    "target_missed": ("ikke nået", "missed"),
    "target_open": ("åben: ingen optælling efter fristen", "open: no count after the date"),
    "targets_note": ("Nået: første optælling inden fristen på eller under målet. Nået efter "
                     "fristen: første senere optælling på eller under målet. Ikke nået: ingen "
                     "optælling nåede det, og fristen er passeret.",
                     "Met: the first count by the date at or below the target. Met late: the "
                     "first later count at or below it. Missed: no count reached it, and the "
                     "date has passed."),
    "no_targets": ("Filen har ingen måltal (caseload_targets).",
                   "The file has no caseload targets."),
    "economics": ("Beregnet: nutidsværdi {npv} (diskonteringsrente {rate} %), afkast (ROI, "
                  "udiskonteret) {roi}, gevinst-omkostningsforhold (diskonteret) {bcr}; "
                  "fastholdelse efter udligning og bloktilskud {retention} %.",
                  "Projected: net present value {npv} (discount rate {rate} %), return (ROI, "
                  "undiscounted) {roi}, benefit-cost ratio (discounted) {bcr}; retention "
                  "after udligning and the block grant {retention} %."),
    "title_portfolio_variance": ("Porteføljen: budget og faktisk pr. strategi",
                                 "Portfolio: budget and actual by strategy"),
    "portfolio_variance_note": ("Kun år med et faktisk tal sammenlignes; * omfatter et delår. "
                                "Forskel = faktisk - budget.",
                                "Only years with an actual are compared; * includes a part "
                                "year. Difference = actual - budget."),
    "strategy": ("Strategi", "Strategy"),
    "years": ("År", "Years"),
    "none": ("ingen", "none"),
    "title_portfolio": ("Porteføljen: beregnet nettoeffekt pr. år",
                        "Portfolio: projected net effect by year"),
    "portfolio_note": ("Et år, en strategi ikke dækker, tæller 0 for den.",
                       "A year a strategy does not cover counts as 0 for it."),
    # sensitivity
    "title_sensitivity": ("Følsomhed: akkumuleret nettoeffekt ved periodens slut",
                          "Sensitivity: cumulative net effect at the end of the period"),
    "driver": ("Forudsætning", "Driver"),
    "swing": ("Udsving", "Swing"),
    "payback_at": ("Tilbagebetalt ved {change} %", "Payback at {change} %"),
    "driver_reduction": ("Reduktion: {name}", "Reduction: {name}"),
    "driver_deadweight": ("Dødvægt: {name}", "Deadweight: {name}"),
    "driver_share": ("Andel selvforsørgende: {name}", "Self-sufficient share: {name}"),
    "driver_unit_cost": ("Enhedsudgift: {name}", "Unit cost: {name}"),
    "driver_investment": ("Investering: {name}", "Investment: {name}"),
    "sensitivity_note": ("Én forudsætning ad gangen; som planlagt: akkumuleret {cumulative} "
                         "{unit} ved udgangen af {end}, tilbagebetalt {year}. Størst udsving "
                         "først.", "One driver at a time; as planned: cumulative {cumulative} "
                         "{unit} at the end of {end}, paid back {year}. Largest swing first."),
    "title_breakeven": ("Skifteværdier for tilbagebetaling senest {year}",
                        "Switching values for payback by {year}"),
    "of_plan": ("% af planen", "% of plan"),
    "meaning": ("Tilbagebetalt senest {year}, hvis forudsætningen er",
                "Paid back by {year} if the driver is"),
    "switch_min": ("mindst denne andel af planen", "at least this share of plan"),
    "switch_max": ("højst denne andel af planen", "at most this share of plan"),
    "switch_none": ("skifter ikke inden for det mulige",
                    "does not switch within what is possible"),
    "breakeven_note": ("Skifteværdi: den faktor på én forudsætning, hvor den akkumulerede "
                       "nettoeffekt ved udgangen af {year} netop er 0; de andre som planlagt.",
                       "Switching value: the factor on one driver at which the cumulative net "
                       "effect at the end of {year} is exactly 0; the others as planned."),
    # simulation
    "title_simulation": ("Sandsynlighed for tilbagebetaling ({draws} trækninger, seed {seed})",
                         "Chance of payback ({draws} draws, seed {seed})"),
    "chance": ("Tilbagebetalt senest (%)", "Paid back by (%)"),
    "simulation_note": ("{count} usikre forudsætninger trukket efter filens fordelinger; "
                        "de øvrige som planlagt. Beregnet med kommatal (estimat).",
                        "{count} uncertain drivers drawn from the file's distributions; the "
                        "others as planned. Computed in floating point (an estimate)."),
    "title_quantiles": ("Spredning ({unit})", "Spread ({unit})"),
    "q_cumulative": ("Akkumuleret nettoeffekt {end}", "Cumulative net effect {end}"),
    "q_npv": ("Nutidsværdi", "Net present value"),
    "title_scenarios": ("Scenarier, beregnet", "Scenarios, projected"),
    "scenario": ("Scenarie", "Scenario"),
    "plan": ("Planen", "The plan"),
    "scenarios_note": ("Hvert scenarie er filen med scenariets værdier (scenarios); "
                       "enkelte værdier kan også sættes med --set STI=VÆRDI.",
                       "Each scenario is the file with the scenario's values (scenarios); "
                       "single values can also be set with --set PATH=VALUE."),
    # notes
    "sign": ("Beløb i {unit}; + = gevinst for kommunen.",
             "Amounts in {unit}; + = gain for the municipality."),
    "partial": ("{year}: faktisk pr. {as_of} (delår); forskellen sammenligner et delår "
                "med et helårsbudget.",
                "{year}: actual as of {as_of} (part of the year); the difference compares "
                "part of a year with a full-year budget."),
    "partial_both": ("{year}: budget og faktisk begge pr. {as_of} (delår); de sammenlignes "
                     "for samme periode.",
                     "{year}: budget and actual both as of {as_of} (part of the year); they are "
                     "compared for the same months."),
    "partial_budget": ("{year}: budgettet gælder til {as_of} (delår), men det faktiske tal er "
                       "for hele året.",
                       "{year}: the budget runs to {as_of} (part of the year), but the actual "
                       "covers the whole year."),
    "forecast_actual": ("{year}: forventet regnskab (prognose for hele året), ikke realiseret.",
                        "{year}: a forecast for the whole year, not yet realised."),
    "partial_series": ("Faktisk omfatter delår: {years}; et tilbagebetalingsår med * er kendt "
                       "for en del af året.", "Actual includes part years: {years}; a payback "
                       "year marked * is known for part of the year."),
    "interpolation": ("Interpoleret: lineært inden for tilbagebetalingsåret.",
                      "Interpolated: linear within the payback year."),
    "not_paid_back_note": ("{series}: ikke tilbagebetalt inden for {start}-{end}; "
                      "akkumuleret {amount} ved udgangen af {last}.",
                      "{series}: not paid back within {start}-{end}; cumulative {amount} "
                      "at the end of {last}."),
    "forecast_rule": ("Forventet = faktisk for hele år, ellers budget, ellers beregnet.",
                      "Forecast = actual for full years, else budget, else projected."),
    "rounding": ("Tallene er afrundet hver for sig (halvt op); summer kan afvige i sidste ciffer.",
                 "Figures are rounded one by one (half up); sums may differ in the last digit."),
    "derived_share": ("Andele beregnet af antal, {group}: {parts}.",
                      "Shares derived from counts, {group}: {parts}."),
    "gross_basis": ("{benefit}: brutto {gross} med {refusion} (varighed {mix} % i uge 1-4 / "
                    "5-26 / 27-52 / 53+) giver netto {net}.",
                    "{benefit}: gross {gross} with {refusion} (duration {mix} % in weeks "
                    "1-4 / 5-26 / 27-52 / 53+) gives net {net}."),
    "retention_note": ("Fastholdelse efter udligning og bloktilskud: {value} % af "
                       "besparelsen.", "Retention after udligning and the block grant: "
                       "{value} % of the savings."),
    "deadweight": ("Dødvægt {name}: {value} %.", "Deadweight {name}: {value} %."),
    "no_projection": ("Filen har ingen investeringer eller målgrupper at beregne ud fra.",
                      "The file has no investments or target groups to project from."),
    "no_variance": ("Filen har hverken budget eller faktiske tal.",
                    "The file has neither a budget nor actuals."),
}


def label(key: str, lang: str, **values: object) -> str:
    """The label for `key` in `lang`, with `{placeholders}` filled in."""
    text = _LABELS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text
