# Reference values for tests/analysis/test_recidive.py (analysis/recidive.py, indicator 10-2).
#
# Run with:  Rscript tests/reference/recidive.R
# Needs the Debian packages r-cran-sandwich, r-cran-lmtest and r-cran-survival.
# Every value is printed with 17 significant digits; the test module stores them with the
# R call that produced them.
#
# Synthetic data: 60 persons (seeded numpy draw, written out here as literal vectors and
# in the test as the same literals). Persons 1-30 are group "Top X", 31-60 "Overige".
#   voor, na : offences in the before- and after-window
#   vv, vn   : days at liberty in the before- and after-window
#   t, e     : days at liberty to the first offence after the start, event (1) or censored (0)

suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
  library(survival)
})

p <- function(label, value) {
  cat(sprintf("%-40s %s\n", label, paste(sprintf("%.17g", value), collapse = ", ")))
}

cat("R:", R.version.string, "| sandwich", format(packageVersion("sandwich")),
    "| lmtest", format(packageVersion("lmtest")),
    "| survival", format(packageVersion("survival")), "\n\n")

voor <- c(1, 4, 5, 9, 0, 16, 2, 2, 7, 1, 32, 3, 3, 0, 1, 0, 0, 16, 3, 6, 8, 6, 2, 0, 0, 2, 3,
          3, 1, 5, 4, 0, 0, 3, 2, 0, 5, 7, 1, 2, 13, 1, 3, 0, 4, 0, 4, 2, 0, 5, 5, 1, 1, 1, 5,
          1, 6, 4, 8, 4)
na <- c(0, 2, 2, 2, 1, 7, 2, 1, 3, 0, 15, 0, 1, 0, 0, 0, 0, 1, 0, 4, 6, 3, 0, 0, 2, 0, 0, 1,
        3, 0, 7, 0, 1, 2, 5, 0, 0, 6, 2, 4, 11, 1, 1, 2, 3, 0, 7, 0, 0, 5, 3, 1, 1, 0, 4, 1,
        2, 3, 4, 1)
vv <- c(328, 365, 280, 202, 170, 365, 199, 207, 269, 365, 365, 365, 173, 332, 204, 365, 365,
        365, 365, 138, 173, 261, 365, 365, 365, 365, 361, 217, 365, 365, 365, 125, 358, 365,
        365, 315, 365, 277, 124, 186, 365, 365, 365, 365, 365, 365, 249, 308, 156, 365, 365,
        365, 365, 365, 268, 365, 365, 344, 365, 365)
vn <- c(245, 253, 241, 302, 249, 365, 365, 158, 318, 365, 365, 306, 187, 365, 365, 219, 40,
        99, 365, 365, 259, 365, 365, 222, 365, 79, 185, 365, 365, 365, 365, 365, 365, 270,
        365, 365, 44, 365, 307, 365, 365, 213, 365, 365, 365, 67, 365, 203, 365, 365, 365,
        365, 365, 365, 362, 365, 331, 365, 185, 365)
t <- c(143, 178, 122, 180, 164, 376, 376, 20, 821, 6, 95, 95, 379, 2, 134, 354, 243, 77, 351,
       78, 365, 182, 150, 262, 527, 46, 303, 191, 163, 319, 479, 377, 237, 201, 9, 320, 422,
       32, 227, 77, 412, 286, 55, 330, 405, 50, 508, 383, 432, 156, 294, 37, 57, 381, 262,
       514, 225, 160, 231, 189)
e <- c(1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0,
       1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1,
       1, 1)

P <- length(voor)
id <- sprintf("p%02d", seq_len(P))
groep <- rep(c("TopX", "Overige"), each = 30)

# Long format: one row per person x period.
long <- data.frame(
  id = c(id, id),
  groep = factor(c(groep, groep), levels = c("Overige", "TopX")),
  periode = factor(rep(c("voor", "na"), each = P), levels = c("voor", "na")),
  count = c(voor, na),
  days = c(vv, vn)
)

# Poisson GLM, person-clustered sandwich with the CR1 factor G/(G-1) * (N-1)/(N-K):
# type = "HC1" (N-1)/(N-K) and cadjust = TRUE G/(G-1). (For a glm vcovCL's default type
# is "HC0", which would drop (N-1)/(N-K).) Wald z-test and normal CI from lmtest.
# Tight convergence so the reference is the MLE to ~1e-12 (R's default epsilon is 1e-8).
ctrl <- glm.control(epsilon = 1e-14, maxit = 100)

rr <- function(d, label) {
  fit <- glm(count ~ periode + offset(log(days)), family = poisson, data = d, control = ctrl)
  V <- vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
  ct <- coeftest(fit, vcov. = V)
  ci <- coefci(fit, vcov. = V, level = 0.95)
  p(paste(label, "estimate"), exp(coef(fit)[["periodena"]]))
  p(paste(label, "ci_low, ci_high"), exp(ci["periodena", ]))
  p(paste(label, "z"), ct["periodena", "z value"])
  p(paste(label, "p"), ct["periodena", "Pr(>|z|)"])
  p(paste(label, "n"), length(unique(d$id)))
  V0 <- vcovCL(fit, cluster = ~id)  # default HC0, for comparison only
  p(paste(label, "se HC0 (default)"), sqrt(V0["periodena", "periodena"]))
}

cat("== rate_ratio ==\n")
rr(long, "all")
rr(long[long$groep == "TopX", ], "TopX")
rr(long[long$groep == "Overige", ], "Overige")

cat("\n== did_ratio (Top X vs Overige) ==\n")
fit <- glm(count ~ groep * periode + offset(log(days)), family = poisson, data = long,
           control = ctrl)
V <- vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
ct <- coeftest(fit, vcov. = V)
ci <- coefci(fit, vcov. = V, level = 0.95)
term <- "groepTopX:periodena"
p("did estimate", exp(coef(fit)[[term]]))
p("did ci_low, ci_high", exp(ci[term, ]))
p("did z", ct[term, "z value"])
p("did p", ct[term, "Pr(>|z|)"])
ci90 <- coefci(fit, vcov. = V, level = 0.90)
p("did 90% ci_low, ci_high", exp(ci90[term, ]))

cat("\n== kaplan_meier ==\n")
km <- survfit(Surv(t, e) ~ 1)  # conf.type = "log" (default), Greenwood
s <- summary(km, times = c(182, 365, 730))
p("km time", s$time)
p("km n.risk", s$n.risk)
p("km surv", s$surv)
p("km lower", s$lower)
p("km upper", s$upper)
s2 <- summary(km, times = c(0, 6, 95, 376, 500))
p("km2 time", s2$time)
p("km2 n.risk", s2$n.risk)
p("km2 surv", s2$surv)
p("km2 lower", s2$lower)
p("km2 upper", s2$upper)
# Top X only
kmt <- survfit(Surv(t[1:30], e[1:30]) ~ 1)
st <- summary(kmt, times = c(182, 365))
p("km TopX n.risk", st$n.risk)
p("km TopX surv", st$surv)
p("km TopX lower", st$lower)
p("km TopX upper", st$upper)
