"""A whole synthetic trial like Tan et al. 2024, in the raw-data contract's layout.

The participant data of the trial are not public. `simulate` builds a trial that follows the
published design (`design`), then *calibrates* it (`calibration`) until the published
analysis, computed with the pipeline's own functions, reproduces every published figure at
its printed precision; `export.write_raw` writes it with injected raw-data defects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
import pandas as pd

from ..core.arms import K2_CODE
from ..core.params import Params, load
from ..core.schedule import BASELINE_NIGHTS, visit_of_offset
from .calibration import calibrate_counts, calibrate_episodes
from .conduct import adherence, adverse_events
from .defects import semantic_defects
from .diaries import (diary_tables, episodes, initial_counts, period_matrix, recorded_nights,
                      screening_diaries, spread)
from .population import last_offset, randomization, screening


@dataclass
class Trial:
    """Truth tables in contract layout (values typed), and the defects injected later."""

    screening: pd.DataFrame
    randomization: pd.DataFrame
    nights: pd.DataFrame
    episodes: pd.DataFrame
    adverse_events: pd.DataFrame
    adherence: pd.DataFrame
    defects: list[dict] = field(default_factory=list)


def simulate(seed: int | None = None, scale: int = 1, calibrate: bool | None = None,
             max_iter: int = 400000, params: Params | None = None) -> Trial:
    """A whole synthetic trial; calibrated to the published figures when scale == 1.

    `params` (default: params/default.yaml) gives the seed when none is given, and the
    diary-night thresholds and alpha of the published analysis the calibration computes."""
    if scale < 1:
        raise ValueError("scale must be a positive integer")
    p = params or load()
    calibrate = scale == 1 if calibrate is None else calibrate
    rng = np.random.default_rng(p.seed if seed is None else seed)
    scr, randomized = screening(rng, scale)
    rand = randomization(rng, scr, randomized, scale)
    k2 = (rand["arm"] == K2_CODE).to_numpy()
    last = last_offset(rand)
    recorded = recorded_nights(rng, len(rand), last)
    nights = period_matrix(recorded)
    counts = initial_counts(rng, nights, k2)
    if calibrate:
        calibrate_counts(rng, counts, nights, k2, p, max_iter)
    offsets = np.arange(recorded.shape[1]) - BASELINE_NIGHTS
    visits = visit_of_offset(offsets)
    nightly = np.stack([spread(rng, recorded[i], visits, counts[i]) for i in range(len(rand))])
    ep = episodes(rng, nightly, offsets, k2)
    ep, r13_nights = semantic_defects(rng, ep, scale)
    if calibrate:
        calibrate_episodes(rng, ep, counts, nights, k2, p, max_iter)
    diary, episode_table = diary_tables(rand, recorded, nightly, offsets, ep)
    diary = pd.concat([diary, screening_diaries(rng, scr)], ignore_index=True)
    trial = Trial(scr, rand, diary, episode_table, adverse_events(rng, rand, last),
                  adherence(rng, rand, last))
    trial.defects = [{"kind": "R13", "participant_id": rand["participant_id"].iloc[i],
                      "night_date": rand["randomization_date"].iloc[i]
                      + timedelta(days=int(offsets[t]))} for i, t in r13_nights]
    return trial
