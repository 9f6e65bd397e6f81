"""Robustness of the published confidence interval (design sections 2 and 6).

How far can a reader trust the published CI, which counts each participant's 8 weeks as 8
independent observations? Two answers, each with its uncertainty:

- `icc`: the within-participant correlation (ICC) of weekly frequency in the data, with its
  profile-likelihood CI, and the design effect 1 + (m - 1) ICC it implies;
- a simulation study (Morris, White & Crowther 2019): trials simulated like this one
  (`dgm`), each analysed by every primary method, vectorised across replicates
  (`closed_form`, `exchangeable`, `nbreg`, `mmrm_batch` with `mmrm_units` and
  `mmrm_hessian`, registered in `methods`), run in
  chunks on local processes or a Dask cluster (`runner`), summarised as coverage, bias,
  empirical and model SE, CI width and rejection rate with Monte Carlo SEs
  (`performance`, `study`).

It imports the analysis layer (shaping, the per-trial estimators it is checked against) and
core, never `synthetic`: the data-generating mechanism of the study lives here.
"""
