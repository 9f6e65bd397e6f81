"""The CONSORT flow counts: screened, excluded by reason, randomized, discontinued by
reason and analysed, per arm."""
from __future__ import annotations

import pandas as pd

from ..core.arms import TRT_LABEL


def derive_consort(tables, adsl: pd.DataFrame) -> pd.DataFrame:
    """CONSORT flow counts: step, group, n."""
    scr = tables["screening"]
    randomized = scr["participant_id"].isin(adsl["USUBJID"])
    rows = [("screened", "all", len(scr)), ("excluded", "all", int((~randomized).sum()))]
    reasons = scr.loc[~randomized, "excluded_reason"].replace("", "not randomized, no reason recorded")
    rows += [("excluded", r, int(n)) for r, n in reasons.value_counts().sort_index().items()]
    rows.append(("randomized", "all", len(adsl)))
    for arm in TRT_LABEL.values():
        a = adsl[adsl["TRT01P"] == arm]
        rows.append(("randomized", arm, len(a)))
        rows.append(("discontinued", arm, int((a["EOSSTT"] == "DISCONTINUED").sum())))
        for reason, n in a.loc[a["EOSSTT"] == "DISCONTINUED", "DCSREAS"].value_counts() \
                .sort_index().items():
            rows.append(("discontinued", f"{arm}: {reason}", int(n)))
        rows.append(("analysed (ITT)", arm, int((a["ITTFL"] == "Y").sum())))
    rows.append(("protocol deviation: randomized despite exclusion reason", "all",
                 int((adsl["EXCLDEVFL"] == "Y").sum())))
    return pd.DataFrame(rows, columns=["step", "group", "n"])
