"""Reference values computed in R by tests/reference/icc.R. Do not edit by hand."""
# R version 4.2.2 Patched (2022-11-10 r83330); lme4 1.1.31
ICC = {
    # lmer(Y ~ K2 * factor(WEEK) + (1 | USUBJID), REML) on shipped FREQ observed weeks; CI by the dense REML profile
    "shipped": dict(icc=0.211040555136, between=0.744502078176, within=2.78326573733, ci_low=0.161971772943, ci_high=0.266989282473, dense_icc=0.211040546493, reml_loglik=-3025.58925066),
    # lmer(Y ~ K2 * factor(WEEK) + (1 | USUBJID), REML) on known FREQ observed weeks; CI by the dense REML profile
    "known": dict(icc=0.331042097649, between=1.50431477131, within=3.0398649025, ci_low=0.237868176471, ci_high=0.436186933167, dense_icc=0.331042094893, reml_loglik=-1105.48132811),
}
