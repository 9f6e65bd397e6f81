"""The figures: each drawn from a small hand-made input, checked on what it shows (counts,
colours, CI extents, labels, units), and saved files that are the same bytes every time."""
from __future__ import annotations

import hashlib
import logging

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from k2cramps.core.arms import K2, PLACEBO
from k2cramps.core.methods import METHOD_LABELS, METHODS, POPULATION_LABELS, POPULATIONS
from k2cramps.figures.completeness import diary_completeness
from k2cramps.figures.consort import consort_flow
from k2cramps.figures.distribution import distribution
from k2cramps.figures.forest import methods_forest, subgroup_forest
from k2cramps.figures.style import ARM_COLORS, HIGHLIGHT, figure_style, save
from k2cramps.figures.trajectory import secondary_trajectories, trajectory


def draw(function, *args, **kwargs):
    with figure_style():
        fig = function(*args, **kwargs)
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))
            if t.get_text()]


def test_every_method_and_population_has_a_short_label():
    assert METHOD_LABELS.keys() == METHODS.keys()
    assert POPULATION_LABELS.keys() == POPULATIONS.keys()


# CONSORT -------------------------------------------------------------------------------

def consort_counts(reasons: int = 2, analysis_rows: bool = False) -> pd.DataFrame:
    rows = [("screened", "all", 311), ("excluded", "all", 97)]
    rows += [("excluded", f"a rather long exclusion reason number {i} that needs wrapping", 3 + i)
             for i in range(reasons)]
    rows.append(("randomized", "all", 214))
    for arm, n, drop in ((K2, 107, 6), (PLACEBO, 107, 8)):
        rows += [("randomized", arm, n), ("discontinued", arm, drop),
                 ("discontinued", f"{arm}: withdrew consent", drop - 1),
                 ("discontinued", f"{arm}: moved away to another country far away", 1),
                 ("analysed (ITT)", arm, n)]
        if analysis_rows:
            rows += [("safety population", arm, n - 1), ("with week-8 data", arm, n - 11),
                     ("analysed (observed weeks)", arm, n - 2),
                     ("analysed (complete cases)", arm, n - 23)]
    rows.append(("protocol deviation: randomized despite exclusion reason", "all", 2))
    return pd.DataFrame(rows, columns=["step", "group", "n"])


def test_consort_shows_every_count_of_its_input():
    counts = consort_counts()
    shown = " ".join(texts(draw(consort_flow, counts))).replace("\u00a0", " ")
    for n in counts["n"]:
        assert f"(n = {n})" in shown or f"{n} randomized despite" in shown
    for words in ("Assessed for eligibility", "Excluded", f"Allocated to {K2}",
                  f"Allocated to {PLACEBO}", "Discontinued", "Analysed, intention to treat",
                  "Enrolment", "Allocation", "Follow-up", "Analysis"):
        assert words in shown


def test_consort_draws_the_analysis_populations_only_when_present():
    without = " ".join(texts(draw(consort_flow, consort_counts()))).replace("\u00a0", " ")
    assert "Safety population" not in without and "week-8" not in without
    full = " ".join(texts(draw(consort_flow, consort_counts(analysis_rows=True))))
    full = full.replace("\u00a0", " ")
    for words in ("Safety population (n = 106)", "With week-8 data (n = 96)",
                  "Analysed, observed weeks (n = 105)", "Analysed, complete cases (n = 84)"):
        assert full.count(words) == 2  # once per arm


@pytest.mark.parametrize("reasons", [0, 3, 14])
def test_consort_text_stays_inside_its_box(reasons):
    fig = draw(consort_flow, consort_counts(reasons, analysis_rows=True))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid() == "box"]
    checked = 0
    for text in ax.texts:
        x, y = text.get_position()
        inside = [b for b in boxes if b.get_x() <= x <= b.get_x() + b.get_width()
                  and b.get_y() <= y <= b.get_y() + b.get_height()]
        if not inside:
            continue  # a stage label
        t, b = text.get_window_extent(renderer), inside[0].get_window_extent(renderer)
        assert b.x0 <= t.x0 and t.x1 <= b.x1 and b.y0 <= t.y0 and t.y1 <= b.y1, text.get_text()
        checked += 1
    assert checked >= 10 + reasons


