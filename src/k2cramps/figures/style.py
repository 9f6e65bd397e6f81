"""One look for every figure, and files that are the same bytes for the same inputs.

The arms keep the same colours in every figure (Okabe-Ito, safe for colour-blind readers
and in greyscale print), so a reader learns them once. Figures are drawn inside
`figure_style()`, an rc_context, so importing this module changes no global matplotlib
setting (a notebook's other plots stay as they were). `save` strips everything that would
change between two runs (software version, date, random SVG ids), so an unchanged build
writes unchanged files and make does not see a change that is not there.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from ..core.arms import K2, PLACEBO, TRT_LABEL
from ..core.files import atomic_write

# Okabe & Ito (2008), "Color universal design".
OKABE_ITO = {"orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "reddish purple": "#CC79A7", "black": "#000000"}
ARM_COLORS = {K2: OKABE_ITO["blue"], PLACEBO: OKABE_ITO["orange"]}
ARM_ORDER = (K2, PLACEBO)
HIGHLIGHT = OKABE_ITO["vermillion"]  # the published analysis, set against the reanalyses
NEUTRAL = "#4D4D4D"  # estimates that belong to no arm
GRID = "#D9D9D9"
SHADE = "#EFEFEF"  # background windows (e.g. the baseline diary)

# The outcomes in words: the unit on a y axis and a panel title.
UNITS = {"FREQ": "Cramps per week", "DUR": "Minutes", "SEV": "Severity (1-10)"}
TITLES = {"FREQ": "Cramp frequency", "DUR": "Cramp duration", "SEV": "Cramp severity"}

FONT_SIZE = 8  # journal figures: 7-9 pt at print size
TITLE_SIZE = 9
SMALL_SIZE = 7
WIDTH = 7.0  # inches: a two-column journal figure
DPI = 200

RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": FONT_SIZE,
    "axes.titlesize": TITLE_SIZE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": SMALL_SIZE + 0.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "lines.linewidth": 1.4,
    "errorbar.capsize": 2.5,
    "svg.fonttype": "path",  # text as outlines: the SVG looks the same without the font
    "svg.hashsalt": "k2cramps",  # fixed ids inside the SVG instead of random ones
    "path.simplify": False,
    "figure.dpi": 100,
}
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


@contextmanager
def figure_style():
    """The house style for the figures drawn inside the block."""
    with mpl.rc_context(RC):
        yield


def new_figure(width: float = WIDTH, height: float = 3.2, **subplots) -> tuple[Figure, object]:
    """A figure with the house style (call inside `figure_style()`). Not a pyplot figure:
    drawing many leaks none, and no backend or display is needed."""
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(**subplots)


def arm_label(arm: str) -> str:
    """The arm's label ("Vitamin K2"), also when an input names it by its export code."""
    return TRT_LABEL.get(arm, arm)


def arm_color(arm: str) -> str:
    return ARM_COLORS.get(arm, NEUTRAL)


def arms_in(values) -> list[str]:
    """The arms present, vitamin K2 first (every figure orders arms the same way)."""
    present = set(values)
    return [a for a in ARM_ORDER if a in present] + sorted(present - set(ARM_ORDER))


@lru_cache(maxsize=4096)
def text_width(text: str, weight: str = "normal", size: float = FONT_SIZE) -> float:
    """Width in inches of `text` as drawn in the house font: boxes and margins are sized
    from it, so that text fits without measuring a drawn figure. Remembered: wrapping a
    CONSORT box measures each growing line, and a box's height is asked for several times."""
    prop = FontProperties(family=RC["font.family"], style="normal", variant="normal",
                          stretch="normal", size=size, weight=weight)  # no rcParams read
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0] / 72


def wrap(text: str, width: float, weight: str = "normal", indent: str = "") -> list[str]:
    """`text` broken at spaces into lines no wider than `width` inches (a single word that
    is wider stays whole); lines after the first start with `indent`. No-break spaces
    (U+00A0) hold words together."""
    lines: list[str] = []
    for word in text.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, weight) <= width:
            lines[-1] = candidate
        else:
            lines.append(indent + word if lines else word)
    return lines


def save(fig: Figure, out_dir: Path, stem: str) -> list[Path]:
    """Write `<stem>.png` and `<stem>.svg` into `out_dir`, each atomically, then close the
    figure; the same figure gives the same bytes every time."""
    out_dir = Path(out_dir)
    paths = [out_dir / f"{stem}.png", out_dir / f"{stem}.svg"]
    with mpl.rc_context(RC):
        atomic_write(paths[0], lambda t: fig.savefig(t, format="png", dpi=DPI,
                                                     metadata=PNG_METADATA,
                                                     facecolor="white"))
        atomic_write(paths[1], lambda t: fig.savefig(t, format="svg", metadata=SVG_METADATA,
                                                     facecolor="white"))
    plt.close(fig)  # a no-op for our own figures; releases one made with pyplot
    return paths
