"""The CONSORT 2010 flow diagram, drawn from the flow counts (consort.csv: step, group, n).

Drawn with boxes and arrows rather than taken from a template so that every number comes
from the data and the boxes grow with their text: each box's height is computed from its
wrapped lines before the figure is made, so any number of exclusion or discontinuation
reasons fits. The stage labels sit between the arms' columns, as in the CONSORT template.
Coordinates are inches (the axes span the figure one to one), which makes
line heights and wrap widths follow directly from the font size.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from .style import FONT_SIZE, NEUTRAL, SHADE, WIDTH, arm_color, arms_in, wrap

# The analysis populations drawn in the analysis boxes when consort.csv has them.
ANALYSIS_STEPS = {"safety population": "Safety population",
                  "with week-8 data": "With week-8 data",
                  "analysed (observed weeks)": "Analysed, observed weeks",
                  "analysed (complete cases)": "Analysed, complete cases"}
DEVIATION = "protocol deviation"  # step prefix of the randomized-despite-exclusion count

LINE = 1.25 * FONT_SIZE / 72  # inches between text lines
PAD = 0.07  # inches of padding inside a box
GAP = 0.28  # inches between rows of boxes
MARGIN = 0.1
COL = 2.85  # width of an arm's column; the stage labels sit between the columns
COLS = (MARGIN, WIDTH - MARGIN - COL)
CENTRE = WIDTH / 2
LABEL_WIDTH = 0.9


@dataclass
class Box:
    """A box of wrapped text: a bold header and bulleted lines; `y` is its top edge."""

    x: float
    width: float
    header: str
    items: list[str] = field(default_factory=list)
    edge: str = "black"
    y: float = 0.0

    def lines(self) -> list[tuple[str, str]]:
        """(text, weight) of each line once wrapped to the box width."""
        inner = self.width - 2 * PAD
        out = [(t, "bold") for t in wrap(self.header, inner, "bold")]
        for item in self.items:
            out += [(t, "normal") for t in wrap(f"\u2022 {item}", inner, indent="   ")]
        return out

    @property
    def height(self) -> float:
        return 2 * PAD + LINE * len(self.lines())

    @property
    def bottom(self) -> float:
        return self.y - self.height

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


def _n(consort: pd.DataFrame, step: str, group: str = "all") -> int | None:
    hit = consort.loc[(consort["step"] == step) & (consort["group"] == group), "n"]
    return int(hit.iloc[0]) if len(hit) else None


def _counted(label: str, n) -> str:
    """'label (n = 3)', the count glued to the last word (no-break spaces: never wrapped)."""
    return f"{label}\u00a0(n\u00a0=\u00a0{n})"


def _boxes(consort: pd.DataFrame) -> tuple[list[Box], dict[str, list[Box]], list[str]]:
    """The enrolment boxes, the boxes of each arm (allocation, follow-up, analysis) and the
    arms, from the flow counts."""
    if _n(consort, "screened") is None or _n(consort, "randomized") is None:
        raise ValueError("consort counts need the steps 'screened' and 'randomized' (group 'all')")
    excluded = consort[(consort["step"] == "excluded") & (consort["group"] != "all")]
    deviation = consort[consort["step"].str.startswith(DEVIATION)]["n"].sum()
    randomized_notes = ([f"{int(deviation)} randomized despite an exclusion reason "
                         "(protocol deviation)"] if deviation else [])
    enrol = [Box(CENTRE - 1.3, 2.6, _counted("Assessed for eligibility", _n(consort, "screened"))),
             Box(COLS[1], COL, _counted("Excluded", _n(consort, "excluded")),
                 [_counted(r, n) for r, n in zip(excluded["group"], excluded["n"])]),
             Box(CENTRE - 1.3, 2.6, _counted("Randomized", _n(consort, "randomized")),
                 randomized_notes)]
    arm_rows = consort[(consort["step"] == "randomized") & (consort["group"] != "all")]
    arms = arms_in(arm_rows["group"])
    per_arm = {}
    for x, arm in zip(COLS, arms):
        reasons = consort[(consort["step"] == "discontinued")
                          & consort["group"].str.startswith(f"{arm}: ")]
        analysed = [_counted(label, _n(consort, step, arm)) for step, label in ANALYSIS_STEPS.items()
                    if _n(consort, step, arm) is not None]
        edge = arm_color(arm)
        per_arm[arm] = [
            Box(x, COL, _counted(f"Allocated to {arm}", _n(consort, "randomized", arm)), edge=edge),
            Box(x, COL, _counted("Discontinued", _n(consort, "discontinued", arm) or 0),
                [_counted(g.split(": ", 1)[1], n) for g, n in zip(reasons["group"], reasons["n"])],
                edge=edge),
            Box(x, COL, _counted("Analysed, intention to treat", _n(consort, "analysed (ITT)", arm)),
                analysed, edge=edge)]
    return enrol, per_arm, arms


def _place(enrol: list[Box], per_arm: dict[str, list[Box]]) -> tuple[float, list[tuple]]:
    """Set each box's top edge, top to bottom; the total height and the stage-label spans."""
    y = -0.08  # top margin
    for i, box in enumerate(enrol):
        box.y = y - (GAP if i else 0)
        y = box.bottom
    stages = [("Enrolment", enrol[0].y, enrol[0].bottom)]
    y -= GAP * 1.6  # room for the split into the arms
    for i, name in enumerate(("Allocation", "Follow-up", "Analysis")):
        row = [boxes[i] for boxes in per_arm.values()]
        height = max(b.height for b in row)
        for b in row:  # a row's boxes share their top edge
            b.y = y
        stages.append((name, y, y - height))
        y -= height + GAP
    return -(y + GAP) + 0.08, stages