# Trajectories -------------------------------------------------------------------------

def weekly_means(mmrm: bool = True, shift: float = 0.0) -> pd.DataFrame:
    rows = []
    for outcome, scale in (("FREQ", 3.0), ("DUR", 1.0), ("SEV", 3.5)):
        for arm, effect in ((K2, 0.3), (PLACEBO, 1.0)):
            for visit in range(9):
                m = scale * (1 if visit == 0 else effect) + 0.01 * visit + shift
                rows.append((outcome, visit, "observed", arm, 90, m, m - 0.2, m + 0.25))
                if mmrm and visit:
                    rows.append((outcome, visit, "mmrm", arm, 95, m - 0.05, m - 0.3, m + 0.2))
    return pd.DataFrame(rows, columns=["outcome", "visit", "method", "arm", "n", "estimate",
                                       "ci_low", "ci_high"])


def test_trajectory_has_both_arms_in_their_colours_with_the_input_ci():
    data = weekly_means()
    ax = draw(trajectory, data).axes[0]
    bars = {c.get_label(): c for c in ax.containers}
    assert set(bars) == {K2, PLACEBO}
    for arm, container in bars.items():
        assert container.lines[0].get_color() == ARM_COLORS[arm]
        rows = data[(data["outcome"] == "FREQ") & (data["method"] == "observed")
                    & (data["arm"] == arm)].sort_values("visit")
        segments = container.lines[2][0].get_segments()
        np.testing.assert_allclose([s[:, 1].min() for s in segments], rows["ci_low"])
        np.testing.assert_allclose([s[:, 1].max() for s in segments], rows["ci_high"])
        xs = np.array([s[0, 0] for s in segments])
        assert np.all(np.abs(xs - rows["visit"].to_numpy()) < 0.2)  # shifted, not moved
    k2_x = bars[K2].lines[2][0].get_segments()[0][0, 0]
    placebo_x = bars[PLACEBO].lines[2][0].get_segments()[0][0, 0]
    assert k2_x != placebo_x  # the arms' bars do not overlap
    assert ax.get_ylabel() == "Cramps per week"
    assert ax.get_xticklabels()[0].get_text() == "Baseline"


def test_trajectory_draws_mmrm_band_with_the_input_extent_only_when_present():
    data = weekly_means()
    ax = draw(trajectory, data).axes[0]
    band = [c for c in ax.collections if isinstance(c, PolyCollection)
            and c.get_gid() == f"mmrm band {K2}"]
    assert len(band) == 1
    rows = data[(data["outcome"] == "FREQ") & (data["method"] == "mmrm") & (data["arm"] == K2)]
    y = band[0].get_paths()[0].vertices[:, 1]
    assert y.min() == pytest.approx(rows["ci_low"].min())
    assert y.max() == pytest.approx(rows["ci_high"].max())
    plain = draw(trajectory, weekly_means(mmrm=False)).axes[0]
    assert not [c for c in plain.collections if isinstance(c, PolyCollection)]
    assert "MMRM least-squares mean (95% CI)" not in texts(plain.figure)


def test_secondary_trajectories_have_units_and_titles_in_words():
    fig = draw(secondary_trajectories, weekly_means())
    assert [a.get_ylabel() for a in fig.axes] == ["Minutes", "Severity (1-10)"]
    assert [a.get_title(loc="left") for a in fig.axes] == ["Cramp duration", "Cramp severity"]


# Distribution -------------------------------------------------------------------------

