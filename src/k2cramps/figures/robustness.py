"""The robustness figures: the design effect against the ICC, and the coverage of every
method's 95% CI in the simulation study with Monte Carlo error bars."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.methods import METHOD_LABELS, SCENARIO_LABELS
from ..core.numbers import num
from .style import GRID, HIGHLIGHT, NEUTRAL, OKABE_ITO, SHADE, new_figure

SCENARIO_COLORS = {"fitted": OKABE_ITO["blue"], "no_effect": OKABE_ITO["bluish green"],
                   "icc_low": OKABE_ITO["sky blue"], "icc_high": OKABE_ITO["reddish purple"]}


def design_effect(de: pd.DataFrame):
    """Design effect 1 + (m - 1) ICC over the ICC grid, the data's ICC (with its CI as a
    band) marked; right axis: how much wider the published CI should be."""
    grid = de[de["point"] == "grid"]
    data = de.set_index("point")
    fig, ax = new_figure(height=3.0)
    ax.plot(grid["icc"], grid["design_effect"], color=NEUTRAL)
    ax.axvspan(data.loc["data_ci_low", "icc"], data.loc["data_ci_high", "icc"], color=SHADE)
    x, y = data.loc["data", "icc"], data.loc["data", "design_effect"]
    ax.plot([x], [y], "o", color=HIGHLIGHT)
    ax.annotate(f"This trial: ICC {num(x)}, design effect {num(y)}\n"
                f"published CI should be {num(np.sqrt(y))} times as wide",
                (x, y), xytext=(24, -8), textcoords="offset points", va="top")
    m = int(data.loc["data", "weeks"])
    ax.set_xlabel("Within-participant correlation of weekly frequency (ICC)")
    ax.set_ylabel(f"Design effect, 1 + ({m} \u2212 1) ICC")
    ax.set_xlim(0, grid["icc"].max())
    ax.set_ylim(0.8, grid["design_effect"].max() * 1.05)
    ax.grid(axis="y", color=GRID, linewidth=0.5)
    right = ax.secondary_yaxis("right", functions=(np.sqrt, np.square))
    right.set_ylabel("CI width factor, \u221a(design effect)")
    ax.set_title("How much the person-week analysis understates uncertainty")
    return fig


def coverage(cov: pd.DataFrame):
    """Coverage of each method's 95% CI per scenario, +-1.96 Monte Carlo SE."""
    methods = list(dict.fromkeys(cov["method"]))
    scenarios = list(dict.fromkeys(cov["scenario"]))
    fig, ax = new_figure(height=0.42 * len(methods) + 1.4)
    offsets = np.linspace(-0.27, 0.27, len(scenarios))
    for off, name in zip(offsets, scenarios):
        rows = cov[cov["scenario"] == name].set_index("method").reindex(methods)
        y = np.arange(len(methods)) + off
        ax.errorbar(100 * rows["coverage"], y, xerr=196 * rows["coverage_mcse"], fmt="o",
                    markersize=3.5, color=SCENARIO_COLORS.get(name, NEUTRAL),
                    label=SCENARIO_LABELS.get(name, name))
    ax.axvline(95, color=NEUTRAL, linewidth=0.8, linestyle="--")
    ax.set_yticks(np.arange(len(methods)), [METHOD_LABELS.get(m, m) for m in methods])
    ax.invert_yaxis()
    ax.set_xlabel("Coverage of the nominal 95% CI, % of simulated trials (\u00b11.96 Monte Carlo SE)")
    ax.grid(axis="x", color=GRID, linewidth=0.5)
    fig.legend(loc="outside lower center", ncols=4)
    ax.set_title("How often each method's 95% CI contains the true effect")
    return fig
