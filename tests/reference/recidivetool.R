# Reference values for tests/instruments/test_recidivetool.py (the hand-built persons that
# run through the whole recidivetool).
#
# Run with:  Rscript tests/reference/recidivetool.R
# Persons (see the test module): Top X = P1, P2, P3, P6; Overige casuistiek = P4 (P5 and
# P10 are excluded). Counts and days at liberty per person and window, as the test derives
# them by hand from the dates:
#   P1 Top X     voor 2 / 365 days   na 2 / 365 days   first offence after start: day 1 (event)
#   P2 Top X     voor 3 / 365        na 0 / 273        censored after 487 days at liberty
#   P3 Top X     voor 0 / 365        na 2 / 365        first offence: day 31 (event)
#   P6 Top X     voor 1 / 365        na 1 / 365        first offence: day 32 (event)
#   P4 Overige   voor 1 / 365        na 1 / 273
suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
  library(survival)
})
p <- function(label, value) {
  cat(sprintf("%-28s %s\n", label, paste(sprintf("%.17g", value), collapse = ", ")))
}
cat("R:", R.version.string, "\n\n")

d <- data.frame(
  id = rep(c("P1", "P2", "P3", "P6", "P4"), times = 2),
  groep = rep(c("Top X", "Top X", "Top X", "Top X", "Overige"), times = 2),
  na = rep(c(0, 1), each = 5),
  delicten = c(2, 3, 0, 1, 1, 2, 0, 2, 1, 1),
  dagen = c(365, 365, 365, 365, 365, 365, 273, 365, 365, 273)
)

# Rate ratio Top X: Poisson GLM with log offset, person-clustered CR1 standard errors
topx <- d[d$groep == "Top X", ]
fit <- glm(delicten ~ na, family = poisson, offset = log(dagen), data = topx)
v <- vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)
ct <- coeftest(fit, vcov. = v)
ci <- coefci(fit, vcov. = v)
p("rr topx estimate", exp(coef(fit)["na"]))
p("rr topx ci", exp(ci["na", ]))
p("rr topx z", ct["na", "z value"])
p("rr topx p", ct["na", "Pr(>|z|)"])

# Rate ratio totaal (Top X + Overige)
fit_t <- glm(delicten ~ na, family = poisson, offset = log(dagen), data = d)
v_t <- vcovCL(fit_t, cluster = ~id, type = "HC1", cadjust = TRUE)
ct_t <- coeftest(fit_t, vcov. = v_t)
ci_t <- coefci(fit_t, vcov. = v_t)
p("rr totaal estimate", exp(coef(fit_t)["na"]))
p("rr totaal ci", exp(ci_t["na", ]))
p("rr totaal p", ct_t["na", "Pr(>|z|)"])

# Difference-in-differences: group x period term
d$topx <- as.numeric(d$groep == "Top X")
fit_d <- glm(delicten ~ na * topx, family = poisson, offset = log(dagen), data = d)
v_d <- vcovCL(fit_d, cluster = ~id, type = "HC1", cadjust = TRUE)
ct_d <- coeftest(fit_d, vcov. = v_d)
ci_d <- coefci(fit_d, vcov. = v_d)
p("did estimate", exp(coef(fit_d)["na:topx"]))
p("did ci", exp(ci_d["na:topx", ]))
p("did p", ct_d["na:topx", "Pr(>|z|)"])

# Kaplan-Meier Top X: days at liberty to the first offence after the start
km <- survfit(Surv(c(1, 487, 31, 32), c(1, 0, 1, 1)) ~ 1)
s <- summary(km, times = c(182, 365))
p("km topx surv 182 365", s$surv)
p("km topx lower", s$lower)
p("km topx upper", s$upper)
