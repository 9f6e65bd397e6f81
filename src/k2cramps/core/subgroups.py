"""How subgroups are named and typeset, shared by the subgroup analysis, its forest plot and
the report's table (here, so that neither the figures nor the report load the models to
read a label)."""
from __future__ import annotations

# Subgroups cut at a value taken from these data (the median), not prespecified: the report
# and the forest plot label them so.
DATA_DRIVEN = frozenset({"Baseline frequency"})
DATA_DRIVEN_NOTE = "split at the median of these data (data-driven)"


def level_text(level) -> str:
    """A subgroup level as typeset: '>=75' -> '\u226575'."""
    return str(level).replace(">=", "\u2265").replace("<=", "\u2264")