def test_distribution_has_a_violin_per_arm_and_no_points():
    rng = np.random.default_rng(1)
    means = pd.DataFrame({"arm": [K2] * 30 + [PLACEBO] * 25,
                          "value": np.r_[rng.gamma(2, 0.5, 30), rng.gamma(6, 0.6, 25)]})
    ax = draw(distribution, means).axes[0]
    violins = {c.get_gid(): c for c in ax.collections if c.get_gid()}
    assert set(violins) == {f"violin {K2}", f"violin {PLACEBO}"}
    for arm in (K2, PLACEBO):
        assert tuple(violins[f"violin {arm}"].get_facecolor()[0][:3]) == pytest.approx(
            tuple(int(ARM_COLORS[arm][i:i + 2], 16) / 255 for i in (1, 3, 5)))
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{K2}\n(n = 30)",
                                                            f"{PLACEBO}\n(n = 25)"]
    assert not [line for line in ax.lines if line.get_marker() not in ("None", "", None)]
    assert "Cramps per week" in ax.get_ylabel()


# Forest plots -------------------------------------------------------------------------

def estimates(shift: float = 0.0) -> pd.DataFrame:
    rows = [("participant_welch", "OBSERVED", "difference", -2.7, -3.0, -2.4),
            ("published_personweek_t", "MEANIMP", "difference", -2.6, -2.8, -2.5),
            ("ancova_baseline", "CC", "difference", -2.72, -3.07, -2.37),
            ("nb_rate_ratio", "OBSERVED", "ratio", 0.26, 0.23, 0.30),
            ("mmrm", "OBSERVED", "difference", -2.69, -2.99, -2.40)]
    df = pd.DataFrame(rows, columns=["method", "population", "scale", "estimate", "ci_low",
                                     "ci_high"])
    df[["estimate", "ci_low", "ci_high"]] += shift * (df[["scale"]].to_numpy() == "difference")
    other = df.assign(outcome="DUR", estimate=9.0)
    return pd.concat([df.assign(outcome="FREQ"), other]).assign(timepoint="weeks1-8",
                                                                 p_value=0.01, n_k2=10,
                                                                 n_placebo=9)


def test_methods_forest_labels_are_words_published_first_and_highlighted():
    fig = draw(methods_forest, estimates(), primary="mmrm")
    ax, ratio_ax = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Person-week t-test (as published) (mean-imputed)",
        "Participant means, Welch t-test (observed weeks)",
        "ANCOVA, baseline-adjusted (complete cases)",
        "MMRM (unstructured covariance) (observed weeks), primary"]
    assert ax.get_yticklabels()[0].get_fontweight() == "bold"
    assert ax.containers[0].lines[0].get_color() == HIGHLIGHT
    assert all(c.lines[0].get_color() != HIGHLIGHT for c in ax.containers[1:])
    segments = ax.containers[2].lines[2][0].get_segments()[0]
    assert (segments[:, 0].min(), segments[:, 0].max()) == pytest.approx((-3.07, -2.37))
    assert any(np.allclose(line.get_xdata(), 0) for line in ax.lines)  # no-effect line
    assert "\u22122.60 (\u22122.80 to \u22122.50)" in texts(fig)
    assert [t.get_text() for t in ratio_ax.get_yticklabels()] == [
        "Negative binomial rate ratio (observed weeks)"]
    assert ratio_ax.get_xscale() == "log"
    assert any(np.allclose(line.get_xdata(), 1) for line in ratio_ax.lines)
    assert "cramps per week" in ax.get_xlabel()


def subgroups() -> pd.DataFrame:
    rows = [("Sex", "female", -2.6, -3.0, -2.3, 0.01, 58, 50, 0.4213),
            ("Sex", "male", -2.7, -3.2, -2.2, 0.01, 45, 46, 0.4213),
            ("Age group", "65-74", -2.5, -2.9, -2.2, 0.01, 67, 60, 0.0004),
            ("Age group", ">=75", -2.9, -3.4, -2.4, 0.01, 36, 36, 0.0004)]
    return pd.DataFrame(rows, columns=["subgroup", "level", "estimate", "ci_low", "ci_high",
                                       "p_value", "n_k2", "n_placebo", "p_interaction"])


