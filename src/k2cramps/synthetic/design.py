"""The design of the synthetic trial: its size and flow, reasons, events and the shape of
its diaries. Published figures (arm sizes, baseline characteristics, adherence) are read from
data/published/tan2024.yaml; the rest are the simulator's own plausible choices.
"""
from __future__ import annotations

from datetime import date

from ..core.arms import K2_CODE, PLACEBO_CODE
from ..core.publication import figure

# Flow of the published trial (per scale unit) and plausible exclusion reasons summing to it.
N_K2, N_PLACEBO = figure("flow.randomized_k2"), figure("flow.randomized_placebo")
EXCLUSIONS = {
    "fewer than 2 cramps in screening": 41,
    "declined to participate": 24,
    "taking diuretics": 13,
    "taking warfarin (vitamin K antagonist)": 11,
    "did not complete screening diary": 9,
    "eGFR below 30 mL/min": 7,
    "peripheral neuropathy or other secondary cause": 6,
}
if sum(EXCLUSIONS.values()) != figure("flow.excluded"):
    raise ValueError("the exclusion reasons must sum to the published number excluded")
EXCLUDED_WITH_DIARY = ("fewer than 2 cramps in screening", "declined to participate",
                       "did not complete screening diary")
DISCONTINUATIONS = {  # per arm, per scale unit
    K2_CODE: ["withdrew consent", "lost to follow-up", "hospitalised (unrelated)",
                   "moved away"],
    PLACEBO_CODE: ["withdrew consent", "lost to follow-up", "lost to follow-up",
                "started diuretic (protocol violation)", "withdrew consent"],
}
AE_TERMS = [  # term, serious, related (vitamin K2 has no related events, as published)
    ("upper respiratory infection", 0, 0), ("dizziness", 0, 0), ("constipation", 0, 0),
    ("headache", 0, 0), ("back pain", 0, 0), ("fall without injury", 0, 0),
    ("pneumonia requiring hospitalisation", 1, 0), ("nausea", 0, 1), ("rash", 0, 1),
]
TARGET_ADHERENCE = {K2_CODE: figure("adherence.k2_pct"),
                    PLACEBO_CODE: figure("adherence.placebo_pct")}
# Baseline characteristics of the randomized participants, as published. Hypertension and
# diabetes are printed to whole percent only: 136 and 101 of 199 print as 68% and 51%.
AGE_MEAN, AGE_SD = figure("baseline.age_mean"), figure("baseline.age_sd")
FEMALE_SHARE = figure("baseline.female_n") / figure("flow.randomized")
HYPERTENSION_SHARE, DIABETES_SHARE = 0.6834, 0.5075
CREATININE_MEAN = figure("baseline.creatinine_mg_dl")
SITES = ("CD", "NC")  # Chengdu Third People's Hospital; North Sichuan Medical College
STUDY_START = date(2022, 9, 5)
RECRUITMENT_DAYS = 390
DISPENSED = 60  # 56 nights plus 4 spare capsules
# Within-participant structure (see README): weekly counts carry a participant effect; the
# ICC of observed weekly frequency comes out at about 0.17 (placebo) and 0.30 (vitamin K2).
PLACEBO_GAMMA_SHAPE = 12.0
K2_NONRESPONDER_SHARE = 0.12
# The published week-8 severity CI (half-width 0.17) bounds the spread of week-8 values:
# with the cramp-free-week-scores-0 convention it is reachable only when few participants are
# cramp-free in week 8 (at most ~20% with K2, ~3% with placebo); the calibration adds that.
WEEK8_MAX_CRAMP_FREE = {"k2": 0.20, "placebo": 0.03}
