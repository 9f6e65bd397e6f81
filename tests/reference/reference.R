#!/usr/bin/env Rscript
# Outside reference values for the k2cramps analyses, computed in R.
#
#   python tests/reference/export_frames.py build/reference
#   Rscript tests/reference/reference.R build/reference > tests/reference/r_results.py
#
# Reads the analysis frames written by export_frames.py (one folder per trial:
# wide_<P>.csv, meanimp_<P>.csv, adsl_counts.csv) and prints a plain Python module
# (standard library only) with the reference numbers.  Diagnostics go to stderr.
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

args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) >= 1) args[1] else "build/reference"
TRIALS <- list(shipped = c("FREQ", "DUR", "SEV"), known = c("FREQ"))
WEEKS <- 1:8
WCOLS <- paste0("W", WEEKS)
Z975 <- qnorm(0.975)

msg <- function(...) cat(sprintf(...), "\n", sep = "", file = stderr())
SCRIPT_DIR <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))

# Helpers shared with arm_summaries.R: output as Python, long data, accurate apVar.
source(file.path(SCRIPT_DIR, "helpers.R"))

OUT <- list()        # name -> character vector of entry lines
add <- function(group, comment, key, value) {
  OUT[[group]] <<- c(OUT[[group]], paste0("    # ", comment),
                     sprintf("    %s: %s,", key, value))
}

# ---------------------------------------------------------------- data
read_frame <- function(trial, name) {
  read.csv(file.path(folder, trial, paste0(name, ".csv")),
           colClasses = c(USUBJID = "character"))
}
# ---------------------------------------------------------------- contrasts
# K2 effect at each week in a model with K2 * factor(WEEK): coef "K2" plus the
# "K2:factor(WEEK)w" interaction for w = 2..8.
contrast_vec <- function(cn, timepoint) {
  L <- setNames(numeric(length(cn)), cn)
  L["K2"] <- 1
  if (timepoint == "weeks1-8") {
    for (w in 2:8) L[paste0("K2:factor(WEEK)", w)] <- 1 / 8
  } else {
    L["K2:factor(WEEK)8"] <- 1
  }
  stopifnot(length(L) == length(cn))
  L
}
wald_z <- function(b, V, L) {
  est <- sum(L * b)
  se <- sqrt(drop(t(L) %*% V %*% L))
  list(estimate = est, se = se, ci_low = est - Z975 * se, ci_high = est + Z975 * se,
       p_value = 2 * pnorm(-abs(est / se)))
}
welch <- function(k2, pl) {
  tt <- t.test(k2, pl, var.equal = FALSE)
  list(estimate = unname(tt$estimate[1] - tt$estimate[2]),
       se = unname(tt$stderr), ci_low = tt$conf.int[1], ci_high = tt$conf.int[2],
       p_value = tt$p.value, df = unname(tt$parameter),
       n_k2 = length(k2), n_placebo = length(pl))
}
ancova <- function(y, K2, BASE) {
  d <- data.frame(y = y, K2 = K2, BASE = BASE)
  d <- d[complete.cases(d), ]
  fit <- lm(y ~ K2 + BASE, data = d)
  ci <- confint(fit)["K2", ]
  s <- summary(fit)$coefficients["K2", ]
  list(estimate = unname(coef(fit)["K2"]), se = unname(s[2]),
       ci_low = unname(ci[1]), ci_high = unname(ci[2]), p_value = unname(s[4]),
       df = fit$df.residual, n_k2 = sum(d$K2 == 1), n_placebo = sum(d$K2 == 0))
}

