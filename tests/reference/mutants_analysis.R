#!/usr/bin/env Rscript
# Outside reference values for tests/test_mutants_analysis.py: the rows of estimates.csv
# and arm_summaries.csv that tests/test_model_specs.py does not pin (mean-imputed week-8
# Welch, mean-imputed and complete-case ANCOVA over weeks 1-8), on its 16-participant trial
#   Rscript tests/reference/mutants_analysis.R
# (nothing here is run by the tests).
suppressPackageStartupMessages(library(emmeans))
SCRIPT_DIR <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
w <- read.csv(file.path(SCRIPT_DIR, "model_specs", "wide.csv"), colClasses = c(USUBJID = "character"))
WCOLS <- paste0("W", 1:8)
g <- function(x) sprintf("%.10g", x)
# the paper's imputation: NA <- mean of the same arm and week
m <- as.matrix(w[, WCOLS])
for (a in 0:1) for (k in 1:8) {
  rows <- w$K2 == a
  m[rows & is.na(m[, k]), k] <- mean(w[rows, WCOLS[k]], na.rm = TRUE)
}
tt <- t.test(m[w$K2 == 1, "W8"], m[w$K2 == 0, "W8"], var.equal = FALSE)
cat("# t.test(m$W8[K2 == 1], m$W8[K2 == 0], var.equal = FALSE)\n")
cat("WELCH_WEEK8_MEANIMP = dict(estimate=", g(tt$estimate[1] - tt$estimate[2]), ", ci_low=",
    g(tt$conf.int[1]), ", ci_high=", g(tt$conf.int[2]), ", p_value=", g(tt$p.value), ")\n", sep = "")
ancova <- function(name, d) {
  fit <- lm(y ~ K2 + BASE, data = d)
  ci <- confint(fit)["K2", ]
  cat("# ", name, ": lm(y ~ K2 + BASE) on ", nrow(d), " rows, mean BASE ", g(mean(d$BASE)), "\n", sep = "")
  cat(name, " = dict(estimate=", g(coef(fit)[["K2"]]), ", ci_low=", g(ci[1]), ", ci_high=", g(ci[2]),
      ", p_value=", g(summary(fit)$coefficients["K2", 4]), ")\n", sep = "")
  e <- as.data.frame(summary(emmeans(fit, ~ K2, at = list(K2 = c(0, 1)))))
  for (a in 1:0) {
    r <- e[e$K2 == a, ]
    cat(name, "_", if (a == 1) "K2" else "PLACEBO", " = dict(estimate=", g(r$emmean), ", ci_low=",
        g(r$lower.CL), ", ci_high=", g(r$upper.CL), ", n=", sum(d$K2 == a), ")\n", sep = "")
  }
}
# mean-imputed participant means (P13 gets the placebo week means; P16, no BASE, leaves)
ancova("ANCOVA_MEANIMP", na.omit(data.frame(y = rowMeans(m), K2 = w$K2, BASE = w$BASE)))
# complete cases: all eight weeks observed and a baseline
full <- complete.cases(w[, WCOLS])
ancova("ANCOVA_CC", na.omit(data.frame(y = rowMeans(w[, WCOLS]), K2 = w$K2, BASE = w$BASE)[full, ]))
