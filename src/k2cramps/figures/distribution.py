"""How participants' mean weekly cramp frequency over weeks 1-8 is spread in each arm.

The means alone hide whether vitamin K2 helps everyone a little or some a lot; a violin
(the smoothed distribution) with a box (median, quartiles, whiskers to 1.5 IQR) shows it.
Individual points are left out on purpose: the report shows aggregates only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.shaping import summary, wide
from .style import NEUTRAL, UNITS, arm_color, arm_label, arms_in, new_figure


def participant_means(adsl: pd.DataFrame, adcramp: pd.DataFrame,
                      param: str = "FREQ") -> pd.DataFrame:
    """Each participant's mean of the observed weeks 1-8 (the participant-level outcome of
    the analyses), as columns arm and value; participants with no observed week left out."""
    w = wide(adsl, adcramp, param)
    out = pd.DataFrame({"arm": adsl["TRT01P"].to_numpy(),
                        "value": summary(w, "weeks1-8").to_numpy()})
    return out.dropna().reset_index(drop=True)


def distribution(participant_means: pd.DataFrame, param: str = "FREQ"):
    """Violin and box plot of the participant means (columns arm, value) per arm."""
    data = participant_means.assign(arm=participant_means["arm"].map(arm_label)).dropna()
    arms = arms_in(data["arm"])
    values = [data.loc[data["arm"] == a, "value"].to_numpy(float) for a in arms]
    if any(len(v) < 2 for v in values):
        raise ValueError("each arm needs at least two participant means to draw a distribution")
    fig, ax = new_figure(width=4.2, height=3.4)
    positions = np.arange(1, len(arms) + 1)
    violins = ax.violinplot(values, positions, widths=0.75, showextrema=False)
    for body, arm in zip(violins["bodies"], arms):
        body.set_facecolor(arm_color(arm))
        body.set_edgecolor(arm_color(arm))
        body.set_alpha(0.35)
        body.set_gid(f"violin {arm}")
    ax.boxplot(values, positions=positions, widths=0.16, showfliers=False, patch_artist=True,
               boxprops=dict(facecolor="white", edgecolor=NEUTRAL, linewidth=1.0),
               medianprops=dict(color="black", linewidth=1.5),
               whiskerprops=dict(color=NEUTRAL, linewidth=1.0),
               capprops=dict(color=NEUTRAL, linewidth=1.0))
    ax.set_xticks(positions, [f"{a}\n(n = {len(v)})" for a, v in zip(arms, values)])
    ax.set_xlim(0.4, len(arms) + 0.6)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(f"{UNITS.get(param, param)}, mean of weeks 1-8")
    ax.set_title("Participants' mean weekly cramp frequency" if param == "FREQ"
                 else f"Participants' mean, weeks 1-8 ({param})")
    ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig
