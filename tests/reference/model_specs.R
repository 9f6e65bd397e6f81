#!/usr/bin/env Rscript
# Outside reference values for tests/test_model_specs.py: every model of
# k2cramps.analysis fitted in R, to the same specification, on two small hand-typed
# trials (16 participants; the test types the same tables and checks they equal these
# CSV files):
#   tests/reference/model_specs/wide.csv    USUBJID, K2, BASE, W1..W8 (weekly frequency)
#   tests/reference/model_specs/counts.csv  USUBJID, K2, BFREQ, TRNIGHTS, TRCRAMPS
#
#   Rscript tests/reference/model_specs.R
#
# prints, for each method, the R call and a Python dict of what R returned (10
# significant digits); the test has them pasted beside the same call. Nothing here is
# run by the tests (R is not part of the project's environment).
suppressPackageStartupMessages({
  library(MASS)
  library(nlme)
  library(lme4)
  library(geepack)
  library(glmmTMB)
  library(mice)
  library(numDeriv)
  library(emmeans)
})

SCRIPT_DIR <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
source(file.path(SCRIPT_DIR, "helpers.R"))   # to_long(), accurate_apvar(), WEEKS = 1:8
DATA <- file.path(SCRIPT_DIR, "model_specs")
w <- read.csv(file.path(DATA, "wide.csv"), colClasses = c(USUBJID = "character"))
counts <- read.csv(file.path(DATA, "counts.csv"), colClasses = c(USUBJID = "character"))
WCOLS <- paste0("W", 1:8)
Z975 <- qnorm(0.975)

g10 <- function(x) {
  x <- as.numeric(x)
  if (is.infinite(x)) return('float("inf")')
  s <- sprintf("%.10g", x)
  if (!grepl("[.eEn]", s)) s <- paste0(s, ".0")
  s
}
show <- function(name, call, lst) {
  cat("\n# ", name, "\n", sep = "")
  for (line in strwrap(call, width = 88)) cat("#   ", line, "\n", sep = "")
  vals <- vapply(names(lst), function(n) {
    if (startsWith(n, "n_")) sprintf("%s=%d", n, as.integer(lst[[n]])) else sprintf("%s=%s", n, g10(lst[[n]]))
  }, "")
  cat(name, " = dict(", paste(vals, collapse = ", "), ")\n", sep = "")
}
ttest <- function(tt, n_k2, n_placebo) {
  list(estimate = unname(tt$estimate[1] - tt$estimate[2]), se = tt$stderr,
       df = unname(tt$parameter), ci_low = tt$conf.int[1], ci_high = tt$conf.int[2],
       p_value = tt$p.value, n_k2 = n_k2, n_placebo = n_placebo)
}
wald <- function(b, V, L, df = Inf) {
  est <- sum(L * b); se <- sqrt(drop(t(L) %*% V %*% L))
  q <- if (is.finite(df)) qt(0.975, df) else Z975
  p <- if (is.finite(df)) 2 * pt(-abs(est / se), df) else 2 * pnorm(-abs(est / se))
  list(estimate = est, se = se, ci_low = est - q * se, ci_high = est + q * se, p_value = p)
}
# K2 effect with treatment coding of WEEK (week 1 the reference): coef K2 at week 1,
# plus K2:factor(WEEK)k at week k.
effect_vec <- function(cn, weeks, timepoint) {
  L <- setNames(numeric(length(cn)), cn)
  L["K2"] <- 1
  last <- max(weeks)
  if (timepoint == "average") for (k in weeks[-1]) L[paste0("K2:factor(WEEK)", k)] <- 1 / length(weeks)
  else L[paste0("K2:factor(WEEK)", last)] <- 1
  stopifnot(length(L) == length(cn))
  L
}

wv <- as.matrix(w[, WCOLS])
yobs <- rowMeans(wv, na.rm = TRUE); yobs[is.nan(yobs)] <- NA
cat("# ", R.version.string, "; MASS ", format(packageVersion("MASS")), ", nlme ",
    format(packageVersion("nlme")), ", lme4 ", format(packageVersion("lme4")), ", geepack ",
    format(packageVersion("geepack")), ", glmmTMB ", format(packageVersion("glmmTMB")),
    ", mice ", format(packageVersion("mice")), ", emmeans ", format(packageVersion("emmeans")),
    "\n", sep = "")

