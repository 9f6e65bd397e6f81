"""The report: number formatting, results sections and page assembly, rendered from the
files the stages wrote (<OUT>/data/processed, <OUT>/results). `python -m k2cramps.report`
builds <OUT>/report/index.html."""
