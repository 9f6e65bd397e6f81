"""Per-arm reference values computed in R by tests/reference/arm_summaries.R. Do not edit by hand.

    Rscript tests/reference/arm_summaries.R build/reference > tests/reference/r_arm_summaries.py
"""
# R version 4.2.2 Patched (2022-11-10 r83330) (x86_64-pc-linux-gnu)
# packages: nlme 3.1.162, lme4 1.1.31, geepack 1.3.9, glmmTMB 1.1.5, numDeriv 2016.8.1.1, emmeans 1.8.4.1
# Keys: (trial, outcome, timepoint, method, population, arm); arm K2 or PLACEBO; alpha = 0.05;
# 12 significant digits. 'long_<P>' as in r_results.py. Rates (nb_rate_ratio) in cramps per week.

ARM_SUMMARIES = {
    # t.test(x); x = all non-NA W1..W8 of meanimp_FREQ.csv with K2 == 1; mean, sd
    ("shipped", "FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "K2"): dict(estimate=0.959752319696, ci_low=0.863350719158, ci_high=1.05615392023, sd=1.40981004261, n_values=824),
    # t.test(x); x = all non-NA W1..W8 of meanimp_FREQ.csv with K2 == 0; mean, sd
    ("shipped", "FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "PLACEBO"): dict(estimate=3.63348989993, ci_low=3.47774016248, ci_high=3.78923963739, sd=2.19874052581, n_values=768),
    # t.test(x); x = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE) with K2 == 1, NA dropped; mean, sd
    ("shipped", "FREQ", "weeks1-8", "participant_welch", "OBSERVED", "K2"): dict(estimate=0.947082562799, ci_low=0.769921335455, ci_high=1.12424379014, sd=0.906475615753, n_values=103),
    # t.test(x); x = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE) with K2 == 0, NA dropped; mean, sd
    ("shipped", "FREQ", "weeks1-8", "participant_welch", "OBSERVED", "PLACEBO"): dict(estimate=3.63917927414, ci_low=3.39952183563, ci_high=3.87883671265, sd=1.18279942714, n_values=96),
    # t.test(x); x = meanimp_FREQ$W8 with K2 == 1, NA dropped; mean, sd
    ("shipped", "FREQ", "week8", "participant_welch", "MEANIMP", "K2"): dict(estimate=1.28541666667, ci_low=1.00345253995, ci_high=1.56738079339, sd=1.44271751342, n_values=103),
    # t.test(x); x = meanimp_FREQ$W8 with K2 == 0, NA dropped; mean, sd
    ("shipped", "FREQ", "week8", "participant_welch", "MEANIMP", "PLACEBO"): dict(estimate=3.92950191571, ci_low=3.37633106315, ci_high=4.48267276827, sd=2.73010581929, n_values=96),
    # t.test(x); x = wide_FREQ$W8 with K2 == 1, NA dropped; mean, sd
    ("shipped", "FREQ", "week8", "participant_welch", "CC", "K2"): dict(estimate=1.28541666667, ci_low=0.982516581987, ci_high=1.58831675135, sd=1.49492562744, n_values=96),
    # t.test(x); x = wide_FREQ$W8 with K2 == 0, NA dropped; mean, sd
    ("shipped", "FREQ", "week8", "participant_welch", "CC", "PLACEBO"): dict(estimate=3.92950191571, ci_low=3.31794844104, ci_high=4.54105539037, sd=2.86940636744, n_values=87),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 2.65468367478
    ("shipped", "FREQ", "weeks1-8", "ancova_baseline", "OBSERVED", "K2"): dict(estimate=0.94451664899, se=0.103662688333, df=196.0, ci_low=0.740079188179, ci_high=1.1489541098),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 2.65468367478
    ("shipped", "FREQ", "weeks1-8", "ancova_baseline", "OBSERVED", "PLACEBO"): dict(estimate=3.64193228583, se=0.107384739292, df=196.0, ci_low=3.4301544149, ci_high=3.85371015677),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 2.65995726496
    ("shipped", "FREQ", "weeks1-8", "ancova_baseline", "CC", "K2"): dict(estimate=0.956459204983, se=0.124667042645, df=147.0, ci_low=0.710088042787, ci_high=1.20283036718),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 2.65995726496
    ("shipped", "FREQ", "weeks1-8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=3.67487412835, se=0.124667042645, df=147.0, ci_low=3.42850296615, ci_high=3.92124529055),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_FREQ[W1..W8]), complete cases; BASE at its mean 2.65468367478
    ("shipped", "FREQ", "weeks1-8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=0.957058445739, se=0.100069062284, df=196.0, ci_low=0.759708122995, ci_high=1.15440876848),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_FREQ[W1..W8]), complete cases; BASE at its mean 2.65468367478
    ("shipped", "FREQ", "weeks1-8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=3.6363802022, se=0.103662082639, df=196.0, ci_low=3.4319439359, ci_high=3.8408164685),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_FREQ$W8, complete cases; BASE at its mean 2.6482765868
    ("shipped", "FREQ", "week8", "ancova_baseline", "CC", "K2"): dict(estimate=1.27678331843, se=0.23018394569, df=180.0, ci_low=0.822577261817, ci_high=1.73098937504),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_FREQ$W8, complete cases; BASE at its mean 2.6482765868
    ("shipped", "FREQ", "week8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=3.93902836894, se=0.241812166312, df=180.0, ci_low=3.46187714898, ci_high=4.4161795889),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_FREQ$W8, complete cases; BASE at its mean 2.65468367478
    ("shipped", "FREQ", "week8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=1.27455721337, se=0.213169273619, df=196.0, ci_low=0.854157301671, ci_high=1.69495712506),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_FREQ$W8, complete cases; BASE at its mean 2.65468367478
    ("shipped", "FREQ", "week8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=3.94115320415, se=0.220823203032, df=196.0, ci_low=3.50565866275, ci_high=4.37664774554),
    # glmmTMB(TRCRAMPS ~ K2 + LB + offset(log(TRNIGHTS)), family = nbinom2, data = subset(adsl_counts, TRNIGHTS > 0 & !is.na(BFREQ))), LB = log(BFREQ + 0.5); emmeans(fit, ~ K2, at = list(K2 = c(0, 1), LB = mean(LB) = 1.11341175567), offset = log(7)); exp(emmean), exp(emmean +- qnorm(.975) SE)
    ("shipped", "FREQ", "weeks1-8", "nb_rate_ratio", "OBSERVED", "K2"): dict(estimate=0.96346558148, log_estimate=-0.0372185141531, se_log=0.0539557664372, ci_low=0.866780181878, ci_high=1.07093579907),
    # glmmTMB(TRCRAMPS ~ K2 + LB + offset(log(TRNIGHTS)), family = nbinom2, data = subset(adsl_counts, TRNIGHTS > 0 & !is.na(BFREQ))), LB = log(BFREQ + 0.5); emmeans(fit, ~ K2, at = list(K2 = c(0, 1), LB = mean(LB) = 1.11341175567), offset = log(7)); exp(emmean), exp(emmean +- qnorm(.975) SE)
    ("shipped", "FREQ", "weeks1-8", "nb_rate_ratio", "OBSERVED", "PLACEBO"): dict(estimate=3.63881439824, log_estimate=1.29165791382, se_log=0.0449143897813, ci_low=3.33218194269, ci_high=3.97366363919),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 2.65468367478), lmer.df = "asymptotic")
    ("shipped", "FREQ", "weeks1-8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=0.953684100267, se=0.104492906261, df=float("inf"), ci_low=0.748881767356, ci_high=1.15848643318),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 2.65468367478), lmer.df = "asymptotic")
    ("shipped", "FREQ", "weeks1-8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=3.63959194199, se=0.108269471049, df=float("inf"), ci_low=3.42738767811, ci_high=3.85179620587),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 2.65468367478), lmer.df = "asymptotic")
    ("shipped", "FREQ", "week8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=1.27528323771, se=0.191082442135, df=float("inf"), ci_low=0.900768533046, ci_high=1.64979794237),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 2.65468367478), lmer.df = "asymptotic")
    ("shipped", "FREQ", "week8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=3.93837535262, se=0.200398460201, df=float("inf"), ci_low=3.54560158806, ci_high=4.33114911717),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 2.65468367478)) (robust vbeta), Wald z CI
    ("shipped", "FREQ", "weeks1-8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=0.953635916034, se=0.0899285794852, df=float("inf"), ci_low=0.777379139062, ci_high=1.12989269301),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 2.65468367478)) (robust vbeta), Wald z CI
    ("shipped", "FREQ", "weeks1-8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=3.63965439341, se=0.12240997958, df=float("inf"), ci_low=3.39973524208, ci_high=3.87957354473),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 2.65468367478)) (robust vbeta), Wald z CI
    ("shipped", "FREQ", "week8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=1.27517779666, se=0.150152816183, df=float("inf"), ci_low=0.980883684761, ci_high=1.56947190855),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 2.65468367478)) (robust vbeta), Wald z CI
    ("shipped", "FREQ", "week8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=3.93849785269, se=0.30311462412, df=float("inf"), ci_low=3.34440410622, ci_high=4.53259159915),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 2.65468367478), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "FREQ", "weeks1-8", "mmrm", "OBSERVED", "K2"): dict(estimate=0.952508049545, se=0.104411167567, df=197.320815673, ci_low=0.746603044156, ci_high=1.15841305493),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 2.65468367478), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "FREQ", "weeks1-8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=3.64546233781, se=0.108157713272, df=196.84658521, ci_low=3.43216575171, ci_high=3.85875892392),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 2.65468367478), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "FREQ", "week8", "mmrm", "OBSERVED", "K2"): dict(estimate=1.28064162466, se=0.226495521649, df=189.344134903, ci_low=0.833862905692, ci_high=1.72742034364),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 2.65468367478), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "FREQ", "week8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=3.95763015294, se=0.236924404174, df=191.137135898, ci_low=3.49030790903, ci_high=4.42495239685),
    # t.test(x); x = all non-NA W1..W8 of meanimp_DUR.csv with K2 == 1; mean, sd
    ("shipped", "DUR", "weeks1-8", "published_personweek_t", "MEANIMP", "K2"): dict(estimate=0.214747289378, ci_low=0.197947950355, ci_high=0.231546628401, sd=0.245679290919, n_values=824),
    # t.test(x); x = all non-NA W1..W8 of meanimp_DUR.csv with K2 == 0; mean, sd
    ("shipped", "DUR", "weeks1-8", "published_personweek_t", "MEANIMP", "PLACEBO"): dict(estimate=1.02662191521, ci_low=1.00637866405, ci_high=1.04686516638, sd=0.285776768848, n_values=768),
    # t.test(x); x = rowMeans(wide_DUR[W1..W8], na.rm = TRUE) with K2 == 1, NA dropped; mean, sd
    ("shipped", "DUR", "weeks1-8", "participant_welch", "OBSERVED", "K2"): dict(estimate=0.212659894717, ci_low=0.187108463895, ci_high=0.238211325539, sd=0.130738250885, n_values=103),
    # t.test(x); x = rowMeans(wide_DUR[W1..W8], na.rm = TRUE) with K2 == 0, NA dropped; mean, sd
    ("shipped", "DUR", "weeks1-8", "participant_welch", "OBSERVED", "PLACEBO"): dict(estimate=1.02935127704, ci_low=0.999206089291, ci_high=1.05949646479, sd=0.148777818133, n_values=96),
    # t.test(x); x = meanimp_DUR$W8 with K2 == 1, NA dropped; mean, sd
    ("shipped", "DUR", "week8", "participant_welch", "MEANIMP", "K2"): dict(estimate=0.252534722222, ci_low=0.209968623628, ci_high=0.295100820816, sd=0.217796698587, n_values=103),
    # t.test(x); x = meanimp_DUR$W8 with K2 == 0, NA dropped; mean, sd
    ("shipped", "DUR", "week8", "participant_welch", "MEANIMP", "PLACEBO"): dict(estimate=0.978053709856, ci_low=0.920597152214, ci_high=1.0355102675, sd=0.283569681318, n_values=96),
    # t.test(x); x = wide_DUR$W8 with K2 == 1, NA dropped; mean, sd
    ("shipped", "DUR", "week8", "participant_welch", "CC", "K2"): dict(estimate=0.252534722222, ci_low=0.206808072458, ci_high=0.298261371986, sd=0.2256781825, n_values=96),
    # t.test(x); x = wide_DUR$W8 with K2 == 0, NA dropped; mean, sd
    ("shipped", "DUR", "week8", "participant_welch", "CC", "PLACEBO"): dict(estimate=0.978053709856, ci_low=0.913779342307, ci_high=1.04232807741, sd=0.299786543579, n_values=86),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_DUR[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 1.23033401133
    ("shipped", "DUR", "weeks1-8", "ancova_baseline", "OBSERVED", "K2"): dict(estimate=0.2218983671, se=0.011879443783, df=196.0, ci_low=0.198470426325, ci_high=0.245326307875),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_DUR[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 1.23033401133
    ("shipped", "DUR", "weeks1-8", "ancova_baseline", "OBSERVED", "PLACEBO"): dict(estimate=1.01943916605, se=0.012308755614, df=196.0, ci_low=0.995164561712, ci_high=1.04371377038),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_DUR[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 1.24496511132
    ("shipped", "DUR", "weeks1-8", "ancova_baseline", "CC", "K2"): dict(estimate=0.220735247921, se=0.0132625137683, df=146.0, ci_low=0.194523936466, ci_high=0.246946559376),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_DUR[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 1.24496511132
    ("shipped", "DUR", "weeks1-8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=1.02099768538, se=0.0133525195493, df=146.0, ci_low=0.994608491394, ci_high=1.04738687937),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_DUR[W1..W8]), complete cases; BASE at its mean 1.23033401133
    ("shipped", "DUR", "weeks1-8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=0.223413229278, se=0.0111470783547, df=196.0, ci_low=0.201429616554, ci_high=0.245396842002),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_DUR[W1..W8]), complete cases; BASE at its mean 1.23033401133
    ("shipped", "DUR", "weeks1-8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=1.01732408386, se=0.0115499231937, df=196.0, ci_low=0.994546004227, ci_high=1.0401021635),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_DUR$W8, complete cases; BASE at its mean 1.21776927438
    ("shipped", "DUR", "week8", "ancova_baseline", "CC", "K2"): dict(estimate=0.26518237524, se=0.025144376459, df=179.0, ci_low=0.215564840543, ci_high=0.314799909937),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_DUR$W8, complete cases; BASE at its mean 1.21776927438
    ("shipped", "DUR", "week8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=0.963935399511, se=0.026579811751, df=179.0, ci_low=0.911485312552, ci_high=1.01638548647),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_DUR$W8, complete cases; BASE at its mean 1.23033401133
    ("shipped", "DUR", "week8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=0.263995999139, se=0.0233416017626, df=196.0, ci_low=0.217963064123, ci_high=0.310028934154),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_DUR$W8, complete cases; BASE at its mean 1.23033401133
    ("shipped", "DUR", "week8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=0.965756714831, se=0.0241851451115, df=196.0, ci_low=0.918060193205, ci_high=1.01345323646),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_DUR, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 1.23033401133), lmer.df = "asymptotic")
    ("shipped", "DUR", "weeks1-8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=0.223649719432, se=0.0118230709202, df=float("inf"), ci_low=0.200476926242, ci_high=0.246822512623),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_DUR, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 1.23033401133), lmer.df = "asymptotic")
    ("shipped", "DUR", "weeks1-8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=1.01791834113, se=0.0122432540641, df=float("inf"), ci_low=0.99392200411, ci_high=1.04191467815),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_DUR, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 1.23033401133), lmer.df = "asymptotic")
    ("shipped", "DUR", "week8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=0.262108770169, se=0.0269053474278, df=float("inf"), ci_low=0.209375258219, ci_high=0.314842282119),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_DUR, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 1.23033401133), lmer.df = "asymptotic")
    ("shipped", "DUR", "week8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=0.968589148045, se=0.0284056255166, df=float("inf"), ci_low=0.912915145074, ci_high=1.02426315102),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_DUR, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 1.23033401133)) (robust vbeta), Wald z CI
    ("shipped", "DUR", "weeks1-8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=0.223655036354, se=0.0113010513547, df=float("inf"), ci_low=0.201505382711, ci_high=0.245804689996),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_DUR, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 1.23033401133)) (robust vbeta), Wald z CI
    ("shipped", "DUR", "weeks1-8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=1.01791166763, se=0.0128186713574, df=float("inf"), ci_low=0.992787533439, ci_high=1.04303580182),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_DUR, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 1.23033401133)) (robust vbeta), Wald z CI
    ("shipped", "DUR", "week8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=0.262119980652, se=0.0198577802745, df=float("inf"), ci_low=0.223199446502, ci_high=0.301040514803),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_DUR, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 1.23033401133)) (robust vbeta), Wald z CI
    ("shipped", "DUR", "week8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=0.968588922265, se=0.0313027680832, df=float("inf"), ci_low=0.907236624206, ci_high=1.02994122032),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_DUR, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 1.23033401133), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "DUR", "weeks1-8", "mmrm", "OBSERVED", "K2"): dict(estimate=0.224137535629, se=0.0118741008068, df=193.64521985, ci_low=0.20071836282, ci_high=0.247556708439),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_DUR, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 1.23033401133), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "DUR", "weeks1-8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=1.01775759163, se=0.012290521687, df=192.292072569, ci_low=0.993516043307, ci_high=1.04199913995),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_DUR, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 1.23033401133), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "DUR", "week8", "mmrm", "OBSERVED", "K2"): dict(estimate=0.266439948662, se=0.0250659295236, df=181.605407749, ci_low=0.216982042975, ci_high=0.31589785435),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_DUR, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 1.23033401133), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "DUR", "week8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=0.965224311162, se=0.0263891759562, df=182.756491997, ci_low=0.913157690789, ci_high=1.01729093153),
    # t.test(x); x = all non-NA W1..W8 of meanimp_SEV.csv with K2 == 1; mean, sd
    ("shipped", "SEV", "weeks1-8", "published_personweek_t", "MEANIMP", "K2"): dict(estimate=0.862178118011, ci_low=0.79883125236, ci_high=0.925524983662, sd=0.926406271929, n_values=824),
    # t.test(x); x = all non-NA W1..W8 of meanimp_SEV.csv with K2 == 0; mean, sd
    ("shipped", "SEV", "weeks1-8", "published_personweek_t", "MEANIMP", "PLACEBO"): dict(estimate=2.03688587419, ci_low=1.99402922328, ci_high=2.07974252509, sd=0.605013251912, n_values=768),
    # t.test(x); x = rowMeans(wide_SEV[W1..W8], na.rm = TRUE) with K2 == 1, NA dropped; mean, sd
    ("shipped", "SEV", "weeks1-8", "participant_welch", "OBSERVED", "K2"): dict(estimate=0.851777596152, ci_low=0.777338824666, ci_high=0.926216367638, sd=0.380878661943, n_values=103),
    # t.test(x); x = rowMeans(wide_SEV[W1..W8], na.rm = TRUE) with K2 == 0, NA dropped; mean, sd
    ("shipped", "SEV", "weeks1-8", "participant_welch", "OBSERVED", "PLACEBO"): dict(estimate=2.0366670505, ci_low=1.98534143635, ci_high=2.08799266465, sd=0.253311173593, n_values=96),
    # t.test(x); x = meanimp_SEV$W8 with K2 == 1, NA dropped; mean, sd
    ("shipped", "SEV", "week8", "participant_welch", "MEANIMP", "K2"): dict(estimate=1.11649305556, ci_low=0.983648262544, ci_high=1.24933784857, sd=0.679723026027, n_values=103),
    # t.test(x); x = meanimp_SEV$W8 with K2 == 0, NA dropped; mean, sd
    ("shipped", "SEV", "week8", "participant_welch", "MEANIMP", "PLACEBO"): dict(estimate=2.08213829593, ci_low=1.96408147082, ci_high=2.20019512105, sd=0.582654750808, n_values=96),
    # t.test(x); x = wide_SEV$W8 with K2 == 1, NA dropped; mean, sd
    ("shipped", "SEV", "week8", "participant_welch", "CC", "K2"): dict(estimate=1.11649305556, ci_low=0.973784479395, ci_high=1.25920163172, sd=0.704320396555, n_values=96),
    # t.test(x); x = wide_SEV$W8 with K2 == 0, NA dropped; mean, sd
    ("shipped", "SEV", "week8", "participant_welch", "CC", "PLACEBO"): dict(estimate=2.08213829593, ci_low=1.95162154641, ci_high=2.21265504545, sd=0.612384047598, n_values=87),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_SEV[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 3.34642458323
    ("shipped", "SEV", "weeks1-8", "ancova_baseline", "OBSERVED", "K2"): dict(estimate=0.852553376968, se=0.0321344263323, df=196.0, ci_low=0.789179750163, ci_high=0.915927003772),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_SEV[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 3.34642458323
    ("shipped", "SEV", "weeks1-8", "ancova_baseline", "OBSERVED", "PLACEBO"): dict(estimate=2.03583470233, se=0.0332865232598, df=196.0, ci_low=1.97018897769, ci_high=2.10148042698),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_SEV[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 3.28509259259
    ("shipped", "SEV", "weeks1-8", "ancova_baseline", "CC", "K2"): dict(estimate=0.86818454045, se=0.0338180979088, df=147.0, ci_low=0.801352088919, ci_high=0.935016991981),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_SEV[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 3.28509259259
    ("shipped", "SEV", "weeks1-8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=2.04393186167, se=0.0338180979088, df=147.0, ci_low=1.97709941014, ci_high=2.1107643132),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_SEV[W1..W8]), complete cases; BASE at its mean 3.34642458323
    ("shipped", "SEV", "weeks1-8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=0.86287800911, se=0.0292282789033, df=196.0, ci_low=0.805235715446, ci_high=0.920520302773),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_SEV[W1..W8]), complete cases; BASE at its mean 3.34642458323
    ("shipped", "SEV", "weeks1-8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=2.03613494936, se=0.0302761834146, df=196.0, ci_low=1.97642604002, ci_high=2.09584385871),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_SEV$W8, complete cases; BASE at its mean 3.33388194987
    ("shipped", "SEV", "week8", "ancova_baseline", "CC", "K2"): dict(estimate=1.11816549013, se=0.0673673469295, df=180.0, ci_low=0.985234164702, ci_high=1.25109681556),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_SEV$W8, complete cases; BASE at its mean 3.33388194987
    ("shipped", "SEV", "week8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=2.08029285088, se=0.0707671345383, df=180.0, ci_low=1.94065295975, ci_high=2.21993274201),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_SEV$W8, complete cases; BASE at its mean 3.34642458323
    ("shipped", "SEV", "week8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=1.11940402315, se=0.0623670281535, df=196.0, ci_low=0.996407436055, ci_high=1.24240061024),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_SEV$W8, complete cases; BASE at its mean 3.34642458323
    ("shipped", "SEV", "week8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=2.07901507028, se=0.0646030369987, df=196.0, ci_low=1.95160875797, ci_high=2.20642138259),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_SEV, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.34642458323), lmer.df = "asymptotic")
    ("shipped", "SEV", "weeks1-8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=0.862151369388, se=0.0309519054101, df=float("inf"), ci_low=0.801486749531, ci_high=0.922815989244),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_SEV, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.34642458323), lmer.df = "asymptotic")
    ("shipped", "SEV", "weeks1-8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=2.03620881591, se=0.0320210139677, df=float("inf"), ci_low=1.97344878178, ci_high=2.09896885003),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_SEV, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.34642458323), lmer.df = "asymptotic")
    ("shipped", "SEV", "week8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=1.11609156476, se=0.0824624329517, df=float("inf"), ci_low=0.954468166101, ci_high=1.27771496343),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_SEV, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.34642458323), lmer.df = "asymptotic")
    ("shipped", "SEV", "week8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=2.08123538466, se=0.0866225151117, df=float("inf"), ci_low=1.91145837479, ci_high=2.25101239453),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_SEV, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.34642458323)) (robust vbeta), Wald z CI
    ("shipped", "SEV", "weeks1-8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=0.862187723834, se=0.0354313682547, df=float("inf"), ci_low=0.792743518132, ci_high=0.931631929536),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_SEV, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.34642458323)) (robust vbeta), Wald z CI
    ("shipped", "SEV", "weeks1-8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=2.0362115467, se=0.025240073968, df=float("inf"), ci_low=1.98674191076, ci_high=2.08568118264),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_SEV, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.34642458323)) (robust vbeta), Wald z CI
    ("shipped", "SEV", "week8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=1.11613661288, se=0.0713430134398, df=float("inf"), ci_low=0.976306875986, ci_high=1.25596634977),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_SEV, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.34642458323)) (robust vbeta), Wald z CI
    ("shipped", "SEV", "week8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=2.08125399564, se=0.0651067320643, df=float("inf"), ci_low=1.95364714565, ci_high=2.20886084564),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_SEV, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.34642458323), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "SEV", "weeks1-8", "mmrm", "OBSERVED", "K2"): dict(estimate=0.86254590845, se=0.0309005512828, df=189.092627054, ci_low=0.801591825447, ci_high=0.923499991452),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_SEV, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.34642458323), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "SEV", "weeks1-8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=2.0345792464, se=0.0319468179143, df=186.666123561, ci_low=1.9715560331, ci_high=2.09760245971),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_SEV, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.34642458323), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "SEV", "week8", "mmrm", "OBSERVED", "K2"): dict(estimate=1.11988418763, se=0.0673024403194, df=180.592342781, ci_low=0.98708388597, ci_high=1.2526844893),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_SEV, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.34642458323), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("shipped", "SEV", "week8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=2.07930545647, se=0.0706844208096, df=180.837916908, ci_low=1.93983315243, ci_high=2.21877776051),
    # t.test(x); x = all non-NA W1..W8 of meanimp_FREQ.csv with K2 == 1; mean, sd
    ("known", "FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "K2"): dict(estimate=1.06690741883, ci_low=0.929925571953, ci_high=1.2038892657, sd=1.24548663966, n_values=320),
    # t.test(x); x = all non-NA W1..W8 of meanimp_FREQ.csv with K2 == 0; mean, sd
    ("known", "FREQ", "weeks1-8", "published_personweek_t", "MEANIMP", "PLACEBO"): dict(estimate=2.92670116342, ci_low=2.65602695512, ci_high=3.19737537172, sd=2.46106413246, n_values=320),
    # t.test(x); x = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE) with K2 == 1, NA dropped; mean, sd
    ("known", "FREQ", "weeks1-8", "participant_welch", "OBSERVED", "K2"): dict(estimate=1.08208333333, ci_low=0.847977655672, ci_high=1.31618901099, sd=0.7320022523, n_values=40),
    # t.test(x); x = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE) with K2 == 0, NA dropped; mean, sd
    ("known", "FREQ", "weeks1-8", "participant_welch", "OBSERVED", "PLACEBO"): dict(estimate=2.93666666667, ci_low=2.33552064029, ci_high=3.53781269305, sd=1.87966498577, n_values=40),
    # t.test(x); x = meanimp_FREQ$W8 with K2 == 1, NA dropped; mean, sd
    ("known", "FREQ", "week8", "participant_welch", "MEANIMP", "K2"): dict(estimate=0.774193548387, ci_low=0.4871380584, ci_high=1.06124903837, sd=0.897565865574, n_values=40),
    # t.test(x); x = meanimp_FREQ$W8 with K2 == 0, NA dropped; mean, sd
    ("known", "FREQ", "week8", "participant_welch", "MEANIMP", "PLACEBO"): dict(estimate=3.7, ci_low=2.83651329422, ci_high=4.56348670578, sd=2.6999525162, n_values=40),
    # t.test(x); x = wide_FREQ$W8 with K2 == 1, NA dropped; mean, sd
    ("known", "FREQ", "week8", "participant_welch", "CC", "K2"): dict(estimate=0.774193548387, ci_low=0.39881380128, ci_high=1.14957329549, sd=1.02338254234, n_values=31),
    # t.test(x); x = wide_FREQ$W8 with K2 == 0, NA dropped; mean, sd
    ("known", "FREQ", "week8", "participant_welch", "CC", "PLACEBO"): dict(estimate=3.7, ci_low=2.53084825554, ci_high=4.86915174446, sd=3.13104587572, n_values=30),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 3.25
    ("known", "FREQ", "weeks1-8", "ancova_baseline", "OBSERVED", "K2"): dict(estimate=1.12004490838, se=0.169493321387, df=77.0, ci_low=0.782540587184, ci_high=1.45754922958),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8], na.rm = TRUE), complete cases; BASE at its mean 3.25
    ("known", "FREQ", "weeks1-8", "ancova_baseline", "OBSERVED", "PLACEBO"): dict(estimate=2.89870509162, se=0.169493321387, df=77.0, ci_low=2.56120077042, ci_high=3.23620941282),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 2.77777777778
    ("known", "FREQ", "weeks1-8", "ancova_baseline", "CC", "K2"): dict(estimate=0.939401981599, se=0.166390258364, df=15.0, ci_low=0.584749541023, ci_high=1.29405442218),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(wide_FREQ[W1..W8]), participants with all 8 weeks, complete cases; BASE at its mean 2.77777777778
    ("known", "FREQ", "weeks1-8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=2.4961960368, se=0.235725859836, df=15.0, ci_low=1.99375825998, ci_high=2.99863381363),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_FREQ[W1..W8]), complete cases; BASE at its mean 3.25
    ("known", "FREQ", "weeks1-8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=1.09750458073, se=0.133476122426, df=77.0, ci_low=0.831719665268, ci_high=1.36328949619),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = rowMeans(meanimp_FREQ[W1..W8]), complete cases; BASE at its mean 3.25
    ("known", "FREQ", "weeks1-8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=2.89610400152, se=0.133476122426, df=77.0, ci_low=2.63031908606, ci_high=3.16188891698),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_FREQ$W8, complete cases; BASE at its mean 3.2131147541
    ("known", "FREQ", "week8", "ancova_baseline", "CC", "K2"): dict(estimate=1.0038505312, se=0.3598621796, df=58.0, ci_low=0.283508114416, ci_high=1.72419294799),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = wide_FREQ$W8, complete cases; BASE at its mean 3.2131147541
    ("known", "FREQ", "week8", "ancova_baseline", "CC", "PLACEBO"): dict(estimate=3.46268778442, se=0.365922958582, df=58.0, ci_low=2.73021340038, ci_high=4.19516216847),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_FREQ$W8, complete cases; BASE at its mean 3.25
    ("known", "FREQ", "week8", "ancova_baseline", "MEANIMP", "K2"): dict(estimate=0.810362947772, se=0.286109798887, df=77.0, ci_low=0.240645553175, ci_high=1.38008034237),
    # emmeans(lm(y ~ K2 + BASE), ~ K2, at = list(K2 = c(0, 1))); y = meanimp_FREQ$W8, complete cases; BASE at its mean 3.25
    ("known", "FREQ", "week8", "ancova_baseline", "MEANIMP", "PLACEBO"): dict(estimate=3.66383060061, se=0.286109798887, df=77.0, ci_low=3.09411320602, ci_high=4.23354799521),
    # glmmTMB(TRCRAMPS ~ K2 + LB + offset(log(TRNIGHTS)), family = nbinom2, data = subset(adsl_counts, TRNIGHTS > 0 & !is.na(BFREQ))), LB = log(BFREQ + 0.5); emmeans(fit, ~ K2, at = list(K2 = c(0, 1), LB = mean(LB) = 1.1501425769), offset = log(7)); exp(emmean), exp(emmean +- qnorm(.975) SE)
    ("known", "FREQ", "weeks1-8", "nb_rate_ratio", "OBSERVED", "K2"): dict(estimate=0.98166983615, log_estimate=-0.0185002428937, se_log=0.0822524457668, ci_low=0.83551074185, ci_high=1.15339710064),
    # glmmTMB(TRCRAMPS ~ K2 + LB + offset(log(TRNIGHTS)), family = nbinom2, data = subset(adsl_counts, TRNIGHTS > 0 & !is.na(BFREQ))), LB = log(BFREQ + 0.5); emmeans(fit, ~ K2, at = list(K2 = c(0, 1), LB = mean(LB) = 1.1501425769), offset = log(7)); exp(emmean), exp(emmean +- qnorm(.975) SE)
    ("known", "FREQ", "weeks1-8", "nb_rate_ratio", "OBSERVED", "PLACEBO"): dict(estimate=2.67943815028, log_estimate=0.985607127126, se_log=0.0670886786529, ci_low=2.3492960573, ci_high=3.05597448175),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.25), lmer.df = "asymptotic")
    ("known", "FREQ", "weeks1-8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=1.1117707944, se=0.165607182208, df=float("inf"), ci_low=0.787186681691, ci_high=1.43635490711),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.25), lmer.df = "asymptotic")
    ("known", "FREQ", "weeks1-8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=2.90700194517, se=0.166526710129, df=float("inf"), ci_low=2.58061559085, ci_high=3.23338829949),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.25), lmer.df = "asymptotic")
    ("known", "FREQ", "week8", "lmm_random_intercept", "OBSERVED", "K2"): dict(estimate=0.921842923739, se=0.341061684132, df=float("inf"), ci_low=0.253374306334, ci_high=1.59031154114),
    # lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), data = long_FREQ, REML = TRUE); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.25), lmer.df = "asymptotic")
    ("known", "FREQ", "week8", "lmm_random_intercept", "OBSERVED", "PLACEBO"): dict(estimate=3.47659345299, se=0.346186378626, df=float("inf"), ci_low=2.79808061894, ci_high=4.15510628703),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.25)) (robust vbeta), Wald z CI
    ("known", "FREQ", "weeks1-8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=1.1115355149, se=0.0969584474655, df=float("inf"), ci_low=0.921500449873, ci_high=1.30157057993),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.25)) (robust vbeta), Wald z CI
    ("known", "FREQ", "weeks1-8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=2.90657942859, se=0.210228327558, df=float("inf"), ci_low=2.49453947804, ci_high=3.31861937913),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.25)) (robust vbeta), Wald z CI
    ("known", "FREQ", "week8", "gee_exchangeable", "OBSERVED", "K2"): dict(estimate=0.923696384193, se=0.166629886467, df=float("inf"), ci_low=0.59710780797, ci_high=1.25028496042),
    # geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, data = long_FREQ, family = gaussian, corstr = "exchangeable"); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.25)) (robust vbeta), Wald z CI
    ("known", "FREQ", "week8", "gee_exchangeable", "OBSERVED", "PLACEBO"): dict(estimate=3.47978681622, se=0.463460077524, df=float("inf"), ci_low=2.571421756, ci_high=4.38815187644),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.25), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("known", "FREQ", "weeks1-8", "mmrm", "OBSERVED", "K2"): dict(estimate=1.10208514712, se=0.167473637759, df=69.5553126035, ci_low=0.768031961065, ci_high=1.43613833318),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 (averaged over WEEK), at = list(K2 = c(0, 1), BASE = 3.25), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("known", "FREQ", "weeks1-8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=2.90891626661, se=0.168644876237, df=71.5542464836, ci_low=2.57269306557, ci_high=3.24513946764),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.25), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("known", "FREQ", "week8", "mmrm", "OBSERVED", "K2"): dict(estimate=0.957441751113, se=0.346537009785, df=64.3753124013, ci_low=0.26523221331, ci_high=1.64965128892),
    # nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long_FREQ, correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK), method = "REML"), fit$apVar recomputed by numDeriv (helpers.R accurate_apvar); emmeans(fit, ~ K2 | WEEK, WEEK = 8, at = list(K2 = c(0, 1), BASE = 3.25), mode = "satterthwaite"); est +- qt(.975, df) SE
    ("known", "FREQ", "week8", "mmrm", "OBSERVED", "PLACEBO"): dict(estimate=3.3927501442, se=0.349060848181, df=65.0602112658, ci_low=2.69563972253, ci_high=4.08986056588),
}
