"""The robustness section: every method's CI beside the published one, the data's ICC and
design effect, and the coverage study (coverage and the other performance measures with
their Monte Carlo SEs), with what it means in two sentences a clinician can follow."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ..core import numbers as fmt
from ..core.methods import METHOD_LABELS, PRIMARY_POPULATION, SCENARIO_LABELS, analysis_label
from .tables import gt_table

PUBLISHED = "published_personweek_t"


def _with_mcse(value, mcse, percent: bool = False) -> str:
    scale = 100 if percent else 1
    decimals = 1 if percent else fmt.ESTIMATE_DECIMALS + 1
    return f"{fmt.num(scale * value, decimals)} ({fmt.num(scale * mcse, decimals)})"


def ci_table(est: pd.DataFrame, de: pd.DataFrame) -> Markup:
    """The primary CI of every method (FREQ, weeks 1-8), its width relative to the
    published one, and the published CI widened by the data's design effect."""
    rows = est[(est["outcome"] == "FREQ") & (est["timepoint"] == "weeks1-8")]
    rows = pd.concat([rows[(rows["method"] == m) & (rows["population"] == p)]
                      for m, p in PRIMARY_POPULATION.items()])
    width = (rows["ci_high"] - rows["ci_low"]).to_numpy()
    data = de.set_index("point").loc["data"]
    frame = pd.DataFrame({
        "Analysis": [analysis_label(m, p) for m, p in zip(rows["method"], rows["population"])],
        "Difference, cramps per week (95% CI)": [fmt.estimate_ci(e, lo, hi) for e, lo, hi in
                                                 zip(rows["estimate"], rows["ci_low"], rows["ci_high"])],
        "CI width relative to published": [
            "" if m == "nb_rate_ratio" else fmt.num(x)      # a ratio's CI: another scale
            for m, x in zip(rows["method"], width / width[0])]})
    frame.loc[len(frame)] = [
        f"Person-week t-test, CI widened by \u221a(design effect) at ICC {fmt.num(data['icc'])}",
        fmt.estimate_ci(data["estimate"], data["ci_low"], data["ci_high"]),
        fmt.num((data["ci_high"] - data["ci_low"]) / width[0])]
    return gt_table(frame, "robustness-cis", title="Every primary analysis's 95% CI",
                    note="Vitamin K2 minus placebo, weekly cramp frequency, weeks 1-8; the "
                         "negative binomial row is a rate ratio.",
                    numeric=["Difference, cramps per week (95% CI)",
                             "CI width relative to published"], bold_rows=[0])


def coverage_table(cov: pd.DataFrame) -> Markup:
    """Coverage (%) of each method's 95% CI per scenario, with its Monte Carlo SE."""
    scenarios = list(dict.fromkeys(cov["scenario"]))
    frame = pd.DataFrame({"Analysis": [METHOD_LABELS.get(m, m)
                                       for m in dict.fromkeys(cov["method"])]})
    for name in scenarios:
        rows = cov[cov["scenario"] == name]
        frame[SCENARIO_LABELS.get(name, name)] = [
            _with_mcse(c, s, percent=True) for c, s in zip(rows["coverage"], rows["coverage_mcse"])]
    n = int(cov["replicates"].max())
    return gt_table(frame, "coverage", title="Coverage of the nominal 95% CI, % (Monte Carlo SE)",
                    note=f"{fmt.count(n)} simulated trials per scenario. Coverage within about "
                         f"2 Monte Carlo SEs of 95% is what a valid interval gives.",
                    numeric=[SCENARIO_LABELS.get(s, s) for s in scenarios], bold_rows=[0])


def performance_table(cov: pd.DataFrame) -> Markup:
    """Every performance measure with its Monte Carlo SE, per scenario and method."""
    frame = pd.DataFrame({
        "Scenario": cov["scenario"].map(lambda s: SCENARIO_LABELS.get(s, s)),
        "Analysis": cov["method"].map(lambda m: METHOD_LABELS.get(m, m)
                                      + (" (log scale)" if m == "nb_rate_ratio" else "")),
        "Bias": [_with_mcse(b, s) for b, s in zip(cov["bias"], cov["bias_mcse"])],
        "Empirical SE": [_with_mcse(b, s) for b, s in zip(cov["emp_se"], cov["emp_se_mcse"])],
        "Model SE": [_with_mcse(b, s) for b, s in zip(cov["model_se"], cov["model_se_mcse"])],
        "Mean CI width": [_with_mcse(b, s) for b, s in zip(cov["ci_width"], cov["ci_width_mcse"])],
        "Power or type I error, %": [_with_mcse(b, s, percent=True) for b, s in
                                     zip(cov["rejection_rate"], cov["rejection_rate_mcse"])],
        "Not converged": [fmt.count(f) for f in cov["failed"]]})
    return gt_table(frame, "performance", title="Performance of each analysis (Monte Carlo SE)",
                    note="Bias, SEs and widths in cramps per week (log rate ratio for the "
                         "negative binomial). Under no effect the rejection rate is the type I "
                         "error (nominal 5%), otherwise the power.",
                    group="Scenario", stub="Analysis",
                    numeric=["Bias", "Empirical SE", "Model SE", "Mean CI width",
                             "Power or type I error, %", "Not converged"])


def summary(cov: pd.DataFrame, de: pd.DataFrame, scen: pd.DataFrame) -> dict[str, str]:
    """The numbers the section's text quotes, formatted once."""
    data = de.set_index("point")
    fitted = cov[cov["scenario"] == "fitted"].set_index("method")
    others = fitted.drop(index=PUBLISHED)
    pub = fitted.loc[PUBLISHED]
    s = scen.set_index("scenario")
    return dict(
        icc=fmt.num(data.loc["data", "icc"]), icc_low=fmt.num(data.loc["data_ci_low", "icc"]),
        icc_high=fmt.num(data.loc["data_ci_high", "icc"]),
        design_effect=fmt.num(data.loc["data", "design_effect"]),
        se_factor=fmt.num(data.loc["data", "se_factor"]),
        weeks=fmt.count(data.loc["data", "weeks"]),
        published_coverage=f"{fmt.pct(100 * pub['coverage'])}% (Monte Carlo SE "
                           f"{fmt.pct(100 * pub['coverage_mcse'])})",
        others_low=fmt.pct(100 * others["coverage"].min()),
        others_high=fmt.pct(100 * others["coverage"].max()),
        replicates=fmt.count(cov["replicates"].max()),
        failed=fmt.count(cov["failed"].sum()),
        scenario_icc={k: fmt.num(v) for k, v in s["icc"].items()},
        difference=fmt.num(s.loc["fitted", "difference"]),
        rate_ratio=fmt.num(s.loc["fitted", "rate_ratio"]),
        width_ratio=fmt.num(others.loc["participant_welch", "ci_width"] / pub["ci_width"]))
