"""The report's results sections, rendered from <OUT>/results/ (written by stages 02 and 03).

Every number comes from those files; the prose around them only names what they are."""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..core.methods import METHODS, POPULATIONS
from ..analysis.tables import ci_width_ratio, rounded, select

OUTCOME_NAMES = {"FREQ": "weekly cramp frequency", "DUR": "cramp duration (minutes)",
                 "SEV": "cramp severity (1-10)"}


def table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, border=0, escape=True, na_rep="",
                      float_format=lambda v: f"{v:,.2f}")


def effect_text(row: pd.Series, digits: int = 2) -> str:
    """'-2.67 (95% CI -2.86 to -2.49)'."""
    f = f"{{:.{digits}f}}"
    return (f"{f.format(row['estimate'])} (95% CI {f.format(row['ci_low'])} to "
            f"{f.format(row['ci_high'])})")


def _one(est: pd.DataFrame, **where) -> pd.Series:
    rows = select(est, **where)
    if len(rows) != 1:
        raise ValueError(f"expected one estimate for {where}, found {len(rows)}")
    return rows.iloc[0]


def _estimates_table(est: pd.DataFrame) -> str:
    shown = rounded(est)[["timepoint", "method", "population", "scale", "estimate", "ci_low",
                          "ci_high", "p_value", "n_k2", "n_placebo"]]
    return table(shown)


def load_results(results: Path) -> dict[str, pd.DataFrame]:
    names = ["estimates", "published_comparison", "adverse_events", "adherence",
             "discontinuations", "subgroups"]
    missing = [n for n in names if not (results / f"{n}.csv").is_file()]
    if missing:
        raise FileNotFoundError(f"{results}: missing {', '.join(missing)}.csv; run `make report`")
    out = {n: pd.read_csv(results / f"{n}.csv", keep_default_na=False, na_values=[""])
           for n in names}
    out["table1_html"] = (results / "table1.html").read_text(encoding="utf-8")
    return out


PRIMARY_POPULATIONS = ("OBSERVED", "MI", "CC", "MEANIMP")  # the first a method has is its primary


def primary_row(est: pd.DataFrame, method: str, outcome: str = "FREQ",
                timepoint: str = "weeks1-8") -> pd.Series:
    """The primary reanalysis (parameter primary_method) of an outcome and timepoint."""
    rows = select(est, outcome=outcome, timepoint=timepoint, method=method)
    for population in PRIMARY_POPULATIONS:
        if (rows["population"] == population).any():
            return rows[rows["population"] == population].iloc[0]
    raise ValueError(f"no {method} estimate for {outcome} {timepoint}")


def key_findings(r: dict, synthetic: bool, primary_method: str) -> str:
    est, comp = r["estimates"], r["published_comparison"]
    pub = _one(est, outcome="FREQ", timepoint="weeks1-8", method="published_personweek_t")
    main = primary_row(est, primary_method)
    nb = _one(est, outcome="FREQ", timepoint="weeks1-8", method="nb_rate_ratio")
    ratio = ci_width_ratio(est, "FREQ").set_index(["method", "population"])
    widen = ratio.loc[(primary_method, main["population"]), "relative_to_published"]
    ae = r["adverse_events"].set_index("category").loc["Any adverse event"]
    caveat = (" These are synthetic data: the findings describe the simulated trial, not "
              "vitamin K2." if synthetic else "")
    items = [
        f"{int(comp['match'].sum())} of {len(comp)} published figures are reproduced at their "
        f"printed precision by the published analysis of these data.",
        f"Primary outcome, weeks 1-8, vitamin K2 minus placebo in cramps per week: as published "
        f"(person-weeks) {effect_text(pub)}; primary reanalysis ({primary_method}, "
        f"{main['population']}) {effect_text(main)}.",
        f"The primary reanalysis's interval is {widen:.2f} times as wide as the published one: "
        f"the published analysis counts each of a participant's 8 weeks as an independent "
        f"observation.",
        f"Rate ratio of cramps (negative binomial): {effect_text(nb)}.",
        f"Participants with any adverse event: {int(ae['n_k2'])} on vitamin K2, "
        f"{int(ae['n_placebo'])} on placebo (Fisher exact p = {ae['p_fisher']:.2f}).",
    ]
    return ("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
            + (f'<p class="banner">{html.escape(caveat.strip())}</p>' if caveat else ""))


