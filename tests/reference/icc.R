#!/usr/bin/env Rscript
# Reference values for the ICC of weekly frequency (k2cramps.robustness.icc), computed in R.
#
#   python tests/reference/export_frames.py build/reference
#   Rscript tests/reference/icc.R build/reference > tests/reference/r_icc.py
#
# Point estimate: lme4::lmer(Y ~ K2 * factor(WEEK) + (1 | USUBJID), REML) variance
# components. CI: the profile-likelihood interval of ICC = s_b^2 / (s_b^2 + s_e^2), written
# out here with dense matrices (REML profiled over beta and s_e^2 as a function of
# g = s_b^2 / s_e^2; the limits where -2 REML rises by qchisq(.95, 1), found by uniroot):
# an implementation independent of the package's closed-form one.
suppressPackageStartupMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) >= 1) args[1] else "build/reference"

long_of <- function(w) {
  rows <- lapply(1:8, function(k) data.frame(USUBJID = w$USUBJID, K2 = w$K2, WEEK = k,
                                             Y = w[[paste0("W", k)]]))
  d <- do.call(rbind, rows)
  d <- d[!is.na(d$Y), ]
  d[order(d$USUBJID, d$WEEK), ]
}

neg2_reml <- function(t, d, X) {      # t = g / (1 + g)
  g <- t / (1 - t)
  Z <- model.matrix(~ 0 + factor(USUBJID), d)
  H <- diag(nrow(d)) + g * Z %*% t(Z)
  Hi <- solve(H)
  XHX <- t(X) %*% Hi %*% X
  b <- solve(XHX, t(X) %*% Hi %*% d$Y)
  r <- d$Y - X %*% b
  dof <- nrow(d) - ncol(X)
  s2 <- as.numeric(t(r) %*% Hi %*% r) / dof
  dof * log(2 * pi * s2) + dof + as.numeric(determinant(H)$modulus) +
    as.numeric(determinant(XHX)$modulus)
}

cat('"""Reference values computed in R by tests/reference/icc.R. Do not edit by hand."""\n')
cat(sprintf("# %s; lme4 %s\n", R.version.string, packageVersion("lme4")))
cat("ICC = {\n")
for (trial in c("shipped", "known")) {
  w <- read.csv(file.path(folder, trial, "wide_FREQ.csv"), colClasses = c(USUBJID = "character"))
  d <- long_of(w)
  fit <- lmer(Y ~ K2 * factor(WEEK) + (1 | USUBJID), data = d, REML = TRUE,
              control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 1e-3, rhoend = 1e-12)))
  vc <- as.data.frame(VarCorr(fit))
  sb2 <- vc$vcov[vc$grp == "USUBJID"]; se2 <- vc$vcov[vc$grp == "Residual"]
  icc <- sb2 / (sb2 + se2)
  X <- model.matrix(~ K2 * factor(WEEK), d)
  f <- function(t) neg2_reml(t, d, X)
  best <- optimize(f, c(0, 0.99), tol = 1e-12)
  limit <- best$objective + qchisq(0.95, 1)
  lo <- uniroot(function(t) f(t) - limit, c(1e-9, best$minimum), tol = 1e-12)$root
  hi <- uniroot(function(t) f(t) - limit, c(best$minimum, 0.99), tol = 1e-12)$root
  cat(sprintf("    # lmer(Y ~ K2 * factor(WEEK) + (1 | USUBJID), REML) on %s FREQ observed weeks; CI by the dense REML profile\n", trial))
  cat(sprintf('    "%s": dict(icc=%.12g, between=%.12g, within=%.12g, ci_low=%.12g, ci_high=%.12g, dense_icc=%.12g, reml_loglik=%.12g),\n',
              trial, icc, sb2, se2, lo, hi, best$minimum, as.numeric(logLik(fit))))
}
cat("}\n")