# ---------------------------------------------------------------- 1. person-week t-test
# The paper's imputation (mean of the same arm and week), then every person-week of an arm
# pooled, Welch t-test.
m <- wv
for (a in 0:1) for (k in 1:8) {
  rows <- w$K2 == a
  m[rows & is.na(m[, k]), k] <- mean(wv[rows, k], na.rm = TRUE)
}
show("PERSONWEEK_T",
     "m = wide W1..W8 with NA <- mean of the same arm and week; t.test(as.vector(m[K2 == 1, ]), as.vector(m[K2 == 0, ]), var.equal = FALSE)",
     ttest(t.test(as.vector(m[w$K2 == 1, ]), as.vector(m[w$K2 == 0, ]), var.equal = FALSE),
           sum(w$K2 == 1), sum(w$K2 == 0)))

# ---------------------------------------------------------------- 2. participant Welch
ok <- !is.na(yobs)
show("WELCH_MEAN",
     "y = rowMeans(W1..W8, na.rm = TRUE) (P13: no week, dropped); t.test(y[K2 == 1], y[K2 == 0], var.equal = FALSE)",
     ttest(t.test(yobs[ok & w$K2 == 1], yobs[ok & w$K2 == 0], var.equal = FALSE),
           sum(ok & w$K2 == 1), sum(ok & w$K2 == 0)))
ok8 <- !is.na(w$W8)
show("WELCH_WEEK8",
     "t.test(W8[K2 == 1], W8[K2 == 0], var.equal = FALSE), NA dropped",
     ttest(t.test(w$W8[ok8 & w$K2 == 1], w$W8[ok8 & w$K2 == 0], var.equal = FALSE),
           sum(ok8 & w$K2 == 1), sum(ok8 & w$K2 == 0)))

# ---------------------------------------------------------------- 3. ANCOVA
d3 <- na.omit(data.frame(y = yobs, K2 = w$K2, BASE = w$BASE))
a3 <- lm(y ~ K2 + BASE, data = d3)
s3 <- summary(a3)$coefficients["K2", ]
show("ANCOVA",
     "lm(y ~ K2 + BASE), y = rowMeans(W1..W8, na.rm = TRUE), complete cases (P13 no y, P16 no BASE); coef, SE, confint, t-test p of K2",
     list(estimate = coef(a3)[["K2"]], se = s3[["Std. Error"]], df = a3$df.residual,
          ci_low = confint(a3)["K2", 1], ci_high = confint(a3)["K2", 2],
          p_value = s3[["Pr(>|t|)"]], n_k2 = sum(d3$K2 == 1), n_placebo = sum(d3$K2 == 0)))
e3 <- as.data.frame(summary(emmeans(a3, ~ K2, at = list(K2 = c(0, 1)))))
for (a in 1:0) {
  r <- e3[e3$K2 == a, ]
  show(sprintf("ANCOVA_ADJUSTED_MEAN_%s", if (a == 1) "K2" else "PLACEBO"),
       sprintf("emmeans(lm(y ~ K2 + BASE), ~ K2) (BASE at its mean over the %d rows used, %.10g), K2 = %d", nrow(d3), mean(d3$BASE), a),
       list(estimate = r$emmean, se = r$SE, df = r$df, ci_low = r$lower.CL, ci_high = r$upper.CL))
}

# ---------------------------------------------------------------- 4. negative binomial
cd <- subset(counts, TRNIGHTS > 0 & !is.na(BFREQ))      # P13 (no diary night), P16 (no baseline) out
f4 <- TRCRAMPS ~ K2 + log(BFREQ + 0.5) + offset(log(TRNIGHTS / 7))
nb <- glm.nb(f4, data = cd, control = glm.control(epsilon = 1e-12, maxit = 200))
tmb <- glmmTMB(f4, data = cd, family = nbinom2)
bt <- fixef(tmb)$cond; Vt <- vcov(tmb)$cond
r4 <- wald(bt, Vt, c(0, 1, 0))
show("NB_RATE_RATIO",
     "glmmTMB(TRCRAMPS ~ K2 + log(BFREQ + 0.5) + offset(log(TRNIGHTS / 7)), family = nbinom2, data = subset(counts, TRNIGHTS > 0 & !is.na(BFREQ))) (NB2, dispersion jointly by maximum likelihood); exp(b_K2), exp(b +- qnorm(.975) se), Wald p; theta = sigma(fit)",
     list(log_estimate = r4$estimate, se_log = r4$se, estimate = exp(r4$estimate),
          ci_low = exp(r4$ci_low), ci_high = exp(r4$ci_high), p_value = r4$p_value,
          theta = sigma(tmb), n_k2 = sum(cd$K2 == 1), n_placebo = sum(cd$K2 == 0)))
