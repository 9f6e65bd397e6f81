#!/usr/bin/env Rscript
# Outside reference values for arm_summaries.csv: the result in each arm, computed in R.
#
#   python tests/reference/export_frames.py build/reference
#   Rscript tests/reference/arm_summaries.R build/reference > tests/reference/r_arm_summaries.py
#
# Same frames and conventions as reference.R. Least-squares means by emmeans at the mean
# baseline of the participants in the fit (emmeans' default for lm; `at` for the repeated
# models, whose long data would otherwise weight participants by their weeks), averaged
# over weeks 1-8 (emmeans' equal weights over WEEK) or at week 8. Means and t CIs of one
# arm by t.test. Multiple imputation is not recomputed (random draws; Rubin's rules are
# checked in reference.R). Diagnostics go to stderr.
suppressPackageStartupMessages({
  library(nlme)
  library(lme4)
  library(geepack)
  library(glmmTMB)
  library(numDeriv)
  library(emmeans)
})

args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) >= 1) args[1] else "build/reference"
SCRIPT_DIR <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
source(file.path(SCRIPT_DIR, "helpers.R"))
TRIALS <- list(shipped = c("FREQ", "DUR", "SEV"), known = c("FREQ"))
WCOLS <- paste0("W", WEEKS)
Z975 <- qnorm(0.975)
ARM <- c(`1` = "K2", `0` = "PLACEBO")
ENTRIES <- character()
put <- function(comment, key, value) {
  ENTRIES <<- c(ENTRIES, paste0("    # ", comment), sprintf("    %s: %s,", key, value))
}
read_frame <- function(trial, name) {
  read.csv(file.path(folder, trial, paste0(name, ".csv")), colClasses = c(USUBJID = "character"))
}
one_arm_t <- function(x) {
  x <- x[!is.na(x)]
  tt <- t.test(x)
  list(estimate = mean(x), ci_low = tt$conf.int[1], ci_high = tt$conf.int[2], sd = sd(x),
       n_values = length(x))
}
emm_rows <- function(e, z = FALSE) {
  # one list per arm from an emmeans summary with K2 = 0, 1
  s <- as.data.frame(summary(e))
  lapply(setNames(c(1, 0), ARM[c("1", "0")]), function(a) {
    r <- s[s$K2 == a, ]
    df <- if (z) Inf else r$df
    q <- if (is.finite(df)) qt(0.975, df) else Z975
    list(estimate = r$emmean, se = r$SE, df = df,
         ci_low = r$emmean - q * r$SE, ci_high = r$emmean + q * r$SE)
  })
}

