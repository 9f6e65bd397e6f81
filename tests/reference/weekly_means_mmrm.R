#!/usr/bin/env Rscript
# Outside reference values for the `mmrm` rows of weekly_means_of on a complete trial
# (tests/test_weekly_means_by_hand.py::test_mmrm_rows_on_a_complete_trial_agree_with_r).
#
#   Rscript tests/reference/weekly_means_mmrm.R
#
# 12 participants, 1-7 vitamin K2 and 8-12 placebo, every week observed; the values are a
# formula (no random draw) so that R and Python build the same trial.
# With every week observed and a separate intercept, K2 effect and baseline slope per week
# (the project's cell-means MMRM), GLS with an unstructured covariance is ordinary least
# squares week by week (the same regressors in every week: Zellner's SUR result), and the
# Satterthwaite df of an LS mean is n - 3 = 9. So the LS mean of an arm at week k is the
# lm(Y ~ K2 + BASE) prediction of week k at the mean baseline, with its t(9) CI.
# The script checks the estimates and SEs against nlme::gls + emmeans, the MMRM in R (the
# df are not compared: emmeans' Satterthwaite needs gls's apVar recomputed, see helpers.R).
suppressPackageStartupMessages({
  library(nlme)
  library(emmeans)
})
n <- 12
d <- expand.grid(WEEK = 1:8, i = 1:n)
d$K2 <- as.integer(d$i <= 7)
d$BASE <- 2 + cos(d$i)
d$Y <- 3 + sin(1.7 * d$i + 0.9 * d$WEEK * d$i) + 0.5 * d$BASE - d$K2 + 0.2 * d$WEEK
mean_base <- mean(2 + cos(1:n))

ols <- NULL
for (w in 1:8) {
  fit <- lm(Y ~ K2 + BASE, data = d[d$WEEK == w, ])
  pr <- predict(fit, data.frame(K2 = c(1, 0), BASE = mean_base), interval = "confidence")
  se <- predict(fit, data.frame(K2 = c(1, 0), BASE = mean_base), se.fit = TRUE)$se.fit
  ols <- rbind(ols, data.frame(week = w, k2 = c(1, 0), estimate = pr[, "fit"], se = se,
                               ci_low = pr[, "lwr"], ci_high = pr[, "upr"]))
}

d$W <- factor(d$WEEK)
d$id <- factor(d$i)
gls_fit <- gls(Y ~ 0 + W + W:K2 + W:BASE, data = d, method = "REML",
               correlation = corSymm(form = ~ WEEK | id), weights = varIdent(form = ~ 1 | W),
               control = glsControl(tolerance = 1e-10, maxIter = 500, msMaxIter = 500))
em <- as.data.frame(emmeans(gls_fit, ~ K2 | W, at = list(K2 = c(1, 0), BASE = mean_base),
                            mode = "df.error"))
em <- em[order(em$W, -em$K2), ]
cat(sprintf("# gls + emmeans vs lm: max |estimate diff| %.1e, max |SE diff| %.1e\n",
            max(abs(em$emmean - ols$estimate)), max(abs(em$SE - ols$se))))
cat("MMRM_ROWS = {  # (week, K2): (estimate, ci_low, ci_high)\n")
for (r in seq_len(nrow(ols))) {
  cat(sprintf("    (%d, %d): (%.10f, %.10f, %.10f),\n", ols$week[r], ols$k2[r],
              ols$estimate[r], ols$ci_low[r], ols$ci_high[r]))
}
cat("}\n")
