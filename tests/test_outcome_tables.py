"""Table 1, safety, conduct, subgroups and display helpers, on small hand-made datasets."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from k2cramps.analysis import safety, tables
from k2cramps.analysis.subgroups import subgroup_effects
from k2cramps.analysis.table1 import table1, table1_html
from k2cramps.synthetic.known_effect import KnownTrial, simulate_known

K2, PBO = "Vitamin K2", "Placebo"


def _adsl(n_k2=4, n_pbo=3):
    arms = [K2] * n_k2 + [PBO] * n_pbo
    n = len(arms)
    return pd.DataFrame({
        "USUBJID": [f"P{i}" for i in range(n)], "TRT01P": arms, "SAFFL": "Y",
        "EOSSTT": ["DISCONTINUED", "COMPLETED", "COMPLETED", "COMPLETED",
                   "DISCONTINUED", "DISCONTINUED", "COMPLETED"][:n],
        "DCSREAS": ["moved away", "", "", "", "withdrew consent", "", ""][:n],
        "ADHPCT": np.linspace(80, 98, n)})


def test_adverse_events_count_participants_once_and_use_fisher():
    adsl = _adsl()
    adae = pd.DataFrame({"USUBJID": ["P0", "P0", "P4", "P5", "P6"],
                         "TRT01P": [K2, K2, PBO, PBO, PBO],
                         "AESER": ["N", "Y", "N", "N", "N"], "AREL": ["N", "N", "Y", "Y", "N"],
                         "TRTEMFL": ["Y", "Y", "Y", "Y", "N"]})
    ae = safety.adverse_events(adsl, adae).set_index("category")
    anyae = ae.loc["Any adverse event"]
    assert (anyae["n_k2"], anyae["events_k2"], anyae["n_placebo"]) == (1, 2, 2)  # P6 not emergent
    assert anyae["pct_k2"] == pytest.approx(25.0)
    assert anyae["p_fisher"] == pytest.approx(stats.fisher_exact([[1, 3], [2, 1]]).pvalue)
    assert ae.loc["Serious adverse event", "n_k2"] == 1
    assert ae.loc["Treatment-related adverse event", "n_placebo"] == 2


def test_discontinuations_per_arm_and_reason():
    d = safety.discontinuations(_adsl())
    assert d.query("arm == @K2 and reason == 'any'")["n"].item() == 1
    pbo = d[d["arm"] == PBO].set_index("reason")["n"]
    assert pbo.to_dict() == {"any": 2, "no reason recorded": 1, "withdrew consent": 1}


def test_adherence_per_arm():
    a = safety.adherence(_adsl()).set_index("arm")
    assert a.loc[K2, "n"] == 4
    assert a.loc[PBO, "mean"] == pytest.approx(np.linspace(80, 98, 7)[4:].mean())


def test_table1_counts_match_adsl(shipped):
    adsl = shipped.datasets.adsl
    t1 = table1(adsl).set_index(["Characteristic", "Level"])
    assert str(t1.loc[("Participants, n", ""), K2]) == str((adsl["TRT01P"] == K2).sum())
    female = int(((adsl["SEX"] == "F") & (adsl["TRT01P"] == PBO)).sum())
    assert t1.loc[("Sex, n (%)", "Female"), PBO].startswith(f"{female} (")
    assert str(t1.loc[("Serum creatinine, mg/dL, mean (SD)", ""), "Missing"]) == \
        str(adsl["CREAT"].isna().sum())
    assert not any("p" == c.lower() or "p-value" in c.lower() for c in t1.columns)


def test_table1_html_is_self_contained(shipped):
    html = table1_html(table1(shipped.datasets.adsl), note="Synthetic data.")
    assert "Table 1" in html and "Synthetic data." in html
    assert "http://" not in html and "https://" not in html
    assert html == table1_html(table1(shipped.datasets.adsl), note="Synthetic data.")  # deterministic


def _with_subgroups(adsl, rng):
    n = len(adsl)
    return adsl.assign(SEX=np.tile(["F", "M"], n // 2), AGEGR1="65-74", SITEID="CD",
                       HTN=rng.integers(0, 2, n), DIAB=rng.integers(0, 2, n))


def test_subgroups_find_an_effect_confined_to_one_sex():
    rng = np.random.default_rng(4)
    adsl, adcramp = simulate_known(KnownTrial(n_per_arm=80, rate_ratio=1.0), 4)
    adsl = _with_subgroups(adsl, rng)
    # Halve every treatment-week value of women on vitamin K2.
    women_k2 = adsl.loc[(adsl["SEX"] == "F") & (adsl["TRT01P"] == K2), "USUBJID"]
    rows = adcramp["USUBJID"].isin(women_k2) & (adcramp["AVISITN"] > 0)
    adcramp.loc[rows, "AVAL"] *= 0.3
    sg = subgroup_effects(adsl, adcramp, 0.05)
    sex = sg[sg["subgroup"] == "Sex"].set_index("level")
    assert sex.loc["female", "ci_high"] < 0 < sex.loc["male", "ci_high"]
    assert sex["p_interaction"].iloc[0] < 0.001
    assert "Age group" not in set(sg["subgroup"]) and "Site" not in set(sg["subgroup"])  # one level
    per_level = sg.groupby("subgroup")[["n_k2", "n_placebo"]].sum()
    assert (per_level["n_k2"] == 80).all() and (per_level["n_placebo"] == 80).all()


def test_rounded_formats_p_values_and_select_filters():
    df = pd.DataFrame({"outcome": ["FREQ", "DUR"], "estimate": [-2.67373, 0.5],
                       "p_value": [1e-9, 0.04321]})
    r = tables.rounded(df)
    assert r["p_value"].tolist() == ["<0.0001", "0.0432"]
    assert r["estimate"].tolist() == [-2.674, 0.5]
    assert tables.select(df, outcome="DUR").columns.tolist() == ["estimate", "p_value"]


def test_ci_width_ratio_is_relative_to_the_published_interval():
    est = pd.DataFrame({"outcome": "FREQ", "timepoint": "weeks1-8", "scale": "difference",
                        "method": ["published_personweek_t", "participant_welch"],
                        "population": ["MEANIMP", "OBSERVED"], "ci_low": [-1.0, -2.0],
                        "ci_high": [1.0, 1.0]})
    assert tables.ci_width_ratio(est, "FREQ")["relative_to_published"].tolist() == [1.0, 1.5]
    with pytest.raises(ValueError, match="no published_personweek_t"):
        tables.ci_width_ratio(est.iloc[1:], "FREQ")
