"""Diary completeness: the share of randomized participants with a diary entry on each night.

Input (diary_completeness.csv): arm, night (-14..-1 baseline, 0..55 treatment, relative to
randomization), n_diary, n_randomized, share (0-1). Missing weeks are what separates the
published mean imputation from the reanalyses, so the reader should see when diaries thin
out and whether they thin out alike in both arms. The baseline window is shaded and the
treatment weeks are marked, because the analysis counts nights per week.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.transforms import blended_transform_factory

from ..core.schedule import BASELINE_NIGHTS, N_WEEKS
from .style import GRID, SHADE, SMALL_SIZE, arm_color, arm_label, arms_in, new_figure


def diary_completeness(completeness: pd.DataFrame):
    """Percentage of randomized participants with a diary entry, per arm and study night."""
    data = completeness.assign(arm=completeness["arm"].map(arm_label)).sort_values("night")
    fig, ax = new_figure(height=3.0)
    ax.axvspan(-BASELINE_NIGHTS - 0.5, -0.5, color=SHADE, linewidth=0, zorder=0)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(-BASELINE_NIGHTS / 2 - 0.5, 0.04, "Baseline", transform=top, ha="center",
            va="bottom", fontsize=SMALL_SIZE)
    for week in range(N_WEEKS + 1):
        ax.axvline(7 * week - 0.5, color=GRID, linewidth=0.7, zorder=0)
        if week < N_WEEKS:
            ax.text(7 * week + 3, 0.04, f"Week {week + 1}", transform=top, ha="center",
                    va="bottom", fontsize=SMALL_SIZE)
    for arm in arms_in(data["arm"]):
        rows = data[data["arm"] == arm]
        n = int(rows["n_randomized"].max())
        ax.plot(rows["night"], 100 * rows["share"], color=arm_color(arm), linewidth=1.4,
                drawstyle="steps-mid", label=f"{arm} (n = {n})", zorder=2)
    ax.set_xlim(-BASELINE_NIGHTS - 0.5, 7 * N_WEEKS - 0.5)
    ax.set_xticks(range(-BASELINE_NIGHTS, 7 * N_WEEKS, 7))
    ax.set_ylim(0, 102)
    ax.set_xlabel("Night relative to randomization (0 = first night of treatment)")
    ax.set_ylabel("Participants with a diary entry, %")
    ax.set_title("Diary completeness")
    fig.legend(loc="outside lower center", ncols=2)
    return fig
