"""The analysis: the published analysis and its reproduction, the reanalysis models,
multiple imputation, every estimate, safety, subgroups and Table 1 (design section 6)."""