show("NB_GLM_NB",
     "MASS::glm.nb(same formula, control = glm.control(epsilon = 1e-12, maxit = 200)): the same point estimate; its SE holds theta fixed",
     list(log_estimate = coef(nb)[["K2"]], se_log = sqrt(vcov(nb)["K2", "K2"]), theta = nb$theta))
lvl <- mean(log(cd$BFREQ + 0.5))
for (a in 1:0) {
  r <- wald(bt, Vt, c(1, a, lvl))
  show(sprintf("NB_RATE_PER_WEEK_%s", if (a == 1) "K2" else "PLACEBO"),
       sprintf("the glmmTMB fit above (offset log(TRNIGHTS / 7): rate per 7 nights); exp(L'b), L = (1, K2 = %d, mean log(BFREQ + 0.5) = %.10g), Wald z CI on the log scale", a, lvl),
       list(estimate = exp(r$estimate), ci_low = exp(r$ci_low), ci_high = exp(r$ci_high)))
}

# ---------------------------------------------------------------- long data
long <- to_long(w)   # one row per observed week, BASE observed: 14 participants
mbase <- mean(long$BASE[!duplicated(long$USUBJID)])

# ---------------------------------------------------------------- 5. random intercept
lmm <- lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long, REML = TRUE,
            control = lmerControl(optCtrl = list(ftol_abs = 1e-12, xtol_abs = 1e-12)))
b5 <- fixef(lmm); V5 <- as.matrix(vcov(lmm))
for (tp in c("average", "week8")) {
  show(sprintf("LMM_%s", toupper(tp)),
       sprintf("lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), REML = TRUE); L'b with L = %s; SE from vcov, est +- qnorm(.975) SE, p = 2 pnorm(-|z|)",
               if (tp == "average") "K2 + mean of K2:factor(WEEK)k over k = 1..8 (0 for week 1)" else "K2 + K2:factor(WEEK)8"),
       c(wald(b5, V5, effect_vec(names(b5), 1:8, tp)),
         list(n_k2 = sum(!duplicated(long$USUBJID) & long$K2 == 1),
              n_placebo = sum(!duplicated(long$USUBJID) & long$K2 == 0))))
}
vc <- as.data.frame(VarCorr(lmm))
show("LMM_VARIANCES", "VarCorr(lmer fit): participant intercept and residual variances",
     list(var_intercept = vc$vcov[1], var_residual = vc$vcov[2]))
for (a in 1:0) {
  L <- setNames(numeric(length(b5)), names(b5))
  L["(Intercept)"] <- 1; L["K2"] <- a; L["BASE"] <- mbase
  for (k in 2:8) { L[paste0("factor(WEEK)", k)] <- 1 / 8; L[paste0("K2:factor(WEEK)", k)] <- a / 8 }
  show(sprintf("LMM_LSMEAN_AVERAGE_%s", if (a == 1) "K2" else "PLACEBO"),
       sprintf("lmer fit above; least-squares mean of K2 = %d over weeks 1-8 at BASE = %.10g (the mean over the 14 participants in the long data): L'b, SE from vcov (= (X'V^-1X)^-1), z CI", a, mbase),
       wald(b5, V5, L))
}

# ---------------------------------------------------------------- 6. GEE
gee <- geeglm(Y ~ K2 * factor(WEEK) + BASE, id = factor(USUBJID), data = long, family = gaussian,
              corstr = "exchangeable", control = geese.control(epsilon = 1e-12, maxit = 200))
b6 <- coef(gee); V6 <- vcov(gee)
for (tp in c("average", "week8")) {
  show(sprintf("GEE_%s", toupper(tp)),
       sprintf("geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, family = gaussian, corstr = \"exchangeable\", control = geese.control(epsilon = 1e-12, maxit = 200)); robust (sandwich) vcov; L'b with L = %s; z CI and p",
               if (tp == "average") "K2 + mean of K2:factor(WEEK)k" else "K2 + K2:factor(WEEK)8"),
       wald(b6, V6, effect_vec(names(b6), 1:8, tp)))
}
for (a in 1:0) {
  L <- setNames(numeric(length(b6)), names(b6))
  L["(Intercept)"] <- 1; L["K2"] <- a; L["BASE"] <- mbase
  L["factor(WEEK)8"] <- 1; L["K2:factor(WEEK)8"] <- a
  show(sprintf("GEE_LSMEAN_WEEK8_%s", if (a == 1) "K2" else "PLACEBO"),
       sprintf("geeglm fit above; least-squares mean of K2 = %d at week 8, BASE = %.10g (the mean over the 14 participants in the long data): L'b, robust SE, z CI", a, mbase),
       wald(b6, V6, L))
}
show("GEE_PARAMS", "geeglm fit above: working correlation alpha = fit$geese$alpha, scale = fit$geese$gamma",
     list(alpha = gee$geese$alpha[[1]], scale = gee$geese$gamma[[1]]))

