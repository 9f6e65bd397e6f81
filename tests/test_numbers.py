"""JAMA number style, expected values typed by hand from the AMA Manual of Style (11th ed.,
section 19.5: P values; 19.4: minus sign) and the published abstract's own printing."""
from __future__ import annotations

import math

import pytest

from k2cramps.core import numbers as n

M = "\u2212"


@pytest.mark.parametrize("p, text", [
    (0.42, ".42"), (0.4249, ".42"), (0.425001, ".43"),
    (0.05, ".05"), (0.0499, ".0499"), (0.0494, ".049"), (0.0451, ".045"), (0.044, ".04"),  # never "P = .05" when < .05
    (0.0099, ".010"), (0.00999, ".010"), (0.0034, ".003"), (0.001, ".001"),
    (0.00099, "<.001"), (3.6e-140, "<.001"), (0.0, "<.001"),
    (0.991, ">.99"), (1.0, ">.99"), (0.99, ".99"),
])
def test_p_values_are_printed_as_jama_prints_them(p, text):
    assert n.p_value(p) == text


def test_p_in_prose_and_bad_p():
    assert n.p_text(0.23146) == "P = .23"
    assert n.p_text(1e-9) == "P < .001"
    assert n.p_text(1.0) == "P > .99"
    assert n.p_text(float("nan")) == ""
    with pytest.raises(ValueError, match="1.2"):
        n.p_value(1.2)


def test_the_headline_difference_prints_as_in_the_abstract():
    # Abstract: "difference, -2.67 (95% CI, -2.86 to -2.49)"; unrounded from estimates.csv.
    text = n.estimate_ci(-2.67373758023668, -2.856795634728851, -2.4906795257445093,
                         label="95% CI, ")
    assert text == f"{M}2.67 (95% CI, {M}2.86 to {M}2.49)"
    assert "-" not in text


def test_numbers_round_once_with_true_minus_signs():
    assert n.num(0.2648) == "0.26"          # the NB rate ratio, not 0.27 from rounding twice
    assert n.num(6.25, 1) == "6.3" and n.num(0.265) == "0.27"  # half up, not half even
    assert n.num(-2.675) == f"{M}2.68"      # away from zero, as printed tables do
    assert n.num(-0.004) == "0.00"          # no "−0.00"
    assert n.num(-0.006) == f"{M}0.01"
    assert n.num(2.0, 0) == "2"
    assert n.num(math.nan) == "" and n.num(None) == ""


def test_counts_are_integers_and_a_fraction_is_refused():
    assert n.count(310.0) == "310"
    assert n.count(0) == "0"
    with pytest.raises(ValueError, match="whole number"):
        n.count(2.5)
    assert n.count_pct(6, 5.825242718446602) == "6 (5.8)"   # AE 5.83% printed once, 1 decimal


def test_estimate_without_interval_and_mean_sd():
    assert n.estimate_ci(1.234, math.nan, math.nan) == "1.23"
    assert n.mean_sd(2.604, 1.1) == "2.60 (1.10)"
    assert n.mean_sd(-1, math.nan) == f"{M}1.00"
