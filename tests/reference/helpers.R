# Helpers of the R reference scripts (reference.R, arm_summaries.R): numbers printed as
# a plain Python module, the long shape of a wide frame, and nlme's apVar recomputed.
WEEKS <- 1:8

# ---------------------------------------------------------------- output helpers
num <- function(x) {
  x <- as.numeric(x)
  if (length(x) != 1) stop("num() wants a scalar")
  if (is.na(x)) return('float("nan")')
  if (is.infinite(x)) return(if (x > 0) 'float("inf")' else 'float("-inf")')
  s <- sprintf("%.12g", x)
  if (!grepl("[.eE]", s)) s <- paste0(s, ".0")
  s
}
pykey <- function(...) {
  parts <- list(...)
  paste0("(", paste(vapply(parts, function(p) {
    if (is.character(p)) sprintf('"%s"', p) else as.character(p)
  }, ""), collapse = ", "), ")")
}
pyval <- function(nm, x) if (startsWith(nm, "n_")) sprintf("%d", as.integer(x)) else num(x)
pydict <- function(lst) {
  vals <- mapply(pyval, names(lst), lst)
  if (any(names(lst) %in% c("lambda")))   # Python keywords: use a dict display
    return(paste0("{", paste(sprintf('"%s": %s', names(lst), vals), collapse = ", "), "}"))
  paste0("dict(", paste(sprintf("%s=%s", names(lst), vals), collapse = ", "), ")")
}

# ---------------------------------------------------------------- data
to_long <- function(w) {
  long <- do.call(rbind, lapply(WEEKS, function(k) {
    data.frame(USUBJID = w$USUBJID, K2 = w$K2, BASE = w$BASE, WEEK = k,
               Y = w[[paste0("W", k)]], stringsAsFactors = FALSE)
  }))
  long <- long[!is.na(long$Y) & !is.na(long$BASE), ]
  long <- long[order(long$USUBJID, long$WEEK), ]
  rownames(long) <- NULL
  long$USUBJID <- factor(long$USUBJID)
  long
}

# emmeans' gls Satterthwaite needs fit$apVar, nlme's fdHess-based inverse Hessian of
# the full REML logLik in (coef(modelStruct), log sigma).  Recompute that matrix with
# numDeriv::hessian in the unconstrained parameterisation (natural = FALSE, which is
# what emmeans' gradient uses) and put it in place of fit$apVar.
accurate_apvar <- function(fit, long) {
  obj <- fit$modelStruct
  conLin <- fit; class(conLin) <- class(obj)
  X <- model.matrix(~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long)
  conLin$Xy <- cbind(X, long$Y); conLin$fixedSigma <- FALSE; conLin$logLik <- 0
  dims <- conLin$dims; N <- dims$N - dims$REML * dims$p
  Pars <- c(coef(obj), lSigma = log(fit$sigma))
  f <- function(P) nlme:::glsApVar.fullGlsLogLik(P, obj, conLin, dims, N)
  A <- solve(-hessian(f, Pars))
  dimnames(A) <- list(names(Pars), names(Pars))
  attr(A, "Pars") <- Pars; attr(A, "natural") <- FALSE
  A
}