# ---------------------------------------------------------------- 7. MMRM (weeks 1-3)
# An unstructured 8 x 8 covariance cannot be estimated from these 14 participants (gls on
# all 8 weeks reaches its function evaluation limit); the specification is the same on
# weeks 1-3 (WEEK = 1, 2, 3; P09 lacks week 1, P11 week 2, P07 week 3).
l3 <- long[long$WEEK <= 3, ]
l3$USUBJID <- droplevels(l3$USUBJID)
mm <- gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = l3,
          correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK),
          method = "REML", control = glsControl(tolerance = 1e-12, msMaxIter = 500, maxIter = 500))
mm$apVar <- accurate_apvar(mm, l3)
mb3 <- mean(l3$BASE[!duplicated(l3$USUBJID)])
emm <- emmeans(mm, ~ K2 * WEEK, at = list(K2 = c(0, 1), BASE = mb3), data = l3,
               mode = "satterthwaite")
grid <- as.data.frame(summary(emm))
stopifnot(identical(paste(grid$K2, grid$WEEK), c("0 1", "1 1", "0 2", "1 2", "0 3", "1 3")))
con <- as.data.frame(summary(contrast(emm, method = list(
  average = c(-1, 1, -1, 1, -1, 1) / 3, week3 = c(0, 0, 0, 0, -1, 1))), infer = TRUE))
MMRM_CALL <- "nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long[WEEK <= 3], correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = \"REML\", control = glsControl(tolerance = 1e-12)); fit$apVar <- accurate_apvar(fit) (helpers.R); emm = emmeans(fit, ~ K2 * WEEK, at = list(K2 = c(0, 1), BASE = mean BASE of the 14 participants), mode = \"satterthwaite\")"
for (tp in c("average", "week3")) {
  r <- con[con$contrast == tp, ]
  show(sprintf("MMRM_%s", toupper(tp)),
       sprintf("%s; contrast(emm, %s), infer = TRUE", MMRM_CALL,
               if (tp == "average") "K2 minus placebo averaged over weeks 1-3" else "K2 minus placebo at week 3"),
       list(estimate = r$estimate, se = r$SE, df = r$df, ci_low = r$lower.CL,
            ci_high = r$upper.CL, p_value = r$p.value))
}
for (a in 1:0) {
  r <- grid[grid$K2 == a & grid$WEEK == 3, ]
  show(sprintf("MMRM_LSMEAN_WEEK3_%s", if (a == 1) "K2" else "PLACEBO"),
       sprintf("the emm grid above, K2 = %d, WEEK = 3 (BASE = %.10g)", a, mb3),
       list(estimate = r$emmean, se = r$SE, df = r$df))
}
S <- getVarCov(mm, individual = "P01", type = "marginal")
S <- matrix(as.numeric(unclass(S)[1:3, 1:3]), 3, 3)
show("MMRM_COVARIANCE", "getVarCov(fit, individual = \"P01\"): the fitted unstructured covariance, row by row, and logLik(fit) (REML)",
     c(setNames(as.list(as.vector(t(S))), paste0("s", rep(1:3, each = 3), rep(1:3, 3))),
       list(loglik = as.numeric(logLik(mm)))))