for (trial in names(TRIALS)) {
  counts <- read_frame(trial, "adsl_counts")
  for (P in TRIALS[[trial]]) {
    w <- read_frame(trial, paste0("wide_", P))
    m <- read_frame(trial, paste0("meanimp_", P))
    key <- function(tp, method, pop, arm) pykey(trial, P, tp, method, pop, arm)
    wv <- as.matrix(w[, WCOLS]); mv <- as.matrix(m[, WCOLS])

    # published_personweek_t: every non-missing mean-imputed person-week of the arm
    for (a in c(1, 0)) put(sprintf("t.test(x); x = all non-NA W1..W8 of meanimp_%s.csv with K2 == %d; mean, sd", P, a),
                           key("weeks1-8", "published_personweek_t", "MEANIMP", ARM[[as.character(a)]]),
                           pydict(one_arm_t(as.vector(mv[m$K2 == a, ]))))
    # participant_welch: one value per participant
    yobs <- rowMeans(wv, na.rm = TRUE); yobs[is.nan(yobs)] <- NA
    PW <- list(`weeks1-8/OBSERVED` = list(yobs, "rowMeans(wide_%s[W1..W8], na.rm = TRUE)"),
               `week8/MEANIMP` = list(m$W8, "meanimp_%s$W8"), `week8/CC` = list(w$W8, "wide_%s$W8"))
    for (nm in names(PW)) for (a in c(1, 0)) {
      tp <- strsplit(nm, "/")[[1]]
      put(sprintf("t.test(x); x = %s with K2 == %d, NA dropped; mean, sd", sprintf(PW[[nm]][[2]], P), a),
          key(tp[1], "participant_welch", tp[2], ARM[[as.character(a)]]),
          pydict(one_arm_t(PW[[nm]][[1]][w$K2 == a])))
    }
    # ancova_baseline: lm, emmeans at the mean BASE of the rows used (its default)
    ycc <- ifelse(rowSums(is.na(wv)) == 0, rowMeans(wv), NA)
    A3 <- list(`weeks1-8/OBSERVED` = list(yobs, "rowMeans(wide_%s[W1..W8], na.rm = TRUE)"),
               `weeks1-8/CC` = list(ycc, "rowMeans(wide_%s[W1..W8]), participants with all 8 weeks"),
               `weeks1-8/MEANIMP` = list(rowMeans(mv), "rowMeans(meanimp_%s[W1..W8])"),
               `week8/CC` = list(w$W8, "wide_%s$W8"), `week8/MEANIMP` = list(m$W8, "meanimp_%s$W8"))
    for (nm in names(A3)) {
      tp <- strsplit(nm, "/")[[1]]
      d <- data.frame(y = A3[[nm]][[1]], K2 = w$K2, BASE = w$BASE)
      d <- d[complete.cases(d), ]
      e <- emmeans(lm(y ~ K2 + BASE, data = d), ~ K2, at = list(K2 = c(0, 1)))
      rows <- emm_rows(e)
      for (arm in names(rows)) put(sprintf("emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = %s, complete cases; BASE at its mean %.12g", sprintf(A3[[nm]][[2]], P), mean(d$BASE)),
                                   key(tp[1], "ancova_baseline", tp[2], arm), pydict(rows[[arm]]))
    }
    # nb_rate_ratio: glmmTMB (dispersion estimated jointly, as statsmodels), per 7 nights
    if (P == "FREQ") {
      cd <- counts[counts$TRNIGHTS > 0 & !is.na(counts$BFREQ), ]
      cd$LB <- log(cd$BFREQ + 0.5)
      tmb <- glmmTMB(TRCRAMPS ~ K2 + LB + offset(log(TRNIGHTS)), data = cd, family = nbinom2)
      rows <- emm_rows(emmeans(tmb, ~ K2, at = list(K2 = c(0, 1), LB = mean(cd$LB)), offset = log(7)), z = TRUE)
      for (arm in names(rows)) {
        r <- rows[[arm]]
        put(sprintf("glmmTMB(TRCRAMPS ~ K2 + LB + offset(log(TRNIGHTS)), family = nbinom2, data = subset(adsl_counts, TRNIGHTS > 0 & !is.na(BFREQ))), LB = log(BFREQ + 0.5); emmeans(fit, ~ K2, at = list(K2 = c(0, 1), LB = mean(LB) = %.12g), offset = log(7)); exp(emmean), exp(emmean +- qnorm(.975) SE)", mean(cd$LB)),
            key("weeks1-8", "nb_rate_ratio", "OBSERVED", arm),
            pydict(list(estimate = exp(r$estimate), log_estimate = r$estimate, se_log = r$se,
                        ci_low = exp(r$ci_low), ci_high = exp(r$ci_high))))
      }
    }
    long <- to_long(w)
    mbase <- mean(long$BASE[!duplicated(long$USUBJID)])
    at <- list(K2 = c(0, 1), BASE = mbase)
    # lmm_random_intercept and gee_exchangeable: normal CIs, as their contrasts
    lm4 <- lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long, REML = TRUE)
    gee <- geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long, family = gaussian,
                  corstr = "exchangeable")
    mm <- gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long,
              correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK),
              method = "REML", control = glsControl(tolerance = 1e-10, msMaxIter = 500, maxIter = 500))
    mm$apVar <- accurate_apvar(mm, long)
    FITS <- list(
      lmm_random_intercept = list(function(spec) emmeans(lm4, spec, at = at, lmer.df = "asymptotic"), TRUE,
                                  "lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_%s, REML = TRUE); emmeans(fit, %s, at = list(K2 = c(0, 1), BASE = %.12g), lmer.df = \"asymptotic\")"),
      gee_exchangeable = list(function(spec) emmeans(gee, spec, at = at, data = long), TRUE,
                              "geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_%s, family = gaussian, corstr = \"exchangeable\"); emmeans(fit, %s, at = list(K2 = c(0, 1), BASE = %.12g)) (robust vbeta), Wald z CI"),
      mmrm = list(function(spec) emmeans(mm, spec, at = at, data = long, mode = "satterthwaite"), FALSE,
                  "nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_%s, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = \"REML\"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, %s, at = list(K2 = c(0, 1), BASE = %.12g), mode = \"satterthwaite\"); est +- qt(.975, df) SE"))
    for (method in names(FITS)) {
      F <- FITS[[method]]
      avg <- F[[1]](~ K2)
      by8 <- F[[1]](~ K2 | WEEK)
      e8 <- by8[by8@grid$WEEK == "8" | by8@grid$WEEK == 8]
      for (tp in c("weeks1-8", "week8")) {
        rows <- emm_rows(if (tp == "weeks1-8") avg else e8, z = F[[2]])
        spec <- if (tp == "weeks1-8") "~ K2 (averaged over WEEK)" else "~ K2 | WEEK, WEEK = 8"
        for (arm in names(rows)) put(sprintf(F[[3]], P, spec, mbase), key(tp, method, "OBSERVED", arm), pydict(rows[[arm]]))
      }
    }
    cat(sprintf("done %s %s\n", trial, P), file = stderr())
  }
}

pkgs <- c("nlme", "lme4", "geepack", "glmmTMB", "numDeriv", "emmeans")
pv <- vapply(pkgs, function(p) as.character(packageVersion(p)), "")
cat('"""Per-arm reference values computed in R by tests/reference/arm_summaries.R. Do not edit by hand.\n\n',
    "    Rscript tests/reference/arm_summaries.R build/reference > tests/reference/r_arm_summaries.py\n",
    '"""\n', sep = "")
cat(sprintf("# %s (%s)\n", R.version.string, R.version$platform))
cat(sprintf("# packages: %s\n", paste(sprintf("%s %s", pkgs, pv), collapse = ", ")))
cat("# Keys: (trial, outcome, timepoint, method, population, arm); arm K2 or PLACEBO; alpha = 0.05;\n",
    "# 12 significant digits. 'long_<P>' as in r_results.py. Rates (nb_rate_ratio) in cramps per week.\n\n",
    sep = "")
cat("ARM_SUMMARIES = {\n", paste0(ENTRIES, "\n", collapse = ""), "}\n", sep = "")
