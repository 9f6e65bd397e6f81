"""What each method, population and timepoint of the results interface is.

The ids are those of estimates.csv; the texts are shown in the report's methods section,
and nothing else repeats them. In core, the vocabulary every layer shares: the parameters
check `primary_method` against it before anything runs, and the report reads it without
importing the models.
"""
from __future__ import annotations

TIMEPOINTS = ("weeks1-8", "week8")


def check_timepoint(timepoint: str) -> None:
    """A timepoint that is not one of TIMEPOINTS is a programming error, not week 8."""
    if timepoint not in TIMEPOINTS:
        raise ValueError(f"unknown timepoint {timepoint!r}; expected one of {TIMEPOINTS}")


METHODS = {  # id -> what it assumes (shown in the report's methods section)
    "published_personweek_t": "The paper's analysis: Welch t-test on person-weeks, treating a "
    "participant's 8 weeks as independent observations. Weeks of one participant are "
    "correlated, so its confidence interval is too narrow.",
    "participant_welch": "Welch t-test on one value per participant (the mean of the observed "
    "weeks, or the week-8 value): the participant is the unit that was randomized.",
    "ancova_baseline": "Ordinary least squares of the participant value on arm and baseline "
    "value; the adjusted difference. Valid under randomization even if the linear form is only "
    "approximate, and more precise than an unadjusted comparison when baseline predicts outcome.",
    "nb_rate_ratio": "Negative binomial regression (NB2, dispersion estimated) of all cramps in "
    "weeks 1-8 with log(diary nights) as offset, adjusted for log(baseline weekly frequency + "
    "0.5): a rate ratio that respects that frequencies are counts over unequal diary time.",
    "mmrm": "Mixed model for repeated measures of every observed week: a separate arm effect "
    "and baseline slope for each week, unstructured covariance between a participant's weeks "
    "(REML), Satterthwaite degrees of freedom; the average of the weekly effects, or the "
    "week-8 effect. Valid if missing weeks are missing at random; the primary reanalysis.",
    "lmm_random_intercept": "Linear mixed model of every observed week: arm x week + baseline, "
    "random intercept per participant (REML); the average of the weekly effects, or the week-8 "
    "effect. Valid if missing weeks are missing at random.",
    "gee_exchangeable": "Generalized estimating equations, same mean model, exchangeable "
    "working correlation and robust (sandwich) standard errors.",
}
RATIO_METHODS = frozenset({"nb_rate_ratio"})  # estimates on the ratio scale, not a difference
POPULATIONS = {
    "MEANIMP": "all randomized; a missing week filled with the mean of its arm and week (the "
    "paper's imputation; it understates uncertainty)",
    "CC": "complete cases: participants with every value the analysis needs",
    "OBSERVED": "all randomized, using the weeks each participant recorded",
    "MI": "all randomized; missing weeks multiply imputed by chained equations (predictive mean "
    "matching on the other weeks, arm and baseline), pooled by Rubin's rules",
}

# Short labels for figures and tables, where the texts above are too long: one place, so a
# forest plot and a table never name the same analysis differently.
METHOD_LABELS = {
    "published_personweek_t": "Person-week t-test (as published)",
    "participant_welch": "Participant means, Welch t-test",
    "ancova_baseline": "ANCOVA, baseline-adjusted",
    "nb_rate_ratio": "Negative binomial rate ratio",
    "mmrm": "MMRM (unstructured covariance)",
    "lmm_random_intercept": "Linear mixed model (random intercept)",
    "gee_exchangeable": "GEE (exchangeable, robust SE)",
}
POPULATION_LABELS = {
    "MEANIMP": "mean-imputed",
    "CC": "complete cases",
    "OBSERVED": "observed weeks",
    "MI": "multiple imputation",
}
TIMEPOINT_LABELS = {"weeks1-8": "weeks 1-8", "week8": "week 8"}
# The coverage study's scenarios (robustness, coverage.csv).
SCENARIO_LABELS = {"fitted": "Fitted effect, data's ICC", "no_effect": "No effect, data's ICC",
                   "icc_low": "Fitted effect, lower ICC", "icc_high": "Fitted effect, higher ICC"}
# The primary population of each method in estimates.csv (FREQ, weeks 1-8).
PRIMARY_POPULATION = {m: "MEANIMP" if m == "published_personweek_t" else "OBSERVED"
                      for m in METHOD_LABELS}


def analysis_label(method: str, population: str) -> str:
    """'ANCOVA, baseline-adjusted (complete cases)': a method and population in words."""
    return f"{METHOD_LABELS.get(method, method)} ({POPULATION_LABELS.get(population, population)})"