def primary(r: dict) -> str:
    est = r["estimates"]
    rows = select(est, outcome="FREQ", timepoint="weeks1-8").assign(timepoint="weeks1-8")
    return (
        "<p>Weekly cramp frequency over treatment weeks 1-8, vitamin K2 minus placebo (the "
        "negative binomial row is a ratio, vitamin K2 / placebo). Populations and methods are "
        "defined under Methods.</p>" + _estimates_table(rows)
        + "<h3>How much the published interval understates uncertainty</h3>"
        "<p>Width of each 95% CI relative to the published person-week interval. A "
        "participant's weeks are correlated, so 8 weeks of one participant carry far less "
        "information than 8 participants; every analysis that respects this is wider.</p>"
        + table(ci_width_ratio(est, "FREQ")))


def secondary(r: dict) -> str:
    est = r["estimates"]
    parts = []
    for outcome in ("DUR", "SEV"):
        parts.append(f"<h3>{OUTCOME_NAMES[outcome].capitalize()}</h3>"
                     + _estimates_table(select(est, outcome=outcome)))
    week8 = select(est, outcome="FREQ", timepoint="week8").assign(timepoint="week8")
    parts.append("<h3>Weekly cramp frequency at week 8</h3>" + _estimates_table(week8))
    return ("<p>Mean duration and severity of the week's episodes; a recorded week without "
            "cramps scores 0 (the published convention). The paper's week-8 comparison is "
            "<code>participant_welch</code> on <code>MEANIMP</code>.</p>" + "".join(parts))


def safety(r: dict) -> str:
    ae = rounded(r["adverse_events"], 1)
    return ("<p>Participants with at least one treatment-emergent adverse event (safety "
            "population), events, and Fisher's exact test.</p>" + table(ae)
            + "<h3>Adherence (capsules taken, % of nights on study)</h3>"
            + table(rounded(r["adherence"], 1))
            + "<h3>Discontinuations</h3>" + table(rounded(r["discontinuations"], 1)))


def subgroups(r: dict) -> str:
    return ("<p>Baseline-adjusted difference in weekly frequency (weeks 1-8, observed weeks) "
            "within each subgroup. Only the interaction p-value tests whether the effect "
            "differs between levels; subgroup analyses are exploratory.</p>"
            + table(rounded(r["subgroups"])))


def _at(value, decimals: int) -> str:
    try:
        return f"{float(value):.{decimals}f}"
    except ValueError:  # a published threshold such as "<.001"
        return str(value)


def comparison(r: dict) -> str:
    comp = r["published_comparison"].copy()
    n_match = int(comp["match"].sum())
    comp["published"] = [_at(v, d) for v, d in zip(comp["published"], comp["decimals"])]
    comp["reproduced"] = [f"{v:.{d + 2}g}" if abs(v) < 1e-3 else _at(v, d + 2)
                          for v, d in zip(comp["reproduced"], comp["decimals"])]
    return (f"<p>{n_match} of {len(comp)} figures match: the reproduced value, printed at the "
            f"article's precision, reads as the published value (shown here with two more "
            f"decimals).</p>" + table(comp))


def methods() -> str:
    items = "".join(f"<li><code>{m}</code>: {html.escape(t)}</li>" for m, t in METHODS.items())
    pops = "".join(f"<li><code>{p}</code>: {html.escape(t)}</li>" for p, t in POPULATIONS.items())
    return (f"<h3>Treatment-effect methods</h3><ul>{items}</ul><h3>Populations</h3><ul>{pops}</ul>"
            "<p>Timepoints: <code>weeks1-8</code> (the primary period), <code>week8</code>. "
            "All intervals are 95%; p-values two-sided.</p>")
