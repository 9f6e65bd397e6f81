#!/usr/bin/env Rscript
# Outside reference values for the per-arm rows of arm_summaries (tests/test_tables_by_hand.py)
# on the 16-participant trial of tests/test_model_specs.py (tests/reference/model_specs/):
# the rows model_specs.R does not print already (it prints the ANCOVA adjusted means of the
# observed data, the NB rate per week, the random-intercept LS means over weeks 1-8, the GEE
# LS means at week 8 and the MI adjusted means over weeks 1-8).
#
#   Rscript tests/reference/arm_rows.R
#
# prints, for each row, the R call and a Python dict of what R returned (10 significant
# digits); the test has them pasted beside the same call. Nothing here is run by the tests.
suppressPackageStartupMessages({
  library(lme4)
  library(geepack)
  library(mice)
  library(emmeans)
})

SCRIPT_DIR <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
source(file.path(SCRIPT_DIR, "helpers.R"))   # to_long(), WEEKS = 1:8
w <- read.csv(file.path(SCRIPT_DIR, "model_specs", "wide.csv"), colClasses = c(USUBJID = "character"))
WCOLS <- paste0("W", 1:8)
Z975 <- qnorm(0.975)
ARMS <- c(K2 = 1, PLACEBO = 0)

g10 <- function(x) {
  s <- sprintf("%.10g", as.numeric(x))
  if (!grepl("[.eEn]", s)) s <- paste0(s, ".0")
  s
}
show <- function(name, call, lst) {
  cat("\n# ", name, "\n", sep = "")
  for (line in strwrap(call, width = 88)) cat("#   ", line, "\n", sep = "")
  vals <- vapply(names(lst), function(n) {
    if (n == "n") sprintf("%s=%d", n, as.integer(lst[[n]])) else sprintf("%s=%s", n, g10(lst[[n]]))
  }, "")
  cat(name, " = dict(", paste(vals, collapse = ", "), ")\n", sep = "")
}
one_arm_t <- function(x) {
  x <- x[!is.na(x)]
  tt <- t.test(x)
  list(estimate = mean(x), ci_low = tt$conf.int[1], ci_high = tt$conf.int[2], sd = sd(x))
}
emm_rows <- function(fit, data, name, call) {
  e <- as.data.frame(summary(emmeans(fit, ~ K2, at = list(K2 = c(0, 1)))))
  for (a in names(ARMS)) {
    r <- e[e$K2 == ARMS[[a]], ]
    show(paste0(name, "_", a), sprintf("%s; emmeans(fit, ~ K2) (BASE at its mean over the %d rows used, %.10g), K2 = %d",
                                       call, nrow(data), mean(data$BASE), ARMS[[a]]),
         list(estimate = r$emmean, ci_low = r$lower.CL, ci_high = r$upper.CL,
              n = sum(data$K2 == ARMS[[a]])))
  }
}
wald <- function(b, V, L) {
  est <- sum(L * b); se <- sqrt(drop(t(L) %*% V %*% L))
  list(estimate = est, ci_low = est - Z975 * se, ci_high = est + Z975 * se)
}
cat("# ", R.version.string, "; lme4 ", format(packageVersion("lme4")), ", geepack ",
    format(packageVersion("geepack")), ", mice ", format(packageVersion("mice")), ", emmeans ",
    format(packageVersion("emmeans")), "\n", sep = "")

wv <- as.matrix(w[, WCOLS])
yobs <- rowMeans(wv, na.rm = TRUE); yobs[is.nan(yobs)] <- NA
m <- wv   # the paper's imputation: NA <- mean of the same arm and week
for (a in 0:1) for (k in 1:8) {
  rows <- w$K2 == a
  m[rows & is.na(m[, k]), k] <- mean(wv[rows, k], na.rm = TRUE)
}

