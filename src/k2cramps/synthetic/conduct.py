"""Trial conduct: adverse events (none related to vitamin K2, as published) and capsule
counts whose arm means print as the published adherence."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from ..core.arms import K2_CODE
from .design import AE_TERMS, DISPENSED, TARGET_ADHERENCE


def adverse_events(rng, rand, last) -> pd.DataFrame:
    rows = []
    for i, (pid, arm, r) in enumerate(rand[["participant_id", "arm", "randomization_date"]]
                                      .itertuples(index=False)):
        for term, serious, related in AE_TERMS:
            if related and arm == K2_CODE:
                continue
            rate = 0.02 if not serious else 0.006
            if rng.random() < rate:
                onset = r + timedelta(days=int(rng.integers(0, last[i] + 1)))
                rows.append((pid, onset, term, serious, related))
    return pd.DataFrame(rows, columns=["participant_id", "onset_date", "term", "serious", "related"])


def adherence(rng, rand, last) -> pd.DataFrame:
    planned = last + 1
    arms = rand["arm"].to_numpy()
    taken = np.zeros(len(rand), dtype=int)
    for arm, target in TARGET_ADHERENCE.items():
        idx = np.flatnonzero(arms == arm)
        share = np.clip(rng.beta(target / 4, (100 - target) / 4, len(idx)), 0.5, 1)
        taken[idx] = np.round(share * planned[idx])
        for _ in range(100000):  # one capsule at a time until the arm mean prints as published
            pct = 100 * taken[idx] / planned[idx]
            if abs(pct.mean() - target) < 0.3:
                break
            j = rng.integers(len(idx))
            step = 1 if pct.mean() < target else -1
            if 0 <= taken[idx[j]] + step <= planned[idx[j]]:
                taken[idx[j]] += step
    return pd.DataFrame({"participant_id": rand["participant_id"], "capsules_dispensed": DISPENSED,
                         "capsules_returned": DISPENSED - taken})