# ---------------------------------------------------------------- MMRM by hand
# The MMRM's marginal covariance is an unstructured 8x8 matrix Sigma
# (corSymm x varIdent x sigma^2 is a one-to-one reparameterisation of it), so the
# full REML log-likelihood is written as a function of theta = vech(Sigma), 36
# parameters.  Satterthwaite's df for L'beta: 2 (L'Phi L)^2 / (g' A g), g the
# numerical gradient of L'Phi(theta)L, A = inverse of the numerical Hessian of
# -REML logLik at theta-hat.  (The df is invariant to the parameterisation of the
# covariance at the optimum.)
mmrm_hand <- function(fit, long) {
  X <- model.matrix(~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long)
  stopifnot(identical(colnames(X), names(coef(fit))))
  p <- ncol(X); N <- nrow(X)
  full_id <- names(which(table(long$USUBJID) == 8))[1]
  Sigma_hat <- getVarCov(fit, individual = full_id, type = "marginal")
  Sigma_hat <- unclass(Sigma_hat)[1:8, 1:8]
  attributes(Sigma_hat) <- list(dim = c(8L, 8L))
  lt <- lower.tri(Sigma_hat, diag = TRUE)
  theta_hat <- Sigma_hat[lt]
  build <- function(theta) {
    S <- matrix(0, 8, 8); S[lt] <- theta
    S + t(S) - diag(diag(S))
  }
  # group subjects by their pattern of observed weeks
  pat <- tapply(long$WEEK, long$USUBJID, function(w) paste(w, collapse = ","))
  rows <- split(seq_len(N), long$USUBJID)
  groups <- lapply(split(names(pat), pat), function(ids) {
    idx <- as.integer(strsplit(pat[ids[1]], ",")[[1]])
    r <- unlist(rows[ids], use.names = FALSE)
    list(idx = idx, n = length(ids),
         X = lapply(ids, function(i) X[rows[[i]], , drop = FALSE]),
         y = lapply(ids, function(i) long$Y[rows[[i]]]))
  })
  pieces <- function(theta) {
    S <- build(theta)
    XtVX <- matrix(0, p, p); XtVy <- numeric(p); ldet <- 0
    inv <- vector("list", length(groups))
    for (g in seq_along(groups)) {
      G <- groups[[g]]
      Si <- S[G$idx, G$idx, drop = FALSE]
      ch <- chol(Si)
      ldet <- ldet + G$n * 2 * sum(log(diag(ch)))
      Vi <- chol2inv(ch); inv[[g]] <- Vi
      for (j in seq_len(G$n)) {
        XV <- crossprod(G$X[[j]], Vi)
        XtVX <- XtVX + XV %*% G$X[[j]]
        XtVy <- XtVy + XV %*% G$y[[j]]
      }
    }
    list(XtVX = XtVX, XtVy = XtVy, ldet = ldet, inv = inv)
  }
  reml_ll <- function(theta) {
    P <- pieces(theta)
    beta <- solve(P$XtVX, P$XtVy)
    q <- 0
    for (g in seq_along(groups)) {
      G <- groups[[g]]
      for (j in seq_len(G$n)) {
        r <- G$y[[j]] - G$X[[j]] %*% beta
        q <- q + drop(t(r) %*% P$inv[[g]] %*% r)
      }
    }
    -0.5 * ((N - p) * log(2 * pi) + P$ldet +
              as.numeric(determinant(P$XtVX)$modulus) + q)
  }
  Phi <- function(theta) solve(pieces(theta)$XtVX)
  P0 <- pieces(theta_hat)
  beta_hat <- drop(solve(P0$XtVX, P0$XtVy))
  ll_hat <- reml_ll(theta_hat)
  grad_ll <- grad(reml_ll, theta_hat)
  H <- hessian(function(th) -reml_ll(th), theta_hat)
  A <- solve(H)
  # d vec(Phi) / d theta, once; then g_k = L' (dPhi/dtheta_k) L for any L
  J <- jacobian(function(th) as.vector(Phi(th)), theta_hat)
  Phi_hat <- solve(P0$XtVX)
  list(beta = beta_hat, vcov = Phi_hat, loglik = ll_hat,
       max_abs_score = max(abs(grad_ll)),
       newton_decrement = 0.5 * drop(t(grad_ll) %*% A %*% grad_ll),
       min_eig_H = min(eigen(H, symmetric = TRUE, only.values = TRUE)$values),
       theta = theta_hat, A = A,
       df = function(L) {
         L <- as.numeric(L)
         v <- drop(t(L) %*% Phi_hat %*% L)
         g <- drop(crossprod(J, as.vector(outer(L, L))))
         2 * v^2 / drop(t(g) %*% A %*% g)
       })
}

