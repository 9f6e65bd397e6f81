"""Every figure of the report, by file stem, with the inputs it needs.

One list, so that the stage, the notebook and the report agree on what figures exist and
what each is called. A figure whose inputs are missing (an optional results file that an
earlier stage does not write yet) is skipped with a message instead of failing the stage.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from importlib import import_module
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)


def _fn(module: str, name: str) -> Callable:
    """A drawing function, imported when a figure is drawn: the report reads the stems and
    captions below without loading matplotlib."""
    return getattr(import_module(f"{__package__}.{module}"), name)


@dataclass(frozen=True)
class Spec:
    stem: str
    needs: tuple[str, ...]
    draw: Callable[[dict[str, pd.DataFrame], str | None], "Figure"]
    caption: str


def _overall(estimates: pd.DataFrame | None) -> float | None:
    """The all-participant effect the subgroup effects are compared with: the same analysis
    (baseline-adjusted ANCOVA of the observed weeks, frequency, weeks 1-8)."""
    if estimates is None:
        return None
    hit = estimates[(estimates["outcome"] == "FREQ") & (estimates["timepoint"] == "weeks1-8")
                    & (estimates["method"] == "ancova_baseline")
                    & (estimates["population"] == "OBSERVED")]
    return float(hit["estimate"].iloc[0]) if len(hit) else None


FIGURES = (
    Spec("consort", ("consort",), lambda d, _: _fn("consort", "consort_flow")(d["consort"]),
         "Participant flow (CONSORT): enrolment, allocation, follow-up and analysis, "
         "counted from the cleaned data."),
    Spec("trajectory_freq", ("weekly_means",),
         lambda d, _: _fn("trajectory", "trajectory")(d["weekly_means"]),
         "Mean weekly cramp frequency per arm with 95% CIs at baseline and in each "
         "treatment week: observed means (points) and MMRM least-squares means (lines, bands)."),
    Spec("trajectory_secondary", ("weekly_means",),
         lambda d, _: _fn("trajectory", "secondary_trajectories")(d["weekly_means"]),
         "Mean cramp duration and severity per arm with 95% CIs, baseline and weeks 1-8."),
    Spec("distribution_freq", ("participant_means",),
         lambda d, _: _fn("distribution", "distribution")(d["participant_means"]),
         "Distribution of participants' mean weekly cramp frequency over weeks 1-8, per "
         "arm (violin and box; no individual points)."),
    Spec("forest_methods", ("estimates",),
         lambda d, primary: _fn("forest", "methods_forest")(d["estimates"], primary=primary),
         "The effect on weekly cramp frequency (weeks 1-8) by every analysis: the "
         "published person-week interval against the participant-level ones."),
    Spec("forest_subgroups", ("subgroups",),
         lambda d, _: _fn("forest", "subgroup_forest")(d["subgroups"],
                                                       _overall(d.get("estimates"))),
         "Baseline-adjusted difference in weekly cramp frequency within subgroups (95% "
         "CIs), with the interaction P of each subgroup."),
    Spec("diary_completeness", ("diary_completeness",),
         lambda d, _: _fn("completeness", "diary_completeness")(d["diary_completeness"]),
         "Diary completeness: share of randomized participants with a diary entry, per "
         "arm and study night (baseline nights before night 0)."),
)
# Drawn by stage 05 (robustness) from its own results; stage 04 leaves them alone.
ROBUSTNESS_FIGURES = (
    Spec("design_effect", ("design_effect",),
         lambda d, _: _fn("robustness", "design_effect")(d["design_effect"]),
         "Design effect of 8 correlated weeks per participant against the within-participant "
         "correlation (ICC) of weekly frequency; the point is this trial's ICC, the band its "
         "95% profile-likelihood CI. The right axis is how many times wider the published "
         "person-week CI should be."),
    Spec("coverage", ("coverage",),
         lambda d, _: _fn("robustness", "coverage")(d["coverage"]),
         "Coverage of each method's nominal 95% CI in trials simulated like this one, per "
         "scenario, with ±1.96 Monte Carlo SE bars; the dashed line is 95%."),
)
CAPTIONS = {spec.stem: spec.caption for spec in FIGURES + ROBUSTNESS_FIGURES}


def draw_all(inputs: dict[str, pd.DataFrame | None], primary: str | None = None,
             specs: tuple[Spec, ...] = FIGURES) -> Iterator[tuple[str, "Figure"]]:
    """(stem, figure) for every figure of `specs` whose inputs are present, in report order;
    `primary` is the primary method, marked in the methods forest plot."""
    from .style import figure_style

    for spec in specs:
        missing = [name for name in spec.needs if inputs.get(name) is None]
        if missing:
            log.warning("figure %s skipped: no %s", spec.stem, ", ".join(missing))
            continue
        with figure_style():
            fig = spec.draw(inputs, primary)
        yield spec.stem, fig
