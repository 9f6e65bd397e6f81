"""Weekly trajectories: mean and 95% CI per arm at baseline and weeks 1-8.

Input (weekly_means.csv): outcome, visit (0 = baseline, 1..8), method (observed | mmrm),
arm, n, estimate, ci_low, ci_high. The observed means are drawn as points with error bars;
where MMRM least-squares means exist they are the line and band, so the reader sees the
model's estimate and the data it came from together. The arms are shifted a little apart in
x so that their error bars never hide each other; the y axis starts at 0 because frequency,
minutes and severity are all amounts, and a cut axis would exaggerate the difference.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..core.schedule import N_WEEKS
from .style import GRID, NEUTRAL, TITLES, UNITS, arm_color, arm_label, arms_in, new_figure

OFFSET = 0.09  # x shift between the arms, in weeks
MMRM_LABEL = "MMRM least-squares mean (95% CI)"
OBSERVED_LABEL = "Observed mean (95% CI)"


def _rows(weekly_means: pd.DataFrame, outcome: str) -> pd.DataFrame:
    rows = weekly_means[weekly_means["outcome"] == outcome]
    if rows.empty:
        raise ValueError(f"weekly means have no rows for outcome {outcome!r}")
    return rows.assign(arm=rows["arm"].map(arm_label)).sort_values("visit")


def _draw(ax, weekly_means: pd.DataFrame, outcome: str) -> bool:
    """Draw one outcome's trajectory on `ax`; True if MMRM means were drawn."""
    rows = _rows(weekly_means, outcome)
    has_mmrm = (rows["method"] == "mmrm").any()
    arms = arms_in(rows["arm"])
    for i, arm in enumerate(arms):
        shift = (i - (len(arms) - 1) / 2) * 2 * OFFSET
        color = arm_color(arm)
        obs = rows[(rows["arm"] == arm) & (rows["method"] == "observed")]
        ax.errorbar(obs["visit"] + shift, obs["estimate"],
                    yerr=[obs["estimate"] - obs["ci_low"], obs["ci_high"] - obs["estimate"]],
                    fmt="o", markersize=3.8, color=color, elinewidth=1.0,
                    linestyle="none" if has_mmrm else "-", linewidth=1.0, label=arm, zorder=3)
        fit = rows[(rows["arm"] == arm) & (rows["method"] == "mmrm")]
        if not fit.empty:
            x = fit["visit"] + shift
            ax.fill_between(x, fit["ci_low"], fit["ci_high"], color=color, alpha=0.16,
                            linewidth=0, zorder=1, gid=f"mmrm band {arm}")
            ax.plot(x, fit["estimate"], color=color, linewidth=1.5, zorder=2,
                    gid=f"mmrm {arm}")
    ax.axvline(0.5, color=GRID, linewidth=0.8, linestyle="--", zorder=0)  # before | on treatment
    ax.set_xlim(-0.5, N_WEEKS + 0.5)
    ax.set_xticks(range(N_WEEKS + 1), ["Baseline"] + [str(k) for k in range(1, N_WEEKS + 1)])
    ax.set_xlabel("Week of treatment")
    ax.set_ylabel(UNITS.get(outcome, outcome))
    ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], rows["ci_high"].max() * 1.08))
    ax.set_title(TITLES.get(outcome, outcome))
    ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
    ax.set_axisbelow(True)
    return has_mmrm


def _legend(target, arms: list[str], has_mmrm: bool, **where) -> None:
    """Arms first, then (when both are drawn) what a point and what a line with band are."""
    handles = [Line2D([], [], color=arm_color(a), marker="o", markersize=4, linewidth=1.5)
               for a in arms]
    labels = list(arms)
    if has_mmrm:
        handles += [Line2D([], [], color=NEUTRAL, marker="o", markersize=3.5, linestyle="none"),
                    (Patch(color=NEUTRAL, alpha=0.2, linewidth=0),
                     Line2D([], [], color=NEUTRAL, linewidth=1.5))]
        labels += [OBSERVED_LABEL, MMRM_LABEL]
    target.legend(handles, labels, **where)


def trajectory(weekly_means: pd.DataFrame, outcome: str = "FREQ"):
    """Mean weekly value per arm with 95% CI, baseline and weeks 1-8, for one outcome."""
    fig, ax = new_figure(height=3.4)
    has_mmrm = _draw(ax, weekly_means, outcome)
    arms = arms_in(_rows(weekly_means, outcome)["arm"])
    _legend(fig, arms, has_mmrm, loc="outside lower center", ncols=4)
    return fig


def secondary_trajectories(weekly_means: pd.DataFrame, outcomes=("DUR", "SEV")):
    """The secondary outcomes (duration, severity) side by side, in the primary's style."""
    fig, axes = new_figure(height=3.2, ncols=len(outcomes))
    has_mmrm = [_draw(ax, weekly_means, o) for ax, o in zip(axes, outcomes)]
    arms = arms_in(pd.concat([_rows(weekly_means, o)["arm"] for o in outcomes]))
    _legend(fig, arms, any(has_mmrm), loc="outside lower center", ncols=4)
    return fig