# ---------------------------------------------------------------- one-arm t intervals
for (a in names(ARMS)) {
  rows <- w$K2 == ARMS[[a]]
  show(paste0("PERSONWEEK_T_", a), sprintf("m = W1..W8 with NA <- mean of the same arm and week; t.test(as.vector(m[K2 == %d, ])), sd()", ARMS[[a]]),
       one_arm_t(as.vector(m[rows, ])))
  show(paste0("WELCH_MEAN_", a), sprintf("y = rowMeans(W1..W8, na.rm = TRUE); t.test(y[K2 == %d]) (NA dropped), sd()", ARMS[[a]]),
       one_arm_t(yobs[rows]))
  show(paste0("WELCH_WEEK8_CC_", a), sprintf("t.test(W8[K2 == %d]) (NA dropped), sd()", ARMS[[a]]),
       one_arm_t(w$W8[rows]))
  show(paste0("WELCH_WEEK8_MEANIMP_", a), sprintf("t.test(m[K2 == %d, 8]), sd()", ARMS[[a]]),
       one_arm_t(m[rows, 8]))
}

# ---------------------------------------------------------------- ANCOVA adjusted means
complete <- rowSums(is.na(wv)) == 0
d <- na.omit(data.frame(y = yobs, K2 = w$K2, BASE = w$BASE)[complete, ])
emm_rows(lm(y ~ K2 + BASE, data = d), d, "ANCOVA_CC",
         "y = rowMeans(W1..W8) of the participants with all 8 weeks observed; fit = lm(y ~ K2 + BASE) (rows with BASE)")
d <- na.omit(data.frame(y = rowMeans(m), K2 = w$K2, BASE = w$BASE))
emm_rows(lm(y ~ K2 + BASE, data = d), d, "ANCOVA_MEANIMP",
         "y = rowMeans(m) (mean-imputed weeks); fit = lm(y ~ K2 + BASE) (rows with BASE)")
d <- na.omit(data.frame(y = w$W8, K2 = w$K2, BASE = w$BASE))
emm_rows(lm(y ~ K2 + BASE, data = d), d, "ANCOVA_WEEK8_CC",
         "y = W8; fit = lm(y ~ K2 + BASE) (rows with W8 and BASE)")
d <- na.omit(data.frame(y = m[, 8], K2 = w$K2, BASE = w$BASE))
emm_rows(lm(y ~ K2 + BASE, data = d), d, "ANCOVA_WEEK8_MEANIMP",
         "y = m[, 8] (mean-imputed week 8); fit = lm(y ~ K2 + BASE) (rows with BASE)")

# ---------------------------------------------------------------- MI adjusted means at week 8
# model_specs.R's three hand-made completed copies (every NA of BASE, W1..W8 <- 2, 4, 6).
FILL <- c(2, 4, 6)
copies <- lapply(FILL, function(v) { d <- w; d[, c("BASE", WCOLS)][is.na(d[, c("BASE", WCOLS)])] <- v; d })
em <- lapply(copies, function(d) as.data.frame(summary(emmeans(lm(W8 ~ K2 + BASE, data = d), ~ K2,
                                                               at = list(K2 = c(0, 1))))))
for (a in names(ARMS)) {
  q <- sapply(em, function(e) e$emmean[e$K2 == ARMS[[a]]])
  u <- sapply(em, function(e) e$SE[e$K2 == ARMS[[a]]]^2)
  pr <- pool.scalar(q, u, n = nrow(w), k = 3)
  h <- qt(0.975, pr$df) * sqrt(pr$t)
  show(paste0("MI_WEEK8_", a), sprintf("copies: every NA of BASE, W1..W8 <- 2, 4, 6; emmeans(lm(W8 ~ K2 + BASE), ~ K2) in each copy (BASE at the copy's mean), K2 = %d; pool.scalar(Q, U, n = 16, k = 3); qbar +- qt(.975, df) sqrt(t)", ARMS[[a]]),
       list(estimate = pr$qbar, ci_low = pr$qbar - h, ci_high = pr$qbar + h, n = sum(w$K2 == ARMS[[a]])))
}

