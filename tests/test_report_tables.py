"""The report's tables on hand-typed results: roles, words, merged intervals, P once per
subgroup, counts as integers. Expected cells are typed by hand from the inputs."""
from __future__ import annotations

import pandas as pd
import pytest

from k2cramps.report import outcomes, safety, subgroups
from k2cramps.report.tables import gt_table

M = "\u2212"
EST = pd.DataFrame([
    # outcome, timepoint, method, population, scale, estimate, ci_low, ci_high, p, n_k2, n_pl
    ("FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "difference", -2.674, -2.857, -2.491, 1e-40, 103, 96),
    ("FREQ", "weeks1-8", "ancova_baseline", "OBSERVED", "difference", -2.70, -3.00, -2.40, 0.0034, 103, 96),
    ("FREQ", "weeks1-8", "mmrm", "OBSERVED", "difference", -2.68, -3.05, -2.31, 0.42, 100, 95),
    ("FREQ", "weeks1-8", "nb_rate_ratio", "OBSERVED", "ratio", 0.2648, 0.23, 0.30, 1e-9, 103, 96),
    ("FREQ", "week8", "mmrm", "OBSERVED", "difference", -3.0, -3.5, -2.5, 0.001, 90, 88),
], columns=["outcome", "timepoint", "method", "population", "scale", "estimate", "ci_low",
            "ci_high", "p_value", "n_k2", "n_placebo"])
ARMS = pd.DataFrame([
    ("FREQ", "weeks1-8", "mmrm", "OBSERVED", "Vitamin K2", 100, 90, 0.961, 0.80, 1.12, None),
    ("FREQ", "weeks1-8", "mmrm", "OBSERVED", "Placebo", 95, 88, 3.634, 3.40, 3.87, None),
], columns=["outcome", "timepoint", "method", "population", "arm", "n", "n_week8", "estimate",
            "ci_low", "ci_high", "sd"])


def test_the_primary_reanalysis_comes_first_then_the_published_then_sensitivity():
    f = outcomes.effects_frame(EST, ARMS, "FREQ", "weeks1-8", "mmrm")
    assert f["Role"].tolist() == ["Primary reanalysis", "As published", "Sensitivity analyses",
                                  "Sensitivity analyses"]
    assert f["Analysis"].tolist()[:2] == ["MMRM (unstructured covariance)",
                                          "Person-week t-test (as published)"]
    first = f.iloc[0]
    assert first["Population"] == "observed weeks"
    assert first["Vitamin K2"] == "0.96 (0.80 to 1.12)" and first["Placebo"] == "3.63 (3.40 to 3.87)"
    assert first["Effect (95% CI)"] == f"{M}2.68 ({M}3.05 to {M}2.31)"
    assert first["P"] == ".42" and first["No. analysed (K2/placebo)"] == "100/95"
    # width (3.05 - 2.31) / (2.857 - 2.491) = 0.74 / 0.366 = 2.02
    assert first["CI width vs person-week"] == "2.0\u00d7"
    ancova = f[f["Analysis"] == "ANCOVA, baseline-adjusted"].iloc[0]
    assert ancova["P"] == ".003" and ancova["Vitamin K2"] == ""   # no arm result given
    nb = f[f["Analysis"] == "Negative binomial rate ratio"].iloc[0]
    assert nb["Effect (95% CI)"] == "ratio 0.26 (0.23 to 0.30)"
    assert nb["CI width vs person-week"] == "" and nb["P"] == "<.001"


def test_as_published_only_where_the_paper_analysed_it_so():
    week8 = EST.assign(timepoint="week8").drop_duplicates(["method", "population"])
    roles = outcomes.effects_frame(week8, ARMS, "FREQ", "week8", "mmrm")
    assert "As published" not in set(roles["Role"])   # the paper's week 8 is Welch, mean-imputed
    dur = EST.assign(outcome="DUR")
    assert "As published" not in set(outcomes.effects_frame(dur, ARMS, "DUR", "weeks1-8",
                                                             "mmrm")["Role"])


def test_without_an_estimate_of_the_primary_method_every_row_is_a_sensitivity_analysis():
    f = outcomes.effects_frame(EST, ARMS, "FREQ", "weeks1-8", "gee_exchangeable")
    assert "Primary reanalysis" not in set(f["Role"])


def test_primary_row_prefers_observed_then_mi():
    est = EST.copy()
    est.loc[len(est)] = ("FREQ", "weeks1-8", "ancova_baseline", "MI", "difference", -2.6, -2.9,
                         -2.3, 0.01, 103, 96)
    assert outcomes.primary_row(est, "ancova_baseline")["population"] == "OBSERVED"
    est = est[~((est["method"] == "ancova_baseline") & (est["population"] == "OBSERVED"))]
    assert outcomes.primary_row(est, "ancova_baseline")["population"] == "MI"
    with pytest.raises(ValueError, match="gee_exchangeable"):
        outcomes.primary_row(est, "gee_exchangeable")


def test_interaction_p_once_per_subgroup_and_the_median_split_labelled():
    sub = pd.DataFrame([
        ("Sex", "female", -2.6, -3.0, -2.2, 0.01, 58, 50, 0.8985),
        ("Sex", "male", -2.7, -3.2, -2.2, 0.01, 45, 46, 0.8985),
        ("Baseline frequency", "above median (2.50/week)", -3.1, -3.6, -2.6, 0.01, 50, 49, 0.0004),
        ("Baseline frequency", "at or below median (2.50/week)", -2.2, -2.6, -1.8, 0.01, 53, 47, 0.0004),
    ], columns=["subgroup", "level", "estimate", "ci_low", "ci_high", "p_value", "n_k2",
                "n_placebo", "p_interaction"])
    f = subgroups.subgroup_frame(sub)
    assert f["Subgroup"].unique().tolist() == [
        "Sex (interaction P = .90)",
        "Baseline frequency (interaction P < .001; split at the median of these data "
        "(data-driven))"]
    assert f["No. (K2/placebo)"].tolist()[0] == "58/50"
    html = subgroups.subgroup_table(sub)
    assert html.count("interaction P = .90") == 1 and 'id="tbl-subgroups"' in html


def test_adverse_event_rows_print_counts_as_integers_with_the_arm_size_in_the_header():
    ae = pd.DataFrame([("Any adverse event", 6, 5.825242718446602, 7, 6, 6.25, 6, -0.42,
                        -7.6, 6.9, 1.0)],
                      columns=["category", "n_k2", "pct_k2", "events_k2", "n_placebo",
                               "pct_placebo", "events_placebo", "risk_difference", "rd_ci_low",
                               "rd_ci_high", "p_fisher"])
    frame = safety._ae_frame(ae, "category", {"Vitamin K2": 103, "Placebo": 96})
    assert frame.columns.tolist()[1] == "Vitamin K2 (N=103), No. (%)"
    assert frame.iloc[0, 1:].tolist() == ["6 (5.8)", "7", "6 (6.3)", "6",
                                          f"{M}0.4 ({M}7.6 to 6.9)", ">.99"]


def test_a_table_escapes_markup_and_has_a_fixed_id():
    df = pd.DataFrame({"Term": ["<script>alert(1)</script>"], "No.": ["1"]})
    html = str(gt_table(df, "fixed-id"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html == str(gt_table(df, "fixed-id")) and 'id="tbl-fixed-id"' in html


def test_key_findings_from_hand_typed_results():
    from k2cramps.report.findings import key_findings
    from k2cramps.report.results import Results
    arms = pd.DataFrame(ARMS.values.tolist() + [
        ("FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "Vitamin K2", 103, 90, 0.96, 0.86, 1.06, 1.0),
        ("FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "Placebo", 96, 88, 3.63, 3.48, 3.79, 1.0),
    ], columns=ARMS.columns)
    weekly = pd.DataFrame([("FREQ", 0, "observed", "Vitamin K2", 103, 2.604, 2.4, 2.8),
                           ("FREQ", 0, "observed", "Placebo", 96, 2.705, 2.5, 2.9)],
                          columns=["outcome", "visit", "method", "arm", "n", "estimate",
                                   "ci_low", "ci_high"])
    ae = pd.DataFrame([("Any adverse event", 6, 5.825, 7, 6, 6.25, 6, -0.425, -7.838, 6.717, 1.0)],
                      columns=["category", "n_k2", "pct_k2", "events_k2", "n_placebo",
                               "pct_placebo", "events_placebo", "risk_difference", "rd_ci_low",
                               "rd_ci_high", "p_fisher"])
    consort = pd.DataFrame([("safety population", "Vitamin K2", 103),
                            ("safety population", "Placebo", 96)], columns=["step", "group", "n"])
    comp = pd.DataFrame({"match": [True, True, False]})
    r = Results(tables={"estimates": EST, "arm_summaries": arms, "weekly_means": weekly,
                        "adverse_events": ae, "published_comparison": comp, "consort": consort},
                table1_html="", params={"primary_method": "mmrm"}, figures={})
    f = key_findings(r)
    assert f["primary_k2"] == "0.96 (95% CI, 0.80 to 1.12)"
    assert f["primary_difference"] == f"{M}2.68 (95% CI, {M}3.05 to {M}2.31)"
    assert f["primary_p"] == "P = .42" and f["baseline_k2"] == "2.60" and f["baseline_placebo"] == "2.71"
    # 1 - 0.2648 = 73.5% -> 74%; CI 1 - 0.30 = 70% to 1 - 0.23 = 77%
    assert f["reduction"] == "74% (95% CI, 70% to 77%)"
    assert f["published_placebo"] == "3.63 (95% CI, 3.48 to 3.79)"
    assert f["width_ratio"] == "2.0"                      # 0.74 / 0.366
    assert f["ae_k2"] == "6 of 103 (5.8%)" and f["ae_placebo"] == "6 of 96 (6.3%)"
    assert f["ae_difference"] == f"{M}0.4 (95% CI, {M}7.8 to 6.7)"
    assert (f["matched"], f["published_total"]) == (2, 3)