# ---------------------------------------------------------------- 8. multiple imputation: pooling
# Three hand-made completed copies: copy j fills every missing value (BASE or a week)
# with the constant FILL[j]; the ANCOVA in each, pooled by mice's Rubin's rules
# (Barnard-Rubin df with dfcom = the lm's residual df, n - 3 = 13).
FILL <- c(2, 4, 6)
copies <- lapply(FILL, function(v) { d <- w; d[, c("BASE", WCOLS)][is.na(d[, c("BASE", WCOLS)])] <- v; d })
for (tp in c("average", "week8")) {
  fits <- lapply(copies, function(d) {
    y <- if (tp == "average") rowMeans(as.matrix(d[, WCOLS])) else d$W8
    lm(y ~ K2 + BASE, data = cbind(d, y = y))
  })
  s <- summary(pool(as.mira(fits)), conf.int = TRUE)
  s <- s[s$term == "K2", ]
  show(sprintf("MI_POOLED_%s", toupper(tp)),
       sprintf("copies: every NA of BASE, W1..W8 <- 2, 4, 6; fits = lm(y ~ K2 + BASE) in each, y = %s; summary(pool(as.mira(fits)), conf.int = TRUE) row K2",
               if (tp == "average") "rowMeans(W1..W8)" else "W8"),
       list(estimate = s$estimate, se = s$std.error, df = s$df, ci_low = s$`2.5 %`,
            ci_high = s$`97.5 %`, p_value = s$p.value))
  if (tp == "average") {
    em <- lapply(fits, function(f) as.data.frame(summary(emmeans(f, ~ K2, at = list(K2 = c(0, 1))))))
    for (a in 1:0) {
      q <- sapply(em, function(e) e$emmean[e$K2 == a]); u <- sapply(em, function(e) e$SE[e$K2 == a]^2)
      pr <- pool.scalar(q, u, n = nrow(w), k = 3)
      h <- qt(0.975, pr$df) * sqrt(pr$t)
      show(sprintf("MI_ADJUSTED_MEAN_%s", if (a == 1) "K2" else "PLACEBO"),
           sprintf("emmeans(fit, ~ K2) in each copy (BASE at the copy's mean), K2 = %d; pool.scalar(Q, U, n = 16, k = 3); qbar +- qt(.975, df) sqrt(t)", a),
           list(estimate = pr$qbar, df = pr$df, ci_low = pr$qbar - h, ci_high = pr$qbar + h))
    }
  }
}

# ---------------------------------------------------------------- 9. subgroups
# Baseline frequency split at the median of BFREQ over participants with one (5.0; P03, P07
# and P10 sit on it). Sex alternates F, M from P01.
sub <- data.frame(y = yobs, K2 = w$K2, BASE = w$BASE,
                  SEX = rep(c("female", "male"), 8),
                  BF = ifelse(w$BASE > median(w$BASE, na.rm = TRUE), "above", "at or below"))
cat("\n# median(BFREQ, na.rm = TRUE) = ", g10(median(w$BASE, na.rm = TRUE)), "\n", sep = "")
for (g in c("SEX", "BF")) {
  d <- na.omit(data.frame(y = sub$y, K2 = sub$K2, BASE = sub$BASE, G = sub[[g]]))
  full <- lm(y ~ K2 * factor(G) + BASE, data = d)
  reduced <- lm(y ~ K2 + factor(G) + BASE, data = d)
  av <- anova(reduced, full)
  show(sprintf("SUBGROUP_%s_INTERACTION", g),
       "anova(lm(y ~ K2 + factor(G) + BASE), lm(y ~ K2 * factor(G) + BASE)): F test of K2 x subgroup, rows with y, BASE and G",
       list(F = av$F[2], df_num = av$Df[2], df_den = av$Res.Df[2], p_value = av$`Pr(>F)`[2]))
  for (lev in sort(unique(d$G))) {
    dl <- d[d$G == lev, ]
    f <- lm(y ~ K2 + BASE, data = dl)
    s <- summary(f)$coefficients["K2", ]
    show(sprintf("SUBGROUP_%s_%s", g, toupper(gsub(" ", "_", lev))),
         sprintf("lm(y ~ K2 + BASE, data = rows with G == \"%s\")", lev),
         list(estimate = coef(f)[["K2"]], ci_low = confint(f)["K2", 1], ci_high = confint(f)["K2", 2],
              p_value = s[["Pr(>|t|)"]], n_k2 = sum(dl$K2 == 1), n_placebo = sum(dl$K2 == 0)))
  }
}

# ---------------------------------------------------------------- 10. safety
# 7 of 40 on vitamin K2 vs 2 of 38 on placebo: Newcombe's hybrid score interval from the
# two Wilson intervals (prop.test without continuity correction), Fisher's exact p.
x1 <- 7; n1 <- 40; x2 <- 2; n2 <- 38
w1 <- prop.test(x1, n1, correct = FALSE)$conf.int; w2 <- prop.test(x2, n2, correct = FALSE)$conf.int
p1 <- x1 / n1; p2 <- x2 / n2; dd <- p1 - p2
show("SAFETY_7_40_VS_2_38",
     "l_i, u_i = prop.test(x_i, n_i, correct = FALSE)$conf.int (Wilson); d = p1 - p2; d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2), in percentage points; fisher.test(matrix(c(7, 33, 2, 36), 2, byrow = TRUE))$p.value",
     list(risk_difference = 100 * dd, ci_low = 100 * (dd - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2)),
          ci_high = 100 * (dd + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)),
          p_fisher = fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE))$p.value,
          p_fisher_one_sided = fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE), alternative = "greater")$p.value))
