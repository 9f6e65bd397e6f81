"""Numbers as a journal prints them (JAMA / AMA Manual of Style, 11th ed.), rounded once,
from the unrounded results.

- a true minus sign (U+2212), not a hyphen;
- P values without a leading zero: 2 decimals, 3 below .01, "<.001" below .001 and ">.99"
  above .99 (AMA 19.5); a value that would round to .05 from below keeps 3 decimals (4
  from .0495), so that a result below .05 never prints as "P = .05" or "P = .050";
- halves rounded up, as printed tables are (6.25% -> 6.3, not Python's half-even 6.2),
  from the shortest decimal that reads back as the float;
- counts as integers; estimates to 2 decimals; percentages to 1 decimal;
- "estimate (95% CI low to high)": "to" rather than a dash, which would read as a minus.
Every function returns "" for a missing value, so that a table shows a blank, not "nan".
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"
ESTIMATE_DECIMALS = 2
PERCENT_DECIMALS = 1


def _missing(value) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def num(value, decimals: int = ESTIMATE_DECIMALS) -> str:
    """-2.6737 -> '−2.67'; a value that rounds to zero prints without a sign ('0.00')."""
    if _missing(value):
        return ""
    exact = Decimal(repr(float(value)))
    text = f"{exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def count(value) -> str:
    """310.0 -> '310'. A count that is not a whole number is a bug upstream: say so."""
    if _missing(value):
        return ""
    if float(value) != int(float(value)):
        raise ValueError(f"a count must be a whole number, got {value!r}")
    return str(int(float(value)))


def pct(value, decimals: int = PERCENT_DECIMALS) -> str:
    return num(value, decimals)


def count_pct(n, percent) -> str:
    """'6 (5.8)': participants and their percentage of the arm."""
    return f"{count(n)} ({pct(percent)})" if not _missing(n) else ""


def p_value(p) -> str:
    """JAMA P value text, without 'P' (for a table column headed P): '.42', '.003', '<.001'."""
    if _missing(p):
        return ""
    p = float(p)
    if not 0 <= p <= 1:
        raise ValueError(f"a P value must lie in [0, 1], got {p}")
    if p < 0.001:
        return "<.001"
    if p > 0.99:
        return ">.99"
    decimals = 4 if 0.0495 <= p < 0.05 else 3 if p < 0.01 or 0.045 <= p < 0.05 else 2
    return num(p, decimals).lstrip("0")


def p_text(p) -> str:
    """For prose: 'P = .42', 'P < .001'."""
    text = p_value(p)
    if not text:
        return ""
    return f"P {text[0]} {text[1:]}" if text[0] in "<>" else f"P = {text}"


def ci(low, high, decimals: int = ESTIMATE_DECIMALS) -> str:
    """'−2.86 to −2.49'."""
    if _missing(low) or _missing(high):
        return ""
    return f"{num(low, decimals)} to {num(high, decimals)}"


def estimate_ci(estimate, low, high, decimals: int = ESTIMATE_DECIMALS,
                label: str = "") -> str:
    """'−2.67 (−2.86 to −2.49)'; with label='95% CI, ' as in running text."""
    if _missing(estimate):
        return ""
    interval = ci(low, high, decimals)
    return f"{num(estimate, decimals)} ({label}{interval})" if interval else num(estimate, decimals)


def mean_sd(mean, sd, decimals: int = ESTIMATE_DECIMALS) -> str:
    """'2.60 (1.10)'."""
    if _missing(mean):
        return ""
    return f"{num(mean, decimals)} ({num(sd, decimals)})" if not _missing(sd) else num(mean, decimals)
