"""Forest plots: the primary effect under every method and population, and by subgroup.

Both are drawn by one helper so that they read the same way: a row per estimate, labels as
words on the left, the estimate and 95% CI (and for subgroups the numbers per arm and the
interaction P) as text columns on the right, a reference line at no effect. The methods
plot sets the published person-week analysis apart from the participant-level reanalyses,
because the point of the figure is how much narrower its CI is. The negative binomial
rate ratio is on another scale, so it gets its own axis (log scale, line at 1) below.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter
from matplotlib.transforms import blended_transform_factory

from ..core import numbers
from ..core.methods import analysis_label
from ..core.subgroups import DATA_DRIVEN, level_text
from .style import GRID, HIGHLIGHT, NEUTRAL, SHADE, TITLE_SIZE, TITLES, UNITS, WIDTH, text_width

PUBLISHED = "published_personweek_t"
ROW = 0.24  # inches per row
TOP, BOTTOM = 0.62, 0.48  # inches above the rows (title, column headers) and below (x label)
PANEL_TOP = 0.4  # inches above a second panel (its column headers)
MARGIN = 0.1
COLUMN_PAD = 0.15  # inches between the plot and the first text column, and between columns


@dataclass
class Rows:
    """What a forest plot shows, top to bottom (NaN estimate: a heading row, no marker)."""

    labels: list[str]
    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    colors: list[str]
    bold: list[bool]
    columns: dict[str, list[str]] = field(default_factory=dict)  # header -> text per row

    def label_width(self) -> float:
        return max(text_width(t, "bold" if b else "normal") for t, b in zip(self.labels, self.bold))

    def column_widths(self) -> list[float]:
        return [max([text_width(t) for t in texts]
                    + [text_width(t, "bold") for t in header.split("\n")]) + COLUMN_PAD
                for header, texts in self.columns.items()]


def ci_text(est: float, low: float, high: float) -> str:
    """'−2.67 (−2.86 to −2.49)': JAMA style, 'to' between the limits, true minus signs."""
    return numbers.estimate_ci(est, low, high)


def _axes(fig, top: float, rows: Rows, label_width: float, columns_width: float):
    """Axes for `rows` whose top edge is `top` inches below the figure's top; the row
    labels and text columns get exactly the room their text needs."""
    w, h = fig.get_size_inches()
    left = MARGIN + label_width + 0.08
    plot = w - left - columns_width - MARGIN
    height = ROW * len(rows.labels)
    return fig.add_axes((left / w, (h - top - height) / h, plot / w, height / h))


def _draw(ax, rows: Rows, reference: float, label_width: float) -> None:
    """Rows on `ax` (y = row index, top down), the reference line, the text columns; labels
    left-aligned in a margin `label_width` inches wide."""
    y = np.arange(len(rows.labels))
    for i in y:
        if not np.isnan(rows.estimate[i]):
            ax.errorbar(rows.estimate[i], i, xerr=[[rows.estimate[i] - rows.low[i]],
                                                   [rows.high[i] - rows.estimate[i]]],
                        fmt="s", markersize=4.5, color=rows.colors[i], elinewidth=1.3,
                        capsize=0, zorder=3)
    ax.axvline(reference, color=NEUTRAL, linewidth=0.8, zorder=1)
    ax.set_yticks(y, rows.labels)
    for tick, bold in zip(ax.get_yticklabels(), rows.bold):  # left-aligned, as in a table
        tick.set_fontweight("bold" if bold else "normal")
        tick.set_horizontalalignment("left")
    ax.tick_params(axis="y", length=0, pad=label_width * 72 + 4)
    ax.spines["left"].set_visible(False)
    ax.set_ylim(len(y) - 0.5, -0.5)  # first row on top
    ax.grid(axis="x", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    plot_width = ax.get_position().width * ax.figure.get_figwidth()
    trans = blended_transform_factory(ax.transAxes, ax.transData)
    x = COLUMN_PAD
    for (header, texts), width in zip(rows.columns.items(), rows.column_widths()):
        ax.text(1 + x / plot_width, -0.6, header, transform=trans, ha="left", va="bottom",
                fontweight="bold", linespacing=1.1)
        for i, text in enumerate(texts):
            if text:
                ax.text(1 + x / plot_width, i, text, transform=trans, ha="left", va="center",
                        color=HIGHLIGHT if rows.colors[i] == HIGHLIGHT else "black")
        x += width


def _shade(ax, rows_to_shade) -> None:
    for i in rows_to_shade:
        ax.axhspan(i - 0.5, i + 0.5, color=SHADE, linewidth=0, zorder=0)


def _log_axis(ax, limits: np.ndarray) -> None:
    """A log x axis labelled at round ratios only (no crowded minor labels), showing 1."""
    low, high = min(limits.min(), 1.0), max(limits.max(), 1.0)
    ax.set_xscale("log")
    ax.set_xlim(low / 1.25, high * 1.25)
    ticks = [t for t in (0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10, 20)
             if low / 1.25 <= t <= high * 1.25]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())


def _title(fig, text: str) -> None:
    """Figure title at the top left, in the axes-title style of the other figures."""
    fig.text(MARGIN / fig.get_figwidth(), 1 - 0.08 / fig.get_figheight(), text, ha="left",
             va="top", fontsize=TITLE_SIZE, fontweight="bold")


def methods_forest(estimates: pd.DataFrame, outcome: str = "FREQ", timepoint: str = "weeks1-8",
                   primary: str | None = None):
    """Every method and population's estimate and 95% CI for one outcome and timepoint; the
    published person-week analysis first and highlighted; `primary` (a method id) marked."""
    sel = estimates[(estimates["outcome"] == outcome) & (estimates["timepoint"] == timepoint)]
    diff = sel[sel["scale"] == "difference"]
    diff = pd.concat([diff[diff["method"] == PUBLISHED], diff[diff["method"] != PUBLISHED]])
    ratio = sel[sel["scale"] == "ratio"]
    if diff.empty:
        raise ValueError(f"no difference-scale estimates for {outcome} {timepoint}")

    def rows_of(df: pd.DataFrame) -> Rows:
        published = (df["method"] == PUBLISHED).to_list()
        labels = [analysis_label(m, p) + (", primary" if m == primary else "")
                  for m, p in zip(df["method"], df["population"])]
        header = "Difference\n(95% CI)" if df["scale"].iloc[0] == "difference" else \
            "Rate ratio\n(95% CI)"
        return Rows(labels, *(df[c].to_numpy(float) for c in ("estimate", "ci_low", "ci_high")),
                    colors=[HIGHLIGHT if p else NEUTRAL for p in published], bold=published,
                    columns={header: [ci_text(*r) for r in
                                      df[["estimate", "ci_low", "ci_high"]].to_numpy(float)]})

    parts = [(rows_of(diff), 0.0)] + ([(rows_of(ratio), 1.0)] if len(ratio) else [])
    label_width = max(r.label_width() for r, _ in parts)
    columns_width = max(sum(r.column_widths()) for r, _ in parts)
    height = sum(ROW * len(r.labels) + BOTTOM for r, _ in parts) + TOP + PANEL_TOP * (len(parts) - 1)
    fig = Figure(figsize=(WIDTH, height))
    top = TOP
    axes = []
    for rows, reference in parts:
        ax = _axes(fig, top, rows, label_width, columns_width)
        _draw(ax, rows, reference, label_width)
        axes.append(ax)
        top += ROW * len(rows.labels) + BOTTOM + PANEL_TOP
    _shade(axes[0], [i for i, m in enumerate(diff["method"]) if m == PUBLISHED])
    axes[0].set_xlabel(f"Difference in {UNITS.get(outcome, outcome).lower()}, "
                       "vitamin K2 minus placebo")
    period = "weeks 1-8" if timepoint == "weeks1-8" else "week 8"
    _title(fig, f"{TITLES.get(outcome, outcome)}, {period}: effect by analysis method")
    if len(axes) > 1:
        _log_axis(axes[1], ratio[["ci_low", "ci_high"]].to_numpy(float))
        axes[1].set_xlabel("Rate ratio, vitamin K2 / placebo (log scale)")
    return fig


def subgroup_forest(subgroups: pd.DataFrame, overall: float | None = None):
    """Effect per subgroup level with 95% CI, grouped by subgroup; the interaction P once per
    subgroup (JAMA style); reference line at 0 and, if given, a dashed one at `overall`."""
    labels, est, low, high, bold, counts, cis, p_int = [], [], [], [], [], [], [], []
    for name, group in subgroups.groupby("subgroup", sort=False):
        labels.append(f"{name} (data-driven split)" if name in DATA_DRIVEN else name)
        est += [np.nan]
        low += [np.nan]
        high += [np.nan]
        bold.append(True)
        counts.append("")
        cis.append("")
        p_int.append(numbers.p_text(group["p_interaction"].iloc[0]) or "P not estimable")
        for r in group.itertuples():
            labels.append("   " + level_text(r.level))
            est.append(r.estimate)
            low.append(r.ci_low)
            high.append(r.ci_high)
            bold.append(False)
            counts.append(f"{r.n_k2} / {r.n_placebo}")
            cis.append(ci_text(r.estimate, r.ci_low, r.ci_high))
            p_int.append("")
    rows = Rows(labels, np.array(est, float), np.array(low, float), np.array(high, float),
                colors=[NEUTRAL] * len(labels), bold=bold,
                columns={"No.\nK2 / placebo": counts, "Difference\n(95% CI)": cis,
                         "P for\ninteraction": p_int})
    fig = Figure(figsize=(WIDTH, TOP + ROW * len(labels) + BOTTOM))
    ax = _axes(fig, TOP, rows, rows.label_width(), sum(rows.column_widths()))
    _draw(ax, rows, 0.0, rows.label_width())
    if overall is not None:
        ax.axvline(overall, color=NEUTRAL, linewidth=0.8, linestyle="--", zorder=1,
                   gid="overall effect")
    ax.set_xlabel("Difference in cramps per week, vitamin K2 minus placebo")
    _title(fig, "Effect on cramp frequency by subgroup")
    return fig