# ---------------------------------------------------------------- calls (for the comments)
CALL <- list(
  published_personweek_t = "t.test(k2, placebo, var.equal = FALSE); k2/placebo = all non-NA W1..W8 of meanimp_%s.csv pooled per arm",
  participant_welch = c(
    `weeks1-8/OBSERVED` = "t.test(y[K2 == 1], y[K2 == 0], var.equal = FALSE); y = rowMeans(wide_%s[W1..W8], na.rm = TRUE), participants with no week dropped",
    `week8/MEANIMP` = "t.test(y[K2 == 1], y[K2 == 0], var.equal = FALSE); y = meanimp_%s$W8",
    `week8/CC` = "t.test(y[K2 == 1], y[K2 == 0], var.equal = FALSE); y = wide_%s$W8, NA dropped"),
  ancova_baseline = c(
    `weeks1-8/OBSERVED` = "lm(y ~ K2 + BASE); y = rowMeans(wide_%s[W1..W8], na.rm = TRUE); coef, confint, t-test p of K2",
    `weeks1-8/CC` = "lm(y ~ K2 + BASE); y = rowMeans(wide_%s[W1..W8]) for participants with all 8 weeks; coef, confint, t-test p of K2",
    `weeks1-8/MEANIMP` = "lm(y ~ K2 + BASE); y = rowMeans(meanimp_%s[W1..W8]); coef, confint, t-test p of K2",
    `week8/CC` = "lm(y ~ K2 + BASE); y = wide_%s$W8; coef, confint, t-test p of K2",
    `week8/MEANIMP` = "lm(y ~ K2 + BASE); y = meanimp_%s$W8; coef, confint, t-test p of K2"),
  nb = "MASS::glm.nb(TRCRAMPS ~ K2 + log(BFREQ + 0.5) + offset(log(TRNIGHTS)), data = subset(adsl_counts, TRNIGHTS > 0 & !is.na(BFREQ)), control = glm.control(epsilon = 1e-12, maxit = 200)); exp(b), exp(b +- qnorm(.975) se), Wald p",
  lmm = "lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_%s, REML = TRUE); contrast L'b on fixef, SE from vcov, est +- qnorm(.975) SE, p = 2 pnorm(-|z|)",
  gee = "geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_%s, family = gaussian, corstr = \"exchangeable\"); robust (sandwich) vcov, contrast L'b, Wald z CI and p",
  mmrm = "nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_%s, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = \"REML\", control = glsControl(tolerance = 1e-10, msMaxIter = 500, maxIter = 500)); contrast L'b, SE from vcov; df = Satterthwaite by hand (df_emmeans = emmeans(fit, ~ K2 * WEEK, at = list(K2 = c(0, 1), BASE = mean_base), mode = \"satterthwaite\") with fit$apVar recomputed by numDeriv::hessian, see accurate_apvar()); CI = est +- qt(.975, df) SE, p from t(df)"
)
CONTRAST_TXT <- c(`weeks1-8` = "L = mean over weeks 1..8 of the K2 effect at each week",
                  week8 = "L = K2 effect at week 8")

emm_ok <- TRUE
NOTES <- character()

