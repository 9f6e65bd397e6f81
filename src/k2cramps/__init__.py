"""Reproducible analysis of the vitamin K2 nocturnal-leg-cramp trial (Tan et al. 2024)."""

__version__ = "0.1.0"
