"""Reproducible analysis of the vitamin K2 nocturnal-leg-cramp trial (Tan et al. 2024).

The subpackages follow the data flow, each importing only from the layers before it
(checked by import-linter, see pyproject.toml):

    core -> raw -> adam -> analysis -> report,  pipeline on top;  synthetic apart.
"""

__version__ = "0.1.0"