# ---------------------------------------------------------------- per trial
for (trial in names(TRIALS)) {
  counts <- read_frame(trial, "adsl_counts")
  for (P in TRIALS[[trial]]) {
    msg("== %s %s", trial, P)
    w <- read_frame(trial, paste0("wide_", P))
    m <- read_frame(trial, paste0("meanimp_", P))
    stopifnot(identical(w$USUBJID, m$USUBJID))
    k <- function(...) pykey(trial, P, ...)
    put <- function(tp, method, pop, res, call) {
      add("ESTIMATES", call, k(tp, method, pop), pydict(res))
    }

    # 1. person-week t-test on mean-imputed weeks
    mv <- as.matrix(m[, WCOLS])
    put("weeks1-8", "published_personweek_t", "MEANIMP",
        welch(na.omit(as.vector(mv[m$K2 == 1, ])), na.omit(as.vector(mv[m$K2 == 0, ]))),
        sprintf(CALL$published_personweek_t, P))

    # 2. participant-level Welch
    wv <- as.matrix(w[, WCOLS])
    yobs <- rowMeans(wv, na.rm = TRUE); okw <- !is.nan(yobs)
    put("weeks1-8", "participant_welch", "OBSERVED",
        welch(yobs[okw & w$K2 == 1], yobs[okw & w$K2 == 0]),
        sprintf(CALL$participant_welch[["weeks1-8/OBSERVED"]], P))
    put("week8", "participant_welch", "MEANIMP",
        welch(m$W8[m$K2 == 1 & !is.na(m$W8)], m$W8[m$K2 == 0 & !is.na(m$W8)]),
        sprintf(CALL$participant_welch[["week8/MEANIMP"]], P))
    put("week8", "participant_welch", "CC",
        welch(na.omit(w$W8[w$K2 == 1]), na.omit(w$W8[w$K2 == 0])),
        sprintf(CALL$participant_welch[["week8/CC"]], P))

    # 3. ANCOVA on baseline
    ycc <- ifelse(rowSums(is.na(wv)) == 0, rowMeans(wv), NA)
    A3 <- list(`weeks1-8/OBSERVED` = ifelse(okw, yobs, NA), `weeks1-8/CC` = ycc,
               `weeks1-8/MEANIMP` = rowMeans(mv), `week8/CC` = w$W8, `week8/MEANIMP` = m$W8)
    for (nm in names(A3)) {
      tp <- strsplit(nm, "/")[[1]]
      put(tp[1], "ancova_baseline", tp[2], ancova(A3[[nm]], w$K2, w$BASE),
          sprintf(CALL$ancova_baseline[[nm]], P))
    }

    # 4. negative binomial rate ratio (FREQ only)
    if (P == "FREQ") {
      cd <- counts[counts$TRNIGHTS > 0 & !is.na(counts$BFREQ), ]
      nb <- withCallingHandlers(
        glm.nb(TRCRAMPS ~ K2 + log(BFREQ + 0.5) + offset(log(TRNIGHTS)), data = cd,
               control = glm.control(epsilon = 1e-12, maxit = 200)),
        warning = function(wn) { NOTES <<- c(NOTES, sprintf("%s %s glm.nb: %s", trial, P, conditionMessage(wn))); invokeRestart("muffleWarning") })
      b <- coef(nb)["K2"]; se <- sqrt(vcov(nb)["K2", "K2"])
      put("weeks1-8", "nb_rate_ratio", "OBSERVED",
          list(estimate = exp(b), log_estimate = b, se_log = se,
               ci_low = exp(b - Z975 * se), ci_high = exp(b + Z975 * se),
               p_value = 2 * pnorm(-abs(b / se)),
               n_k2 = sum(cd$K2 == 1), n_placebo = sum(cd$K2 == 0)),
          CALL$nb)
      tmb <- glmmTMB(TRCRAMPS ~ K2 + log(BFREQ + 0.5) + offset(log(TRNIGHTS)),
                     data = cd, family = nbinom2)
      bt <- fixef(tmb)$cond["K2"]; set <- sqrt(vcov(tmb)$cond["K2", "K2"])
      msg("  glm.nb converged=%s theta=%.10g (SE %.6g) b=%.12g se=%.12g | glmmTMB theta=%.10g b=%.12g se=%.12g",
          nb$converged, nb$theta, nb$SE.theta, b, se, sigma(tmb), bt, set)
      add("NB_THETA", paste0(CALL$nb, "; theta = fit$theta, SE.theta; glmmTMB(same formula, family = nbinom2) cross-check: sigma(fit), fixef K2, its SE"),
          pykey(trial, P),
          pydict(list(theta = nb$theta, se_theta = nb$SE.theta, twologlik = nb$twologlik,
                      glmmTMB_theta = sigma(tmb), glmmTMB_log_rr = bt, glmmTMB_se_log = set,
                      glmmTMB_loglik = as.numeric(logLik(tmb)),
                      glm_nb_loglik = as.numeric(logLik(nb)))))
    }

    long <- to_long(w)
    mbase <- mean(long$BASE[!duplicated(long$USUBJID)])
    msg("  long: %d rows, %d participants, mean BASE over participants %.10g",
        nrow(long), nlevels(long$USUBJID), mbase)

    # 5. random-intercept LMM
    lm4 <- lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long, REML = TRUE)
    if (length(lm4@optinfo$conv$lme4$messages)) NOTES <- c(NOTES, sprintf("%s %s lmer: %s", trial, P, paste(lm4@optinfo$conv$lme4$messages, collapse = "; ")))
    lme1 <- lme(Y ~ K2 * factor(WEEK) + BASE, random = ~ 1 | USUBJID, data = long,
                method = "REML", control = lmeControl(tolerance = 1e-10))
    b4 <- fixef(lm4); V4 <- as.matrix(vcov(lm4))
    for (tp in c("weeks1-8", "week8")) {
      L <- contrast_vec(names(b4), tp)
      r <- wald_z(b4, V4, L)
      r2 <- wald_z(fixef(lme1), vcov(lme1), L)
      msg("  lmm %s: lmer %.12g (%.8g) | lme %.12g (%.8g)", tp, r$estimate, r$se, r2$estimate, r2$se)
      put(tp, "lmm_random_intercept", "OBSERVED",
          c(r, list(lme_estimate = r2$estimate, lme_se = r2$se)),
          paste0(sprintf(CALL$lmm, P), "; ", CONTRAST_TXT[[tp]], "; lme_* = nlme::lme(Y ~ K2 * factor(WEEK) + BASE, random = ~ 1 | USUBJID, method = \"REML\")"))
    }
    vc <- as.data.frame(VarCorr(lm4))
    add("LMM_LOGLIK", paste0(sprintf(CALL$lmm, P), "; logLik(fit) (REML); same for nlme::lme(..., random = ~ 1 | USUBJID, method = \"REML\"); variance components"),
        pykey(trial, P),
        pydict(list(lmer = as.numeric(logLik(lm4)), lme = as.numeric(logLik(lme1)),
                    var_intercept = vc$vcov[1], var_residual = vc$vcov[2])))

    # 6. GEE exchangeable
    gee <- geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long,
                  family = gaussian, corstr = "exchangeable")
    bg <- coef(gee); Vg <- vcov(gee)
    for (tp in c("weeks1-8", "week8")) {
      put(tp, "gee_exchangeable", "OBSERVED", wald_z(bg, Vg, contrast_vec(names(bg), tp)),
          paste0(sprintf(CALL$gee, P), "; ", CONTRAST_TXT[[tp]]))
    }
    add("GEE_PARAMS", paste0(sprintf(CALL$gee, P), "; alpha = fit$geese$alpha, scale = fit$geese$gamma"),
        pykey(trial, P),
        pydict(list(alpha = unname(gee$geese$alpha), scale = unname(gee$geese$gamma))))

    # 7. MMRM
    mm <- withCallingHandlers(
      gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long,
          correlation = corSymm(form = ~ WEEK | USUBJID),
          weights = varIdent(form = ~ 1 | WEEK), method = "REML",
          control = glsControl(tolerance = 1e-10, msMaxIter = 500, maxIter = 500)),
      warning = function(wn) { NOTES <<- c(NOTES, sprintf("%s %s gls: %s", trial, P, conditionMessage(wn))); invokeRestart("muffleWarning") })
    hand <- mmrm_hand(mm, long)
    msg("  mmrm logLik nlme %.12g hand %.12g; max|beta diff| %.3g; max|vcov diff| %.3g; max|score| %.3g",
        as.numeric(logLik(mm)), hand$loglik, max(abs(hand$beta - coef(mm))),
        max(abs(hand$vcov - vcov(mm))), hand$max_abs_score)
    NOTES <- c(NOTES, sprintf("%s %s mmrm by hand: logLik nlme - hand = %.3g, max|beta diff| %.2g, max|vcov diff| %.2g; at the nlme optimum max|REML score| %.2g, Newton decrement %.2g, min eigenvalue of -Hessian %.4g",
                              trial, P, as.numeric(logLik(mm)) - hand$loglik,
                              max(abs(hand$beta - coef(mm))), max(abs(hand$vcov - vcov(mm))),
                              hand$max_abs_score, hand$newton_decrement, hand$min_eig_H))
    bm <- coef(mm); Vm <- vcov(mm)
    # emmeans Satterthwaite: (a) on the fit as it is, (b) with fit$apVar recomputed
    cw <- setNames(numeric(16), paste(rep(0:1, 8), rep(1:8, each = 2)))  # K2 fastest
    avg <- cw; avg[paste(1, 1:8)] <- 1 / 8; avg[paste(0, 1:8)] <- -1 / 8
    w8 <- cw; w8["1 8"] <- 1; w8["0 8"] <- -1
    emm_df <- function(fit) {
      emm <- emmeans(fit, ~ K2 * WEEK, at = list(K2 = c(0, 1), BASE = mbase), data = long,
                     mode = "satterthwaite")
      ea <- as.data.frame(summary(emm))
      stopifnot(all(paste(ea$K2, ea$WEEK) == names(cw)))
      con <- as.data.frame(summary(contrast(emm, method = list(`weeks1-8` = unname(avg), week8 = unname(w8)))))
      list(grid = ea, con = con, method = attr(emm@dffun, "mesg"))
    }
    raw <- tryCatch(withCallingHandlers(emm_df(mm), message = function(mg) {
      NOTES <<- c(NOTES, sprintf("%s %s emmeans(gls fit as is): message: %s", trial, P, trimws(conditionMessage(mg))))
      invokeRestart("muffleMessage") }),
      error = function(e) { NOTES <<- c(NOTES, sprintf("%s %s emmeans(gls fit as is, mode = \"satterthwaite\") error: %s", trial, P, gsub("\\s+", " ", conditionMessage(e)))); NULL })
    if (!is.null(raw)) NOTES <- c(NOTES, sprintf("%s %s emmeans(gls fit as is, mode = \"satterthwaite\") used df method '%s': contrast df %s (fit$apVar: %s)",
                                               trial, P, raw$method, paste(signif(raw$con$df, 6), collapse = ", "),
                                               if (is.matrix(mm$apVar)) "matrix" else mm$apVar))
    mmA <- mm; mmA$apVar <- accurate_apvar(mm, long)
    emA <- emm_df(mmA)
    stopifnot(emA$method == "satterthwaite")
    ea <- emA$grid; emm_con <- emA$con
    for (tp in c("weeks1-8", "week8")) {
      L <- contrast_vec(names(bm), tp)
      est <- sum(L * bm); se <- sqrt(drop(t(L) %*% Vm %*% L))
      df <- hand$df(L)
      dfe <- emm_con$df[emm_con$contrast == tp]
      msg("  mmrm %s: est %.12g emm %.12g; se %.10g emm %.10g; df hand %.10g emm %.10g",
                                 tp, est, emm_con$estimate[emm_con$contrast == tp], se,
                                 emm_con$SE[emm_con$contrast == tp], df, dfe)
      tq <- qt(0.975, df)
      put(tp, "mmrm", "OBSERVED",
          list(estimate = est, se = se, ci_low = est - tq * se, ci_high = est + tq * se,
               p_value = 2 * pt(-abs(est / se), df), df = df, df_emmeans = dfe,
               z_p_value = 2 * pnorm(-abs(est / se))),
          paste0(sprintf(CALL$mmrm, P), "; ", CONTRAST_TXT[[tp]]))
    }
    add("MMRM_LOGLIK", paste0(sprintf(CALL$mmrm, P), "; logLik(fit) (REML), and the same REML logLik recomputed by hand from getVarCov"),
        pykey(trial, P), pydict(list(loglik = as.numeric(logLik(mm)), loglik_hand = hand$loglik)))
    # LS means per arm and week at BASE = mean over participants
    for (wk in WEEKS) for (arm in c(1, 0)) {
      L <- setNames(numeric(length(bm)), names(bm))
      L["(Intercept)"] <- 1; L["K2"] <- arm; L["BASE"] <- mbase
      if (wk > 1) {
        L[paste0("factor(WEEK)", wk)] <- 1
        L[paste0("K2:factor(WEEK)", wk)] <- arm
        L[paste0("factor(WEEK)", wk, ":BASE")] <- mbase
      }
      stopifnot(length(L) == length(bm))
      est <- sum(L * bm); se <- sqrt(drop(t(L) %*% Vm %*% L))
      row <- ea[ea$K2 == arm & ea$WEEK == wk, ]
      dfe <- row$df
      if (abs(row$emmean - est) > 1e-8 || abs(row$SE - se) > 1e-8) NOTES <- c(NOTES, sprintf("%s %s lsmean %d %d emmeans differs", trial, P, arm, wk))
      add("MMRM_LSMEANS",
          sprintf("%s; L = (1, K2 = %d, week %d dummies, BASE = %.12g = mean BASE over the %d participants in long data); df = Satterthwaite by hand, df_emmeans = emmeans(fit, ~ K2 * WEEK, at = list(K2 = c(0, 1), BASE = mean_base), mode = \"satterthwaite\") with fit$apVar recomputed by numDeriv::hessian",
                  sprintf(CALL$mmrm, P), arm, wk, mbase, nlevels(long$USUBJID)),
          pykey(trial, P, if (arm == 1) "K2" else "PLACEBO", as.integer(wk)),
          pydict(list(estimate = est, se = se, df = hand$df(L), df_emmeans = dfe)))
    }
    if (trial == "shipped" && P == "FREQ") {
      full_id <- names(which(table(long$USUBJID) == 8))[1]
      S <- unclass(getVarCov(mm, individual = full_id, type = "marginal"))
      S <- matrix(as.numeric(S[1:8, 1:8]), 8, 8)
      COV <- paste0("[\n", paste0("    [", apply(S, 1, function(r) paste(vapply(r, num, ""), collapse = ", ")), "],", collapse = "\n"), "\n]")
      COV_CALL <- sprintf("getVarCov(fit, individual = \"%s\") (a participant with all 8 weeks), fit = %s", full_id, sprintf(CALL$mmrm, P))
    }
  }
}

