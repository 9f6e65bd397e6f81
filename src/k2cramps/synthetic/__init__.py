"""The synthetic trial, apart from the pipeline (nothing in the pipeline imports it): the
simulator (`trial`: design, population, diaries, conduct), its calibration to the published
figures, the injected raw-data defects, the export, and small trials with a known effect
for model-recovery tests. `python -m k2cramps.synthetic --out DIR` writes an export."""