# ---------------------------------------------------------------- repeated-measures LS means
long <- to_long(w)   # one row per observed week, BASE observed: 14 participants
mbase <- mean(long$BASE[!duplicated(long$USUBJID)])
lmm <- lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long, REML = TRUE,
            control = lmerControl(optCtrl = list(ftol_abs = 1e-12, xtol_abs = 1e-12)))
b5 <- fixef(lmm); V5 <- as.matrix(vcov(lmm))
gee <- geeglm(Y ~ K2 * factor(WEEK) + BASE, id = factor(USUBJID), data = long, family = gaussian,
              corstr = "exchangeable", control = geese.control(epsilon = 1e-12, maxit = 200))
b6 <- coef(gee); V6 <- vcov(gee)
people <- long[!duplicated(long$USUBJID), ]
for (a in names(ARMS)) {
  k2 <- ARMS[[a]]
  L <- setNames(numeric(length(b5)), names(b5))
  L["(Intercept)"] <- 1; L["K2"] <- k2; L["BASE"] <- mbase
  L["factor(WEEK)8"] <- 1; L["K2:factor(WEEK)8"] <- k2
  show(paste0("LMM_LSMEAN_WEEK8_", a), sprintf("lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), REML = TRUE); least-squares mean of K2 = %d at week 8, BASE = %.10g (mean over the participants in the long data): L'b, SE from vcov, z CI", k2, mbase),
       c(wald(b5, V5, L), list(n = sum(people$K2 == k2))))
  L <- setNames(numeric(length(b6)), names(b6))
  L["(Intercept)"] <- 1; L["K2"] <- k2; L["BASE"] <- mbase
  for (k in 2:8) { L[paste0("factor(WEEK)", k)] <- 1 / 8; L[paste0("K2:factor(WEEK)", k)] <- k2 / 8 }
  show(paste0("GEE_LSMEAN_AVERAGE_", a), sprintf("geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, family = gaussian, corstr = \"exchangeable\", control = geese.control(epsilon = 1e-12, maxit = 200)); least-squares mean of K2 = %d over weeks 1-8 at BASE = %.10g: L'b, robust SE, z CI", k2, mbase),
       c(wald(b6, V6, L), list(n = sum(people$K2 == k2))))
}

# ---------------------------------------------------------------- MI with unequal arms
# With 8 participants in each arm the two arms' adjusted means have the same variance in
# every copy; without P16 (placebo) the arms are 8 and 7 and the variances differ.
w15 <- w[w$USUBJID != "P16", ]
copies15 <- lapply(FILL, function(v) { d <- w15; d[, c("BASE", WCOLS)][is.na(d[, c("BASE", WCOLS)])] <- v; d })
em <- lapply(copies15, function(d) as.data.frame(summary(emmeans(lm(rowMeans(d[, WCOLS]) ~ K2 + BASE, data = d), ~ K2,
                                                                 at = list(K2 = c(0, 1))))))
for (a in names(ARMS)) {
  q <- sapply(em, function(e) e$emmean[e$K2 == ARMS[[a]]])
  u <- sapply(em, function(e) e$SE[e$K2 == ARMS[[a]]]^2)
  pr <- pool.scalar(q, u, n = nrow(w15), k = 3)
  h <- qt(0.975, pr$df) * sqrt(pr$t)
  show(paste0("MI_WITHOUT_P16_", a), sprintf("the 15 participants but P16; copies: every NA of BASE, W1..W8 <- 2, 4, 6; emmeans(lm(rowMeans(W1..W8) ~ K2 + BASE), ~ K2) in each copy, K2 = %d; pool.scalar(Q, U, n = 15, k = 3); qbar +- qt(.975, df) sqrt(t); within-copy variances U = %s", ARMS[[a]], paste(sprintf("%.6g", u), collapse = ", ")),
       list(estimate = pr$qbar, ci_low = pr$qbar - h, ci_high = pr$qbar + h, n = sum(w15$K2 == ARMS[[a]])))
}