# 8. Rubin's rules
Q <- c(-2.61, -2.75, -2.68, -2.70, -2.59); U <- c(0.0231, 0.0246, 0.0239, 0.0228, 0.0252)
pr <- pool.scalar(Q = Q, U = U, n = 200, k = 3)
lambda <- if (!is.null(pr$lambda)) pr$lambda else (1 + 1 / pr$m) * pr$b / pr$t
RUBIN <- list(qbar = pr$qbar, ubar = pr$ubar, b = pr$b, t = pr$t, df = pr$df, r = pr$r,
              lambda = lambda, fmi = pr$fmi,
              ci_low = pr$qbar - qt(0.975, pr$df) * sqrt(pr$t),
              ci_high = pr$qbar + qt(0.975, pr$df) * sqrt(pr$t),
              p_value = 2 * pt(-abs(pr$qbar) / sqrt(pr$t), pr$df))
if (is.null(pr$lambda)) NOTES <- c(NOTES, "pool.scalar returned no lambda; lambda = (1 + 1/m) b / t")

# ---------------------------------------------------------------- print the module
pkgs <- c("nlme", "lme4", "geepack", "glmmTMB", "MASS", "mice", "numDeriv", "emmeans", "Matrix", "TMB")
pv <- vapply(pkgs, function(p) tryCatch(as.character(packageVersion(p)), error = function(e) "absent"), "")
cat('"""Reference values computed in R by tests/reference/reference.R. Do not edit by hand.\n\n',
    "    Rscript tests/reference/reference.R build/reference > tests/reference/r_results.py\n",
    '"""\n', sep = "")
