"""The cleaning rules (design section 4): when each applies and what it does.

This table is the rules' documentation: the cleaning log quotes its actions, and the report
and the codebook show it. The code that applies the rules is in `cleaning`.
"""
from __future__ import annotations

RULES = {  # id: (when, action), in the order the rules are applied
    "R00": ("record with the wrong number of fields", "drop the row"),
    "R01": ("text cell with stray spaces, or a code (arm, sex) in non-canonical case",
            "strip; recase codes only (names such as sites keep their case)"),
    "R02": ("row identical to an earlier row of the same file", "drop the repeat"),
    "R02b": ("conflicting rows for a participant in a one-row-per-participant file",
             "drop them all"),
    "R03": ("date that does not parse", "drop the row"),
    "R03b": ("required value that does not parse or is implausible (id, age 0-130, sex, 0/1 "
             "flag, capsule count 0-1000, episode number 1-20)", "drop the row"),
    "R03c": ("creatinine that does not parse or is not a positive finite number",
             "keep the row, creatinine missing"),
    "R04": ("randomization: unknown arm, or participant not in screening", "drop the row"),
    "R05": ("randomization: participant had an exclusion reason at screening",
            "keep (ITT); protocol deviation"),
    "R06": ("diary/episode/AE/adherence row of a participant not randomized", "drop the row"),
    "R07": ("night outside the baseline and treatment windows, or after discontinuation",
            "drop the row"),
    "R08": ("cramps not an integer 0-20 (more than 20 a night is implausible)",
            "drop the night (missing)"),
    "R09": ("diary rows for one participant-night with different cramps",
            "drop them all and the night's episodes"),
    "R09b": ("episode rows with the same participant, night and number but different values",
             "drop them all"),
    "R10": ("episode with no kept diary night", "drop the episode"),
    "R11": ("severity not an integer 1-10", "keep the episode, severity missing"),
    "R12": ("duration_min <= 0 or > 60, or not a number", "keep the episode, duration missing"),
    "R13": ("episodes of a night not equal in number to its cramps",
            "keep both; frequency uses cramps"),
    "R14": ("adherence: more capsules returned than dispensed",
            "drop the row (adherence unknown; the participant stays in the safety population)"),
    "R15": ("randomization: discontinued_date that does not parse or is before "
            "randomization_date", "keep the participant (ITT); discontinued on an unknown date "
            "(reason 'unknown' if blank), diary kept as recorded"),
    "R16": ("adverse event with onset before the screening diary or more than 30 days after "
            "the participant's last night on study", "drop the row (not an event of this study)"),
}
DROPS = {"R00", "R02", "R02b", "R03", "R03b", "R04", "R06", "R07", "R08", "R09", "R09b", "R10",
         "R14", "R16"}
MAX_DURATION_MIN = 60.0       # R12: a longer episode is implausible
MAX_CRAMPS_PER_NIGHT = 20     # R08, R03b (episode number): more in one night is implausible
MAX_CAPSULES = 1000           # R03b: an 8-week supply is about 60
AE_FOLLOW_UP_DAYS = 30        # R16: onset later than this after the last night on study