def _draw_box(ax, box: Box) -> None:
    ax.add_patch(Rectangle((box.x, box.bottom), box.width, box.height, facecolor="white",
                           edgecolor=box.edge, linewidth=1.0 if box.edge == "black" else 1.4,
                           gid="box"))
    for i, (text, weight) in enumerate(box.lines()):
        ax.text(box.x + PAD, box.y - PAD - i * LINE, text, ha="left", va="top",
                fontweight=weight, fontsize=FONT_SIZE, linespacing=1.0)


def _arrow(ax, start, end, head: bool = True) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>" if head else "-",
                                 mutation_scale=8, linewidth=0.9, color=NEUTRAL,
                                 shrinkA=0, shrinkB=0))


def consort_flow(consort: pd.DataFrame):
    """CONSORT 2010 flow diagram: enrolment (screened, excluded with reasons), allocation,
    follow-up (discontinued with reasons) and analysis per arm (ITT, and the safety, week-8,
    observed-weeks and complete-case counts where consort.csv has them)."""
    enrol, per_arm, arms = _boxes(consort)
    height, stages = _place(enrol, per_arm)
    fig = Figure(figsize=(WIDTH, height))  # no layout engine: the boxes are placed by hand
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(-height, 0)
    ax.set_axis_off()
    for i, (name, top, bottom) in enumerate(stages):  # as in the CONSORT template
        x = MARGIN if i == 0 else CENTRE - LABEL_WIDTH / 2  # enrolment: beside the trunk
        mid = (top + bottom) / 2
        ax.add_patch(FancyBboxPatch((x, mid - LINE / 2 - PAD / 2), LABEL_WIDTH, LINE + PAD,
                                    boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=SHADE, edgecolor="none"))
        ax.text(x + LABEL_WIDTH / 2, mid, name, ha="center", va="center", fontweight="bold",
                fontsize=FONT_SIZE)
    assessed, excluded, randomized = enrol
    for box in enrol + [b for boxes in per_arm.values() for b in boxes]:
        _draw_box(ax, box)
    _arrow(ax, (CENTRE, assessed.bottom), (CENTRE, randomized.y))
    mid = (excluded.y + excluded.bottom) / 2
    _arrow(ax, (CENTRE, mid), (excluded.x, mid))
    split = randomized.bottom - GAP * 0.8
    _arrow(ax, (CENTRE, randomized.bottom), (CENTRE, split), head=False)
    centres = [boxes[0].centre for boxes in per_arm.values()]
    _arrow(ax, (min(centres), split), (max(centres), split), head=False)
    for boxes in per_arm.values():
        _arrow(ax, (boxes[0].centre, split), (boxes[0].centre, boxes[0].y))
        for upper, lower in zip(boxes, boxes[1:]):
            _arrow(ax, (upper.centre, upper.bottom), (lower.centre, lower.y))
    return fig