cat(sprintf("# %s (%s)\n", R.version.string, R.version$platform))
cat(sprintf("# packages: %s\n", paste(sprintf("%s %s", pkgs, pv), collapse = ", ")))
cat("# Keys: (trial, outcome, timepoint, method, population); effects are vitamin K2 minus\n",
    "# placebo (K2 / placebo for nb_rate_ratio), alpha = 0.05. Numbers printed with 12\n",
    "# significant digits. 'long_<P>' = wide_<P>.csv melted to one row per participant-week\n",
    "# (WEEK = 1..8, Y), rows with Y or BASE missing dropped, sorted by USUBJID then WEEK.\n",
    sep = "")
if (length(NOTES)) cat(paste0("# note: ", NOTES, "\n"), sep = "")
cat("\n")
for (g in c("ESTIMATES", "MMRM_LSMEANS", "MMRM_LOGLIK", "LMM_LOGLIK", "NB_THETA", "GEE_PARAMS")) {
  cat(g, " = {\n", paste0(OUT[[g]], "\n", collapse = ""), "}\n\n", sep = "")
}
cat("# ", COV_CALL, "\n", sep = "")
cat("SHIPPED_FREQ_MMRM_COV = ", COV, "\n\n", sep = "")
cat("# mice::pool.scalar(Q = c(-2.61, -2.75, -2.68, -2.70, -2.59), U = c(0.0231, 0.0246, 0.0239, 0.0228, 0.0252), n = 200, k = 3);\n",
    "# ci = qbar +- qt(.975, df) sqrt(t), p_value = 2 pt(-|qbar| / sqrt(t), df)",
    if (is.null(pr$lambda)) "; lambda = (1 + 1/m) b / t (pool.scalar does not return it)" else "", "\n", sep = "")
cat("RUBIN = ", pydict(RUBIN), "\n", sep = "")