def test_subgroup_forest_groups_levels_and_prints_the_interaction_p_once():
    fig = draw(subgroup_forest, subgroups(), overall=-2.65)
    ax = fig.axes[0]
    labels = [t.get_text().strip() for t in ax.get_yticklabels()]
    assert labels == ["Sex", "female", "male", "Age group", "65-74", "\u226575"]
    shown = texts(fig)
    assert shown.count("P = .42") == 1 and shown.count("P < .001") == 1
    assert not [t for t in shown if t.startswith("P =") and t not in ("P = .42",)]
    assert "58 / 50" in shown and "\u22122.60 (\u22123.00 to \u22122.30)" in shown
    assert [line.get_gid() for line in ax.lines if line.get_gid()] == ["overall effect"]
    assert "cramps per week" in ax.get_xlabel()


# Diary completeness ------------------------------------------------------------------

def completeness(shift: float = 0.0) -> pd.DataFrame:
    nights = np.arange(-14, 56)
    frames = [pd.DataFrame({"arm": arm, "night": nights, "n_randomized": n,
                            "n_diary": np.round(n * (0.98 - drop * (nights + 14) / 70 - shift))})
              for arm, n, drop in ((K2, 100, 0.1), (PLACEBO, 90, 0.2))]
    df = pd.concat(frames, ignore_index=True)
    return df.assign(share=df["n_diary"] / df["n_randomized"])


def test_diary_completeness_per_arm_in_percent_with_baseline_marked():
    data = completeness()
    fig = draw(diary_completeness, data)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.lines if line.get_label().startswith(
        (K2, PLACEBO))}
    assert set(lines) == {f"{K2} (n = 100)", f"{PLACEBO} (n = 90)"}
    line = lines[f"{PLACEBO} (n = 90)"]
    assert line.get_color() == ARM_COLORS[PLACEBO]
    np.testing.assert_allclose(line.get_ydata(), 100 * data.loc[data["arm"] == PLACEBO, "share"])
    assert "Baseline" in texts(fig) and "Week 8" in texts(fig)
    shaded = [p for p in ax.patches if p.get_x() == pytest.approx(-14.5)]
    assert shaded and shaded[0].get_width() == pytest.approx(14)
    assert ax.get_ylabel().endswith("%")


# Files ---------------------------------------------------------------------------------

def digest(paths) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


@pytest.mark.parametrize("function, make_input", [
    (trajectory, lambda shift: weekly_means(shift=shift)),
    (consort_flow, lambda shift: consort_counts(int(shift * 10))),
    (methods_forest, lambda shift: estimates(shift)),
    (diary_completeness, lambda shift: completeness(shift / 10))])
def test_saved_files_are_byte_identical_for_the_same_input(tmp_path, function, make_input):
    def saved(folder, shift):
        with figure_style():
            fig = function(make_input(shift))
        return save(fig, tmp_path / folder, "figure")

    first, second, other = saved("a", 0.0), saved("b", 0.0), saved("c", 0.3)
    assert [p.name for p in first] == ["figure.png", "figure.svg"]
    assert digest(first) == digest(second)
    assert all(a != c for a, c in zip(digest(first), digest(other)))
    assert not list((tmp_path / "a").glob("*.tmp"))
    assert b"Software" not in first[0].read_bytes() and b"<dc:date>" not in first[1].read_bytes()


def test_png_is_at_least_150_dpi(tmp_path):
    from PIL import Image
    with figure_style():
        png, _ = save(trajectory(weekly_means()), tmp_path, "t")
    with Image.open(png) as im:
        assert im.info["dpi"][0] >= 150


def test_the_stage_draws_what_it_can_and_says_what_it_skipped(shipped, caplog):
    from k2cramps import pipeline
    with caplog.at_level(logging.WARNING):
        stems = pipeline.run_figures(shipped.params)
    assert {"consort", "distribution_freq", "forest_methods", "forest_subgroups"} <= set(stems)
    for stem in stems:
        assert (shipped.params.figures / f"{stem}.png").is_file()
        assert (shipped.params.figures / f"{stem}.svg").is_file()
    for optional in ("weekly_means", "diary_completeness"):
        if not any((d / f"{optional}.csv").is_file()
                   for d in (shipped.params.results, shipped.params.processed)):
            assert f"no {optional}" in caplog.text
