"""The CONSORT flow counts: screened, excluded by reason, randomized, safety population,
discontinued by reason, with week-8 data, and analysed per arm (ITT, observed weeks,
complete cases).

The analysed counts are those of the primary outcome (weekly cramp frequency, FREQ): the
OBSERVED population has at least one observed treatment week, the CC population all eight;
"with week-8 data" counts observed week-8 values (the published week-8 analysis imputes the
rest). A week is observed when it has an observed value in ADCRAMP (DTYPE blank), i.e. at
least `min_nights_per_week` diary nights.
"""
from __future__ import annotations

import pandas as pd

from ..core.arms import TRT_LABEL
from ..core.schedule import N_WEEKS

PRIMARY = "FREQ"
NO_REASON = "no reason recorded"  # a discontinuation whose reason is blank


def observed_weeks(adcramp: pd.DataFrame, param: str = PRIMARY) -> pd.DataFrame:
    """Participants x weeks 1..8: True where the week has an observed value of `param`."""
    obs = adcramp[(adcramp["PARAMCD"] == param) & (adcramp["DTYPE"] == "")
                  & (adcramp["AVISITN"] >= 1) & adcramp["AVAL"].notna()]
    seen = obs.groupby(["USUBJID", "AVISITN"]).size().unstack(fill_value=0)
    return seen.reindex(columns=range(1, N_WEEKS + 1), fill_value=0) > 0


def derive_consort(tables, adsl: pd.DataFrame, adcramp: pd.DataFrame) -> pd.DataFrame:
    """CONSORT flow counts: step, group, n."""
    scr = tables["screening"]
    randomized = scr["participant_id"].isin(adsl["USUBJID"])
    rows = [("screened", "all", len(scr)), ("excluded", "all", int((~randomized).sum()))]
    reasons = scr.loc[~randomized, "excluded_reason"].replace("", f"not randomized, {NO_REASON}")
    rows += [("excluded", r, int(n)) for r, n in reasons.value_counts().sort_index().items()]
    rows.append(("randomized", "all", len(adsl)))
    weeks = observed_weeks(adcramp).reindex(adsl["USUBJID"], fill_value=False)
    for arm in TRT_LABEL.values():
        in_arm = (adsl["TRT01P"] == arm).to_numpy()
        a = adsl[in_arm]
        w = weeks[in_arm]
        rows.append(("randomized", arm, len(a)))
        rows.append(("safety population", arm, int((a["SAFFL"] == "Y").sum())))
        rows.append(("discontinued", arm, int((a["EOSSTT"] == "DISCONTINUED").sum())))
        for reason, n in a.loc[a["EOSSTT"] == "DISCONTINUED", "DCSREAS"].replace("", NO_REASON) \
                .value_counts().sort_index().items():
            rows.append(("discontinued", f"{arm}: {reason}", int(n)))
        rows.append(("with week-8 data", arm, int(w[N_WEEKS].sum())))
        rows.append(("analysed (ITT)", arm, int((a["ITTFL"] == "Y").sum())))
        rows.append(("analysed (observed weeks)", arm, int(w.any(axis=1).sum())))
        rows.append(("analysed (complete cases)", arm, int(w.all(axis=1).sum())))
    rows.append(("protocol deviation: randomized despite exclusion reason", "all",
                 int((adsl["EXCLDEVFL"] == "Y").sum())))
    return pd.DataFrame(rows, columns=["step", "group", "n"])
